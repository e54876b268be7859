/*
 * g_rmid_attached.c - golden trace: IPC_RMID while attached only marks the
 * segment (SHM_DEST, key now IPC_PRIVATE); IPC_STAT still works until the
 * last detach destroys it.
 */
#include <stdio.h>
#include <sys/shm.h>

#define KEY 0x53480003

int main(void)
{
	int id = shmget(KEY, 4096, IPC_CREAT | 0600);
	struct shmid_ds ds;
	void *p;

	if (id < 0)
		return perror("shmget"), 1;
	p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		return perror("shmat"), 1;
	if (shmctl(id, IPC_RMID, NULL) < 0 || shmctl(id, IPC_STAT, &ds) < 0)
		return perror("shmctl"), 1;
	printf("mode=%04o nattch=%lu key=%d\n", (unsigned)ds.shm_perm.mode,
	       (unsigned long)ds.shm_nattch, (int)ds.shm_perm.__key);
	return shmdt(p) < 0;
}
