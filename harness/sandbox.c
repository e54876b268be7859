/*
 * sandbox.c - launcher, init and the pre-exec program child (sandbox.h).
 *
 * All of this runs between fork() and either _exit() or execve(), in
 * children of a single-threaded tracer, so it keeps to simple system calls
 * (no stdio streams, no malloc) and reports failures as struct sandbox_msg
 * records.
 *
 * Why the steps are in this order:
 * - The launcher drops the caller's supplementary groups before unshare():
 *   with setgroups denied (required to write gid_map unprivileged) they could
 *   never be dropped later, and root's group 0 would follow the student.
 * - After the tracer wrote the maps the launcher switches to the mapped uid
 *   and gid 0 (setresuid): as root that changes the real kuid from 0 to
 *   the run's own uid (run_uid.h), so students are never the host's root
 *   even for file access.
 * - The launcher enters the run directory (by fd) before unshare(), which
 *   moves the cwd into the new mount namespace; the program execs by fd: the
 *   fresh tmpfs on /tmp hides the host's /tmp.
 * - init clones the run directory's mount (through the cwd) and the other
 *   folders the run may see before it builds the run's root from an
 *   allow-list and pivots into it (sandbox_fs.c).
 */
#include "harness/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <linux/securebits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/sandbox_fs.h"
#include "util/util.h"
#include "harness/run_uid.h"

/* Extra tasks RLIMIT_NPROC allows beyond limits.processes, so that the
 * tracer sees a fork bomb pass the limit (process_limit) before the kernel
 * stops it (EAGAIN, then only the timeout would end it). The count is per
 * user and user namespace, up the chain of namespaces: for an ordinary
 * caller it includes the launcher, init, the IPC helper (kstat.h) and the
 * inventory helper, all uid 0 of the run. */
#define SANDBOX_NPROC_SLACK 6

static const char *const sandbox_step_names[] = {
	[SANDBOX_STEP_UNSHARE] = "creating the namespaces",
	[SANDBOX_STEP_SETID] = "switching to the mapped uid",
	[SANDBOX_STEP_FORK] = "forking",
	[SANDBOX_STEP_MOUNT_PRIVATE] = "making / private",
	[SANDBOX_STEP_MOUNT_PROC] = "mounting /proc",
	[SANDBOX_STEP_MOUNT_DEVSHM] = "mounting /dev/shm",
	[SANDBOX_STEP_MOUNT_TMP] = "mounting /tmp",
	[SANDBOX_STEP_MOUNT_SYSCTL] = "making /proc/sys read-only",
	[SANDBOX_STEP_MOUNT_READONLY] = "building the run's read-only root",
	[SANDBOX_STEP_MOUNT_RUNDIR] = "mounting the run directory",
	[SANDBOX_STEP_CHDIR] = "entering the run directory",
	[SANDBOX_STEP_PRE] = "creating a precondition object",
	[SANDBOX_STEP_PIPE] = "creating a pipe",
	[SANDBOX_STEP_SUBREAPER] = "becoming a subreaper",
};

const char *sandbox_step_name(int step)
{
	if (step < 0 || step >= SANDBOX_STEP_COUNT_)
		return "setting up the sandbox";
	return sandbox_step_names[step];
}

static void sandbox_send(const struct sandbox_config *cfg, int type, int a, int b)
{
	struct sandbox_msg m = { type, a, b };

	/* Nothing to do on failure: the tracer sees the pipe close. */
	(void)util_write_all(cfg->status_fd, &m, sizeof(m));
}

static __attribute__((noreturn)) void sandbox_die(const struct sandbox_config *cfg, int step)
{
	sandbox_send(cfg, SANDBOX_MSG_SETUP_FAIL, step, errno);
	_exit(2);
}

static void sandbox_sleep_ms(double ms)
{
	struct timespec ts;
	long long ns = (long long)(ms * 1e6);

	if (ns <= 0)
		return;
	ts.tv_sec = ns / 1000000000LL;
	ts.tv_nsec = ns % 1000000000LL;
	EINTR_RETRY(nanosleep(&ts, &ts));
}

/* Preconditions belong to the student, as if an earlier run of their own
 * had left them: a root caller's init (uid 0 of the run, another host uid)
 * makes them with the programs' effective uid and gid, then takes its own
 * back (the saved uid 0 keeps its capabilities). In the other cases init
 * already is the programs' host uid. */
