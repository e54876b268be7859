/*
 * sandbox_fs.c - init's file system view and IPC sysctls (sandbox_fs.h).
 *
 * Runs in init between fork() and _exit(): plain system calls only.
 */
#include "harness/sandbox_fs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static int sandbox_fs_fail(int *step, int which)
{
	*step = which;
	return -1;
}

/* Best effort: an old kernel may refuse these from a user namespace; the
 * tracer's own shmget check still bounds SysV memory then. */
static void sandbox_fs_sysctl(const char *name, unsigned long long value)
{
	char path[96], buf[32];
	int fd, len;

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	len = snprintf(buf, sizeof(buf), "%llu\n", value);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (write(fd, buf, len) < 0) {
		/* Ignored on purpose: best effort. */
	}
	close(fd);
}

/* The same, for a value that is not one number (kernel.sem). */
static void sandbox_fs_sysctl_text(const char *name, const char *text)
{
	char path[96];
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (write(fd, text, strlen(text)) < 0) {
		/* Ignored on purpose: best effort. */
	}
	close(fd);
}

/* Is path under dir ("/tmp")? */
static bool sandbox_fs_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return path && !strncmp(path, dir, n) && path[n] == '/';
}

/*
 * The directories that get a fresh, empty tmpfs in every run: /tmp and
 * /dev/shm (POSIX shared memory lives there, not in the IPC namespace), and
 * /run, which holds the sockets of the user's session (D-Bus, agents):
 * reachable with the caller's uid even on a read-only mount.
 */
static const struct {
	const char *path;
	int step; /* enum sandbox_step named when mounting it fails */
} sandbox_fs_fresh[] = {
    {"/dev/shm", SANDBOX_STEP_MOUNT_DEVSHM},
    {"/tmp", SANDBOX_STEP_MOUNT_TMP},
    {"/run", SANDBOX_STEP_MOUNT_TMP},
};

/* Would the fresh mounts hide path? */
static bool sandbox_fs_hidden(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(sandbox_fs_fresh) / sizeof(sandbox_fs_fresh[0]); i++)
		if (sandbox_fs_under(path, sandbox_fs_fresh[i].path))
			return true;
	return false;
}

/* mkdir -p for a path inside the run's fresh tmpfs. */
static int sandbox_fs_mkdirs(const char *path)
{
	char buf[PATH_MAX];
	size_t i, n = strlen(path);

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		buf[i] = i < n ? '/' : '\0';
	}
	return 0;
}

#define SANDBOX_FS_MAX_DIRS 16

/* Is path dir itself or under it? */
static bool sandbox_fs_within(const char *path, const char *dir)
{
	return !strcmp(path, dir) || sandbox_fs_under(path, dir);
}

/*
 * The directories of the programs that the fresh /tmp or /dev/shm would
 * hide (a course repository cloned under /tmp, say): a program that execs
 * itself or a sibling by path would fail inside the run. Each is cloned
 * before the host tree becomes read-only, and made read-only itself; one
 * inside the run directory comes with it anyway. Best effort: a program is
 * started through its file descriptor whatever happens here.
 */
static size_t sandbox_fs_clone_progdirs(const struct sandbox_config *cfg, int *fds,
					const char **paths)
{
	struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY};
	size_t i, j, n = 0;

	for (i = 0; i < cfg->nprogs && n < SANDBOX_FS_MAX_DIRS; i++) {
		const char *d = cfg->progs[i].dir_path;

		if (!d || !sandbox_fs_hidden(d) ||
		    (cfg->dir_path && sandbox_fs_within(d, cfg->dir_path)))
			continue;
		for (j = 0; j < n && strcmp(paths[j], d); j++)
			;
		if (j < n)
			continue;
		fds[n] = open_tree(AT_FDCWD, d, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
		if (fds[n] < 0)
			continue;
		if (mount_setattr(fds[n], "", AT_EMPTY_PATH | AT_RECURSIVE, &ro, sizeof(ro)) < 0) {
			close(fds[n]);
			continue;
		}
		paths[n++] = d;
	}
	return n;
}

/* Attach the clones at their own paths inside the fresh tmpfs, shorter
 * paths first so that a nested one lands on top of its parent. */
static void sandbox_fs_attach_progdirs(int *fds, const char **paths, size_t n)
{
	size_t i, k, best;

	for (k = 0; k < n; k++) {
		best = n;
		for (i = 0; i < n; i++)
			if (fds[i] >= 0 && (best == n || strlen(paths[i]) < strlen(paths[best])))
				best = i;
		if (sandbox_fs_mkdirs(paths[best]) == 0)
			move_mount(fds[best], "", AT_FDCWD, paths[best], MOVE_MOUNT_F_EMPTY_PATH);
		close(fds[best]);
		fds[best] = -1;
	}
}

/*
 * Put the writable clone of the run directory back where the programs
 * expect it and enter it. A run directory under /tmp or /dev/shm would be
 * hidden by the fresh tmpfs: its clone goes to the same path inside the
 * tmpfs, so that getcwd() names a path that leads there. Elsewhere it is
 * mounted over the original, reached through the cwd (no search permission
 * on the parents needed).
 */
