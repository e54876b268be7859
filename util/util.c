/*
 * util.c - whole reads and writes, the monotonic clock and the PATH look-up
 * (util.h).
 */
#include "util/util.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int util_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = EINTR_RETRY(write(fd, p, len));
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

ssize_t util_read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = EINTR_RETRY(read(fd, p + got, len - got));
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int util_write_file_at(int dirfd, const char *path, int flags, mode_t mode, const void *buf,
		       size_t len)
{
	int fd = EINTR_RETRY(openat(dirfd, path, O_WRONLY | O_CLOEXEC | flags, mode));
	int err;

	if (fd < 0)
		return -1;
	if (util_write_all(fd, buf, len) < 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	/* Not retried: after EINTR the descriptor is already closed on Linux. */
	return close(fd);
}

long long util_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

char *util_find_program(const char *name)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];
	const char *p;

	if (!*name)
		return NULL;
	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? realpath(name, NULL) : NULL;
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; *p;) {
		size_t len = strcspn(p, ":");

		if (len > 0 && len + strlen(name) + 2 < sizeof(buf)) {
			snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, p, name);
			if (access(buf, X_OK) == 0)
				return realpath(buf, NULL);
		}
		p += len;
		if (*p == ':')
			p++;
	}
	return NULL;
}
