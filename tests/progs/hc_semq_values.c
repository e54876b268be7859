/*
 * hc_semq_values.c - values and messages the record must know: a set of 3
 * initialised with SETALL {1, 0, 2}, a P on 0 and a V on 1 by a child, a
 * GETALL, the set left alive (values at end {0, 1, 2}); a queue that gets
 * three messages (types 1, 2, 2), one received by the parent, and is
 * removed with two still in it.
 */
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

struct msg {
	long mtype;
	char mtext[8];
};

int main(void)
{
	unsigned short init[3] = { 1, 0, 2 }, now[3];
	struct sembuf p0 = { 0, -1, 0 }, v1 = { 1, 1, 0 };
	struct msg m = { 1, "uno" };
	int sem = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	union semun arg = { .array = init };

	if (sem < 0 || q < 0 || semctl(sem, 0, SETALL, arg) < 0)
		return 1;
	if (fork() == 0) {
		semop(sem, &p0, 1);
		semop(sem, &v1, 1);
		msgsnd(q, &m, 4, 0);
		m.mtype = 2;
		msgsnd(q, &m, 4, 0);
		msgsnd(q, &m, 4, 0);
		return 0;
	}
	wait(NULL);
	arg.array = now;
	if (semctl(sem, 0, GETALL, arg) < 0 || msgrcv(q, &m, sizeof(m.mtext), 1, 0) < 0)
		return 1;
	return msgctl(q, IPC_RMID, NULL) < 0 || now[1] != 1;
}
