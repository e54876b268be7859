/*
 * shm-01-private, mutant: every result is checked and reported, but when
 * shmat fails the program exits without removing the segment it just
 * created ("ya se libera al terminar"). Only an injected shmat failure
 * shows it: the segment is left behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define SEG_SIZE 4096
#define MESSAGE "Hola, memoria compartida"

int main(void)
{
	int shmid;
	char *mem;

	/* IPC_PRIVATE always creates a new segment; IPC_CREAT is harmless. */
	shmid = shmget(IPC_PRIVATE, SEG_SIZE, IPC_CREAT | 0600);
	if (shmid == -1) {
		perror("shmget");
		return EXIT_FAILURE;
	}

	mem = shmat(shmid, NULL, 0);
	if (mem == (void *) -1) {
		perror("shmat");
		return EXIT_FAILURE;
	}

	strcpy(mem, MESSAGE);
	printf("contenido=%s\n", mem);

	if (shmdt(mem) == -1) {
		perror("shmdt");
		shmctl(shmid, IPC_RMID, NULL);
		return EXIT_FAILURE;
	}
	if (shmctl(shmid, IPC_RMID, NULL) == -1) {
		perror("shmctl(IPC_RMID)");
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
