/* Practica 1: memoria compartida privada */
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void)
{
	int shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	char *mem = shmat(shmid, 0, 0);

	strcpy(mem, "Hola, memoria compartida");
	printf("contenido=%s\n", mem);
	shmdt(mem);
	shmctl(shmid, IPC_RMID, 0);
	return 0;
}
