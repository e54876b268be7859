/*
 * g_bigger_size.c - golden trace: asking for an existing key with a bigger
 * size than the segment has fails with EINVAL.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>

#define KEY 0x53480002

int main(void)
{
	int id = shmget(KEY, 1024, IPC_CREAT | 0600);
	int bigger, err;

	if (id < 0)
		return perror("shmget"), 1;
	bigger = shmget(KEY, 8192, IPC_CREAT | 0600);
	err = errno;
	printf("bigger: %d %s\n", bigger, bigger < 0 ? strerror(err) : "");
	shmctl(id, IPC_RMID, NULL);
	return bigger < 0 && err == EINVAL ? 0 : 1;
}
