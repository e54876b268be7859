/*
 * g_vfork.c - golden trace: children made by vfork()+exec and by
 * posix_spawn() (CLONE_VM|CLONE_VFORK inside glibc) are traced too.
 * Each child execs this program with "child": it looks the segment up by
 * key, attaches and detaches.
 */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEY 0x53480005

extern char **environ;

static int child(void)
{
	int id = shmget(KEY, 0, 0);
	void *p = id < 0 ? (void *)-1 : shmat(id, NULL, 0);

	return p == (void *)-1 || shmdt(p) < 0;
}

int main(int argc, char **argv)
{
	/* By /proc/self/exe, not by the path it names: the checkout may sit
	 * in a folder the sandbox's uid cannot enter (a 0700 mktemp -d). */
	char self[] = "/proc/self/exe";
	char *args[] = { self, "child", NULL };
	pid_t pid;
	int id;

	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return child();
	id = shmget(KEY, 4096, IPC_CREAT | 0600);
	if (id < 0)
		return perror("shmget"), 1;
	pid = vfork();
	if (pid == 0) {
		execv(self, args);
		_exit(127);
	}
	waitpid(pid, NULL, 0);
	if (posix_spawn(&pid, self, NULL, NULL, args, environ) != 0)
		return perror("posix_spawn"), 1;
	waitpid(pid, NULL, 0);
	shmctl(id, IPC_RMID, NULL);
	return 0;
}
