/*
 * trace_proc.c - tasks and processes of a traced run (trace_proc.h):
 * who each new task is, fork/exec/exit events, segments still attached at
 * exit (/proc/<pid>/maps), pids inside the run (/proc/<pid>/status NSpid).
 *
 * Roles: the launcher's only child is init; init's children are the
 * programs' first processes, in the order init starts them (it forks
 * nothing else); everything they fork is part of the same program.
 */
#include "harness/trace_proc.h"
#include "harness/trace_inject.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/record_reap.h"
#include "harness/trace_exec.h"
#include "harness/trace_data.h"
#include "harness/trace_sched.h"
#include "harness/words.h"
#include "util/xalloc.h"

/* Code segment selector of a 32-bit (compat) user context on x86_64. */
#define TRACE_CS_COMPAT32 0x23

struct trace_task *trace_task_add(struct trace *t, pid_t tid)
{
	struct trace_task *task;

	if (t->ntasks == t->atasks) {
		t->atasks = t->atasks ? t->atasks * 2 : 32;
		t->tasks = xrealloc(t->tasks, t->atasks, sizeof(*t->tasks));
	}
	task = &t->tasks[t->ntasks++];
	memset(task, 0, sizeof(*task));
	task->tid = task->tgid = tid;
	task->ns_tid = tid;
	task->proc = -1;
	task->ev = -1;
	task->restart_ev = -1;
	return task;
}

struct trace_task *trace_task_find(struct trace *t, pid_t tid)
{
	size_t i;

	for (i = 0; i < t->ntasks; i++)
		if (t->tasks[i].tid == tid)
			return &t->tasks[i];
	return NULL;
}

static void trace_proc_task_remove(struct trace *t, struct trace_task *task)
{
	*task = t->tasks[--t->ntasks];
}

pid_t trace_ns_pid(const struct trace *t, pid_t host_pid)
{
	size_t i;

	if (host_pid <= 0)
		return 0;
	if (host_pid == t->init)
		return t->cfg.namespaces ? 1 : host_pid;
	/* The newest process with that host pid (pids may be reused). */
	for (i = t->rec->nprocesses; i-- > 0;)
		if (t->rec->processes[i].host_pid == host_pid)
			return t->rec->processes[i].pid;
	return 0;
}

/* Tgid and the pid inside the run from /proc/<tid>/status (NSpid's last
 * field). Returns 0 or -1 (the task is gone). */
static int trace_proc_status(const struct trace *t, pid_t tid, pid_t *tgid, pid_t *nspid)
{
	char path[64], line[256], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Tgid:", 5)) {
			*tgid = (pid_t)atoi(line + 5);
		} else if (!strncmp(line, "NSpid:", 6)) {
			p = strrchr(line, '\t');
			p = p ? p : line + 6;
			*nspid = t->cfg.namespaces ? (pid_t)atoi(p) : tid;
		}
	}
	fclose(f);
	return 0;
}

static long trace_proc_new(struct trace *t, pid_t host, pid_t nspid, pid_t ppid, int program,
			   long parent)
{
	struct process *p = record_process_add(t->rec);
	long idx = (long)t->rec->nprocesses - 1;

	p->pid = nspid;
	p->host_pid = host;
	p->ppid = ppid;
	p->program = program;
	if ((size_t)idx >= t->aproc_parent) {
		t->aproc_parent = t->aproc_parent ? t->aproc_parent * 2 : 32;
		t->proc_parent = xrealloc(t->proc_parent, t->aproc_parent, sizeof(long));
	}
	t->proc_parent[idx] = parent;
	return idx;
}

/* The clone flags of the fork event being reported (x86_64 passes them in
 * rdi, the i386 entry in ebx). */
static unsigned long trace_proc_clone_flags(pid_t tid)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, tid, NULL, &regs) < 0)
		return 0;
	return regs.cs == TRACE_CS_COMPAT32 ? (unsigned long)regs.rbx : (unsigned long)regs.rdi;
}

static unsigned trace_proc_program_tasks(const struct trace *t)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < t->ntasks; i++)
		n += t->tasks[i].role == TRACE_ROLE_PROGRAM || t->tasks[i].role == TRACE_ROLE_SETUP;
	return n;
}

