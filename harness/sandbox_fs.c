/*
 * sandbox_fs.c - init's file system view and IPC sysctls (sandbox_fs.h).
 *
 * Runs in init between fork() and _exit(): plain system calls only.
 */
#include "harness/sandbox_fs.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int sandbox_fs_fail(int *step, int which)
{
	*step = which;
	return -1;
}

/* Best effort: an old kernel may refuse these from a user namespace; the
 * tracer's own shmget check still bounds SysV memory then. */
static void sandbox_fs_sysctl_text(const char *name, const char *text)
{
	char path[96];

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	/* Ignored on purpose: best effort. */
	(void)util_write_file_at(AT_FDCWD, path, 0, 0, text, strlen(text));
}

/* The same, for one number. */
static void sandbox_fs_sysctl(const char *name, unsigned long long value)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu\n", value);
	sandbox_fs_sysctl_text(name, buf);
}

/* Is path under dir ("/tmp")? */
static bool sandbox_fs_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return path && !strncmp(path, dir, n) && path[n] == '/';
}

/* Is path dir itself or under it? */
static bool sandbox_fs_within(const char *path, const char *dir)
{
	return !strcmp(path, dir) || sandbox_fs_under(path, dir);
}

/*
 * The run's root is an allow-list: a fresh tmpfs, read-only, holding only
 *   - the system folders below (toolchain, libraries, /etc), read-only;
 *   - /dev with a few devices, /proc (the run's own), /sys read-only;
 *   - a fresh, empty /tmp, /dev/shm (POSIX shared memory lives there, not in
 *     the IPC namespace) and /run;
 *   - the run directory (writable), the folder of each program and
 *     cfg->ro_dirs (read-only), each at its own absolute path.
 * Nothing else of the host: not home folders, /var, /srv, /opt, /mnt, /work,
 * not the folder shmgrade was started from nor its checkout, not another
 * run's directory.
 */
static const char *const sandbox_fs_system[] = {
	"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/sys", NULL,
};
static const char *const sandbox_fs_devices[] = {
	"null", "zero", "full", "random", "urandom", "tty", NULL,
};
static const struct {
	const char *path, *target;
} sandbox_fs_dev_links[] = {
	{ "/dev/fd", "/proc/self/fd" },	      { "/dev/stdin", "/proc/self/fd/0" },
	{ "/dev/stdout", "/proc/self/fd/1" }, { "/dev/stderr", "/proc/self/fd/2" },
	{ "/dev/ptmx", "pts/ptmx" },
};

/*
 * The directories that get a fresh, empty tmpfs in every run: /tmp and
 * /dev/shm, and /run, which holds the sockets of the user's session (D-Bus,
 * agents).
 */
static const struct {
	const char *path;
	int step; /* enum sandbox_step named when mounting it fails */
} sandbox_fs_fresh[] = {
	{ "/dev/shm", SANDBOX_STEP_MOUNT_DEVSHM },
	{ "/tmp", SANDBOX_STEP_MOUNT_TMP },
	{ "/run", SANDBOX_STEP_MOUNT_TMP },
};

/* Would the fresh mounts hide path? */
static bool sandbox_fs_hidden(const char *path)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sandbox_fs_fresh); i++)
		if (sandbox_fs_under(path, sandbox_fs_fresh[i].path))
			return true;
	return false;
}

/* The new root is built on a tmpfs mounted here (in the run's mount
 * namespace only) and becomes "/" by pivot_root. */
#define SANDBOX_FS_ROOT "/tmp"

/* SANDBOX_FS_ROOT + path, in buf (PATH_MAX). */
static char *sandbox_fs_at(char *buf, const char *path)
{
	if (snprintf(buf, PATH_MAX, "%s%s", SANDBOX_FS_ROOT, path) >= PATH_MAX)
		buf[0] = '\0';
	return buf;
}

