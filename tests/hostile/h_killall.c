/*
 * h_killall.c - hostile: kill(-1, SIGKILL), "every process I may signal".
 * Inside the run's PID namespace that is its own child only (never init,
 * never the caller); the grader outside must survive. Prints what
 * happened to the child and exits 0.
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t child = fork();
	int status = 0;

	if (child == 0) {
		for (;;)
			pause();
	}
	usleep(100000); /* let the child start */
	if (kill(-1, SIGKILL) < 0)
		perror("kill");
	waitpid(child, &status, 0);
	printf("child: %s %d\n", WIFSIGNALED(status) ? "signal" : "exit",
	       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	puts("caller: alive");
	return 0;
}
