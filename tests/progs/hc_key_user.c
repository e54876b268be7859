/*
 * hc_key_user KEY [rm]: attach the existing segment KEY (decimal) and
 * detach it; with "rm" remove it, without, create and leak a private
 * segment of its own. Prints the ids it used.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(int argc, char **argv)
{
	int id, own;
	void *p;

	if (argc < 2)
		return 2;
	id = shmget((key_t)strtol(argv[1], NULL, 0), 0, 0);
	if (id < 0)
		return 3;
	p = shmat(id, NULL, SHM_RDONLY);
	if (p == (void *)-1 || shmdt(p) < 0)
		return 4;
	if (argc > 2 && !strcmp(argv[2], "rm"))
		return shmctl(id, IPC_RMID, NULL) < 0 ? 5 : 0;
	own = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	printf("%d %d\n", id, own);
	return own < 0 ? 6 : 0;
}