/* mkdir -p (mode 0755) for path; EEXIST on the way is fine. */
static int sandbox_fs_mkdirs(const char *path)
{
	char buf[PATH_MAX];
	size_t i, n = strlen(path);

	if (n == 0 || n >= sizeof(buf))
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

#define SANDBOX_FS_MAX_DIRS 32
#define SANDBOX_FS_MAX_BINDS 16

/* A folder cloned from the host before the new root hides it, and where it
 * goes in the run. */
struct sandbox_fs_dir {
	const char *path;
	int fd;
	bool writable;
};

/* Clone path (read-only) into dirs[*n]; a duplicate, a folder inside the
 * run directory or a system folder, or one that cannot be cloned is left
 * out (best effort: programs are started through file descriptors). */
static void sandbox_fs_clone(const struct sandbox_config *cfg, const char *path,
			     struct sandbox_fs_dir *dirs, size_t *n)
{
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
	size_t j;
	int fd;

	if (!path || path[0] != '/' || *n >= SANDBOX_FS_MAX_DIRS ||
	    (cfg->dir_path && sandbox_fs_within(path, cfg->dir_path)))
		return;
	/* Already in view (make in /usr/bin): a clone on top would also hide
	 * the compiler wrappers bound over files in it. */
	for (j = 0; sandbox_fs_system[j]; j++)
		if (sandbox_fs_within(path, sandbox_fs_system[j]))
			return;
	for (j = 0; j < *n; j++)
		if (!strcmp(dirs[j].path, path))
			return;
	fd = open_tree(AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (fd < 0)
		return;
	if (mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &ro, sizeof(ro)) < 0) {
		close(fd);
		return;
	}
	dirs[*n].path = path;
	dirs[*n].fd = fd;
	dirs[(*n)++].writable = false;
}

/* A clone that holds files the run writes: nothing in it runs as code. */
static int sandbox_fs_noexec(int fd)
{
	struct mount_attr noexec = { .attr_set = MOUNT_ATTR_NOEXEC };

	return mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &noexec, sizeof(noexec));
}

/* Everything the run sees of the host besides the system folders, cloned
 * while the host tree is still in view. dirs[0] is the run directory. */
