/*
 * g_fork_inherit.c - golden trace: the child inherits the parent's
 * attachment (the kernel counts 2 in shm_nattch without a second shmat).
 * The child reads it with IPC_STAT, detaches and exits; the parent waits,
 * detaches and removes.
 */
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	struct shmid_ds ds;
	char *p;
	pid_t pid;

	if (id < 0)
		return perror("shmget"), 1;
	p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		return perror("shmat"), 1;
	pid = fork();
	if (pid == 0) {
		shmctl(id, IPC_STAT, &ds);
		strcpy(p, "from child");
		shmdt(p);
		_exit(ds.shm_nattch == 2 ? 0 : 3);
	}
	waitpid(pid, NULL, 0);
	printf("%s\n", p);
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
	return 0;
}
