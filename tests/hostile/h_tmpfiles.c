/*
 * h_tmpfiles.c - hostile: leaves files in /tmp and /dev/shm (where
 * shm_open() objects live) for the next run to find. Each run must get
 * fresh ones: prints, per path, "seen" if an earlier run's file is there,
 * else "fresh", then writes its own.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	static const char *const paths[] = { "/tmp/shmgrade-h_tmpfiles-marker",
					     "/dev/shm/shmgrade-h_tmpfiles-marker" };
	int i, fd;

	for (i = 0; i < 2; i++) {
		printf("%s: %s\n", paths[i], access(paths[i], F_OK) == 0 ? "seen" : "fresh");
		fd = open(paths[i], O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
		if (fd < 0 || write(fd, "x", 1) != 1)
			perror(paths[i]);
		if (fd >= 0)
			close(fd);
	}
	return 0;
}
