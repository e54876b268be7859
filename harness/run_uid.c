/*
 * run_uid.c - a host uid per shmgrade process for a root caller's
 * programs (run_uid.h).
 *
 * Before, every run's programs were uid 65534: a student's program could
 * kill the programs of a run graded at the same time, or read its work
 * folder (the other student's source), and so could any daemon running as
 * nobody. A uid nobody else uses closes both: signals and ptrace need the
 * same uid, and the folders are 0700.
 */
#include "harness/run_uid.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where the slot locks live: the first of these that root can use (every
 * shmgrade process on the machine makes the same choice). */
static const char *const run_uid_lock_dirs[] = { "/run/shmgrade", "/var/tmp/shmgrade-uids",
						 "/tmp/shmgrade-uids" };
/* Slots tried before giving up (EAGAIN). */
#define RUN_UID_MAX_TRIES 4096U

static uid_t run_uid_taken = (uid_t)-1;
static pid_t run_uid_owner; /* the process that took it */

/* "START:COUNT" with 0 < START, 2 <= COUNT, START + COUNT <= 2^31. */
static int run_uid_parse(const char *s, unsigned *start, unsigned *count)
{
	unsigned long long a, b;
	char *end;

	errno = 0;
	a = strtoull(s, &end, 10);
	if (end == s || *end != ':' || errno)
		return -1;
	s = end + 1;
	b = strtoull(s, &end, 10);
	if (end == s || (*end != '\0' && *end != '\n') || errno)
		return -1;
	if (a == 0 || b < 2 || a + b > 0x80000000ULL)
		return -1;
	*start = (unsigned)a;
	*count = (unsigned)b;
	return 0;
}

/* The "shmgrade:START:COUNT" line of /etc/subuid, if any. */
static int run_uid_subuid(unsigned *start, unsigned *count)
{
	char line[256];
	FILE *f = fopen("/etc/subuid", "re");
	int rc = -1;

	if (!f)
		return -1;
	while (rc < 0 && fgets(line, sizeof(line), f))
		if (!strncmp(line, "shmgrade:", 9))
			rc = run_uid_parse(line + 9, start, count);
	fclose(f);
	return rc;
}

int run_uid_range(unsigned *start, unsigned *count, const char **source)
{
	const char *env = getenv("SHMGRADE_UIDS");

	if (env && *env) {
		*source = "SHMGRADE_UIDS";
		if (run_uid_parse(env, start, count) < 0) {
			errno = EINVAL;
			return -1;
		}
		return 0;
	}
	if (run_uid_subuid(start, count) == 0) {
		*source = "/etc/subuid";
		return 0;
	}
	*source = "default";
	*start = RUN_UID_DEFAULT_START;
	*count = RUN_UID_DEFAULT_COUNT;
	return 0;
}

/* A lock directory: root's own, closed to everyone else. */
static int run_uid_open_dir(const char *path)
{
	struct stat st;
	int fd;

	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return -1;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_uid != 0 || (st.st_mode & 077)) {
		close(fd);
		errno = EPERM; /* someone else's: not to be trusted */
		return -1;
	}
	return fd;
}

static int run_uid_lock_dir(void)
{
	size_t i;
	int fd = -1;

	for (i = 0; fd < 0 && i < ARRAY_SIZE(run_uid_lock_dirs); i++)
		fd = run_uid_open_dir(run_uid_lock_dirs[i]);
	return fd;
}

/* Take slot uid: its lock file, flocked. The fd stays open (close-on-exec)
 * for the life of the process: the lock is released when it exits. */
static int run_uid_try(int dirfd, unsigned uid)
{
	char name[32];
	int fd;

	snprintf(name, sizeof(name), "uid-%u", uid);
	fd = openat(dirfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		return -1;
	}
	return 0;
}

static uid_t run_uid_take(void)
{
	unsigned start, count, i, first, tries;
	const char *source;
	int dirfd;

	if (run_uid_range(&start, &count, &source) < 0)
		return (uid_t)-1;
	dirfd = run_uid_lock_dir();
	if (dirfd < 0)
		return (uid_t)-1;
	count /= 2; /* slots of two uids */
	first = (unsigned)getpid() % count;
	tries = count < RUN_UID_MAX_TRIES ? count : RUN_UID_MAX_TRIES;
	for (i = 0; i < tries; i++) {
		unsigned uid = start + 2 * ((first + i) % count);

		if (run_uid_try(dirfd, uid) == 0) {
			close(dirfd);
			return (uid_t)uid;
		}
	}
	close(dirfd);
	errno = EAGAIN;
	return (uid_t)-1;
}

uid_t run_uid(void)
{
	if (geteuid() != 0)
		return geteuid();
	if (run_uid_taken != (uid_t)-1 && run_uid_owner == getpid())
		return run_uid_taken;
	run_uid_taken = run_uid_take();
	run_uid_owner = getpid();
	return run_uid_taken;
}

void run_uid_keep(void)
{
	if (run_uid_taken != (uid_t)-1)
		run_uid_owner = getpid();
}
