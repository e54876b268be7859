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
	shmid = shmget(clave, 1024, 0600);
	mem = shmat(shmid, 0, SHM_RDONLY);
	printf("leido=%s\n", mem);
	shmdt(mem);
	shmctl(shmid, IPC_RMID, 0);
	return 0;
}
