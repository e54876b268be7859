/*
 * trace_exec.c - refuse the exec of a program the run did not get from
 * the build (trace_exec.h).
 *
 * The check runs at the exec event stop: the new program is loaded but
 * has not run one instruction, and /proc/TID/exe names the file the kernel
 * really mapped (no path a second thread could swap).
 */
#include "harness/trace_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/audit.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/filter.h"
#include "util/xalloc.h"

/*
 * Programs of the machine that run code handed to them at run time, with
 * every system call in reach: the dynamic loader run by itself maps any
 * file as code (ld-linux-x86-64.so.2 /tmp/decoded), a python or perl
 * script can make System V calls (ctypes, syscall()), tcc -run compiles to
 * memory, gdb writes a process. ipcmk and ipcrm (and busybox, which holds
 * them) make the System V calls the program is graded on for it. The
 * shells stay: system() needs /bin/sh, and a shell makes no IPC call
 * itself; ipcs only reads.
 */
static const char *const trace_exec_runners[] = {
	"ld-linux", "ld.so", "ld64.so", "ld-musl", "python", "perl",	"ruby",
	"node",	    "php",   "lua",	"tclsh",   "wish",   "guile",	"gdb",
	"tcc",	    "qemu-", "julia",	"ipcmk",   "ipcrm",  "busybox", NULL,
};

static bool trace_exec_runs_code(const char *target)
{
	const char *base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	size_t i;

	for (i = 0; trace_exec_runners[i]; i++)
		if (!strncmp(base, trace_exec_runners[i], strlen(trace_exec_runners[i])))
			return true;
	return false;
}

/*
 * Variables that make the loader map a file of the program's choosing into
 * any program it execs, the machine's too (LD_PRELOAD=/tmp/decoded.so
 * /bin/true). In namespace mode the noexec mounts stop the map; the check
 * here holds in every mode. At the exec stop, /proc/TID/environ is the new
 * program's.
 */
static bool trace_exec_loader_env(pid_t tid)
{
	static const char *const vars[] = { "LD_PRELOAD=", "LD_AUDIT=", "LD_LIBRARY_PATH=", NULL };
	char buf[65536];
	size_t have = 0, i;
	ssize_t n;
	const char *p;
	int fd;

	fd = trace_proc_open(tid, "environ");
	if (fd < 0)
		return true; /* unreadable: not known to be clean */
	while (have < sizeof(buf) - 1 && (n = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0)
		have += (size_t)n;
	close(fd);
	buf[have] = '\0';
	for (p = buf; p < buf + have; p += strlen(p) + 1)
		for (i = 0; vars[i]; i++)
			if (!strncmp(p, vars[i], strlen(vars[i])) && p[strlen(vars[i])])
				return true;
	return false;
}

/*
 * The uid stat() shows for a file whose owner has no uid in our user
 * namespace (/proc/sys/kernel/overflowuid, 65534 unless changed): in a
 * user namespace that does not map the host's root (a nested namespace, a
 * CI container), the machine's files all show it.
 */
static uid_t trace_exec_overflow_uid(void)
{
	static long uid = -1;
	FILE *f;

	if (uid < 0) {
		f = fopen("/proc/sys/kernel/overflowuid", "re");
		if (!f || fscanf(f, "%ld", &uid) != 1 || uid < 0)
			uid = 65534;
		if (f)
			fclose(f);
	}
	return (uid_t)uid;
}

/*
 * Whether the regular file at path (st: its stat) has an owner with no uid
 * in our user namespace, so no program of the run owns it. stat() cannot
 * tell that owner from a real owner with the overflow uid (a run as uid
 * 65534 in such a namespace); an open with O_NOATIME can: it takes being
 * the owner, or CAP_FOWNER over a mapped owner, and fails with EPERM for
 * an unmapped one. It reads nothing and changes nothing.
 */
static bool trace_exec_unmapped_owner(const char *path, const struct stat *st)
{
	int fd;

	if (!S_ISREG(st->st_mode) || st->st_uid != trace_exec_overflow_uid())
		return false;
	fd = open(path, O_RDONLY | O_NOATIME | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		return false;
	}
	return errno == EPERM;
}

/*
 * stat() of /proc/TID/NAME (a link: "exe", "fd/3"): the file it names,
 * never opened (a FIFO would block), and whether its owner is unmapped
 * (trace_exec_unmapped_owner()). Reading another uid's links takes
 * CAP_SYS_PTRACE or the same fsuid; root in a Docker container has no
 * CAP_SYS_PTRACE, so there the task's uid is taken as fsuid, as
 * trace_proc_open() does.
 */
static int trace_exec_look(const char *path, struct stat *st, bool *unmapped, char *target,
			   size_t size)
{
	ssize_t n;

	if (stat(path, st) < 0)
		return -1;
	*unmapped = trace_exec_unmapped_owner(path, st);
	if (!target)
		return 0;
	n = readlink(path, target, size - 1);
	if (n < 0)
		return -1;
	target[n] = '\0';
	return 0;
}

/* The same, and the link's text into target (size bytes) unless NULL. */
static int trace_exec_proc_stat(pid_t tid, const char *name, struct stat *st, bool *unmapped,
				char *target, size_t size)
{
	struct trace_proc_fsids old;
	char path[64];
	int ret;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)tid, name);
	ret = trace_exec_look(path, st, unmapped, target, size);
	if (ret == 0 || (errno != EACCES && errno != EPERM) || trace_proc_become(tid, &old) < 0)
		return ret;
	ret = trace_exec_look(path, st, unmapped, target, size);
	trace_proc_restore(&old);
	return ret;
}

