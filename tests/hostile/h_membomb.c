/*
 * h_membomb.c - hostile: asks for an 8 GiB segment, attaches it and
 * touches every page. The sandbox must stop it (the shm caps refuse the
 * size, RLIMIT_AS refuses the attach, or the memory runs out): status
 * memory_limit. The segment is marked for removal as soon as it is
 * attached, so nothing outlives the program.
 */
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>

#define SIZE (8ULL << 30)

int main(void)
{
	int id = shmget(IPC_PRIVATE, SIZE, IPC_CREAT | 0600);
	char *p;

	if (id < 0)
		return perror("shmget"), 1;
	p = shmat(id, NULL, 0);
	shmctl(id, IPC_RMID, NULL);
	if (p == (void *)-1)
		return perror("shmat"), 1;
	memset(p, 0x5a, SIZE);
	puts("survived");
	return 0;
}
