/* lector.c - lee el mensaje que deja el escritor */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void)
{
	key_t clave;
	int shmid;
	char *mem;

	clave = ftok("clave.txt", 'A');
	if (clave == -1) {
		perror("ftok");
		exit(1);
	}
	shmid = shmget(clave, 1024, 0600);
	if (shmid == -1) {
		perror("shmget");
		exit(1);
	}
	mem = shmat(shmid, 0, SHM_RDONLY);
	if (mem == (char *) -1) {
		perror("shmat");
		exit(1);
	}
	printf("leido=%s\n", mem);
	shmdt(mem);
	/* el segmento lo borra el que lo creo */
	return 0;
}
