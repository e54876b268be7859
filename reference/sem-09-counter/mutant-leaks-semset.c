/* Practica 9: contador compartido protegido con un semaforo */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

#define HIJOS 4
#define VECES 1000

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

void P(int semid)
{
	struct sembuf op = {0, -1, 0};
	semop(semid, &op, 1);
}

void V(int semid)
{
	struct sembuf op = {0, 1, 0};
	semop(semid, &op, 1);
}

int main(void)
{
	int shmid, semid, i, j, aux;
	int *contador;
	union semun arg;

	shmid = shmget(IPC_PRIVATE, sizeof(int), IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		exit(1);
	}
	contador = (int *) shmat(shmid, 0, 0);
	if (contador == (int *) -1) {
		perror("shmat");
		exit(1);
	}
	*contador = 0;
	semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	if (semid == -1) {
		perror("semget");
		exit(1);
	}
	arg.val = 1;
	semctl(semid, 0, SETVAL, arg);
	for (i = 0; i < HIJOS; i++) {
		if (fork() == 0) {
			for (j = 0; j < VECES; j++) {
				P(semid);
				aux = *contador;
				for (volatile int k = 0; k < 2000; k++)
					;	/* simula trabajo */
				*contador = aux + 1;
				V(semid);
			}
			shmdt(contador);
			exit(0);
		}
	}
	for (i = 0; i < HIJOS; i++)
		wait(NULL);
	printf("total=%d esperado=%d\n", *contador, HIJOS * VECES);
	shmdt(contador);
	shmctl(shmid, IPC_RMID, 0);
	return 0;
}
