/* Practica 8: clave que ya existe */
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void)
{
	key_t clave;
	int shmid;
	char *mem;

	clave = ftok("clave.txt", 'B');
	shmid = shmget(clave, 4096, IPC_CREAT | 0600);
	mem = shmat(shmid, 0, 0);
	printf("segmento creado: segsz=4096\n");
	memset(mem, 'x', 4096);
	printf("escritos=4096\n");
	shmdt(mem);
	shmctl(shmid, IPC_RMID, 0);
	return 0;
}
