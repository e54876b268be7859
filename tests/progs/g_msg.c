/*
 * g_msg.c - golden trace: a message queue's life: msgget, msgsnd,
 * msgrcv, IPC_RMID.
 */
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>

#define KEY 0x53480009

struct msg {
	long mtype;
	char mtext[16];
};

int main(void)
{
	int id = msgget(KEY, IPC_CREAT | 0600);
	struct msg m = { 1, "hello" }, r;
	ssize_t n;

	if (id < 0)
		return perror("msgget"), 1;
	if (msgsnd(id, &m, 6, 0) < 0)
		return perror("msgsnd"), 1;
	n = msgrcv(id, &r, sizeof(r.mtext), 0, 0);
	if (n != 6 || strcmp(r.mtext, "hello") != 0)
		return perror("msgrcv"), 1;
	return msgctl(id, IPC_RMID, NULL) < 0;
}