static int sandbox_fs_attach_rundir(const struct sandbox_config *cfg, int clone, int *step)
{
	int here;

	if (sandbox_fs_hidden(cfg->dir_path)) {
		if (sandbox_fs_mkdirs(cfg->dir_path) < 0 ||
		    move_mount(clone, "", AT_FDCWD, cfg->dir_path, MOVE_MOUNT_F_EMPTY_PATH) < 0)
			return sandbox_fs_fail(step, SANDBOX_STEP_MOUNT_RUNDIR);
	} else {
		here = open(".", O_PATH | O_CLOEXEC);
		if (here < 0 || move_mount(clone, "", here, "",
					   MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
			return sandbox_fs_fail(step, SANDBOX_STEP_MOUNT_RUNDIR);
		close(here);
	}
	if (fchdir(clone) < 0)
		return sandbox_fs_fail(step, SANDBOX_STEP_CHDIR);
	close(clone);
	return 0;
}

/*
 * The run's mounts. The programs run with the caller's uid (or 65534),
 * which may write much of the host's file system: all of it becomes
 * read-only except a clone of the run directory (taken before, so it stays
 * writable), a fresh /tmp and /dev/shm, and /proc (whose /proc/sys is made
 * read-only later). Mounts made after mount_setattr() are not affected.
 */
static int sandbox_fs_mounts(const struct sandbox_config *cfg, int *step)
{
	struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY};
	int dir_fds[SANDBOX_FS_MAX_DIRS];
	const char *dir_paths[SANDBOX_FS_MAX_DIRS];
	size_t ndirs, i;
	char opts[64];
	int clone;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return sandbox_fs_fail(step, SANDBOX_STEP_MOUNT_PRIVATE);
	clone = open_tree(AT_FDCWD, ".", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (clone < 0)
		return sandbox_fs_fail(step, SANDBOX_STEP_MOUNT_RUNDIR);
	ndirs = sandbox_fs_clone_progdirs(cfg, dir_fds, dir_paths);
	if (mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &ro, sizeof(ro)) < 0)
		return sandbox_fs_fail(step, SANDBOX_STEP_MOUNT_READONLY);
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return sandbox_fs_fail(step, SANDBOX_STEP_MOUNT_PROC);
	for (i = 0; i < sizeof(sandbox_fs_fresh) / sizeof(sandbox_fs_fresh[0]); i++) {
		const char *d = sandbox_fs_fresh[i].path;
		bool run = !strcmp(d, "/run");

		/* tmpfs pages are memory no rlimit counts: /tmp and /dev/shm get a
		 * quarter of the memory cap each (and the tracer counts them in
		 * the run's memory), at most the disk cap; /run 1 MiB. */
		unsigned quarter = (cfg->limits.memory_mib + 3) / 4;

		if (cfg->limits.disk_mib && cfg->limits.disk_mib < quarter)
			quarter = cfg->limits.disk_mib;
		snprintf(opts, sizeof(opts), "mode=%s,size=%um", run ? "755" : "1777",
			 run ? 1 : quarter);
		if (run && access(d, F_OK) < 0)
			continue;
		if (mount("tmpfs", d, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0)
			return sandbox_fs_fail(step, sandbox_fs_fresh[i].step);
	}
	sandbox_fs_attach_progdirs(dir_fds, dir_paths, ndirs);
	return sandbox_fs_attach_rundir(cfg, clone, step);
}

/* run_limits.shm_segments: 0 is the default, -1 none at all. */
static unsigned long long sandbox_fs_shmmni(int segments)
{
	if (segments < 0)
		return 0;
	return segments > 0 ? (unsigned long long)segments : 1024;
}

static void sandbox_fs_caps(const struct sandbox_config *cfg)
{
	unsigned long long bytes = (unsigned long long)cfg->limits.memory_mib << 20;
	long page = sysconf(_SC_PAGESIZE);

	sandbox_fs_sysctl("shmmax", bytes);
	sandbox_fs_sysctl("shmall", bytes / (unsigned long long)(page > 0 ? page : 4096));
	sandbox_fs_sysctl("shmmni", sandbox_fs_shmmni(cfg->limits.shm_segments));
	/* Semaphores and queues are kernel memory no rlimit bounds: the host's
	 * defaults allow 32000 sets of 32000 semaphores and 32000 queues. A lab
	 * needs a handful: at most 128 sets, 4096 semaphores in all, 64 queues
	 * of 64 KiB. */
	sandbox_fs_sysctl_text("sem", "250 4096 100 128\n");
	sandbox_fs_sysctl("msgmni", 64);
	sandbox_fs_sysctl("msgmnb", 65536);
	/* 0 or leaked segments would vanish with their creator: leaks must
	 * stay visible to the inventory. */
	sandbox_fs_sysctl("shm_rmid_forced", 0);
}

/* The IPC sysctls of the namespace are writable by its uid 0 (the program)
 * without any capability: with shm_rmid_forced=1 a program could make its
 * leaks vanish. A read-only bind mount closes that; remounting needs
 * CAP_SYS_ADMIN, which the programs do not have. */
static int sandbox_fs_sysctl_readonly(int *step)
{
	unsigned long ro = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;

	if (mount("/proc/sys", "/proc/sys", NULL, MS_BIND | MS_REC, NULL) < 0 ||
	    mount(NULL, "/proc/sys", NULL, ro, NULL) < 0)
		return sandbox_fs_fail(step, SANDBOX_STEP_MOUNT_SYSCTL);
	return 0;
}

int sandbox_fs_setup(const struct sandbox_config *cfg, int *step)
{
	if (sandbox_fs_mounts(cfg, step) < 0)
		return -1;
	sandbox_fs_caps(cfg);
	return sandbox_fs_sysctl_readonly(step);
}

int sandbox_fs_check(void)
{
	struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY};

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    open_tree(AT_FDCWD, ".", OPEN_TREE_CLONE | AT_RECURSIVE) < 0 ||
	    mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &ro, sizeof(ro)) < 0 ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return -1;
	return 0;
}
