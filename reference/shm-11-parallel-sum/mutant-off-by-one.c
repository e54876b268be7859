/* Practica 11: suma en paralelo con memoria compartida */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define N 2000
#define HIJOS 4

int main(void)
{
	int id_datos, id_res, i, k;
	int *datos;
	long *res, total = 0;

	id_datos = shmget(IPC_PRIVATE, N * sizeof(int), IPC_CREAT | 0600);
	id_res = shmget(IPC_PRIVATE, HIJOS * sizeof(long), IPC_CREAT | 0600);
	if (id_datos == -1 || id_res == -1) {
		perror("shmget");
		exit(1);
	}
	datos = (int *) shmat(id_datos, 0, 0);
	res = (long *) shmat(id_res, 0, 0);
	if (datos == (int *) -1 || res == (long *) -1) {
		perror("shmat");
		exit(1);
	}
	for (i = 0; i < N; i++)
		datos[i] = i + 1;

	for (k = 0; k < HIJOS; k++) {
		if (fork() == 0) {
			long suma = 0;
			for (i = k * (N / HIJOS); i <= (k + 1) * (N / HIJOS); i++)
				suma += datos[i];
			res[k] = suma;
			shmdt(datos);
			shmdt(res);
			exit(0);
		}
	}
	for (k = 0; k < HIJOS; k++)
		wait(NULL);
	for (k = 0; k < HIJOS; k++) {
		printf("hijo %d: suma=%ld\n", k, res[k]);
		total += res[k];
	}
	printf("total=%ld\n", total);
	shmdt(datos);
	shmdt(res);
	shmctl(id_datos, IPC_RMID, 0);
	shmctl(id_res, IPC_RMID, 0);
	return 0;
}
