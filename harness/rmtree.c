/*
 * rmtree.c - remove a directory tree (rmtree.h).
 */
#include "harness/rmtree.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RMTREE_DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* Open the directory name in dirfd, giving it search and write permission
 * back when a program took them away. */
static int rmtree_open(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, RMTREE_DIR_FLAGS);

	if (fd < 0 && errno == EACCES && fchmodat(dirfd, name, 0700, 0) == 0)
		fd = openat(dirfd, name, RMTREE_DIR_FLAGS);
	if (fd >= 0)
		fchmod(fd, 0700); /* so that its entries can be unlinked */
	return fd;
}

static bool rmtree_is_dir(int fd, const struct dirent *e)
{
	struct stat st;

	if (e->d_type != DT_UNKNOWN)
		return e->d_type == DT_DIR;
	return fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

/* Unlink every entry of fd that is not a directory. Returns 1 with the
 * name of a subdirectory in sub, 0 when fd is now empty, -1 on error. */
static int rmtree_clear(int fd, char sub[NAME_MAX + 1])
{
	int dfd = dup(fd), found = 0;
	struct dirent *e;
	DIR *d;

	if (dfd < 0 || !(d = fdopendir(dfd))) {
		if (dfd >= 0)
			close(dfd);
		return -1;
	}
	rewinddir(d);
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (rmtree_is_dir(fd, e)) {
			if (!found)
				memcpy(sub, e->d_name, strlen(e->d_name) + 1);
			found = 1;
		} else if (unlinkat(fd, e->d_name, 0) < 0 && errno != ENOENT) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	return found;
}

/* Remove the (empty) directory that fd is, from its parent; returns the
 * parent's descriptor (fd is closed) or -1. */
static int rmtree_up(int fd)
{
	char name[NAME_MAX + 1];
	struct stat st, est;
	struct dirent *e;
	int parent, dfd, ret = -1;
	DIR *d;

	if (fstat(fd, &st) < 0 || (parent = openat(fd, "..", RMTREE_DIR_FLAGS)) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	dfd = dup(parent);
	d = dfd >= 0 ? fdopendir(dfd) : NULL;
	while (d && (e = readdir(d)))
		if (fstatat(parent, e->d_name, &est, AT_SYMLINK_NOFOLLOW) == 0 &&
		    est.st_ino == st.st_ino && est.st_dev == st.st_dev) {
			memcpy(name, e->d_name, strlen(e->d_name) + 1);
			ret = unlinkat(parent, name, AT_REMOVEDIR);
			break;
		}
	if (d)
		closedir(d);
	else if (dfd >= 0)
		close(dfd);
	if (ret < 0) {
		close(parent);
		return -1;
	}
	return parent;
}

int rmtree(const char *path)
{
	char sub[NAME_MAX + 1];
	unsigned long depth = 0;
	int fd = rmtree_open(AT_FDCWD, path), r, child;

	if (fd < 0)
		return errno == ENOENT ? 0 : (errno == ENOTDIR ? unlink(path) : -1);
	for (;;) {
		r = rmtree_clear(fd, sub);
		if (r > 0) {
			child = rmtree_open(fd, sub);
			if (child < 0)
				break;
			close(fd);
			fd = child;
			depth++;
			continue;
		}
		if (r < 0 || depth == 0)
			break;
		fd = rmtree_up(fd);
		if (fd < 0)
			return -1;
		depth--;
	}
	close(fd);
	return r == 0 && depth == 0 ? rmdir(path) : -1;
}
