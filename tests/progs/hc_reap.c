/*
 * hc_reap.c - reaping, for test_harness.c: two children that end at once,
 * then the parent, after 50 ms (so the children are always dead first):
 *   none     never waits          one      wait() once
 *   all      wait() until ECHILD  ign      SIGCHLD ignored, then wait()
 *   waitid   waitid(P_ALL) loop   stopped  waitpid(WUNTRACED) sees a stop
 *   hang     the children never end; the parent waits (for a timeout)
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "none";
	siginfo_t si;
	pid_t kid[2];
	int i, st;

	if (!strcmp(how, "ign"))
		signal(SIGCHLD, SIG_IGN);
	for (i = 0; i < 2; i++) {
		kid[i] = fork();
		if (kid[i] == 0) {
			if (!strcmp(how, "hang"))
				for (;;)
					pause();
			if (!strcmp(how, "stopped") && i == 0)
				raise(SIGSTOP);
			_exit(i);
		}
	}
	usleep(50000);
	if (!strcmp(how, "one")) {
		wait(NULL);
	} else if (!strcmp(how, "all") || !strcmp(how, "ign") || !strcmp(how, "hang")) {
		while (wait(&st) > 0)
			;
	} else if (!strcmp(how, "waitid")) {
		while (waitid(P_ALL, 0, &si, WEXITED) == 0)
			;
	} else if (!strcmp(how, "stopped")) {
		/* The stop is reported, the child is not reaped by it. */
		waitpid(kid[0], &st, WUNTRACED);
		kill(kid[0], SIGCONT);
		waitpid(kid[0], &st, 0);
		waitpid(kid[1], &st, 0);
	}
	return 0;
}
