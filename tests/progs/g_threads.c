/*
 * g_threads.c - golden trace: IPC calls made by threads belong to the
 * process (one thread group). Two threads, one after the other, each look
 * the segment up by key, attach and detach.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/shm.h>

#define KEY 0x53480004

static void *worker(void *arg)
{
	int id = shmget(KEY, 0, 0);
	void *p;

	(void)arg;
	if (id < 0)
		return NULL;
	p = shmat(id, NULL, 0);
	if (p != (void *)-1)
		shmdt(p);
	return p;
}

int main(void)
{
	int id = shmget(KEY, 4096, IPC_CREAT | 0600);
	pthread_t t;
	int i;

	if (id < 0)
		return perror("shmget"), 1;
	for (i = 0; i < 2; i++) {
		if (pthread_create(&t, NULL, worker, NULL) != 0)
			return perror("pthread_create"), 1;
		pthread_join(t, NULL);
	}
	shmctl(id, IPC_RMID, NULL);
	return 0;
}
