/* Practica 7: IPC_RMID con el segmento vinculado */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void)
{
	struct shmid_ds buf;
	int shmid;
	int *p;

	shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		exit(1);
	}
	p = (int *) shmat(shmid, 0, 0);
	if (p == (int *) -1) {
		perror("shmat");
		exit(1);
	}
	*p = 42;
	shmctl(shmid, IPC_STAT, &buf);
	printf("antes de IPC_RMID: nattch=%ld dest=%d\n", buf.shm_nattch,
	       (buf.shm_perm.mode & SHM_DEST) != 0);
	shmctl(shmid, IPC_RMID, 0);	/* lo marco para borrar */
	shmctl(shmid, IPC_STAT, &buf);
	printf("tras IPC_RMID: nattch=%ld dest=%d valor=%d\n", buf.shm_nattch,
	       (buf.shm_perm.mode & SHM_DEST) != 0, *p);
	/* al salir se desvincula solo */
	if (shmctl(shmid, IPC_STAT, &buf) == -1)
		printf("tras shmdt: IPC_STAT falla con EINVAL\n");
	else
		printf("tras shmdt: sigue existiendo nattch=%ld\n", buf.shm_nattch);
	return 0;
}
