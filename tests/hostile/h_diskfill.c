/*
 * h_diskfill.c - hostile: fills /tmp, then its working directory (the run
 * directory, on the host's disk), with files of 512 KiB (each under any
 * per-file limit), 300 MiB of them. Under --disk 32 /tmp is full after 32
 * MiB (it says so) and the run ends with output_limit
 * before it prints "filled". Namespace mode only: in fallback mode /tmp
 * is the host's.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[512 << 10];

/* Write up to n files of 512 KiB in dir; returns how many were written. */
static unsigned fill(const char *dir, unsigned n)
{
	char path[128];
	unsigned i;
	int fd;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/fill%u", dir, i);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0)
			break;
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
			close(fd);
			break;
		}
		close(fd);
	}
	return i;
}

int main(void)
{
	unsigned n;

	memset(buf, 'x', sizeof(buf));
	n = fill("/tmp", 600);
	printf("tmp: %s\n", n * 512 / 1024 <= 32 ? "capped" : "not capped");
	fflush(stdout);
	n = fill(".", 600);
	printf("filled %u\n", n);
	return 0;
}
