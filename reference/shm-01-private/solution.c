/*
 * shm-01-private: create a 4096-byte private segment (IPC_PRIVATE, 0600),
 * attach it, write a message, read it back, detach it and remove it.
 * Output (one line): contenido=Hola, memoria compartida
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
		shmctl(shmid, IPC_RMID, NULL);	/* do not leave it behind */
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