/* Give the new task child its role, and its process if it is not a thread. */
static void trace_proc_adopt(struct trace *t, struct trace_task *parent, struct trace_task *child,
			     bool thread)
{
	const struct process *pp = parent->proc >= 0 ? &t->rec->processes[parent->proc] : NULL;

	switch (parent->role) {
	case TRACE_ROLE_LAUNCHER:
		child->role = TRACE_ROLE_INIT;
		t->init = child->tid;
		break;
	case TRACE_ROLE_INIT:
		child->role = TRACE_ROLE_SETUP;
		child->proc = trace_proc_new(t, child->tid, child->ns_tid, parent->ns_tid,
					     t->programs_started++, -1);
		break;
	case TRACE_ROLE_SETUP:
	case TRACE_ROLE_PROGRAM:
		child->role = TRACE_ROLE_PROGRAM;
		if (thread)
			child->proc = parent->proc;
		else
			child->proc = trace_proc_new(t, child->tid, child->ns_tid, pp ? pp->pid : 0,
						     pp ? pp->program : 0, parent->proc);
		/* A forked child runs its parent's program until it execs. */
		if (!thread && parent->proc >= 0) /* (pp may have moved) */
			t->rec->processes[child->proc].comm =
				xstrdup(t->rec->processes[parent->proc].comm);
		break;
	default: break;
	}
}

/* Was tid reaped before its parent's fork event? Then it is no task. */
static bool trace_proc_gone(struct trace *t, pid_t tid)
{
	unsigned i, n = t->ngone < TRACE_GONE ? t->ngone : TRACE_GONE;

	for (i = 0; i < n; i++)
		if (t->gone[i] == tid) {
			t->gone[i] = 0;
			return true;
		}
	return false;
}

void trace_proc_fork(struct trace *t, struct trace_task *task, int event)
{
	struct trace_task *child;
	unsigned long msg = 0, flags = 0;
	size_t pidx = (size_t)(task - t->tasks);
	pid_t tgid, nspid = 0;
	struct event *ev;
	bool thread;

	if (ptrace(PTRACE_GETEVENTMSG, task->tid, NULL, &msg) < 0 || msg == 0) {
		trace_resume(t, task, 0);
		return;
	}
	if (event == PTRACE_EVENT_CLONE)
		flags = trace_proc_clone_flags(task->tid);
	child = trace_task_find(t, (pid_t)msg);
	if (!child && trace_proc_gone(t, (pid_t)msg)) {
		trace_resume(t, task, 0); /* the child is dead and reaped already */
		return;
	}
	if (!child)
		child = trace_task_add(t, (pid_t)msg);
	task = &t->tasks[pidx]; /* the add may have moved the array */
	tgid = child->tid;
	trace_proc_status(t, child->tid, &tgid, &nspid);
	thread = tgid != child->tid;
	child->tgid = thread ? task->tgid : child->tid;
	child->ns_tid = nspid;
	trace_proc_adopt(t, task, child, thread);
	if (task->role == TRACE_ROLE_PROGRAM) {
		ev = trace_event_new(t, task, CALL_FORK);
		ev->child_pid = thread ? nspid : t->rec->processes[child->proc].pid;
		ev->result = ev->child_pid;
		ev->clone_vm = event == PTRACE_EVENT_VFORK || (flags & CLONE_VM);
		ev->clone_thread = thread;
		ev->clone_flags = (unsigned long long)flags;
	}
	if (child->held) {
		child->held = false;
		trace_resume(t, child, 0);
	}
	if (trace_proc_program_tasks(t) > t->cfg.processes)
		trace_stop(t, RUN_PROCESS_LIMIT,
			   W_N("more than %u process alive at once",
			       "more than %u processes alive at once", t->cfg.processes),
			   t->cfg.processes);
	trace_resume(t, task, 0);
}

/* Basename of /proc/<tid>/exe, owned by the caller: what runs now (for a
 * script, its interpreter; through a symlink, the real file). */
/*
 * /proc/<tid>/exe and /proc/<tid>/maps need the ptrace access check with the
 * file-system uid: the same uid as the task, or CAP_SYS_PTRACE. Root in a
 * Docker container has no CAP_SYS_PTRACE and its programs are another uid:
 * there the file is opened again with the task's uid as fsuid (CAP_SETUID).
 * The fsuid is the tracer's own again before this returns.
 */
