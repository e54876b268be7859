/*
 * g_exec.c - golden trace: an exec chain in one process. Stage 1 creates
 * and attaches, then execs stage 2 still attached (exec detaches: not a
 * shmdt); stage 2 looks the segment up, attaches, detaches and execs
 * stage 3, which removes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/shm.h>
#include <unistd.h>

#define KEY 0x53480006

static void stage(const char *self, const char *next)
{
	execl(self, self, next, (char *)NULL);
	perror("execl");
	exit(1);
}

int main(int argc, char **argv)
{
	/* By /proc/self/exe, not by the path it names: the checkout may sit
	 * in a folder the sandbox's uid cannot enter (a 0700 mktemp -d). */
	const char *self = "/proc/self/exe";
	int id;
	void *p;

	if (argc < 2) {
		id = shmget(KEY, 4096, IPC_CREAT | 0600);
		if (id < 0 || shmat(id, NULL, 0) == (void *)-1)
			return perror("stage 1"), 1;
		stage(self, "2");
	}
	id = shmget(KEY, 0, 0);
	if (id < 0)
		return perror("shmget"), 1;
	if (argv[1][0] == '2') {
		p = shmat(id, NULL, 0);
		if (p == (void *)-1 || shmdt(p) < 0)
			return perror("stage 2"), 1;
		stage(self, "3");
	}
	return shmctl(id, IPC_RMID, NULL) < 0;
}
