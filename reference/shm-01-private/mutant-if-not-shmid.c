/* Practica 1: memoria compartida privada */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void)
{
	int shmid;
	char *mem;

	shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (!shmid) {
		printf("Error al crear la memoria compartida\n");
		exit(1);
	}
	mem = shmat(shmid, NULL, 0);
	if (!mem) {
		printf("Error en shmat\n");
		exit(1);
	}
	strcpy(mem, "Hola, memoria compartida");
	printf("contenido=%s\n", mem);
	shmdt(mem);
	shmctl(shmid, IPC_RMID, 0);
	return 0;
}
