/*
 * sem-09-counter, mutant: the children do not check semop's result. When
 * a P fails the child enters the critical section anyway (unprotected)
 * and ends with status 0, as if all went well.
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

/* One child's job: increment *counter N_INCREMENTS times under the lock. */
static int child_run(int semid, int *counter)
{
	for (int i = 0; i < N_INCREMENTS; i++) {
		sem_change(semid, -1);	/* P */
		int value = *counter;
		for (volatile int k = 0; k < WORK_SPIN; k++)
			;			/* "work" between read and write */
		*counter = value + 1;
		sem_change(semid, +1);	/* V */
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
			int rc = child_run(semid, counter);

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
