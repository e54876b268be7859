/*
 * i_queue.c - fault injection: two messages sent to a queue; a failed send
 * is reported and the program goes on. The queue is left for the kernel's
 * inventory to count its messages, then removed by the harness with the
 * namespace (the test only looks at the record).
 */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>

struct msg {
	long mtype;
	char mtext[16];
};

int main(void)
{
	struct msg m = { 1, "hola" };
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600), i;

	if (q < 0)
		return perror("msgget"), 1;
	for (i = 0; i < 2; i++)
		if (msgsnd(q, &m, strlen(m.mtext) + 1, 0) < 0)
			perror("msgsnd");
	return 0;
}
