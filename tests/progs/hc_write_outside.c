/*
 * hc_write_outside DIR: try to create a file in DIR (outside the run
 * directory: refused, the host's file system is read-only in the run) and
 * in the working directory (the run directory: allowed). Prints the errno
 * names, or "ok".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *try_create(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);

	if (fd < 0)
		return errno == EROFS ? "EROFS" : strerror(errno);
	if (write(fd, "x", 1) != 1) {
		close(fd);
		return "write failed";
	}
	close(fd);
	return "ok";
}

int main(int argc, char **argv)
{
	char path[4096];

	if (argc < 2)
		return 2;
	snprintf(path, sizeof(path), "%s/hc_written", argv[1]);
	printf("outside=%s ", try_create(path));
	printf("rundir=%s ", try_create("hc_written"));
	printf("tmp=%s\n", try_create("/tmp/hc_written"));
	return 0;
}
