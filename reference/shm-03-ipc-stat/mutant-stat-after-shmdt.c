/* Practica 3: informacion de un segmento con IPC_STAT */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void)
{
	struct shmid_ds buf;
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
	shmdt(mem);
	/* miro el estado del segmento */
	shmctl(shmid, IPC_STAT, &buf);
	printf("segsz=%ld nattch=%ld cpid=%d mode=%o\n", buf.shm_segsz, buf.shm_nattch,
	       buf.shm_cpid, buf.shm_perm.mode);
	shmctl(shmid, IPC_RMID, 0);
	return 0;
}
