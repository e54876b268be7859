/*
 * mutant-sem-undo.c - every semop with SEM_UNDO. When the producer exits,
 * the kernel undoes its operations: LLENOS goes down by the 20 items it
 * produced (to 0), so items still in the buffer are lost and the consumer
 * waits for ever (timeout). Only when the producer ends before the
 * consumer caught up; the producer is slow, so that is seldom.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUF_SLOTS 5
#define N_ITEMS 20
#define PRODUCE_SPIN 50000	/* producing an item takes a while */

enum { SEM_EMPTY, SEM_FULL, SEM_MUTEX, N_SEMS };

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

struct buffer {
	int slot[BUF_SLOTS];
};

static int sem_change(int semid, int num, int delta)
{
	/* "SEM_UNDO por si acaso: si un proceso muere no deja nada bloqueado" */
	struct sembuf op = { .sem_num = num, .sem_op = delta, .sem_flg = SEM_UNDO };

	if (semop(semid, &op, 1) == -1) {
		perror("semop");
		return -1;
	}
	return 0;
}

/* "Produce" item number n: some work, then the value. */
static int item_make(int n)
{
	for (volatile int k = 0; k < PRODUCE_SPIN; k++)
		;
	return n;
}

static int produce(int semid, struct buffer *buf)
{
	for (int n = 1, in = 0; n <= N_ITEMS; n++) {
		int item = item_make(n);

		if (sem_change(semid, SEM_EMPTY, -1) || sem_change(semid, SEM_MUTEX, -1))
			return -1;
		buf->slot[in] = item;
		in = (in + 1) % BUF_SLOTS;
		if (sem_change(semid, SEM_MUTEX, +1) || sem_change(semid, SEM_FULL, +1))
			return -1;
	}
	return 0;
}

static int consume(int semid, struct buffer *buf)
{
	int sum = 0;

	printf("consumidos:");
	for (int n = 0, out = 0; n < N_ITEMS; n++) {
		if (sem_change(semid, SEM_FULL, -1) || sem_change(semid, SEM_MUTEX, -1))
			return -1;
		int item = buf->slot[out];
		out = (out + 1) % BUF_SLOTS;
		if (sem_change(semid, SEM_MUTEX, +1) || sem_change(semid, SEM_EMPTY, +1))
			return -1;
		printf(" %d", item);
		sum += item;
	}
	printf("\nsuma=%d\n", sum);
	return 0;
}

int main(void)
{
	unsigned short init[N_SEMS] = { [SEM_EMPTY] = BUF_SLOTS, [SEM_FULL] = 0, [SEM_MUTEX] = 1 };
	union semun arg = { .array = init };
	int shmid, semid, failed = 0, status;
	struct buffer *buf;
	pid_t pid;

	shmid = shmget(IPC_PRIVATE, sizeof(struct buffer), IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	semid = semget(IPC_PRIVATE, N_SEMS, IPC_CREAT | 0600);
	if (semid == -1) {
		perror("semget");
		shmctl(shmid, IPC_RMID, NULL);
		return EXIT_FAILURE;
	}
	buf = shmat(shmid, NULL, 0);
	if (buf == (void *) -1 || semctl(semid, 0, SETALL, arg) == -1) {
		perror(buf == (void *) -1 ? "shmat" : "semctl(SETALL)");
		failed = 1;
		goto out;
	}
	fflush(stdout);
	pid = fork();
	if (pid == -1) {
		perror("fork");
		failed = 1;
	} else if (pid == 0) {		/* child: producer */
		int rc = produce(semid, buf);

		shmdt(buf);
		_exit(rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
	} else {			/* parent: consumer */
		if (consume(semid, buf) == -1)
			failed = 1;
		if (waitpid(pid, &status, 0) == -1 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			failed = 1;
	}
	shmdt(buf);
out:
	if (semctl(semid, 0, IPC_RMID) == -1) {
		perror("semctl(IPC_RMID)");
		failed = 1;
	}
	if (shmctl(shmid, IPC_RMID, NULL) == -1) {
		perror("shmctl(IPC_RMID)");
		failed = 1;
	}
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
