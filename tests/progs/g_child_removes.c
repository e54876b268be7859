/*
 * g_child_removes.c - golden trace: the parent creates the segment, the
 * child removes it (removed_by_pid is the child).
 */
#include <stdio.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int id = shmget(IPC_PRIVATE, 2048, IPC_CREAT | 0600);
	pid_t pid;
	int status;

	if (id < 0)
		return perror("shmget"), 1;
	pid = fork();
	if (pid == 0)
		_exit(shmctl(id, IPC_RMID, NULL) < 0);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
