/*
 * h_forkbomb.c - hostile: the classic fork bomb; every process forks
 * forever. Must end with status process_limit and leave no process behind.
 */
#include <unistd.h>

int main(void)
{
	for (;;)
		fork();
}
