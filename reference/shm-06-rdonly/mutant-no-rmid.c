/* Practica 6: acceso de solo lectura (SHM_RDONLY) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int shmid, estado;
	char *mem, *lectura;

	shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		exit(1);
	}
	mem = shmat(shmid, 0, 0);
	if (mem == (char *) -1) {
		perror("shmat");
		exit(1);
	}
	strcpy(mem, "dato protegido");
	/* segunda vinculacion, solo lectura */
	lectura = shmat(shmid, 0, SHM_RDONLY);
	if (lectura == (char *) -1) {
		perror("shmat");
		exit(1);
	}
	printf("lectura=%s\n", lectura);
	/* probamos a escribir en un hijo */
	if (fork() == 0) {
		lectura[0] = 'X';
		exit(0);
	}
	wait(&estado);
	if (WIFSIGNALED(estado) && WTERMSIG(estado) == SIGSEGV)
		printf("escritura por SHM_RDONLY: SIGSEGV\n");
	else
		printf("escritura por SHM_RDONLY: permitida\n");
	printf("contenido=%s\n", mem);
	shmdt(lectura);
	shmdt(mem);
	return 0;
}
