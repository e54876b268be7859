/*
 * shm-05-parent-child, mutant: the result of fork is not checked. When
 * fork fails (-1) the program takes itself for the parent: it waits for
 * no child, prints "primos=0 mayor=0", cleans up and exits 0, as if all
 * went well.
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
	if (pid == 0) {			/* child: inherits the attachment */
		child_work(res);
		if (shmdt(res) == -1) {
			perror("shmdt (hijo)");
			_exit(EXIT_FAILURE);
		}
		_exit(EXIT_SUCCESS);
	}

	/* parent: read only after the child has finished writing */
	status = 0;
	waitpid(pid, &status, 0);
	printf("hijo: estado=%d\n", WEXITSTATUS(status));
	printf("primos=%d mayor=%d\n", res->count, res->largest);

	if (shmdt(res) == -1)
		perror("shmdt");
	if (shmctl(shmid, IPC_RMID, NULL) == -1) {
		perror("shmctl(IPC_RMID)");
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
