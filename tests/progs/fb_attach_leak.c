/*
 * fb_attach_leak.c - for the fallback-mode tests (no namespaces: the host's
 * IPC namespace). argv[1] is the key of a segment the test made before the
 * run. The program "creates" it with IPC_CREAT (which just finds it: it is
 * not the run's), attaches, reads, detaches; then it makes a segment, a
 * semaphore set and a queue of its own and leaves them behind. The harness
 * must remove exactly those three and nothing of the test's.
 * Prints "existing=ID shm=ID sem=ID msg=ID".
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

int main(int argc, char **argv)
{
	key_t key = argc > 1 ? (key_t)strtol(argv[1], NULL, 0) : 0;
	int existing = shmget(key, 4096, IPC_CREAT | 0600);
	int shm, sem, msg;
	volatile char *p;

	if (existing < 0)
		return perror("shmget existing"), 1;
	p = shmat(existing, NULL, 0);
	if (p == (void *)-1)
		return perror("shmat"), 1;
	(void)p[0];
	shmdt((void *)p);
	shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	msg = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	printf("existing=%d shm=%d sem=%d msg=%d\n", existing, shm, sem, msg);
	return shm < 0 || sem < 0 || msg < 0;
}
