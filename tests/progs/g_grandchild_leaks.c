/*
 * g_grandchild_leaks.c - golden trace: a grandchild creates a segment and
 * exits without removing it: a leak attributed to the grandchild.
 */
#include <stdio.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t child = fork();

	if (child == 0) {
		pid_t grandchild = fork();

		if (grandchild == 0)
			_exit(shmget(IPC_PRIVATE, 2048, IPC_CREAT | 0600) < 0);
		waitpid(grandchild, NULL, 0);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	return 0;
}
