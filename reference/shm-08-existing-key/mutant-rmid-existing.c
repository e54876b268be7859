/* Practica 8: clave que ya existe */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void)
{
	struct shmid_ds buf;
	key_t clave;
	int shmid, creado = 1;
	char *mem;
	size_t n;

	clave = ftok("clave.txt", 'B');
	if (clave == -1) {
		perror("ftok");
		exit(1);
	}
	shmid = shmget(clave, 4096, IPC_CREAT | IPC_EXCL | 0600);
	if (shmid == -1 && errno == EEXIST) {
		/* ya existe (con otro tamano): lo borro y lo creo de nuevo */
		shmid = shmget(clave, 0, 0);
		shmctl(shmid, IPC_RMID, 0);
		shmid = shmget(clave, 4096, IPC_CREAT | IPC_EXCL | 0600);
	}
	if (shmid == -1) {
		perror("shmget");
		exit(1);
	}
	shmctl(shmid, IPC_STAT, &buf);
	n = buf.shm_segsz < 4096 ? buf.shm_segsz : 4096;
	printf("segmento %s: segsz=%ld\n", creado ? "creado" : "existente", buf.shm_segsz);
	mem = shmat(shmid, 0, 0);
	if (mem == (char *) -1) {
		perror("shmat");
		exit(1);
	}
	memset(mem, 'x', n);
	printf("escritos=%ld\n", n);
	shmdt(mem);
	if (creado)
		shmctl(shmid, IPC_RMID, 0);
	return 0;
}
