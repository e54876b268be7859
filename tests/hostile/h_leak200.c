/*
 * h_leak200.c - hostile (to a careless grader): 200 segments, none
 * removed. The record must count 200 leaks and the host keep none.
 */
#include <stdio.h>
#include <sys/shm.h>

int main(void)
{
	int i;

	for (i = 0; i < 200; i++)
		if (shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600) < 0)
			return perror("shmget"), 1;
	printf("leaked %d\n", i);
	return 0;
}
