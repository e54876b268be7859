/*
 * shm-03-ipc-stat, mutant: the result of shmctl(IPC_STAT) is not checked.
 * When it fails the program prints the uninitialised struct as if the
 * kernel had said it, and exits 0. Only an injected failure shows it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define SEG_SIZE 4096

int main(void)
{
	struct shmid_ds ds;
	int shmid;
	void *mem;

	shmid = shmget(IPC_PRIVATE, SEG_SIZE, IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	mem = shmat(shmid, NULL, 0);
	if (mem == (void *) -1) {
		perror("shmat");
		shmctl(shmid, IPC_RMID, NULL);
		return EXIT_FAILURE;
	}
	shmctl(shmid, IPC_STAT, &ds);
	printf("segsz=%zu nattch=%lu cpid=%ld mode=%o\n", (size_t) ds.shm_segsz,
	       (unsigned long) ds.shm_nattch, (long) ds.shm_cpid,
	       (unsigned) (ds.shm_perm.mode & 0777));

	if (shmdt(mem) == -1)
		perror("shmdt");
	if (shmctl(shmid, IPC_RMID, NULL) == -1) {
		perror("shmctl(IPC_RMID)");
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
