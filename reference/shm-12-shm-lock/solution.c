/*
 * shm-12-shm-lock: create a 4096-byte private segment (0600), attach it and
 * try to lock it in memory with SHM_LOCK. Locking needs CAP_IPC_LOCK or a
 * big enough RLIMIT_MEMLOCK, so it may fail: report what happened and go on.
 *   locked:   SHM_LOCK: ok locked=1
 *             SHM_UNLOCK: ok locked=0
 *   refused:  SHM_LOCK: EPERM locked=0       (or ENOMEM)
 * The locked state printed is the kernel's (SHM_LOCKED in shm_perm.mode,
 * read with IPC_STAT). A locked segment is unlocked before it is removed.
 * Either way the segment is detached and removed and the exit status is 0.
 */
#define _GNU_SOURCE		/* SHM_LOCK, SHM_UNLOCK, SHM_LOCKED */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define SEG_SIZE 4096

static int is_locked(int shmid)
{
	struct shmid_ds ds;

	if (shmctl(shmid, IPC_STAT, &ds) == -1) {
		perror("shmctl(IPC_STAT)");
		return -1;
	}
	return (ds.shm_perm.mode & SHM_LOCKED) != 0;
}

static const char *errno_name(int err)
{
	switch (err) {
	case EPERM: return "EPERM";
	case ENOMEM: return "ENOMEM";
	case EINVAL: return "EINVAL";
	default: return strerror(err);
	}
}

/* Try SHM_LOCK; print the outcome. Returns 1 if locked, 0 if not. */
static int try_lock(int shmid)
{
	if (shmctl(shmid, SHM_LOCK, NULL) == -1) {
		int err = errno;

		printf("SHM_LOCK: %s locked=%d\n", errno_name(err), is_locked(shmid));
		return 0;
	}
	printf("SHM_LOCK: ok locked=%d\n", is_locked(shmid));
	return 1;
}

int main(void)
{
	int shmid, status = EXIT_SUCCESS;
	char *mem;

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
	memset(mem, 0, SEG_SIZE);

	if (try_lock(shmid)) {
		if (shmctl(shmid, SHM_UNLOCK, NULL) == -1) {
			printf("SHM_UNLOCK: %s\n", errno_name(errno));
			status = EXIT_FAILURE;
		} else {
			printf("SHM_UNLOCK: ok locked=%d\n", is_locked(shmid));
		}
	}
	if (shmdt(mem) == -1)
		perror("shmdt");
	if (shmctl(shmid, IPC_RMID, NULL) == -1) {
		perror("shmctl(IPC_RMID)");
		return EXIT_FAILURE;
	}
	return status;
}
