/*
 * b_clone3.c - blind spot: clone3() takes its flags in memory, where a
 * seccomp filter cannot look, so the filter refuses it with ENOSYS (and
 * reports it); glibc's fork() and pthread_create() then fall back to
 * clone() and must still work, traced: the forked child makes an IPC call.
 */
#include <errno.h>
#include <linux/sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void *thread_main(void *arg)
{
	return arg;
}

int main(void)
{
	struct clone_args args;
	pthread_t t;
	void *ret = NULL;
	long pid;
	int status = -1;

	memset(&args, 0, sizeof(args));
	args.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		_exit(0);
	if (pid > 0) {
		waitpid(pid, NULL, 0);
		puts("clone3: escaped");
	} else {
		printf("clone3: %s\n", strerrorname_np(errno));
	}
	pid = fork();
	if (pid == 0) {
		int id = shmget(IPC_PRIVATE, 1024, IPC_CREAT | 0600);

		_exit(id < 0 || shmctl(id, IPC_RMID, NULL) < 0);
	}
	waitpid(pid, &status, 0);
	printf("fork: %s\n", pid > 0 && status == 0 ? "ok" : "failed");
	printf("thread: %s\n", pthread_create(&t, NULL, thread_main, &args) == 0 &&
					       pthread_join(t, &ret) == 0 && ret == &args
				       ? "ok"
				       : "failed");
	return 0;
}
