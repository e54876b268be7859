/*
 * h_tmpfill.c - hostile: fills the run's tmpfs mounts (/tmp and /dev/shm:
 * files there are memory no rlimit counts) with 60 MiB each, then touches
 * 180 MiB of its own: 300 MiB in all. Under --memory 256 the run must end
 * with memory_limit before it prints "survived".
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Many files of 512 KiB: no one file passes RLIMIT_FSIZE. */
static void fill(const char *dir, size_t mib)
{
	static char buf[512 << 10];
	char path[64];
	size_t i;
	int fd;

	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < 2 * mib; i++) {
		snprintf(path, sizeof(path), "%s/fill%zu", dir, i);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0)
			break;
		if (write(fd, buf, sizeof(buf)) < 0) {
			close(fd);
			break;
		}
		close(fd);
	}
}

int main(void)
{
	size_t size = 180UL << 20;
	char *p;

	fill("/tmp", 60);
	fill("/dev/shm", 60);
	p = malloc(size);
	if (!p)
		return perror("malloc"), 1;
	memset(p, 1, size);
	sleep(2);
	printf("survived %d\n", p[size - 1]); /* p is used: the memset stays */
	return 0;
}