/* Whether st is a file the run may run: one of its programs, or the
 * machine's: root's, or (unmapped) an owner with no uid in our user
 * namespace, which no program of a run can write (they never run as the
 * host's root, and always with a uid mapped here). */
static bool trace_exec_file_ok(const struct trace *t, const struct stat *st, bool unmapped)
{
	size_t i;

	for (i = 0; i < t->cfg.nexes; i++)
		if (t->cfg.exes[i].dev == st->st_dev && t->cfg.exes[i].ino == st->st_ino)
			return true;
	return (st->st_uid == 0 || unmapped) && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

bool trace_exec_map_allowed(const struct trace *t, pid_t tid, unsigned arch, long long nr,
			    const unsigned long long *args)
{
	char *name, link[64];
	struct stat st;
	bool mmap, unmapped;

	if (!t->cfg.exec_checked)
		return true;
	name = filter_syscall_name(arch, nr);
	/* i386's old mmap ("mmap" there) has its arguments in memory. */
	mmap = name &&
	       (!strcmp(name, "mmap2") || (!strcmp(name, "mmap") && arch != AUDIT_ARCH_I386));
	free(name);
	if (!mmap || (args[3] & MAP_ANONYMOUS))
		return false;
	snprintf(link, sizeof(link), "fd/%d", (int)args[4]);
	return trace_exec_proc_stat(tid, link, &st, &unmapped, NULL, 0) == 0 &&
	       S_ISREG(st.st_mode) && trace_exec_file_ok(t, &st, unmapped);
}

bool trace_exec_allowed(const struct trace *t, pid_t tid)
{
	char target[4096];
	struct stat st;
	bool unmapped;

	if (!t->cfg.exec_checked)
		return true;
	if (trace_exec_proc_stat(tid, "exe", &st, &unmapped, target, sizeof(target)) < 0 ||
	    trace_exec_loader_env(tid))
		return false;
	return trace_exec_file_ok(t, &st, unmapped) && !trace_exec_runs_code(target);
}

void trace_exec_refuse(struct trace *t, struct trace_task *task, char *name)
{
	struct event *ev = trace_event_new(t, task, CALL_DENIED);

	ev->args[0].name = "syscall";
	ev->args[0].kind = ARG_STR;
	ev->args[0].str = xasprintf("execve %s", name ? name : "?");
	ev->nargs = 1;
	ev->result = -1;
	ev->err = EACCES;
	t->rec->denied_calls++;
	free(name);
	kill(task->tid, SIGKILL);
}
