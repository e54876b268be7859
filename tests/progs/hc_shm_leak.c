/* Creates a keyed segment, attaches it, forks a child that inherits the
 * attachment, and exits without detaching or removing it: a leak. */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int id = shmget(0x1234, 8192, IPC_CREAT | 0640);
	pid_t pid;

	if (id < 0 || shmat(id, NULL, 0) == (void *)-1)
		return 1;
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	printf("%d\n", id);
	return 0;
}
