/*
 * mutant-one-wait.c - one wait() for four children, then the partial sums
 * are read: those of the children still running are 0 (or half done).
 * The other children are reaped by init after the parent exits. The
 * children's work is short, so they usually have all finished.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define N_VALUES 2000
#define N_CHILDREN 4
#define CHUNK (N_VALUES / N_CHILDREN)

/* Create and attach a private segment of size bytes; NULL on failure. */
static void *segment_new(size_t size, int *shmid)
{
	void *mem;

	*shmid = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
	if (*shmid == -1) {
		perror("shmget");
		return NULL;
	}
	mem = shmat(*shmid, NULL, 0);
	if (mem == (void *) -1) {
		perror("shmat");
		shmctl(*shmid, IPC_RMID, NULL);
		return NULL;
	}
	return mem;
}

static void segment_free(void *mem, int shmid)
{
	if (shmdt(mem) == -1)
		perror("shmdt");
	if (shmctl(shmid, IPC_RMID, NULL) == -1)
		perror("shmctl(IPC_RMID)");
}

static void child_sum(int k, const int *values, long *partial)
{
	long sum = 0;

	for (int i = k * CHUNK; i < (k + 1) * CHUNK; i++)
		sum += values[i];
	partial[k] = sum;
}

int main(void)
{
	int data_id, result_id, failed = 0, status, started = 0;
	long *partial, total = 0;
	int *values;

	values = segment_new(N_VALUES * sizeof(int), &data_id);
	if (values == NULL)
		return EXIT_FAILURE;
	partial = segment_new(N_CHILDREN * sizeof(long), &result_id);
	if (partial == NULL) {
		segment_free(values, data_id);
		return EXIT_FAILURE;
	}
	for (int i = 0; i < N_VALUES; i++)
		values[i] = i + 1;

	fflush(stdout);
	for (int k = 0; k < N_CHILDREN; k++) {
		pid_t pid = fork();

		if (pid == -1) {
			perror("fork");
			failed = 1;
			break;
		}
		if (pid == 0) {
			child_sum(k, values, partial);
			shmdt(values);
			shmdt(partial);
			_exit(EXIT_SUCCESS);	/* never fall back into the loop */
		}
		started++;
	}
	/* "con un wait basta: cuando acaba uno ya han acabado todos" */
	if (wait(&status) > 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		failed = 1;

	if (!failed) {
		for (int k = 0; k < started; k++) {
			printf("hijo %d: suma=%ld\n", k, partial[k]);
			total += partial[k];
		}
		printf("total=%ld\n", total);
	}
	segment_free(partial, result_id);
	segment_free(values, data_id);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
