/*
 * g_ipc_set.c - golden trace: IPC_SET changes the mode 0600 -> 0640; the
 * record must show the mode as it is at the end ("0640").
 */
#include <stdio.h>
#include <sys/shm.h>

#define KEY 0x53480007

int main(void)
{
	int id = shmget(KEY, 4096, IPC_CREAT | 0600);
	struct shmid_ds ds;

	if (id < 0 || shmctl(id, IPC_STAT, &ds) < 0)
		return perror("shmget/IPC_STAT"), 1;
	ds.shm_perm.mode = 0640;
	if (shmctl(id, IPC_SET, &ds) < 0 || shmctl(id, IPC_STAT, &ds) < 0)
		return perror("IPC_SET"), 1;
	printf("mode=%04o\n", (unsigned)ds.shm_perm.mode & 0777);
	return shmctl(id, IPC_RMID, NULL) < 0;
}
