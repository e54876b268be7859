/*
 * hc_pre_reader.c - reads what the harness put in its preconditions before
 * the run: a segment (key 0x5348a001) holding a text, a set (0x5348a002)
 * of values {3, 1}, a queue (0x5348a003) holding two messages. It prints
 * the text, the values and the first message, does a P on semaphore 0,
 * and leaves every object in place (no detach of the segment with "keep").
 */
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

struct msg {
	long mtype;
	char mtext[64];
};

int main(int argc, char **argv)
{
	int shm = shmget(0x5348a001, 0, 0), sem = semget(0x5348a002, 0, 0);
	int q = msgget(0x5348a003, 0);
	struct sembuf p0 = { 0, -1, 0 };
	struct msg m;
	char *text;

	if (shm < 0 || sem < 0 || q < 0)
		return perror("get"), 1;
	text = shmat(shm, NULL, SHM_RDONLY);
	if (text == (void *)-1)
		return perror("shmat"), 1;
	printf("%s %d %d\n", text, semctl(sem, 0, GETVAL), semctl(sem, 1, GETVAL));
	if (msgrcv(q, &m, sizeof(m.mtext), 0, IPC_NOWAIT) < 0 || semop(sem, &p0, 1) < 0)
		return perror("msgrcv/semop"), 1;
	printf("%ld %s\n", m.mtype, m.mtext);
	if (argc < 2)
		shmdt(text);
	return 0;
}
