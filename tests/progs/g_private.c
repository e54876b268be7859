/*
 * g_private.c - golden trace: the simplest correct life of a segment.
 * IPC_PRIVATE, 4096 bytes, 0600; attach, write, detach, remove.
 */
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>

int main(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	char *p;

	if (id < 0)
		return perror("shmget"), 1;
	p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		return perror("shmat"), 1;
	strcpy(p, "hello");
	if (shmdt(p) < 0 || shmctl(id, IPC_RMID, NULL) < 0)
		return perror("shmdt/shmctl"), 1;
	printf("shmid=%d\n", id);
	return 0;
}
