/* sem-14-client-server, server: creates the segment and the semaphore set,
 * answers each request (PETICION) with the square (RESPUESTA) until the
 * request 0, then removes both. */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

#define PETICION 0
#define RESPUESTA 1

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

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
	unsigned short iniciales[2] = {0, 0};
	union semun arg = {.array = iniciales};
	struct zona *z;
	int shmid, semid, atendidas = 0;

	if (kshm == -1 || ksem == -1) {
		perror("ftok");
		return 1;
	}
	shmid = shmget(kshm, sizeof(struct zona), IPC_CREAT | 0600);
	semid = semget(ksem, 2, IPC_CREAT | 0600);
	if (shmid < 0 || semid < 0) {
		perror("shmget/semget");
		return 1;
	}
	if (semctl(semid, 0, SETALL, arg) < 0) {
		perror("semctl");
		return 1;
	}
	z = shmat(shmid, NULL, 0);
	if (z == (void *)-1) {
		perror("shmat");
		return 1;
	}
	for (;;) {
		if (sem_op(semid, PETICION, -1) < 0) {
			perror("semop");
			return 1;
		}
		if (z->n == 0)
			break;
		z->resultado = z->n * z->n;
		atendidas++;
		if (sem_op(semid, RESPUESTA, 1) < 0) {
			perror("semop");
			return 1;
		}
	}
	printf("atendidas=%d\n", atendidas);
	shmdt(z);
	if (shmctl(shmid, IPC_RMID, NULL) < 0 || semctl(semid, 0, IPC_RMID) < 0) {
		perror("IPC_RMID");
		return 1;
	}
	return 0;
}