int trace_proc_become(pid_t tid, struct trace_proc_fsids *old)
{
	char path[64];
	struct stat st;
	int err = errno;

	if (geteuid() != 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d", (int)tid);
	if (stat(path, &st) < 0 || st.st_uid == 0) {
		errno = err;
		return -1;
	}
	old->dumpable = prctl(PR_GET_DUMPABLE);
	old->gid = (gid_t)setfsgid(st.st_gid);
	old->uid = (uid_t)setfsuid(st.st_uid);
	return 0;
}

void trace_proc_restore(const struct trace_proc_fsids *old)
{
	int err = errno;

	setfsuid(old->uid);
	setfsgid(old->gid);
	/* A change of fsuid makes the process non-dumpable, and so would
	 * every launcher it forks later: those could not be traced. */
	if (old->dumpable >= 0)
		prctl(PR_SET_DUMPABLE, old->dumpable);
	errno = err;
}

int trace_proc_open(pid_t tid, const char *name)
{
	struct trace_proc_fsids old;
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)tid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 || (errno != EACCES && errno != EPERM) || trace_proc_become(tid, &old) < 0)
		return fd;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	trace_proc_restore(&old);
	return fd;
}

static char *trace_proc_exe_name(pid_t tid)
{
	char path[64], target[PATH_MAX];
	const char *base;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)tid);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0 && (errno == EACCES || errno == EPERM) &&
	    (fd = trace_proc_open(tid, "exe")) >= 0) {
		/* Opened as the task: the link of our own fd names the file. */
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n = readlink(path, target, sizeof(target) - 1);
		close(fd);
	}
	if (n < 0)
		return xstrdup("?");
	target[n] = '\0';
	base = strrchr(target, '/');
	return xstrdup(base ? base + 1 : target);
}

void trace_proc_exec(struct trace *t, struct trace_task *task)
{
	struct trace_task *former;
	unsigned long msg = 0;
	pid_t tid = task->tid;
	struct process *p;
	struct event *ev;
	char *name;

	/* A non-leader thread that execs takes the leader's tid; its old tid
	 * never reports again. */
	if (ptrace(PTRACE_GETEVENTMSG, tid, NULL, &msg) == 0 && (pid_t)msg != tid &&
	    (former = trace_task_find(t, (pid_t)msg)) != NULL) {
		trace_proc_task_remove(t, former);
		task = trace_task_find(t, tid);
	}
	if (!task || task->proc < 0) {
		if (task)
			trace_resume(t, task, 0);
		return;
	}
	trace_inject_forget(t, task->tgid);
	name = trace_proc_exe_name(tid);
	p = &t->rec->processes[task->proc];
	free(p->comm);
	p->comm = xstrdup(name);
	if (task->role == TRACE_ROLE_SETUP) {
		/* The harness's own exec of the program: not the program's event. */
		task->role = TRACE_ROLE_PROGRAM;
		free(name);
	} else if (!trace_exec_allowed(t, tid)) {
		trace_exec_refuse(t, task, name);
	} else {
		ev = trace_event_new(t, task, CALL_EXEC);
		ev->args[0].name = "filename";
		ev->args[0].kind = ARG_STR;
		ev->args[0].str = name;
		ev->nargs = 1;
	}
	trace_resume(t, task, 0);
}

/* Segments still mapped: "/SYSV" lines of /proc/<tid>/maps, whose inode
 * column is the shmid. Adjacent pieces of one attachment count once. */
static void trace_proc_maps(struct process *p, pid_t tid)
{
	unsigned long start, end, prev_end = 0;
	char line[512], name[256];
	unsigned long inode;
	int prev_id = -1, fd;
	FILE *f;

	fd = trace_proc_open(tid, "maps");
	f = fd >= 0 ? fdopen(fd, "re") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return;
	}
	free(p->attached_at_exit); /* the latest look wins */
	p->attached_at_exit = NULL;
	p->nattached_at_exit = 0;
	while (fgets(line, sizeof(line), f)) {
		name[0] = '\0';
		if (sscanf(line, "%lx-%lx %*s %*s %*s %lu %255s", &start, &end, &inode, name) < 3)
			continue;
		if (strncmp(name, "/SYSV", 5) != 0)
			continue;
		if ((int)inode == prev_id && start == prev_end) {
			prev_end = end;
			continue;
		}
		p->attached_at_exit =
			xrealloc(p->attached_at_exit, p->nattached_at_exit + 1, sizeof(int));
		p->attached_at_exit[p->nattached_at_exit++] = (int)inode;
		prev_id = (int)inode;
		prev_end = end;
	}
	fclose(f);
}

/*
 * The run is about to kill these processes. A process killed by SIGKILL
 * does not stop at PTRACE_EVENT_EXIT (Linux >= 5.?), so what it still has
 * attached is read now, once per process; its tasks are then "exiting".
 */
