/*
 * prog_ipc.c - bench: 8,000 IPC calls, 2,000 x (shmget of an existing key,
 * shmat, shmdt, shmctl IPC_STAT), plus the create and the removal. The key
 * is derived from the pid and made with IPC_EXCL, so the program can run
 * on the host (bare, under strace) as well as in shmgrade's namespace, and
 * it removes its segment at the end.
 */
#include <stdio.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
	key_t key = (key_t)(0x5b000000 | (getpid() & 0xffffff));
	struct shmid_ds ds;
	int id = -1, i, bad = 0;

	while ((id = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600)) < 0 && key < 0x5bffffff)
		key++;
	if (id < 0)
		return perror("shmget"), 1;
	for (i = 0; i < 2000; i++) {
		int got = shmget(key, 0, 0);
		void *p = shmat(got, NULL, 0);

		bad += p == (void *)-1 || shmdt(p) < 0 || shmctl(got, IPC_STAT, &ds) < 0;
	}
	shmctl(id, IPC_RMID, NULL);
	return bad != 0;
}
