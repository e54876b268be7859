/*
 * h_kmem.c - hostile: kernel memory through System V semaphores and queues,
 * which no rlimit bounds (the host allows 32000 sets of 32000 semaphores).
 * The run's own namespace caps them: it prints how many it could make.
 */
#include <stdio.h>
#include <sys/msg.h>
#include <sys/sem.h>

int main(void)
{
	int sets = 0, queues = 0;

	while (sets < 1000 && semget(IPC_PRIVATE, 32, 0600) >= 0)
		sets++;
	while (queues < 1000 && msgget(IPC_PRIVATE, 0600) >= 0)
		queues++;
	printf("sets=%d queues=%d\n", sets, queues);
	return 0;
}
