/*
 * shm-05-parent-child: the parent creates a private segment holding one
 * struct result (two ints, 8 bytes, mode 0600) and attaches it; after
 * fork the child counts the primes below LIMIT, writes the count and the
 * largest one into the segment, detaches and exits 0. The parent waits
 * for the child, then reads and prints:
 *   hijo: estado=0
 *   primos=41538 mayor=499979
 * detaches and removes the segment (the parent created it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define LIMIT 500000

struct result {
	int count;
	int largest;
};

static int is_prime(int n)
{
	if (n < 2)
		return 0;
	for (int d = 2; d * d <= n; d++)
		if (n % d == 0)
			return 0;
	return 1;
}

static void child_work(struct result *res)
{
	int count = 0, largest = 0;

	for (int n = 2; n < LIMIT; n++)
		if (is_prime(n)) {
			count++;
			largest = n;
		}
	res->count = count;
	res->largest = largest;
}

int main(void)
{
	struct result *res;
	int shmid, status;
	pid_t pid;

	shmid = shmget(IPC_PRIVATE, sizeof(struct result), IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	res = shmat(shmid, NULL, 0);
	if (res == (void *) -1) {
		perror("shmat");
		shmctl(shmid, IPC_RMID, NULL);
		return EXIT_FAILURE;
	}
	fflush(stdout);
	pid = fork();
	if (pid == -1) {
		perror("fork");
		shmdt(res);
		shmctl(shmid, IPC_RMID, NULL);
		return EXIT_FAILURE;
	}
	if (pid == 0) {			/* child: inherits the attachment */
		child_work(res);
		if (shmdt(res) == -1) {
			perror("shmdt (hijo)");
			_exit(EXIT_FAILURE);
		}
		_exit(EXIT_SUCCESS);
	}

	/* parent: read only after the child has finished writing */
	if (waitpid(pid, &status, 0) == -1) {
		perror("waitpid");
		status = -1;
	}
	if (WIFEXITED(status))
		printf("hijo: estado=%d\n", WEXITSTATUS(status));
	else
		printf("hijo: terminado de forma anormal\n");
	printf("primos=%d mayor=%d\n", res->count, res->largest);

	if (shmdt(res) == -1)
		perror("shmdt");
	if (shmctl(shmid, IPC_RMID, NULL) == -1) {
		perror("shmctl(IPC_RMID)");
		return EXIT_FAILURE;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