void trace_proc_snapshot(struct trace *t)
{
	struct trace_task *task;
	size_t i, k;

	for (i = 0; i < t->ntasks; i++) {
		task = &t->tasks[i];
		if (task->role != TRACE_ROLE_PROGRAM || task->exiting || task->proc < 0)
			continue;
		trace_proc_maps(&t->rec->processes[task->proc], task->tid);
		trace_data_read(t, task, 0, true);
		for (k = 0; k < t->ntasks; k++)
			if (t->tasks[k].tgid == task->tgid)
				t->tasks[k].exiting = true;
	}
}

void trace_proc_exit_stop(struct trace *t, struct trace_task *task)
{
	size_t i;

	task->exiting = true;
	trace_sched_exit(t, task);
	if (task->proc >= 0 && task->role == TRACE_ROLE_PROGRAM) {
		for (i = 0; i < t->ntasks; i++)
			if (t->tasks[i].tgid == task->tgid && !t->tasks[i].exiting)
				break;
		/* The last thread: the memory map is still intact here. */
		if (i == t->ntasks) {
			trace_proc_maps(&t->rec->processes[task->proc], task->tid);
			trace_data_read(t, task, 0, true);
		}
	}
	trace_resume(t, task, 0);
}

/* A process ended: its exit event, and its live children become orphans. */
static void trace_proc_ended(struct trace *t, const struct trace_task *task, int status)
{
	struct process *p = &t->rec->processes[task->proc];
	struct event *ev;
	size_t i;

	p->exited = true;
	p->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	p->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	/* When the run is being killed, everything dies at once in no
	 * particular order: nobody is orphaned by that. */
	for (i = 0; i < t->rec->nprocesses && !t->killing; i++)
		if (t->proc_parent[i] == task->proc && !t->rec->processes[i].exited)
			t->rec->processes[i].orphaned = true;
	if (task->role != TRACE_ROLE_PROGRAM)
		return; /* never became the program (exec failed) */
	ev = trace_event_new(t, task, CALL_EXIT);
	ev->exit_code = p->exit_code;
	ev->signal = p->signal;
}

/*
 * A task held for its parent's fork event whose parent died first (killed
 * by a sibling between the fork and its report) would wait forever. A
 * parent reports its fork within microseconds of the child's first stop:
 * a task held for a second is adopted as an orphan of the last program
 * started, and runs.
 */
void trace_proc_adopt_orphans(struct trace *t)
{
	struct trace_task *task;
	pid_t tgid, nspid = 0;
	size_t i;

	for (i = 0; i < t->ntasks; i++) {
		task = &t->tasks[i];
		if (!task->held || task->role != TRACE_ROLE_UNKNOWN ||
		    trace_now_us(t) - task->held_us < 1000000)
			continue;
		tgid = task->tid;
		trace_proc_status(t, task->tid, &tgid, &nspid);
		task->ns_tid = nspid;
		task->role = TRACE_ROLE_PROGRAM;
		task->held = false;
		task->proc =
			trace_proc_new(t, task->tid, nspid, trace_ns_pid(t, t->init),
				       t->programs_started > 0 ? t->programs_started - 1 : 0, -1);
		t->rec->processes[task->proc].orphaned = true;
		trace_resume(t, &t->tasks[i], 0);
	}
}

void trace_proc_reaped(struct trace *t, struct trace_task *task, int status)
{
	struct event *ev;
	long k = task->in_call ? task->ev : task->restart_ev;

	if (k >= 0) {
		/* Killed inside the call (blocked in msgrcv or semop, most
		 * often), or between a signal and the call's restart: it never
		 * returned, and no errno was ever given to the program. */
		ev = &t->rec->events[k];
		ev->ret_seq = ev->seq_at_return = 0;
		ev->t_exit_us = trace_now_us(t);
		ev->result = -1;
		ev->err = 0;
		ev->blocked = true;
		/* Blocked in wait when the run was stopped: its children
		 * are not charged to it (children_waited). */
		if (t->killing && record_is_wait(ev->call) && task->proc >= 0)
			t->rec->processes[task->proc].waiting_when_killed = true;
	}
	switch (task->role) {
	case TRACE_ROLE_LAUNCHER: t->launcher_reaped = true; break;
	case TRACE_ROLE_INIT: t->init_reaped = true; break;
	default:
		if (task->proc >= 0 && task->tid == task->tgid)
			trace_proc_ended(t, task, status);
	}
	trace_proc_task_remove(t, task);
}
