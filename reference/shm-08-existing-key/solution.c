/*
 * shm-08-existing-key: get a 4096-byte segment for key ftok("clave.txt", 'B')
 * when a segment with that key may already exist, possibly with another size.
 *
 * Correct behaviour (see README.md):
 *  - try to create it: shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
 *  - if that fails with EEXIST (or EINVAL: exists with another size), open
 *    the existing one with size 0, learn its real size with IPC_STAT and use
 *    only that many bytes;
 *  - attach, fill the usable bytes, detach;
 *  - remove the segment only if this program created it: an existing
 *    segment belongs to someone else.
 * Output:
 *   segmento creado: segsz=4096          or   segmento existente: segsz=1024
 *   escritos=4096                             escritos=1024
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define KEY_PATH "clave.txt"
#define KEY_ID 'B'
#define WANTED_SIZE 4096

/* Open the segment for key, creating it if needed; *created tells which. */
static int segment_open(key_t key, int *created)
{
	int shmid;

	shmid = shmget(key, WANTED_SIZE, IPC_CREAT | IPC_EXCL | 0600);
	if (shmid != -1) {
		*created = 1;
		return shmid;
	}
	if (errno != EEXIST && errno != EINVAL)
		return -1;
	*created = 0;
	return shmget(key, 0, 0);	/* size 0: any existing size is fine */
}

int main(void)
{
	struct shmid_ds ds;
	int shmid, created;
	size_t usable;
	key_t key;
	char *mem;

	key = ftok(KEY_PATH, KEY_ID);
	if (key == -1) {
		perror("ftok(" KEY_PATH ")");
		return EXIT_FAILURE;
	}
	shmid = segment_open(key, &created);
	if (shmid == -1) {
		perror("shmget");
		return EXIT_FAILURE;
	}
	if (shmctl(shmid, IPC_STAT, &ds) == -1) {
		perror("shmctl(IPC_STAT)");
		goto fail;
	}
	usable = ds.shm_segsz < WANTED_SIZE ? ds.shm_segsz : WANTED_SIZE;
	printf("segmento %s: segsz=%zu\n", created ? "creado" : "existente",
	       (size_t) ds.shm_segsz);

	mem = shmat(shmid, NULL, 0);
	if (mem == (void *) -1) {
		perror("shmat");
		goto fail;
	}
	memset(mem, 'x', usable);	/* never past the real size */
	printf("escritos=%zu\n", usable);
	if (shmdt(mem) == -1)
		perror("shmdt");

	if (created && shmctl(shmid, IPC_RMID, NULL) == -1) {
		perror("shmctl(IPC_RMID)");
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
fail:
	if (created)
		shmctl(shmid, IPC_RMID, NULL);
	return EXIT_FAILURE;
}
