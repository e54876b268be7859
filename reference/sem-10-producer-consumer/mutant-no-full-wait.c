/* Practica 10: productor-consumidor con semaforos */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

#define TAM 5
#define ITEMS 20
#define VACIOS 0
#define LLENOS 1
#define MUTEX 2

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

void P(int semid, int n)
{
	struct sembuf op = {n, -1, 0};
	semop(semid, &op, 1);
}

void V(int semid, int n)
{
	struct sembuf op = {n, 1, 0};
	semop(semid, &op, 1);
}

int main(void)
{
	int shmid, semid, i, ent = 0, sal = 0, suma = 0, x;
	int *buffer;
	unsigned short valores[3] = {TAM, 0, 1};
	union semun arg;

	shmid = shmget(IPC_PRIVATE, TAM * sizeof(int), IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		exit(1);
	}
	buffer = (int *) shmat(shmid, 0, 0);
	if (buffer == (int *) -1) {
		perror("shmat");
		exit(1);
	}
	semid = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
	if (semid == -1) {
		perror("semget");
		exit(1);
	}
	arg.array = valores;
	semctl(semid, 0, SETALL, arg);
	if (fork() == 0) {
		/* productor */
		for (i = 1; i <= ITEMS; i++) {
			for (volatile int k = 0; k < 50000; k++)
				;	/* producir cuesta un rato */
			P(semid, VACIOS);
			P(semid, MUTEX);
			buffer[ent] = i;
			ent = (ent + 1) % TAM;
			V(semid, MUTEX);
			V(semid, LLENOS);
		}
		shmdt(buffer);
		exit(0);
	}
	/* consumidor */
	printf("consumidos:");
	for (i = 0; i < ITEMS; i++) {
		/* el mutex ya protege el buffer */
		P(semid, MUTEX);
		x = buffer[sal];
		sal = (sal + 1) % TAM;
		V(semid, MUTEX);
		V(semid, VACIOS);
		printf(" %d", x);
		suma += x;
	}
	printf("\nsuma=%d\n", suma);
	wait(NULL);
	shmdt(buffer);
	shmctl(shmid, IPC_RMID, 0);
	semctl(semid, 0, IPC_RMID);
	return 0;
}
