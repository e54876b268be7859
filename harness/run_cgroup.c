/*
 * run_cgroup.c - the run's memory cgroup (run_cgroup.h).
 */
#include "harness/run_cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"
#include "util/xalloc.h"

/* Write text to file under the cgroup dirfd. */
static int run_cgroup_write(int dirfd, const char *file, const char *text)
{
	return util_write_file_at(dirfd, file, 0, 0, text, strlen(text));
}

/* The caller's cgroup path in the hierarchy whose /proc/self/cgroup line
 * matches: "0::" (v2) or a v1 line listing "memory". Malloc'ed, or NULL. */
static char *run_cgroup_own(bool v2)
{
	char line[512], *path = NULL, *a, *b;
	FILE *f = fopen("/proc/self/cgroup", "re");

	if (!f)
		return NULL;
	while (!path && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		a = strchr(line, ':');
		b = a ? strchr(a + 1, ':') : NULL;
		if (!b)
			continue;
		*b = '\0';
		if (v2 ? !strcmp(a + 1, "") && !strncmp(line, "0", 1)
		       : strstr(a + 1, "memory") != NULL)
			path = xstrdup(b + 1);
	}
	fclose(f);
	return path;
}

/* Has the v2 cgroup at dir the memory controller for its children? Try to
 * enable it (only possible in a cgroup without processes of its own, or
 * when already enabled). */
static bool run_cgroup_v2_memory(const char *dir)
{
	char path[4096], buf[512] = "";
	ssize_t n;
	int fd, dfd;

	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0 && strstr(buf, "memory"))
		return true;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return false;
	n = run_cgroup_write(dfd, "cgroup.subtree_control", "+memory");
	close(dfd);
	return n == 0;
}

/* Remove the cgroups a grader killed with SIGKILL left in parent: named
 * shmgrade-PID-N, PID no longer alive. rmdir removes only empty ones. */
static void run_cgroup_sweep(const char *parent)
{
	DIR *d = opendir(parent);
	struct dirent *e;
	char *path;
	int pid;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (sscanf(e->d_name, "shmgrade-%d-", &pid) != 1 || pid <= 0)
			continue;
		if (kill(pid, 0) == 0 || errno != ESRCH)
			continue; /* its grader still runs */
		path = xasprintf("%s/%s", parent, e->d_name);
		rmdir(path);
		free(path);
	}
	closedir(d);
}

/* Make dir/shmgrade-PID-N, set the limit. */
static int run_cgroup_make(struct run_cgroup *cg, const char *parent, bool v2,
			   unsigned long long limit)
{
	static unsigned serial;
	char num[32];

	if (serial == 0)
		run_cgroup_sweep(parent);
	cg->path = xasprintf("%s/shmgrade-%d-%u", parent, (int)getpid(), ++serial);
	if (mkdir(cg->path, 0700) < 0) {
		free(cg->path);
		cg->path = NULL;
		return -1;
	}
	cg->v2 = v2;
	cg->dirfd = open(cg->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	snprintf(num, sizeof(num), "%llu", limit);
	if (cg->dirfd < 0 ||
	    run_cgroup_write(cg->dirfd, v2 ? "memory.max" : "memory.limit_in_bytes", num) < 0) {
		run_cgroup_remove(cg);
		return -1;
	}
	/* No swap to hide in (v2; v1's memsw needs swap accounting). */
	if (v2)
		run_cgroup_write(cg->dirfd, "memory.swap.max", "0");
	return 0;
}

int run_cgroup_create(struct run_cgroup *cg, unsigned long long limit_bytes)
{
	char *own, *parent;
	int rc = -1;

	cg->dirfd = -1;
	cg->path = NULL;
	cg->v2 = false;
	own = run_cgroup_own(true);
	if (own && access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0) {
		parent = xasprintf("/sys/fs/cgroup%s", own);
		if (run_cgroup_v2_memory(parent))
			rc = run_cgroup_make(cg, parent, true, limit_bytes);
		free(parent);
	}
	free(own);
	if (rc == 0)
		return 0;
	own = run_cgroup_own(false);
	if (own && access("/sys/fs/cgroup/memory/memory.limit_in_bytes", F_OK) == 0) {
		parent = xasprintf("/sys/fs/cgroup/memory%s", own);
		rc = run_cgroup_make(cg, parent, false, limit_bytes);
		free(parent);
	}
	free(own);
	return rc;
}

int run_cgroup_enter(const struct run_cgroup *cg, pid_t pid)
{
	char num[32];

	if (cg->dirfd < 0)
		return -1;
	snprintf(num, sizeof(num), "%d", (int)pid);
	return run_cgroup_write(cg->dirfd, "cgroup.procs", num);
}

/* The value of "name N" lines of a flat-keyed cgroup file (0 if absent). */
static unsigned long long run_cgroup_key(int dirfd, const char *file, const char *name)
{
	char line[256];
	unsigned long long v = 0;
	size_t n = strlen(name);
	int fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;

	if (!f) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ' ') {
			v = strtoull(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

unsigned long long run_cgroup_memory(const struct run_cgroup *cg)
{
	if (cg->dirfd < 0)
		return 0;
	if (cg->v2)
		return run_cgroup_key(cg->dirfd, "memory.stat", "anon") +
		       run_cgroup_key(cg->dirfd, "memory.stat", "shmem");
	return run_cgroup_key(cg->dirfd, "memory.stat", "total_rss") +
	       run_cgroup_key(cg->dirfd, "memory.stat", "total_shmem");
}

bool run_cgroup_oom_killed(const struct run_cgroup *cg)
{
	if (cg->dirfd < 0)
		return false;
	return run_cgroup_key(cg->dirfd, cg->v2 ? "memory.events" : "memory.oom_control",
			      "oom_kill") > 0;
}

void run_cgroup_remove(struct run_cgroup *cg)
{
	int tries;

	if (cg->dirfd >= 0)
		close(cg->dirfd);
	cg->dirfd = -1;
	if (!cg->path)
		return;
	/* The last processes may still be leaving (a zombie being reaped). */
	for (tries = 0; rmdir(cg->path) < 0 && errno == EBUSY && tries < 50; tries++)
		usleep(10000);
	free(cg->path);
	cg->path = NULL;
}
