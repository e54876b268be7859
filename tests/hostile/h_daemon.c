/*
 * h_daemon.c - hostile: the textbook daemon. Fork, the parent exits at
 * once; the child starts a new session and forks again; the grandchild
 * (reparented, in its own session) sleeps forever. The sandbox must kill
 * it: no h_daemon process may survive the run.
 */
#include <unistd.h>

int main(void)
{
	if (fork() != 0)
		return 0;
	setsid();
	if (fork() != 0)
		_exit(0);
	for (;;)
		pause();
}
