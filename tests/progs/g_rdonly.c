/*
 * g_rdonly.c - golden trace: a SHM_RDONLY attachment (read, never written).
 */
#include <stdio.h>
#include <sys/shm.h>

int main(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	const char *p;
	int first;

	if (id < 0)
		return perror("shmget"), 1;
	p = shmat(id, NULL, SHM_RDONLY);
	if (p == (void *)-1)
		return perror("shmat"), 1;
	first = p[0]; /* a new segment is zero-filled */
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
	printf("first=%d\n", first);
	return first;
}
