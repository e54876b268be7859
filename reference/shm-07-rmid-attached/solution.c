/*
 * shm-07-rmid-attached: IPC_RMID on a segment that is still attached only
 * marks it for destruction (SHM_DEST); it lives, and stays usable, until
 * the last detach. Create a 4096-byte private segment (0600), attach it,
 * write 42, mark it with IPC_RMID while attached, show with IPC_STAT that
 * it still exists, read the value again, detach, and show that IPC_STAT
 * now fails. Output:
 *   antes de IPC_RMID: nattch=1 dest=0
 *   tras IPC_RMID: nattch=1 dest=1 valor=42
 *   tras shmdt: IPC_STAT falla con EINVAL
 */
#define _GNU_SOURCE		/* SHM_DEST */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define SEG_SIZE 4096

static int print_state(int shmid, const char *when)
{
	struct shmid_ds ds;

	if (shmctl(shmid, IPC_STAT, &ds) == -1)
		return -1;
	printf("%s: nattch=%lu dest=%d", when, (unsigned long) ds.shm_nattch,
	       (ds.shm_perm.mode & SHM_DEST) != 0);
	return 0;
}

int main(void)
{
	int shmid, *value;

	shmid = shmget(IPC_PRIVATE, SEG_SIZE, IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	value = shmat(shmid, NULL, 0);
	if (value == (void *) -1) {
		perror("shmat");
		shmctl(shmid, IPC_RMID, NULL);
		return EXIT_FAILURE;
	}
	*value = 42;
	if (print_state(shmid, "antes de IPC_RMID") == -1)
		perror("shmctl(IPC_STAT)");
	printf("\n");

	/* Still attached: this only marks the segment for destruction. */
	if (shmctl(shmid, IPC_RMID, NULL) == -1) {
		perror("shmctl(IPC_RMID)");
		shmdt(value);
		return EXIT_FAILURE;
	}
	if (print_state(shmid, "tras IPC_RMID") == -1)
		perror("shmctl(IPC_STAT)");
	printf(" valor=%d\n", *value);	/* the mapping still works */

	if (shmdt(value) == -1) {
		perror("shmdt");
		return EXIT_FAILURE;
	}
	/* Last detach: now the kernel destroys it. */
	if (print_state(shmid, "tras shmdt") == 0) {
		printf(" (sigue existiendo)\n");
		return EXIT_FAILURE;
	}
	printf("tras shmdt: IPC_STAT falla con %s\n",
	       errno == EINVAL ? "EINVAL" : errno == EIDRM ? "EIDRM" : "otro error");
	return EXIT_SUCCESS;
}
