/*
 * b_static_static.c - blind spot: a statically linked program (an
 * LD_PRELOAD tracer never sees it). The Makefile links *_static.c with
 * -static. Create, attach, detach, remove: all four must be traced.
 */
#include <stdio.h>
#include <sys/shm.h>

int main(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	void *p;

	if (id < 0)
		return perror("shmget"), 1;
	p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		return perror("shmat"), 1;
	shmdt(p);
	return shmctl(id, IPC_RMID, NULL) < 0;
}
