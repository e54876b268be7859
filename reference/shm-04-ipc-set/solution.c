/*
 * shm-04-ipc-set: create a 4096-byte private segment with mode 0600,
 * change its permissions to 0640 with IPC_SET (read the current state
 * with IPC_STAT first, so owner and group are kept), read the state
 * again from the kernel and print both modes in octal:
 *   mode antes=600 despues=640
 * then remove the segment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define SEG_SIZE 4096
#define NEW_MODE 0640

static int stat_mode(int shmid, unsigned *mode)
{
	struct shmid_ds ds;

	if (shmctl(shmid, IPC_STAT, &ds) == -1)
		return -1;
	*mode = ds.shm_perm.mode & 0777;
	return 0;
}

int main(void)
{
	struct shmid_ds ds;
	unsigned before, after;
	int shmid;

	shmid = shmget(IPC_PRIVATE, SEG_SIZE, IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	if (shmctl(shmid, IPC_STAT, &ds) == -1) {
		perror("shmctl(IPC_STAT)");
		goto fail;
	}
	before = ds.shm_perm.mode & 0777;

	/* IPC_SET copies uid, gid and mode: start from the current values. */
	ds.shm_perm.mode = (ds.shm_perm.mode & ~0777) | NEW_MODE;
	if (shmctl(shmid, IPC_SET, &ds) == -1) {
		perror("shmctl(IPC_SET)");
		goto fail;
	}
	/* Print what the kernel has now, not our local copy. */
	if (stat_mode(shmid, &after) == -1) {
		perror("shmctl(IPC_STAT)");
		goto fail;
	}
	printf("mode antes=%o despues=%o\n", before, after);

	if (shmctl(shmid, IPC_RMID, NULL) == -1) {
		perror("shmctl(IPC_RMID)");
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
fail:
	shmctl(shmid, IPC_RMID, NULL);
	return EXIT_FAILURE;
}
