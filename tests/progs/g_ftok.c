/*
 * g_ftok.c - golden trace: a key made by ftok() on a file the program
 * creates in its working directory. It prints the key so the test can
 * compare it with the traced one (an inode number: not fixed in advance).
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
	int fd = open("ftok.key", O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	key_t key;
	int id;

	if (fd < 0)
		return perror("open"), 1;
	close(fd);
	key = ftok("ftok.key", 'A');
	if (key == -1)
		return perror("ftok"), 1;
	id = shmget(key, 1024, IPC_CREAT | 0644);
	if (id < 0)
		return perror("shmget"), 1;
	if (shmctl(id, IPC_RMID, NULL) < 0)
		return perror("shmctl"), 1;
	unlink("ftok.key");
	printf("key=%d\n", (int)key);
	return 0;
}
