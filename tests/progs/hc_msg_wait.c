/*
 * hc_msg_wait.c - a child waits in msgrcv before its parent sends: the
 * msgrcv starts first and returns after the msgsnd. With an argument
 * ("stuck") the child waits for a type nobody sends, the parent does not
 * wait for it, and the child is still blocked when the run is stopped.
 */
#include <string.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct msg {
	long mtype;
	char mtext[16];
};

int main(int argc, char **argv)
{
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	struct msg m = { 5, "hola" };
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	pid_t pid;

	if (id < 0)
		return 1;
	pid = fork();
	if (pid == 0) {
		struct msg r;

		if (msgrcv(id, &r, sizeof(r.mtext), argc > 1 ? 9 : 5, 0) < 0)
			return 2;
		return strcmp(r.mtext, "hola") != 0;
	}
	nanosleep(&pause, NULL);
	if (msgsnd(id, &m, 5, 0) < 0)
		return 1;
	if (argc > 1) {
		for (;;)
			pause.tv_sec = 1, nanosleep(&pause, NULL);
	}
	waitpid(pid, NULL, 0);
	return msgctl(id, IPC_RMID, NULL) < 0;
}
