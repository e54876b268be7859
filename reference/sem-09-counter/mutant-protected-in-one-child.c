/*
 * mutant-protected-in-one-child.c - every child does its P and V, but only
 * the first one increments between them; the others increment after V.
 * Their increments race with each other and with the first child's: some
 * get lost, how many depends on the schedule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define N_CHILDREN 4
#define N_INCREMENTS 1000
#define WORK_SPIN 2000

/* Linux leaves the definition of semun to the program (see semctl(2)). */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static int sem_change(int semid, int delta)
{
	struct sembuf op = { .sem_num = 0, .sem_op = delta, .sem_flg = 0 };

	return semop(semid, &op, 1);
}

/* One child's job: increment *counter N_INCREMENTS times. Only child 0
 * increments between P and V; "the others only need to take their turn". */
static int child_run(int k, int semid, int *counter)
{
	for (int i = 0; i < N_INCREMENTS; i++) {
		if (sem_change(semid, -1) == -1) {	/* P */
			perror("semop P");
			return -1;
		}
		if (k == 0) {
			int value = *counter;
			for (volatile int w = 0; w < WORK_SPIN; w++)
				;
			*counter = value + 1;
		}
		if (sem_change(semid, +1) == -1) {	/* V */
			perror("semop V");
			return -1;
		}
		if (k != 0) {
			int value = *counter;
			for (volatile int w = 0; w < WORK_SPIN; w++)
				;
			*counter = value + 1;
		}
	}
	return 0;
}

int main(void)
{
	union semun arg = { .val = 1 };
	int shmid, semid, *counter, failed = 0, status;

	shmid = shmget(IPC_PRIVATE, sizeof(int), IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	if (semid == -1) {
		perror("semget");
		shmctl(shmid, IPC_RMID, NULL);
		return EXIT_FAILURE;
	}
	counter = shmat(shmid, NULL, 0);
	if (counter == (void *) -1 || semctl(semid, 0, SETVAL, arg) == -1) {
		perror(counter == (void *) -1 ? "shmat" : "semctl(SETVAL)");
		failed = 1;
		goto out;
	}
	*counter = 0;

	fflush(stdout);
	for (int i = 0; i < N_CHILDREN; i++) {
		pid_t pid = fork();

		if (pid == -1) {
			perror("fork");
			failed = 1;
			break;
		}
		if (pid == 0) {
			int rc = child_run(i, semid, counter);

			shmdt(counter);
			_exit(rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
		}
	}
	/* Reap every child that was started. */
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed = 1;

	printf("total=%d esperado=%d\n", *counter, N_CHILDREN * N_INCREMENTS);
	shmdt(counter);
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
