/*
 * hang.c - careful.c, but when semop fails it waits for a signal that never
 * comes ("someone will wake me up").
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

static int shmid = -1, semid = -1;

static void fail(const char *what)
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
	char *p;

	shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (shmid < 0)
		fail("shmget");
	for (int i = 0; i < 3; i++) {
		p = shmat(shmid, NULL, 0);
		if (p == (void *)-1)
			fail("shmat");
		p[0] = 'x';
		if (shmdt(p) < 0)
			fail("shmdt");
	}
	semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	if (semid < 0)
		fail("semget");
	if (semctl(semid, 0, SETVAL, 1) < 0)
		fail("semctl");
	if (semop(semid, &down, 1) < 0 || semop(semid, &up, 1) < 0) {
		perror("semop");
		for (;;)
			pause();
	}
	if (semctl(semid, 0, IPC_RMID) < 0) {
		semid = -1;
		fail("semctl(IPC_RMID)");
	}
	semid = -1;
	if (shmctl(shmid, IPC_RMID, NULL) < 0) {
		shmid = -1;
		fail("shmctl(IPC_RMID)");
	}
	puts("ok");
	return 0;
}
