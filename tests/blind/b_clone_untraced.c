/*
 * b_clone_untraced.c - blind spot: clone(CLONE_UNTRACED) would start a
 * child the tracer never sees. The filter must refuse it (EPERM) and
 * report it. If it ever succeeds, the child creates a segment behind the
 * tracer's back (untraced_ipc must then be true) and we exit 1.
 * Afterwards an ordinary fork() must still work.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	long pid = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, NULL, NULL, NULL, NULL);
	pid_t child;
	int status;

	if (pid == 0)
		_exit(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600) < 0);
	if (pid > 0) {
		waitpid(pid, NULL, 0);
		puts("clone(CLONE_UNTRACED): escaped");
		return 1;
	}
	printf("clone(CLONE_UNTRACED): %s\n", strerrorname_np(errno));
	child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, &status, 0);
	printf("fork: %s\n", child > 0 && WIFEXITED(status) ? "ok" : "failed");
	fflush(stdout);
	return 0;
}
