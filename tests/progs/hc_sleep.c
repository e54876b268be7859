/* Attaches a private segment (removed at once: no leak) and sleeps much
 * longer than any timeout. */
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);

	if (id < 0 || shmat(id, NULL, 0) == (void *)-1 || shmctl(id, IPC_RMID, NULL) < 0)
		return 1;
	sleep(60);
	return 0;
}
