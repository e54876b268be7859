/* Practica 12: SHM_LOCK y SHM_UNLOCK */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int bloqueado(int shmid)
{
	struct shmid_ds buf;
	shmctl(shmid, IPC_STAT, &buf);
	return (buf.shm_perm.mode & SHM_LOCKED) != 0;
}

int main(void)
{
	int shmid;
	char *mem;

	shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		exit(1);
	}
	mem = shmat(shmid, 0, 0);
	if (mem == (char *) -1) {
		perror("shmat");
		exit(1);
	}
	memset(mem, 0, 4096);
	if (shmctl(shmid, SHM_LOCK, 0) == -1) {
		perror("SHM_LOCK");
		exit(1);
	}
	printf("SHM_LOCK: ok locked=%d\n", bloqueado(shmid));
	shmctl(shmid, SHM_UNLOCK, 0);
	printf("SHM_UNLOCK: ok locked=%d\n", bloqueado(shmid));
	shmdt(mem);
	shmctl(shmid, IPC_RMID, 0);
	return 0;
}