static int sandbox_pre_as_student(const struct sandbox_config *cfg, bool on)
{
	unsigned id = on ? SANDBOX_STUDENT_ID : 0;

	if (!cfg->namespaces || cfg->nested_student)
		return 0;
	if (on)
		return setresgid(-1, id, -1) < 0 || setresuid(-1, id, -1) < 0 ? -1 : 0;
	return setresuid(-1, id, -1) < 0 || setresgid(-1, id, -1) < 0 ? -1 : 0;
}

/* What a precondition starts with: a segment's content, a set's values,
 * a queue's messages. 0, or -1 with errno. */
static int sandbox_fill_pre(const struct run_precondition *p, int id)
{
	size_t k, len;
	void *addr;

	if (p->kind == IPC_KIND_SHM && p->content) {
		addr = shmat(id, NULL, 0);
		if (addr == (void *)-1)
			return -1;
		len = strlen(p->content);
		memcpy(addr, p->content, len < p->size ? len : p->size);
		return shmdt(addr);
	}
	if (p->kind == IPC_KIND_SEM && p->nvalues) {
		for (k = 0; k < p->nvalues && k < p->size; k++)
			if (semctl(id, (int)k, SETVAL, (int)p->values[k]) < 0)
				return -1;
		return 0;
	}
	for (k = 0; p->kind == IPC_KIND_MSG && k < p->nmsgs; k++) {
		size_t n = strlen(p->msg_texts[k]);
		char *buf = calloc(1, sizeof(long) + n + 1);
		long type = (long)p->msg_types[k];
		int rc;

		if (!buf)
			return -1;
		memcpy(buf, &type, sizeof(type));
		memcpy(buf + sizeof(long), p->msg_texts[k], n + 1);
		rc = msgsnd(id, buf, n + 1, IPC_NOWAIT);
		free(buf);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static void sandbox_make_pre(const struct sandbox_config *cfg)
{
	size_t i;
	int id;

	if (cfg->npre && sandbox_pre_as_student(cfg, true) < 0)
		sandbox_die(cfg, SANDBOX_STEP_PRE);
	for (i = 0; i < cfg->npre; i++) {
		const struct run_precondition *p = &cfg->pre[i];
		int flg = IPC_CREAT | IPC_EXCL | (int)(p->mode & 0777);

		if (p->kind == IPC_KIND_SHM)
			id = shmget((key_t)p->key, p->size, flg);
		else if (p->kind == IPC_KIND_SEM)
			id = semget((key_t)p->key, (int)p->size, flg);
		else
			id = msgget((key_t)p->key, flg);
		if (id < 0 || sandbox_fill_pre(p, id) < 0) {
			sandbox_send(cfg, SANDBOX_MSG_PRE_FAIL, (int)i, errno);
			_exit(2); /* no program starts without its preconditions */
		}
		sandbox_send(cfg, SANDBOX_MSG_PRE_ID, (int)i, id);
	}
	if (cfg->npre && sandbox_pre_as_student(cfg, false) < 0)
		sandbox_die(cfg, SANDBOX_STEP_PRE);
}

static void sandbox_limit(int resource, rlim_t value)
{
	struct rlimit rl = { value, value };

	setrlimit(resource, &rl);
}

/* Write text to /proc/self/name (the pre-exec child's own maps). */
static int sandbox_write_self(const char *name, const char *text)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/%s", name);
	return util_write_file_at(AT_FDCWD, path, 0, 0, text, strlen(text));
}

/* An ordinary caller's run maps only uid 0 (the caller): the program makes
 * a user namespace of its own where that uid is SANDBOX_STUDENT_ID. It
 * owns nothing (the IPC, PID and mount namespaces belong to the run's), so
 * its full set of capabilities there reaches nothing; they go anyway. */
static int sandbox_nest_student(void)
{
	char map[32];

	snprintf(map, sizeof(map), "%u 0 1\n", SANDBOX_STUDENT_ID);
	if (unshare(CLONE_NEWUSER) < 0 || sandbox_write_self("setgroups", "deny") < 0 ||
	    sandbox_write_self("uid_map", map) < 0 || sandbox_write_self("gid_map", map) < 0)
		return -1;
	return 0;
}

/*
 * Make the program an ordinary user of the run: uid and gid
 * SANDBOX_STUDENT_ID, no capabilities. Before, programs were uid 0 of the
 * user namespace (getuid() said 0, every segment was root's, and every
 * capability had to be dropped by hand). Order: the bounding set and the
 * securebits need CAP_SETPCAP, the uid change CAP_SETUID; the change from
 * uid 0 (a root caller's run) clears the permitted set by itself, capset
 * empties it in the nested case, where the old uid was not 0.
 */
static int sandbox_become_student(const struct sandbox_config *cfg)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	unsigned id = SANDBOX_STUDENT_ID;
	int cap;

	memset(data, 0, sizeof(data));
	/* A host that allows the run's user namespace but not one more
	 * inside it: the program stays uid 0 of the run (as before) rather
	 * than not run at all. */
	if (cfg->nested_student && sandbox_nest_student() < 0)
		id = 0;
	if (prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED) < 0)
		return -1;
	for (cap = 0; prctl(PR_CAPBSET_READ, cap) >= 0; cap++)
		if (prctl(PR_CAPBSET_DROP, cap) < 0)
			return -1;
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (setresgid(id, id, id) < 0 || setresuid(id, id, id) < 0)
		return -1;
	return (int)syscall(SYS_capset, &hdr, data);
}

