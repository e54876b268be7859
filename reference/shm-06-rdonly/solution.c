/*
 * shm-06-rdonly: create a 4096-byte private segment (0600), attach it
 * read-write and write a message; attach it a second time with SHM_RDONLY
 * and read the message through that mapping. Then show what a write
 * through the read-only mapping does: a child tries it (and is killed by
 * SIGSEGV); the parent waits and reports. Output:
 *   lectura=dato protegido
 *   escritura por SHM_RDONLY: SIGSEGV
 *   contenido=dato protegido
 * Both mappings are detached and the segment is removed.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define SEG_SIZE 4096
#define MESSAGE "dato protegido"

/* Let a child write through the read-only mapping; report what happened. */
static void try_write(char *ro)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == -1) {
		perror("fork");
		return;
	}
	if (pid == 0) {
		ro[0] = 'X';		/* expected to die here with SIGSEGV */
		_exit(EXIT_SUCCESS);
	}
	if (waitpid(pid, &status, 0) == -1) {
		perror("waitpid");
		return;
	}
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV)
		printf("escritura por SHM_RDONLY: SIGSEGV\n");
	else if (WIFSIGNALED(status))
		printf("escritura por SHM_RDONLY: senal %d\n", WTERMSIG(status));
	else
		printf("escritura por SHM_RDONLY: permitida\n");
}

int main(void)
{
	char *rw, *ro;
	int shmid;

	shmid = shmget(IPC_PRIVATE, SEG_SIZE, IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	rw = shmat(shmid, NULL, 0);
	if (rw == (void *) -1) {
		perror("shmat");
		shmctl(shmid, IPC_RMID, NULL);
		return EXIT_FAILURE;
	}
	strcpy(rw, MESSAGE);

	ro = shmat(shmid, NULL, SHM_RDONLY);
	if (ro == (void *) -1) {
		perror("shmat(SHM_RDONLY)");
		shmdt(rw);
		shmctl(shmid, IPC_RMID, NULL);
		return EXIT_FAILURE;
	}
	printf("lectura=%s\n", ro);
	try_write(ro);
	printf("contenido=%s\n", rw);

	if (shmdt(ro) == -1)
		perror("shmdt");
	if (shmdt(rw) == -1)
		perror("shmdt");
	if (shmctl(shmid, IPC_RMID, NULL) == -1) {
		perror("shmctl(IPC_RMID)");
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
