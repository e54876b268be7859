/*
 * fa_interrupt.c - a blocking call interrupted by a signal the program
 * ignores, or handles: what the program sees must be the same traced and
 * untraced (tests/cli/faithful.sh compares the two).
 *
 *   fa_interrupt CALL HOW
 * CALL: semop semtimedop msgrcv msgsnd waitpid pause read nanosleep select
 *       poll epoll
 * HOW:  dfl       a child exits meanwhile (SIGCHLD, ignored by default)
 *       ign       SIGUSR1 set to SIG_IGN arrives meanwhile
 *       handler   SIGUSR1 with a handler (no SA_RESTART) arrives meanwhile
 *       restart   SIGUSR1 with an SA_RESTART handler arrives meanwhile
 *       stop      SIGSTOP, then SIGCONT 50 ms later
 * Times: the disturbing signal at 150 ms, the call's wake-up (a semaphore
 * post, a message, a write, a child's exit; SIGALRM for pause) at 300 ms;
 * semtimedop's timeout is 200 ms (only what is left of it after the
 * signal makes it time out before the post).
 * Exit status: 0 the call succeeded, else the errno it failed with.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/select.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct msg {
	long mtype;
	char text[64];
};

static void on_signal(int sig)
{
	(void)sig;
}

static void set_how(const char *how)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	if (!strcmp(how, "ign"))
		signal(SIGUSR1, SIG_IGN);
	else if (!strcmp(how, "handler"))
		sigaction(SIGUSR1, &sa, NULL);
	else if (!strcmp(how, "restart")) {
		sa.sa_flags = SA_RESTART;
		sigaction(SIGUSR1, &sa, NULL);
	}
	sa.sa_flags = 0;
	sigaction(SIGALRM, &sa, NULL); /* pause() ends with it */
}

/* The disturbing child: SIGUSR1 to the parent (or just its exit) at 150 ms. */
static void disturb(const char *how)
{
	pid_t parent = getpid();

	if (fork() == 0) {
		if (!strcmp(how, "stop")) {
			usleep(100000);
			kill(parent, SIGSTOP);
		}
		usleep(!strcmp(how, "stop") ? 50000 : 150000);
		if (!strcmp(how, "stop"))
			kill(parent, SIGCONT);
		else if (strcmp(how, "dfl"))
			kill(parent, SIGUSR1);
		_exit(0);
	}
}

int main(int argc, char **argv)
{
	const char *call = argc > 2 ? argv[1] : "semop", *how = argc > 2 ? argv[2] : "dfl";
	int sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	struct sembuf down = { 0, -1, 0 }, up = { 0, 1, 0 };
	struct timespec ts = { 0, 200000000 }, nap = { 0, 300000000 };
	struct msg m = { 1, "x" };
	struct msqid_ds ds;
	int p[2], r = 0, err = 0, ep;
	pid_t waker;
	char c;

	if (sem < 0 || q < 0 || pipe(p) < 0)
		return 100;
	set_how(how);
	if (!strcmp(call, "msgsnd")) { /* a full queue: msgsnd blocks */
		msgctl(q, IPC_STAT, &ds);
		ds.msg_qbytes = sizeof(m.text);
		msgctl(q, IPC_SET, &ds);
		msgsnd(q, &m, sizeof(m.text), 0);
	}
	waker = fork();
	if (waker == 0) {
		usleep(300000);
		semop(sem, &up, 1);
		if (!strcmp(call, "msgsnd"))
			msgrcv(q, &m, sizeof(m.text), 0, 0);
		else
			msgsnd(q, &m, sizeof(m.text), 0);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		if (!strcmp(call, "pause"))
			kill(getppid(), SIGALRM);
		_exit(0);
	}
	disturb(how);
	if (!strcmp(call, "semop"))
		r = semop(sem, &down, 1);
	else if (!strcmp(call, "semtimedop"))
		r = semtimedop(sem, &down, 1, &ts);
	else if (!strcmp(call, "msgrcv"))
		r = (int)msgrcv(q, &m, sizeof(m.text), 0, 0);
	else if (!strcmp(call, "msgsnd"))
		r = msgsnd(q, &m, sizeof(m.text), 0);
	else if (!strcmp(call, "waitpid"))
		r = waitpid(waker, NULL, 0);
	else if (!strcmp(call, "pause"))
		r = pause() == -1 && errno == EINTR ? 0 : -1; /* SIGALRM must end it */
	else if (!strcmp(call, "read"))
		r = (int)read(p[0], &c, 1);
	else if (!strcmp(call, "nanosleep"))
		r = nanosleep(&nap, NULL);
	else if (!strcmp(call, "select")) {
		fd_set rd;

		FD_ZERO(&rd);
		FD_SET(p[0], &rd);
		r = select(p[0] + 1, &rd, NULL, NULL, NULL);
	} else if (!strcmp(call, "poll")) {
		struct pollfd pf = { p[0], POLLIN, 0 };

		r = poll(&pf, 1, -1);
	} else if (!strcmp(call, "epoll")) {
		struct epoll_event e = { EPOLLIN, { 0 } };

		ep = epoll_create1(0);
		epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e);
		r = epoll_wait(ep, &e, 1, -1);
	}
	err = r < 0 ? errno : 0;
	while (wait(NULL) > 0 || errno == EINTR)
		;
	semctl(sem, 0, IPC_RMID);
	msgctl(q, IPC_RMID, NULL);
	return err;
}
