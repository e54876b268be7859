/* Job control under the tracer: a child stops itself, the parent sees it
 * stopped (WUNTRACED), continues it and sees it exit. Prints both. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return 1;
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(9);
	}
	if (waitpid(pid, &st, WUNTRACED) != pid)
		return 2;
	printf("stopped=%d\n", WIFSTOPPED(st) ? WSTOPSIG(st) : 0);
	kill(pid, SIGCONT);
	if (waitpid(pid, &st, 0) != pid)
		return 3;
	printf("exit=%d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 0;
}
