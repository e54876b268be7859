/* Practica 5: padre e hijo comparten memoria */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define LIMITE 500000

struct resultado {
	int cuantos;
	int mayor;
};

int es_primo(int n)
{
	int d;

	if (n < 2)
		return 0;
	for (d = 2; d * d <= n; d++)
		if (n % d == 0)
			return 0;
	return 1;
}

int main(void)
{
	struct resultado *r;
	int shmid, estado, n;
	pid_t pid;

	shmid = shmget(IPC_PRIVATE, 2	/* 2 enteros */, IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		exit(1);
	}
	r = (struct resultado *) shmat(shmid, 0, 0);
	if (r == (void *) -1) {
		perror("shmat");
		exit(1);
	}
	pid = fork();
	if (pid == 0) {
		/* hijo: cuenta los primos */
		r->cuantos = 0;
		for (n = 2; n < LIMITE; n++)
			if (es_primo(n)) {
				r->cuantos++;
				r->mayor = n;
			}
		shmdt(r);
		exit(0);
	}
	wait(&estado);
	printf("hijo: estado=%d\n", WEXITSTATUS(estado));
	printf("primos=%d mayor=%d\n", r->cuantos, r->mayor);
	shmdt(r);
	shmctl(shmid, IPC_RMID, 0);
	return 0;
}
