/*
 * fb_sem_setval.c - fallback mode: open someone else's semaphore set by key
 * (with IPC_CREAT, which finds it) and change it with SETVAL, which moves
 * its change time (kept in whole seconds: hence the pause, so that the time
 * surely moves). It stays someone else's: never removed, never a leak.
 * Usage: fb_sem_setval KEY
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/sem.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	key_t key = argc > 1 ? (key_t)strtoul(argv[1], NULL, 0) : 0;
	int id = semget(key, 1, IPC_CREAT | 0666);

	usleep(1100000);
	if (id < 0 || semctl(id, 0, SETVAL, 5) < 0) {
		perror("semget/semctl");
		return 1;
	}
	printf("semid=%d\n", id);
	return 0;
}
