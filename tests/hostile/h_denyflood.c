/*
 * h_denyflood.c - hostile: refused calls in an endless loop (unshare, which
 * the filter refuses), then fork/exit pairs. Each is an event of the trace:
 * the record must stay bounded, and the run end with output_limit long
 * before its timeout, whatever kind of event fills it.
 */
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[2], "fork"))
		for (;;) {
			pid_t pid = fork();

			if (pid == 0)
				_exit(0);
			if (pid > 0)
				waitpid(pid, NULL, 0);
		}
	for (;;)
		unshare(CLONE_NEWIPC);
}
