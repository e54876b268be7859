/*
 * workdir.c - private work directories: create, hand to the sandbox user,
 * copy a submission in, remove (see workdir.h).
 */
#include "graders/engine/workdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness/rmtree.h"
#include "harness/run_uid.h"
#include "util/util.h"
#include "util/xalloc.h"

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

/*
 * Live work folders of this process, each with an flock held on the folder
 * itself for as long as it exists: another shmgrade that finds the folder
 * unlocked knows its owner died (SIGKILL, a crash) and removes it.
 */
#define WORKDIR_MAX_LIVE 8
static struct {
	char *path;
	int fd;
} workdir_live[WORKDIR_MAX_LIVE];
static volatile sig_atomic_t workdir_signal;

static void workdir_register(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	size_t i;

	if (fd < 0)
		return;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return;
	}
	for (i = 0; i < WORKDIR_MAX_LIVE; i++)
		if (!workdir_live[i].path) {
			workdir_live[i].path = xstrdup(path);
			workdir_live[i].fd = fd;
			return;
		}
	close(fd);
}

static void workdir_unregister(const char *path)
{
	size_t i;

	for (i = 0; i < WORKDIR_MAX_LIVE; i++)
		if (workdir_live[i].path && !strcmp(workdir_live[i].path, path)) {
			close(workdir_live[i].fd);
			free(workdir_live[i].path);
			workdir_live[i].path = NULL;
		}
}

/* Whether a folder owned by uid can be one of ours: as a user, our own; as
 * root, root's or a run uid's (the folders are given to the run's uid). */
static bool workdir_could_be_ours(uid_t uid)
{
	unsigned start, count;
	const char *src;

	if (uid == geteuid())
		return true;
	if (geteuid() != 0 || run_uid_range(&start, &count, &src) < 0)
		return false;
	return uid >= start && uid - start < count;
}

/*
 * Remove the work folders in base that a dead shmgrade left (killed with
 * SIGKILL: nothing ran to clean up). Stale means: named shmgrade-XXXXXX,
 * ours (workdir_could_be_ours), made more than 2 s ago (a live process
 * takes its lock right after mkdtemp) and not locked, which only a live
 * process can hold (the lock dies with its last descriptor).
 */
/* Seconds since st's last status change. */
static double workdir_age_s(const struct stat *st)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return (double)(now.tv_sec - st->st_ctim.tv_sec) +
	       (double)(now.tv_nsec - st->st_ctim.tv_nsec) / 1e9;
}

static void workdir_sweep(const char *base)
{
	DIR *dir = opendir(base);
	struct dirent *de;
	struct stat st;
	char *path;
	int fd;

	if (!dir)
		return;
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, "shmgrade-", 9) || strlen(de->d_name) != 15)
			continue;
		path = xasprintf("%s/%s", base, de->d_name);
		fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0 && fstat(fd, &st) == 0 && workdir_could_be_ours(st.st_uid) &&
		    workdir_age_s(&st) > 2.0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
			rmtree(path); /* still holding the lock: no one else sweeps it */
		if (fd >= 0)
			close(fd);
		free(path);
	}
	closedir(dir);
}

char *workdir_create(void)
{
	char *path;

	workdir_sweep(workdir_base());
	path = xasprintf("%s/shmgrade-XXXXXX", workdir_base());

	/* 0700; when we are root, root's and 0711: the programs (of the
	 * run's uid) pass through it to their folders, but may neither list
	 * it nor make anything in it. shmgrade writes files there as root
	 * (stdin files, the rebuild's folder): a link a program left there
	 * (fallback mode, where the host's tree is in view) would be followed
	 * by root. Other runs' programs have uids of their own and cannot
	 * enter the 0700 folders below. */
	if (!mkdtemp(path) || chmod(path, geteuid() == 0 ? 0711 : 0700) < 0) {
		int e = errno;

		free(path);
		errno = e;
		return NULL;
	}
	workdir_register(path);
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
	int ret = rmtree(path);

	workdir_unregister(path);
	return ret;
}

static void workdir_on_signal(int sig)
{
	workdir_signal = sig;
}

void workdir_trap_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = workdir_on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
}

int workdir_interrupted(void)
{
	return workdir_signal;
}

void workdir_die_if_interrupted(void)
{
	int sig = workdir_signal;
	sigset_t set;
	size_t i;

	if (!sig)
		return;
	for (i = 0; i < WORKDIR_MAX_LIVE; i++)
		if (workdir_live[i].path)
			rmtree(workdir_live[i].path);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);
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
		while ((n = EINTR_RETRY(read(in, buf, sizeof(buf)))) > 0)
			if (util_write_all(out, buf, (size_t)n) < 0) {
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
	struct workdir_budget b = { 0, max_files, 0, max_bytes };

	return workdir_copy_dir(src, dst, &b, 0);
}