/* Give the program its stdin, stdout and stderr. The grader may run with
 * some of 0-2 closed, so any of our fds may sit there: everything moves
 * above 2 first (close-on-exec), then into place. */
static int sandbox_stdio(const struct sandbox_prog *p, int *exec_fd, int *errfd)
{
	int in = fcntl(p->stdin_fd, F_DUPFD_CLOEXEC, 3);
	int out = fcntl(p->out_fd, F_DUPFD_CLOEXEC, 3);
	int err = fcntl(p->err_fd, F_DUPFD_CLOEXEC, 3);
	int efd = fcntl(*errfd, F_DUPFD_CLOEXEC, 3);

	if (efd >= 0)
		*errfd = efd;
	*exec_fd = fcntl(*exec_fd, F_DUPFD_CLOEXEC, 3);
	if (in < 0 || out < 0 || err < 0 || efd < 0 || *exec_fd < 0)
		return -1;
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		return -1;
	return 0;
}

/* The pre-exec child of one program: never returns. */
static __attribute__((noreturn)) void sandbox_program(const struct sandbox_config *cfg, size_t idx,
						      int errfd)
{
	const struct sandbox_prog *p = &cfg->progs[idx];
	rlim_t memlock = cfg->limits.memlock_kib > 0 ? (rlim_t)cfg->limits.memlock_kib << 10 : 0;
	int exec_fd = p->exec_fd, err, sig;
	sigset_t none;

	sandbox_limit(RLIMIT_AS, (rlim_t)cfg->limits.memory_mib << 20);
	if (cfg->namespaces)
		sandbox_limit(RLIMIT_NPROC, cfg->limits.processes + SANDBOX_NPROC_SLACK);
	sandbox_limit(RLIMIT_FSIZE, (rlim_t)cfg->limits.disk_mib << 20);
	sandbox_limit(RLIMIT_CORE, 0);
	sandbox_limit(RLIMIT_NOFILE, 256);
	if (cfg->limits.memlock_kib) /* -1: none; 0: keep the caller's */
		sandbox_limit(RLIMIT_MEMLOCK, memlock);
	setsid();
	/* Without namespaces the program has no capabilities to drop (root
	 * callers run it as the run's uid). */
	if (cfg->namespaces && sandbox_become_student(cfg) < 0)
		goto fail;
	if (sandbox_stdio(p, &exec_fd, &errfd) < 0)
		goto fail;
	/* Everything else is closed by the exec; errfd and exec_fd must live
	 * until then. */
	if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		goto fail;
	if (p->script && fcntl(exec_fd, F_SETFD, 0) < 0)
		goto fail;
	/* Ignored signals stay ignored across exec: start from the defaults
	 * whatever the grader ignores. */
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (filter_install(cfg->filter) < 0)
		goto fail;
	syscall(SYS_execveat, exec_fd, "", p->argv, p->envp, AT_EMPTY_PATH);
fail:
	err = errno;
	if (write(errfd, &err, sizeof(err)) < 0) {
		/* Nothing more to do: init sees the early exit. */
	}
	_exit(127);
}

