/*
 * exercise_files.c - write a run's files into its working directory
 * (exercise_files.h).
 */
#include "graders/load/exercise_files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graders/load/exercise.h"
#include "harness/xalloc.h"

static int exercise_files_write(const char *dir, const struct exercise_file *f)
{
	char *path = xasprintf("%s/%s", dir, f->path);
	const char *p = f->content ? f->content : "";
	size_t left = strlen(p);
	ssize_t w;
	int fd, saved;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, f->mode);
	free(path);
	if (fd < 0)
		return -1;
	while (left > 0) {
		w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			saved = w < 0 ? errno : EIO;
			close(fd);
			errno = saved;
			return -1;
		}
		p += w;
		left -= (size_t)w;
	}
	/* The umask may have cut bits the exercise asked for. */
	if (fchmod(fd, f->mode) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

int exercise_run_files_create(const struct exercise_run *run, const char *dir)
{
	size_t i;

	for (i = 0; i < run->nfiles; i++)
		if (exercise_files_write(dir, &run->files[i]) < 0)
			return -1;
	return 0;
}
