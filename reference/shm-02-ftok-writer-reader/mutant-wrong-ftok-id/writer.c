/*
 * shm-02 writer: creates the segment for key ftok("clave.txt", 'A')
 * (1024 bytes, 0600, IPC_CREAT | IPC_EXCL), writes a message, detaches
 * and exits, leaving the segment for the reader.
 * Output: escrito=hola desde el escritor
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define KEY_PATH "clave.txt"
#define KEY_ID 'A'
#define SEG_SIZE 1024
#define MESSAGE "hola desde el escritor"

int main(void)
{
	key_t key;
	int shmid;
	char *mem;

	key = ftok(KEY_PATH, KEY_ID);
	if (key == -1) {
		perror("ftok(" KEY_PATH ")");
		return EXIT_FAILURE;
	}
	/* Only the writer creates; IPC_EXCL: fail rather than reuse a stale one. */
	shmid = shmget(key, SEG_SIZE, IPC_CREAT | IPC_EXCL | 0600);
	if (shmid == -1) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	mem = shmat(shmid, NULL, 0);
	if (mem == (void *) -1) {
		perror("shmat");
		shmctl(shmid, IPC_RMID, NULL);
		return EXIT_FAILURE;
	}
	strcpy(mem, MESSAGE);
	printf("escrito=%s\n", mem);
	if (shmdt(mem) == -1) {
		perror("shmdt");
		return EXIT_FAILURE;
	}
	/* No IPC_RMID here: the reader has not read it yet. */
	return EXIT_SUCCESS;
}
