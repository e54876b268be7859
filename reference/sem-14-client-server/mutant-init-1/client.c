/* sem-14-client-server, client: finds the server's segment and semaphore
 * set by their keys, asks for the squares of 1, 2 and 3, then sends the
 * request 0 (the end). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>

#define PETICION 0
#define RESPUESTA 1

struct zona {
	int n;
	int resultado;
};

static int sem_op(int semid, unsigned short num, short op)
{
	struct sembuf s = {num, op, 0};

	return semop(semid, &s, 1);
}

int main(void)
{
	key_t kshm = ftok("clave.txt", 'M'), ksem = ftok("clave.txt", 'S');
	struct timespec pausa = {0, 20 * 1000 * 1000};
	struct zona *z;
	int shmid = -1, semid = -1, i;

	/* The server may not have created them yet: try for about a second. */
	for (i = 0; i < 50 && (shmid < 0 || semid < 0); i++) {
		shmid = shmget(kshm, 0, 0);
		semid = semget(ksem, 0, 0);
		if (shmid < 0 || semid < 0)
			nanosleep(&pausa, NULL);
	}
	if (shmid < 0 || semid < 0) {
		fprintf(stderr, "el servidor no está en marcha\n");
		return 1;
	}
	z = shmat(shmid, NULL, 0);
	if (z == (void *)-1) {
		perror("shmat");
		return 1;
	}
	for (i = 1; i <= 3; i++) {
		z->n = i;
		if (sem_op(semid, PETICION, 1) < 0 || sem_op(semid, RESPUESTA, -1) < 0) {
			perror("semop");
			return 1;
		}
		printf("%d^2=%d\n", i, z->resultado);
	}
	z->n = 0;
	if (sem_op(semid, PETICION, 1) < 0) {
		perror("semop");
		return 1;
	}
	shmdt(z);
	return 0;
}