static size_t sandbox_fs_clone_dirs(const struct sandbox_config *cfg, struct sandbox_fs_dir *dirs)
{
	size_t i, n = 1;

	dirs[0].path = cfg->dir_path;
	dirs[0].writable = true;
	dirs[0].fd = open_tree(AT_FDCWD, ".", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (dirs[0].fd < 0 || (!cfg->exec_writable && sandbox_fs_noexec(dirs[0].fd) < 0))
		return 0;
	for (i = 0; i < cfg->nprogs; i++)
		sandbox_fs_clone(cfg, cfg->progs[i].dir_path, dirs, &n);
	for (i = 0; i < cfg->nro_dirs; i++)
		sandbox_fs_clone(cfg, cfg->ro_dirs[i], dirs, &n);
	return n;
}

/* A system folder into the new root: bound (read-only later) when it is a
 * folder, the same symlink when it is one (/bin -> usr/bin), nothing when
 * the host has none. */
static int sandbox_fs_system_dir(const char *path)
{
	char at[PATH_MAX], link[PATH_MAX];
	struct stat st;
	ssize_t len;

	if (lstat(path, &st) < 0)
		return 0;
	sandbox_fs_at(at, path);
	if (S_ISLNK(st.st_mode)) {
		len = readlink(path, link, sizeof(link) - 1);
		if (len < 0)
			return -1;
		link[len] = '\0';
		return symlink(link, at);
	}
	if (!S_ISDIR(st.st_mode))
		return 0;
	if (mkdir(at, 0755) < 0 || mount(path, at, NULL, MS_BIND | MS_REC, NULL) < 0)
		return -1;
	return 0;
}

/* /dev: the harmless devices bound from the host, the usual symlinks. */
static int sandbox_fs_dev(void)
{
	char at[PATH_MAX], host[64];
	size_t i;
	int fd;

	if (mkdir(sandbox_fs_at(at, "/dev"), 0755) < 0 ||
	    mkdir(sandbox_fs_at(at, "/dev/shm"), 0755) < 0 ||
	    mkdir(sandbox_fs_at(at, "/dev/pts"), 0755) < 0)
		return -1;
	for (i = 0; sandbox_fs_devices[i]; i++) {
		snprintf(host, sizeof(host), "/dev/%s", sandbox_fs_devices[i]);
		if (access(host, F_OK) < 0)
			continue;
		fd = open(sandbox_fs_at(at, host), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0)
			return -1;
		close(fd);
		if (mount(host, at, NULL, MS_BIND, NULL) < 0)
			return -1;
	}
	for (i = 0; i < ARRAY_SIZE(sandbox_fs_dev_links); i++)
		if (symlink(sandbox_fs_dev_links[i].target,
			    sandbox_fs_at(at, sandbox_fs_dev_links[i].path)) < 0)
			return -1;
	return 0;
}

/* Clone the sources of cfg->binds (read-only) while the host tree is in
 * view; -1 in fds[i] for one that cannot be. */
static void sandbox_fs_clone_binds(const struct sandbox_config *cfg, int *fds)
{
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
	size_t i;

	for (i = 0; i < cfg->nbinds && i < SANDBOX_FS_MAX_BINDS; i++) {
		fds[i] = open_tree(AT_FDCWD, cfg->binds[i].src,
				   OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
		if (fds[i] >= 0 &&
		    mount_setattr(fds[i], "", AT_EMPTY_PATH | AT_RECURSIVE, &ro, sizeof(ro)) < 0) {
			close(fds[i]);
			fds[i] = -1;
		}
	}
}

/* Put the bound files in place, in order (a real compiler is cloned
 * before its wrapper covers it). A file that is missing at dst is made
 * first, with its folder. */
static int sandbox_fs_binds(const struct sandbox_config *cfg, int *fds)
{
	char at[PATH_MAX], *slash;
	struct stat st;
	size_t i;
	int fd, ret = 0;

	for (i = 0; i < cfg->nbinds && i < SANDBOX_FS_MAX_BINDS; i++) {
		if (fds[i] < 0 || fstat(fds[i], &st) < 0)
			return -1;
		sandbox_fs_at(at, cfg->binds[i].dst);
		if (S_ISDIR(st.st_mode)) {
			sandbox_fs_mkdirs(at);
		} else if (access(at, F_OK) < 0) {
			slash = strrchr(at, '/');
			*slash = '\0';
			sandbox_fs_mkdirs(at);
			*slash = '/';
			fd = open(at, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
			if (fd >= 0)
				close(fd);
		}
		if (move_mount(fds[i], "", AT_FDCWD, at, MOVE_MOUNT_F_EMPTY_PATH) < 0)
			ret = -1;
		close(fds[i]);
		fds[i] = -1;
	}
	return ret;
}

/* Cover each of cfg->hide_dirs that lies in a system folder with an empty
 * tmpfs (read-only with the rest of the skeleton). */
static int sandbox_fs_hide(const struct sandbox_config *cfg)
{
	char at[PATH_MAX];
	size_t i, j;

	for (i = 0; i < cfg->nhide_dirs && i < 4; i++)
		for (j = 0; sandbox_fs_system[j]; j++)
			if (sandbox_fs_under(cfg->hide_dirs[i], sandbox_fs_system[j]) &&
			    mount("tmpfs", sandbox_fs_at(at, cfg->hide_dirs[i]), "tmpfs",
				  MS_NOSUID | MS_NODEV, "mode=755,size=4k") < 0)
				return -1;
	return 0;
}

/* The read-only skeleton: a tmpfs with the system folders, /dev, the
 * bound files, and the mount points of everything mounted later. */
static int sandbox_fs_skeleton(const struct sandbox_config *cfg, const struct sandbox_fs_dir *dirs,
			       size_t n, int *bind_fds)
{
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
	static const char *const points[] = { "/proc", "/tmp", "/run", NULL };
	char at[PATH_MAX];
	size_t i;

	if (mount("tmpfs", SANDBOX_FS_ROOT, "tmpfs", MS_NOSUID | MS_NODEV, "mode=755,size=1m") < 0)
		return -1;
	for (i = 0; sandbox_fs_system[i]; i++)
		if (sandbox_fs_system_dir(sandbox_fs_system[i]) < 0)
			return -1;
	if (sandbox_fs_dev() < 0 || sandbox_fs_binds(cfg, bind_fds) < 0 || sandbox_fs_hide(cfg) < 0)
		return -1;
	for (i = 0; points[i]; i++)
		if (mkdir(sandbox_fs_at(at, points[i]), 0755) < 0)
			return -1;
	/* Mount points inside the skeleton must exist before it is made
	 * read-only; those inside a fresh tmpfs are made later. */
	for (i = 0; i < n; i++)
		if (!sandbox_fs_hidden(dirs[i].path))
			sandbox_fs_mkdirs(sandbox_fs_at(at, dirs[i].path));
	return mount_setattr(AT_FDCWD, SANDBOX_FS_ROOT, AT_RECURSIVE, &ro, sizeof(ro));
}

/* /proc (the run's pid namespace) and the fresh tmpfs mounts. */
static int sandbox_fs_fresh_mounts(const struct sandbox_config *cfg, int *step)
{
	char at[PATH_MAX], opts[64];
	size_t i;

	if (mount("proc", sandbox_fs_at(at, "/proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		return sandbox_fs_fail(step, SANDBOX_STEP_MOUNT_PROC);
	for (i = 0; i < ARRAY_SIZE(sandbox_fs_fresh); i++) {
		bool run = !strcmp(sandbox_fs_fresh[i].path, "/run");

		/* tmpfs pages are memory no rlimit counts: /tmp and /dev/shm get a
		 * quarter of the memory cap each (and the tracer counts them in
		 * the run's memory), at most the disk cap; /run 1 MiB. */
		unsigned quarter = (cfg->limits.memory_mib + 3) / 4;

		if (cfg->limits.disk_mib && cfg->limits.disk_mib < quarter)
			quarter = cfg->limits.disk_mib;
		snprintf(opts, sizeof(opts), "mode=%s,size=%um", run ? "755" : "1777",
			 run ? 1 : quarter);
		if (mount("tmpfs", sandbox_fs_at(at, sandbox_fs_fresh[i].path), "tmpfs",
			  MS_NOSUID | MS_NODEV | (cfg->exec_writable ? 0 : MS_NOEXEC), opts) < 0)
			return sandbox_fs_fail(step, sandbox_fs_fresh[i].step);
	}
	return 0;
}

/* Attach the clones at their paths, shorter paths first so that a nested
 * one lands on top of its parent. Only the run directory must succeed. */
static int sandbox_fs_attach(struct sandbox_fs_dir *dirs, size_t n, int *step)
{
	char at[PATH_MAX];
	size_t i, k, best;
	int ret = 0;

	for (k = 0; k < n; k++) {
		best = n;
		for (i = 0; i < n; i++)
			if (dirs[i].fd >= 0 &&
			    (best == n || strlen(dirs[i].path) < strlen(dirs[best].path)))
				best = i;
		sandbox_fs_at(at, dirs[best].path);
		if ((sandbox_fs_mkdirs(at) < 0 ||
		     move_mount(dirs[best].fd, "", AT_FDCWD, at, MOVE_MOUNT_F_EMPTY_PATH) < 0) &&
		    dirs[best].writable)
			ret = sandbox_fs_fail(step, SANDBOX_STEP_MOUNT_RUNDIR);
		close(dirs[best].fd);
		dirs[best].fd = -1;
	}
	return ret;
}

/* The run's /etc/passwd and /etc/group: the names a lab machine would
 * show (whoami, ls -l, ipcs), the student's first. */
static const struct {
	const char *name, *text;
} sandbox_fs_etc[] = {
	{ "passwd", "student:x:1000:1000:student:/tmp:/bin/sh\n"
		    "root:x:0:0:root:/root:/bin/sh\n"
		    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n" },
	{ "group", "student:x:1000:\nroot:x:0:\nnogroup:x:65534:\n" },
};

/* Write the files into a small tmpfs that is mounted nowhere (fsopen), then
 * bind each one, read-only, over the host's (in the skeleton, before it
 * becomes "/"): nothing of it shows in /tmp or anywhere else. Best effort: the names are for
 * people; a kernel without fsopen (before 5.2) keeps the host's files. */
static void sandbox_fs_etc_view(void)
{
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
	char target[PATH_MAX];
	size_t i;
	int fs, mnt, file;

	fs = fsopen("tmpfs", FSOPEN_CLOEXEC);
	if (fs < 0)
		return;
	if (fsconfig(fs, FSCONFIG_SET_STRING, "size", "64k", 0) < 0 ||
	    fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0 ||
	    (mnt = fsmount(fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV)) < 0) {
		close(fs);
		return;
	}
	close(fs);
	for (i = 0; i < ARRAY_SIZE(sandbox_fs_etc); i++) {
		snprintf(target, sizeof(target), "%s/etc/%s", SANDBOX_FS_ROOT,
			 sandbox_fs_etc[i].name);
		if (util_write_file_at(mnt, sandbox_fs_etc[i].name, O_CREAT, 0644,
				       sandbox_fs_etc[i].text,
				       strlen(sandbox_fs_etc[i].text)) < 0 ||
		    access(target, F_OK) < 0)
			continue;
		file = open_tree(mnt, sandbox_fs_etc[i].name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
		if (file < 0)
			continue;
		if (mount_setattr(file, "", AT_EMPTY_PATH, &ro, sizeof(ro)) == 0)
			move_mount(file, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH);
		close(file);
	}
	close(mnt);
}

/*
 * The run's mounts (see sandbox_fs_system for what the run sees). The run
 * directory and the other folders are cloned first, by path or by the cwd,
 * while the host tree is in view; the skeleton is built on a tmpfs, made
 * read-only, the clones attached, and the skeleton becomes "/" (pivot_root
 * with the old root detached, so no path leads back to the host's tree).
 */
static int sandbox_fs_mounts(const struct sandbox_config *cfg, int *step)
{
	struct sandbox_fs_dir dirs[SANDBOX_FS_MAX_DIRS];
	int bind_fds[SANDBOX_FS_MAX_BINDS];
	size_t n;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return sandbox_fs_fail(step, SANDBOX_STEP_MOUNT_PRIVATE);
	n = sandbox_fs_clone_dirs(cfg, dirs);
	if (n == 0)
		return sandbox_fs_fail(step, SANDBOX_STEP_MOUNT_RUNDIR);
	sandbox_fs_clone_binds(cfg, bind_fds);
	if (sandbox_fs_skeleton(cfg, dirs, n, bind_fds) < 0)
		return sandbox_fs_fail(step, SANDBOX_STEP_MOUNT_READONLY);
	if (sandbox_fs_fresh_mounts(cfg, step) < 0 || sandbox_fs_attach(dirs, n, step) < 0)
		return -1;
	sandbox_fs_etc_view();
	if (chdir(SANDBOX_FS_ROOT) < 0 || syscall(SYS_pivot_root, ".", ".") < 0 ||
	    umount2(".", MNT_DETACH) < 0)
		return sandbox_fs_fail(step, SANDBOX_STEP_MOUNT_READONLY);
	if (chdir(cfg->dir_path) < 0)
		return sandbox_fs_fail(step, SANDBOX_STEP_CHDIR);
	return 0;
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
	/* memfd_create makes no executable file in this pid namespace (Linux
	 * 6.3 and later; refused to an ordinary caller's namespace): with the
	 * noexec mounts, a run has no place to exec a program it decoded. */
	if (!cfg->exec_writable)
		sandbox_fs_sysctl("../vm/memfd_noexec", 2);
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
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    open_tree(AT_FDCWD, ".", OPEN_TREE_CLONE | AT_RECURSIVE) < 0 ||
	    mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &ro, sizeof(ro)) < 0 ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return -1;
	return 0;
}
