/*
 * workdir.c - private work directories: create, hand to the sandbox user,
 * copy a submission in, remove (see workdir.h).
 */
#include "graders/workdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/rmtree.h"
#include "harness/run_uid.h"
#include "harness/xalloc.h"

/* Where the private directory goes: $TMPDIR unless it is under /tmp, else
 * /var/tmp, else /tmp (see workdir.h for why /tmp comes last). */
static const char *workdir_base(void)
{
	const char *t = getenv("TMPDIR");

	if (t && *t == '/' && strncmp(t, "/tmp", 4) && access(t, W_OK | X_OK) == 0)
		return t;
	if (access("/var/tmp", W_OK | X_OK) == 0)
		return "/var/tmp";
	return "/tmp";
}

char *workdir_create(void)
{
	char *path = xasprintf("%s/shmgrade-XXXXXX", workdir_base());

	/* 0700, the run's uid's own when we are root: the programs read it
	 * (getcwd walks ".."), nobody else does (other runs' programs have
	 * uids of their own). */
	if (!mkdtemp(path) || workdir_own(path) < 0 || chmod(path, 0700) < 0) {
		int e = errno;

		free(path);
		errno = e;
		return NULL;
	}
	return path;
}

int workdir_own(const char *path)
{
	uid_t uid;

	if (geteuid() != 0)
		return 0;
	uid = run_uid();
	if (uid == (uid_t)-1)
		return -1;
	return lchown(path, uid, (gid_t)uid);
}

char *workdir_subdir(const char *parent, const char *name)
{
	char *path = xasprintf("%s/%s", parent, name);

	if (mkdir(path, 0700) < 0 || workdir_own(path) < 0) {
		int e = errno;

		free(path);
		errno = e;
		return NULL;
	}
	return path;
}

int workdir_remove(const char *path)
{
	return rmtree(path);
}

int workdir_copy_file(const char *src, const char *dst)
{
	char buf[65536];
	struct stat st;
	ssize_t n = 0;
	int in, out, ret = -1;

	in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0)
		return -1;
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(in);
		errno = EINVAL;
		return -1;
	}
	/* 0600, or 0700 for an executable: nobody but the sandbox's user. */
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, st.st_mode & 0111 ? 0700 : 0600);
	if (out >= 0) {
		while ((n = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, (size_t)n) != n) {
				n = -1;
				break;
			}
		ret = n == 0 && workdir_own(dst) == 0 ? 0 : -1;
		if (close(out) < 0)
			ret = -1;
	}
	close(in);
	return ret;
}

struct workdir_budget {
	unsigned files, max_files;
	unsigned long long bytes, max_bytes;
};

static int workdir_copy_dir(const char *src, const char *dst, struct workdir_budget *b, int depth);

static int workdir_copy_entry(const char *src, const char *dst, const char *name,
			      struct workdir_budget *b, int depth)
{
	char *s = xasprintf("%s/%s", src, name), *d = xasprintf("%s/%s", dst, name);
	struct stat st;
	int ret = 0;

	if (lstat(s, &st) == 0 && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
		b->bytes += S_ISREG(st.st_mode) ? (unsigned long long)st.st_size : 0;
		if (++b->files > b->max_files || b->bytes > b->max_bytes || depth > 8) {
			errno = E2BIG;
			ret = -1;
		} else if (S_ISREG(st.st_mode)) {
			ret = workdir_copy_file(s, d);
		} else if (mkdir(d, 0700) < 0 || workdir_own(d) < 0) {
			ret = -1;
		} else {
			ret = workdir_copy_dir(s, d, b, depth + 1);
		}
	}
	free(s);
	free(d);
	return ret;
}

static int workdir_copy_dir(const char *src, const char *dst, struct workdir_budget *b, int depth)
{
	DIR *dir = opendir(src);
	struct dirent *de;
	int ret = 0;

	if (!dir)
		return -1;
	while (ret == 0 && (de = readdir(dir))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, ".git"))
			continue;
		ret = workdir_copy_entry(src, dst, de->d_name, b, depth);
	}
	closedir(dir);
	return ret;
}

int workdir_copy_tree(const char *src, const char *dst, unsigned max_files,
		      unsigned long long max_bytes)
{
	struct workdir_budget b = {0, max_files, 0, max_bytes};

	return workdir_copy_dir(src, dst, &b, 0);
}
