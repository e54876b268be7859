/*
 * g_excl_fail.c - golden trace: IPC_CREAT|IPC_EXCL on a key that already
 * exists fails with EEXIST (the first call creates it, the second fails).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>

#define KEY 0x53480001

int main(void)
{
	int id = shmget(KEY, 1024, IPC_CREAT | IPC_EXCL | 0600);
	int again, err;

	if (id < 0)
		return perror("shmget"), 1;
	again = shmget(KEY, 1024, IPC_CREAT | IPC_EXCL | 0600);
	err = errno;
	printf("second: %d %s\n", again, again < 0 ? strerror(err) : "");
	shmctl(id, IPC_RMID, NULL);
	return again < 0 && err == EEXIST ? 0 : 1;
}
