/*
 * shm-02 reader: opens the writer's segment (key ftok("clave.txt", 'A'),
 * without IPC_CREAT), attaches it read-only, prints the message, detaches
 * and removes the segment: the reader is its last user.
 * Output: leido=hola desde el escritor
 * Started before the writer: a message on stderr, exit status 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define KEY_PATH "clave.txt"
#define KEY_ID 'A'

int main(void)
{
	key_t key;
	int shmid;
	const char *mem;

	key = ftok(KEY_PATH, KEY_ID);
	if (key == -1) {
		perror("ftok(" KEY_PATH ")");
		return EXIT_FAILURE;
	}
	shmid = shmget(key, 0, 0);	/* open only: never create */
	if (shmid == -1) {
		if (errno == ENOENT)
			fprintf(stderr, "no existe el segmento: ejecuta antes el escritor\n");
		else
			perror("shmget");
		return EXIT_FAILURE;
	}
	mem = shmat(shmid, NULL, SHM_RDONLY);
	if (mem == (void *) -1) {
		perror("shmat");
		return EXIT_FAILURE;
	}
	printf("leido=%s\n", mem);
	if (shmdt(mem) == -1) {
		perror("shmdt");
		return EXIT_FAILURE;
	}
	if (shmctl(shmid, IPC_RMID, NULL) == -1) {
		perror("shmctl(IPC_RMID)");
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
