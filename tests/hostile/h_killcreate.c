/*
 * h_killcreate.c - hostile (to fallback mode): children create segments,
 * semaphore sets and queues in a loop and are SIGKILLed at random moments,
 * some of them inside the creating call, after the kernel made the object
 * but before the call returned to the tracer. Every object must still be
 * the run's, and be removed from the host at the end.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void creator(int kind)
{
	for (;;) {
		if (kind == 0)
			shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
		else if (kind == 1)
			semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
		else
			msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	}
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 30, r, k;
	struct timespec ts = { 0, 0 };
	pid_t pid[3];

	srand((unsigned)getpid());
	for (r = 0; r < rounds; r++) {
		for (k = 0; k < 3; k++) {
			pid[k] = fork();
			if (pid[k] == 0)
				creator(k);
		}
		ts.tv_nsec = 200000 + rand() % 800000;
		nanosleep(&ts, NULL);
		for (k = 0; k < 3; k++)
			if (pid[k] > 0)
				kill(pid[k], SIGKILL);
		for (k = 0; k < 3; k++)
			if (pid[k] > 0)
				waitpid(pid[k], NULL, 0);
	}
	printf("rounds %d\n", r);
	return 0;
}
