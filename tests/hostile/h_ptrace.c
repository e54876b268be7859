/*
 * h_ptrace.c - hostile: tries to take over ptrace, which the tracer owns:
 * PTRACE_TRACEME, PTRACE_ATTACH to its parent and to pid 1 (the run's
 * init). Each must be refused. Prints one line per attempt and exits 0
 * when all were refused.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <unistd.h>

static int attempt(const char *what, long rc)
{
	if (rc < 0) {
		printf("%s: refused %s\n", what, strerrorname_np(errno));
		return 0;
	}
	printf("%s: allowed\n", what);
	return 1;
}

int main(void)
{
	int allowed = 0;

	allowed += attempt("traceme", ptrace(PTRACE_TRACEME, 0, NULL, NULL));
	allowed += attempt("attach parent", ptrace(PTRACE_ATTACH, getppid(), NULL, NULL));
	allowed += attempt("attach 1", ptrace(PTRACE_ATTACH, 1, NULL, NULL));
	return allowed != 0;
}
