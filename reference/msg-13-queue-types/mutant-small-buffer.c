/* msg-13-queue-types, mutant: msgrcv is given a 1-byte buffer ("1" and "fin"
 * need 2 and 4 with the NUL): every msgrcv fails with E2BIG. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <unistd.h>

struct mensaje {
	long mtype;
	char mtext[32];
};

static void hijo(int cola)
{
	struct mensaje m;
	int i;

	for (i = 1; i <= 5; i++) {
		m.mtype = 1;
		snprintf(m.mtext, sizeof(m.mtext), "%d", i);
		if (msgsnd(cola, &m, strlen(m.mtext) + 1, 0) < 0) {
			perror("msgsnd");
			exit(1);
		}
	}
	m.mtype = 2;
	strcpy(m.mtext, "fin");
	if (msgsnd(cola, &m, strlen(m.mtext) + 1, 0) < 0) {
		perror("msgsnd");
		exit(1);
	}
	exit(0);
}

int main(void)
{
	key_t clave = ftok("cola.txt", 'Q');
	struct mensaje m;
	int cola, suma = 0;
	pid_t pid;

	if (clave == -1) {
		perror("ftok");
		return 1;
	}
	cola = msgget(clave, IPC_CREAT | 0600);
	if (cola < 0) {
		perror("msgget");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		hijo(cola);
	for (;;) {
		if (msgrcv(cola, &m, 1, 0, 0) < 0) {
			perror("msgrcv");
			return 1;
		}
		if (m.mtype == 2)
			break;
		suma += atoi(m.mtext);
	}
	printf("suma=%d\n", suma);
	waitpid(pid, NULL, 0);
	if (msgctl(cola, IPC_RMID, NULL) < 0) {
		perror("msgctl");
		return 1;
	}
	return 0;
}