/* Start program idx: returns its pid, or -1 (reported to the tracer). */
static pid_t sandbox_start(const struct sandbox_config *cfg, size_t idx)
{
	int errpipe[2], err;
	ssize_t n;
	pid_t pid;

	if (pipe2(errpipe, O_CLOEXEC) < 0)
		sandbox_die(cfg, SANDBOX_STEP_PIPE);
	pid = fork();
	if (pid < 0)
		sandbox_die(cfg, SANDBOX_STEP_FORK);
	if (pid == 0) {
		close(errpipe[0]);
		sandbox_program(cfg, idx, errpipe[1]);
	}
	close(errpipe[1]);
	n = util_read_all(errpipe[0], &err, sizeof(err));
	close(errpipe[0]);
	if (n == sizeof(err)) {
		sandbox_send(cfg, SANDBOX_MSG_EXEC_FAIL, (int)idx, err);
		return -1;
	}
	sandbox_send(cfg, SANDBOX_MSG_STARTED, (int)idx, pid);
	return pid;
}

/* Reap one child, waiting at most ms (SIGCHLD is blocked in init). Returns
 * its pid, 0 on timeout, -1 when there is no child left. */
static pid_t sandbox_reap(long long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	sigset_t chld;
	pid_t pid;
	int st;

	pid = waitpid(-1, &st, WNOHANG | __WALL);
	if (pid != 0 || ms <= 0)
		return pid < 0 && errno != ECHILD ? 0 : pid;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigtimedwait(&chld, NULL, &ts);
	pid = waitpid(-1, &st, WNOHANG | __WALL);
	return pid < 0 && errno == EINTR ? 0 : pid;
}

/*
 * Wait for a group of programs started together: until each one's first
 * process ended, then up to grace_ms for whatever they left behind (orphans,
 * daemons), then kill the leftovers so that the next group (or the end of
 * the run) starts from an empty sandbox.
 */
static void sandbox_wait_group(const struct sandbox_config *cfg, const pid_t *first, size_t n)
{
	long long deadline, left;
	size_t live = 0, i;
	bool asked = false;
	pid_t pid;

	for (i = 0; i < n; i++)
		live += first[i] > 0;
	while (live > 0 && (pid = sandbox_reap(1000)) >= 0)
		for (i = 0; i < n; i++)
			if (pid > 0 && first[i] == pid)
				live--;
	deadline = util_monotonic_ns() / 1000000 + (long long)cfg->grace_ms;
	for (;;) {
		left = deadline - util_monotonic_ns() / 1000000;
		pid = sandbox_reap(left > 0 ? (left < 100 ? left : 100) : 100);
		if (pid < 0)
			return;
		if (pid > 0 || left > 0)
			continue;
		/* The tracer kills them (it notes first what each still has
		 * attached); in the PID namespace kill(-1), which reaches
		 * exactly the run's processes, backs it up a round later. */
		if (cfg->namespaces && asked)
			kill(-1, SIGKILL);
		else
			sandbox_send(cfg, SANDBOX_MSG_KILL_LEFT, 0, 0);
		asked = true;
	}
}

static void sandbox_run_programs(const struct sandbox_config *cfg)
{
	pid_t first[64];
	size_t i = 0, n;

	while (i < cfg->nprogs) {
		n = 0;
		first[n++] = sandbox_start(cfg, i++);
		while (i < cfg->nprogs && cfg->progs[i].concurrent && n < 64) {
			sandbox_sleep_ms(cfg->progs[i].delay_ms);
			first[n++] = sandbox_start(cfg, i++);
		}
		sandbox_wait_group(cfg, first, n);
	}
}

/* init: pid 1 of the run (or a subreaper in fallback mode). */
static __attribute__((noreturn)) void sandbox_init(const struct sandbox_config *cfg)
{
	sigset_t chld;
	int step;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	if (cfg->namespaces) {
		if (sandbox_fs_setup(cfg, &step) < 0)
			sandbox_die(cfg, step);
	} else if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		sandbox_die(cfg, SANDBOX_STEP_SUBREAPER);
	}
	sandbox_make_pre(cfg);
	sandbox_run_programs(cfg);
	_exit(0);
}

/* Become who the programs run as: uid/gid 0 of the new user namespace
 * (the caller, or the run's uid outside when the caller is root), or
 * without namespaces the run's uid itself when the caller is root:
 * students are never the host's root. */
