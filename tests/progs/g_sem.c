/*
 * g_sem.c - golden trace: a semaphore set's life: semget, SETVAL, a P and
 * a V (glibc's semop() is the semtimedop syscall), IPC_RMID.
 */
#include <stdio.h>
#include <sys/sem.h>

#define KEY 0x53480008

int main(void)
{
	int id = semget(KEY, 2, IPC_CREAT | 0600);
	struct sembuf down = { 0, -1, 0 }, up = { 0, 1, 0 };

	if (id < 0)
		return perror("semget"), 1;
	if (semctl(id, 0, SETVAL, 1) < 0 || semop(id, &down, 1) < 0 || semop(id, &up, 1) < 0)
		return perror("semctl/semop"), 1;
	return semctl(id, 0, IPC_RMID) < 0;
}
