/*
 * i_cycle.c - fault injection: a careful program. A segment attached three
 * times in a loop (one call site), a semaphore taken and given back with
 * semop(), a child forked and waited for. Every failure is reported with
 * perror, everything made so far is removed, and it exits with 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

static int shmid = -1, semid = -1;

static void cycle_fail(const char *what)
{
	perror(what);
	if (shmid >= 0)
		shmctl(shmid, IPC_RMID, NULL);
	if (semid >= 0)
		semctl(semid, 0, IPC_RMID);
	exit(1);
}

int main(void)
{
	struct sembuf down = { 0, -1, 0 }, up = { 0, 1, 0 };
	pid_t child;
	char *p;
	int i;

	shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (shmid < 0)
		cycle_fail("shmget");
	for (i = 0; i < 3; i++) {
		p = shmat(shmid, NULL, 0);
		if (p == (void *)-1)
			cycle_fail("shmat");
		p[0] = 'x';
		if (shmdt(p) < 0)
			cycle_fail("shmdt");
	}
	semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	if (semid < 0)
		cycle_fail("semget");
	if (semctl(semid, 0, SETVAL, 1) < 0)
		cycle_fail("semctl");
	if (semop(semid, &down, 1) < 0)
		cycle_fail("semop");
	if (semop(semid, &up, 1) < 0)
		cycle_fail("semop");
	child = fork();
	if (child < 0)
		cycle_fail("fork");
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	if (shmctl(shmid, IPC_RMID, NULL) < 0 || semctl(semid, 0, IPC_RMID) < 0)
		cycle_fail("remove");
	return 0;
}
