/* Creates, attaches, writes, detaches and removes one private segment. */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	char *p;

	if (id < 0)
		return 1;
	p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		return 2;
	strcpy(p, "hello");
	printf("%s %d\n", p, id);
	if (shmdt(p) < 0 || shmctl(id, IPC_RMID, NULL) < 0)
		return 3;
	return 0;
}
