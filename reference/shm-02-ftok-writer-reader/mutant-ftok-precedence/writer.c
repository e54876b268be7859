/* escritor.c - crea la memoria compartida y deja un mensaje */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void)
{
	key_t clave;
	int shmid;
	char *mem;

	if ((clave = ftok("clave.txt", 'A') == -1)) {
		perror("ftok");
		exit(1);
	}
	shmid = shmget(clave, 1024, IPC_CREAT | IPC_EXCL | 0600);
	if (shmid == -1) {
		perror("shmget");
		exit(1);
	}
	mem = shmat(shmid, 0, 0);
	if (mem == (char *) -1) {
		perror("shmat");
		exit(1);
	}
	strcpy(mem, "hola desde el escritor");
	printf("escrito=%s\n", mem);
	shmdt(mem);
	return 0;
}
