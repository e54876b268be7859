/* Practica 4: cambiar permisos con IPC_SET */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void)
{
	struct shmid_ds buf;
	int shmid, antes;

	shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		exit(1);
	}
	shmctl(shmid, IPC_STAT, &buf);
	antes = buf.shm_perm.mode;
	/* cambio los permisos en la estructura */
	buf.shm_perm.mode = 0640;
	printf("mode antes=%o despues=%o\n", antes, buf.shm_perm.mode);
	shmctl(shmid, IPC_RMID, 0);
	return 0;
}
