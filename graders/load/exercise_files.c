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
#include "util/xalloc.h"
#include "util/util.h"

static int exercise_files_write(const char *dir, const struct exercise_file *f)
{
	char *path = xasprintf("%s/%s", dir, f->path);
	const char *p = f->content ? f->content : "";
	int fd, ret, err;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, f->mode);
	free(path);
	if (fd < 0)
		return -1;
	/* fchmod: the umask may have cut bits the exercise asked for (on the
	 * descriptor, never again by a path that could have changed). */
	ret = util_write_all(fd, p, strlen(p)) < 0 || fchmod(fd, f->mode) < 0 ? -1 : 0;
	err = errno;
	if (close(fd) < 0 && ret == 0)
		return -1;
	errno = err;
	return ret;
}

int exercise_run_files_create(const struct exercise_run *run, const char *dir)
{
	size_t i;

	for (i = 0; i < run->nfiles; i++)
		if (exercise_files_write(dir, &run->files[i]) < 0)
			return -1;
	return 0;
}