static int sandbox_setid(const struct sandbox_config *cfg)
{
	if (cfg->namespaces)
		return setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0 ? -1 : 0;
	if (!cfg->caller_root)
		return 0;
	if (setgroups(0, NULL) < 0 || setresgid(cfg->uid, cfg->uid, cfg->uid) < 0 ||
	    setresuid(cfg->uid, cfg->uid, cfg->uid) < 0)
		return -1;
	return 0;
}

static __attribute__((noreturn)) void sandbox_launcher(const struct sandbox_config *cfg,
						       pid_t tracer)
{
	char go = 0;
	pid_t init;
	int st;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != tracer)
		_exit(2);
	/* Wait until the tracer has attached (PTRACE_SEIZE): everything from
	 * here on, init and the programs included, is traced. */
	if (read(cfg->go_fd, &go, 1) != 1 || go != 'a')
		_exit(2);
	/* Enter the run directory before unshare(CLONE_NEWNS), which moves the
	 * cwd into the new mount namespace: entered after, through the fd, it
	 * would stay in ours and getcwd() would say "(unreachable)". By fd: no
	 * search permission on the parents needed, and a path under /tmp will
	 * be hidden by the run's tmpfs. */
	if (fchdir(cfg->dir_fd) < 0)
		sandbox_die(cfg, SANDBOX_STEP_CHDIR);
	if (cfg->namespaces) {
		if (cfg->caller_root && setgroups(0, NULL) < 0)
			sandbox_die(cfg, SANDBOX_STEP_SETID);
		if (unshare(SANDBOX_NS_FLAGS) < 0)
			sandbox_die(cfg, SANDBOX_STEP_UNSHARE);
	}
	sandbox_send(cfg, SANDBOX_MSG_READY, 0, 0);
	if (read(cfg->go_fd, &go, 1) != 1 || go != 'g')
		_exit(2);
	if (sandbox_setid(cfg) < 0)
		sandbox_die(cfg, SANDBOX_STEP_SETID);
	/* Fallback mode: the programs share our uid and pids; not dumpable,
	 * the launcher and init (which inherits it) cannot have their memory
	 * written through /proc/PID/mem by them. A program's exec makes it
	 * dumpable again. Not in namespace mode: the tracer writes the
	 * launcher's uid_map, which needs it dumpable. */
	if (!cfg->namespaces)
		prctl(PR_SET_DUMPABLE, 0);
	/* A credential change clears the parent-death signal: set it again. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != tracer)
		_exit(2);
	init = fork();
	if (init < 0)
		sandbox_die(cfg, SANDBOX_STEP_FORK);
	if (init == 0)
		sandbox_init(cfg);
	EINTR_RETRY(waitpid(init, &st, __WALL));
	_exit(0);
}

pid_t sandbox_launcher_start(const struct sandbox_config *cfg)
{
	pid_t tracer = getpid();
	pid_t pid = fork();

	if (pid == 0)
		sandbox_launcher(cfg, tracer);
	return pid;
}

static int sandbox_write_file(pid_t pid, const char *name, const char *text)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	return util_write_file_at(AT_FDCWD, path, 0, 0, text, strlen(text));
}

int sandbox_maps_write(pid_t launcher, uid_t root_uid, gid_t root_gid, uid_t student_id)
{
	char uid_map[64], gid_map[64];

	if (student_id == (uid_t)-1) {
		snprintf(uid_map, sizeof(uid_map), "0 %u 1\n", (unsigned)root_uid);
		snprintf(gid_map, sizeof(gid_map), "0 %u 1\n", (unsigned)root_gid);
	} else {
		snprintf(uid_map, sizeof(uid_map), "0 %u 1\n%u %u 1\n", (unsigned)root_uid,
			 SANDBOX_STUDENT_ID, (unsigned)student_id);
		snprintf(gid_map, sizeof(gid_map), "0 %u 1\n%u %u 1\n", (unsigned)root_gid,
			 SANDBOX_STUDENT_ID, (unsigned)student_id);
	}
	if (sandbox_write_file(launcher, "setgroups", "deny") < 0)
		return -1;
	if (sandbox_write_file(launcher, "uid_map", uid_map) < 0)
		return -1;
	return sandbox_write_file(launcher, "gid_map", gid_map);
}
