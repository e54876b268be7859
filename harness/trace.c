/*
 * trace.c - the ptrace loop (trace.h). Process bookkeeping (fork, exec,
 * exit, /proc parsing) is in trace_proc.c.
 *
 * Stops and what is done at each:
 *   seccomp stop (PTRACE_EVENT_SECCOMP): PTRACE_GET_SYSCALL_INFO gives arch,
 *     nr, args and the filter's tag. IPC calls are decoded and resumed with
 *     PTRACE_SYSCALL so that the next stop is their exit (Linux >= 4.8 puts
 *     the seccomp stop after syscall-entry). Refused calls get orig_rax = -1
 *     (skip) and rax = -errno, and are resumed with PTRACE_CONT.
 *   syscall-exit stop (SIGTRAP | 0x80): the return value, decode_exit.
 *   fork/vfork/clone, exec, exit events: trace_proc.c.
 *   signal-delivery stops: the signal is re-injected; group-stops (where
 *     PTRACE_GETSIGINFO fails) are resumed without a signal; the SIGSTOP
 *     every auto-attached child starts with is swallowed.
 * A task that is between the seccomp stop and the exit stop of a call is
 * always resumed with PTRACE_SYSCALL, whatever stop interrupted it.
 */
#include "harness/trace.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "harness/decode.h"
#include "harness/filter.h"
#include "harness/trace_proc.h"
#include "harness/xalloc.h"

#ifndef AUDIT_ARCH_I386
#define AUDIT_ARCH_I386 0x40000003U
#endif

/* Kernel-internal restart codes that can show at a syscall-exit stop. The
 * program sees EINTR or a restarted call (which is traced again). */
#define TRACE_ERESTARTSYS 512
#define TRACE_ERESTART_RESTARTBLOCK 516

int trace_me(void)
{
	return (int)ptrace(PTRACE_TRACEME, 0, NULL, NULL);
}

struct trace *trace_new(const struct trace_config *cfg)
{
	struct trace *t = xcalloc(1, sizeof(*t));

	t->cfg = *cfg;
	t->rec = cfg->rec;
	return t;
}

void trace_free(struct trace *t)
{
	if (!t)
		return;
	free(t->tasks);
	free(t->segs);
	free(t->proc_parent);
	free(t);
}

int trace_attach(struct trace *t, pid_t launcher)
{
	long opts = PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK |
		    PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC |
		    PTRACE_O_TRACEEXIT | PTRACE_O_TRACESECCOMP;
	struct trace_task *task;
	int st;

	while (waitpid(launcher, &st, __WALL) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGSTOP) {
		errno = ECHILD;
		return -1;
	}
	if (ptrace(PTRACE_SETOPTIONS, launcher, NULL, (void *)opts) < 0)
		return -1;
	task = trace_task_add(t, launcher);
	task->role = TRACE_ROLE_LAUNCHER;
	task->tgid = launcher;
	task->seen = true;
	t->launcher = launcher;
	return (int)ptrace(PTRACE_CONT, launcher, NULL, NULL);
}

bool trace_done(const struct trace *t)
{
	return t->launcher_reaped && t->ntasks == 0;
}

enum run_status trace_status(const struct trace *t)
{
	return t->status;
}

bool trace_killing(const struct trace *t)
{
	return t->killing;
}

pid_t trace_init_pid(const struct trace *t)
{
	return t->init;
}

void trace_stop(struct trace *t, enum run_status status, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (t->status == RUN_OK) {
		t->status = status;
		va_start(ap, fmt);
		if (vasprintf(&msg, fmt, ap) >= 0) {
			record_set_message(t->rec, "%s", msg);
			free(msg);
		}
		va_end(ap);
	}
	trace_kill(t);
}

void trace_kill(struct trace *t)
{
	size_t i;

	if (!t->killing)
		trace_proc_snapshot(t);
	t->killing = true;
	/* Namespace mode: init's death makes the kernel kill the rest of the
	 * PID namespace (a setsid double-forked daemon too). Killing every
	 * known task as well costs nothing and covers fallback mode. A task
	 * stays in the table until reaped, so its pid cannot be reused yet. */
	if (t->init > 0 && !t->init_reaped)
		kill(t->init, SIGKILL);
	for (i = 0; i < t->ntasks; i++)
		kill(t->tasks[i].tid, SIGKILL);
}

void trace_kill_programs(struct trace *t)
{
	size_t i;

	trace_proc_snapshot(t);
	for (i = 0; i < t->ntasks; i++)
		if (t->tasks[i].role == TRACE_ROLE_PROGRAM)
			kill(t->tasks[i].tid, SIGKILL);
}

/* Resume a stopped task; a task that died meanwhile (ESRCH) is fine. */
void trace_resume(struct trace *t, struct trace_task *task, int sig)
{
	enum __ptrace_request req = task->in_call ? PTRACE_SYSCALL : PTRACE_CONT;

	if (ptrace(req, task->tid, NULL, (void *)(long)sig) < 0 && errno != ESRCH)
		t->errors++;
}

long long trace_now_us(const struct trace *t)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec - t->cfg.start.tv_sec) * 1000000LL +
	       (ts.tv_nsec - t->cfg.start.tv_nsec) / 1000;
}

/* decode_read_fn: ctx points at the host tid. */
static int trace_read_mem(void *ctx, unsigned long long addr, void *buf, size_t len)
{
	pid_t pid = *(pid_t *)ctx;
	struct iovec local = {buf, len};
	struct iovec remote = {(void *)(unsigned long)addr, len};

	return process_vm_readv(pid, &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -1;
}

/* A new event of task, with seq, time and pids filled. */
struct event *trace_event_new(struct trace *t, const struct trace_task *task, enum ipc_call call)
{
	struct event *ev = record_event_add(t->rec);
	const struct process *p = task->proc >= 0 ? &t->rec->processes[task->proc] : NULL;

	ev->seq = ++t->seq;
	ev->t_us = ev->t_exit_us = trace_now_us(t);
	ev->host_pid = task->tgid;
	ev->pid = p ? p->pid : task->ns_tid;
	ev->tid = task->ns_tid;
	ev->call = call;
	return ev;
}

/* SysV memory the run created and has not removed: shmid -> size. */
static unsigned long long trace_segs_total(const struct trace *t)
{
	unsigned long long sum = 0;
	size_t i;

	for (i = 0; i < t->nsegs; i++)
		sum += t->segs[i].size;
	return sum;
}

static void trace_segs_update(struct trace *t, const struct event *ev)
{
	size_t i;

	if (ev->result < 0)
		return;
	if (ev->call == CALL_SHMGET) {
		for (i = 0; i < t->nsegs; i++)
			if (t->segs[i].id == ev->result)
				return;
		t->segs = xrealloc(t->segs, t->nsegs + 1, sizeof(*t->segs));
		t->segs[t->nsegs].id = (int)ev->result;
		t->segs[t->nsegs].key = ev->raw[0];
		t->segs[t->nsegs++].size = (unsigned long long)ev->raw[1];
	} else if (ev->call == CALL_SHMCTL && (ev->raw[1] & 0xff) == IPC_RMID) {
		for (i = 0; i < t->nsegs; i++)
			if (t->segs[i].id == ev->raw[0])
				t->segs[i] = t->segs[--t->nsegs];
	}
}

/* A shmget that would go over the memory cap ends the run before it runs. */
static bool trace_over_memory(struct trace *t, const struct event *ev)
{
	unsigned long long size = (unsigned long long)ev->raw[1];
	size_t i;

	if (ev->call != CALL_SHMGET || !(ev->raw[2] & IPC_CREAT))
		return false;
	if (size <= t->cfg.mem_cap && trace_segs_total(t) + size <= t->cfg.mem_cap)
		return false;
	/* A key the run already made: the call opens it, no new memory. */
	for (i = 0; ev->raw[0] != IPC_PRIVATE && i < t->nsegs; i++)
		if (t->segs[i].key == ev->raw[0] && size <= t->segs[i].size)
			return false;
	trace_stop(t, RUN_MEMORY_LIMIT,
		   "shmget of %llu bytes goes over the memory limit (%llu MiB)", size,
		   t->cfg.mem_cap >> 20);
	return true;
}

static void trace_ipc_entry(struct trace *t, struct trace_task *task,
			    const struct __ptrace_syscall_info *si)
{
	unsigned long long args[6];
	struct event *ev;
	pid_t tid = task->tid;
	int i;

	for (i = 0; i < 6; i++)
		args[i] = si->seccomp.args[i];
	ev = trace_event_new(t, task, CALL_COUNT_);
	if (decode_entry(ev, si->arch, (long long)si->seccomp.nr, args, trace_read_mem, &tid) < 0) {
		/* Not an IPC call after all (cannot happen with our filter):
		 * forget the event and let the call run. */
		event_clear(ev);
		t->rec->nevents--;
		t->seq--;
		trace_resume(t, task, 0);
		return;
	}
	if (trace_over_memory(t, ev)) {
		ev->result = -1;
		ev->err = ENOMEM;
		return; /* left stopped: trace_stop() killed the run */
	}
	task->in_call = true;
	task->ev = (long)(ev - t->rec->events);
	trace_resume(t, task, 0);
}

/* Skip a refused call: orig_rax = -1 makes the kernel not run it, and rax
 * (already -ENOSYS at this point) becomes the error the program sees. */
static void trace_deny(struct trace *t, struct trace_task *task,
		       const struct __ptrace_syscall_info *si, int err)
{
	struct user_regs_struct regs;
	struct event *ev;
	int i;

	ev = trace_event_new(t, task, CALL_DENIED);
	ev->compat32 = si->arch == AUDIT_ARCH_I386;
	for (i = 0; i < 6; i++)
		ev->raw[i] = (long long)si->seccomp.args[i];
	ev->args[0].name = "syscall";
	ev->args[0].kind = ARG_STR;
	ev->args[0].num = (long long)si->seccomp.nr;
	ev->args[0].str = filter_syscall_name(si->arch, (long long)si->seccomp.nr);
	ev->nargs = 1;
	ev->result = -1;
	ev->err = err;
	t->rec->denied_calls++;
	if (ptrace(PTRACE_GETREGS, task->tid, NULL, &regs) == 0) {
		regs.orig_rax = (unsigned long long)-1;
		regs.rax = (unsigned long long)(long long)-err;
		if (ptrace(PTRACE_SETREGS, task->tid, NULL, &regs) < 0 && errno != ESRCH)
			t->errors++;
	}
	trace_resume(t, task, 0);
}

static void trace_seccomp_stop(struct trace *t, struct trace_task *task)
{
	struct __ptrace_syscall_info si;

	memset(&si, 0, sizeof(si));
	if (ptrace(PTRACE_GET_SYSCALL_INFO, task->tid, (void *)sizeof(si), &si) <= 0 ||
	    si.op != PTRACE_SYSCALL_INFO_SECCOMP) {
		trace_resume(t, task, 0);
		return;
	}
	if (task->role != TRACE_ROLE_PROGRAM && task->role != TRACE_ROLE_SETUP) {
		trace_resume(t, task, 0); /* the harness's own processes carry no filter */
		return;
	}
	switch (si.seccomp.ret_data) {
	case FILTER_TAG_IPC: trace_ipc_entry(t, task, &si); break;
	case FILTER_TAG_EPERM: trace_deny(t, task, &si, EPERM); break;
	case FILTER_TAG_ENOSYS: trace_deny(t, task, &si, ENOSYS); break;
	default: trace_resume(t, task, 0);
	}
}

static void trace_syscall_exit(struct trace *t, struct trace_task *task)
{
	struct __ptrace_syscall_info si;
	struct event *ev;
	long long rval;
	pid_t tid = task->tid;

	memset(&si, 0, sizeof(si));
	if (!task->in_call ||
	    ptrace(PTRACE_GET_SYSCALL_INFO, task->tid, (void *)sizeof(si), &si) <= 0 ||
	    si.op != PTRACE_SYSCALL_INFO_EXIT) {
		trace_resume(t, task, 0);
		return;
	}
	rval = si.exit.rval;
	if (rval <= -TRACE_ERESTARTSYS && rval >= -TRACE_ERESTART_RESTARTBLOCK)
		rval = -EINTR;
	ev = &t->rec->events[task->ev];
	ev->t_exit_us = trace_now_us(t);
	decode_exit(ev, rval, trace_read_mem, &tid);
	trace_segs_update(t, ev);
	task->in_call = false;
	task->ev = -1;
	trace_resume(t, task, 0);
}

static void trace_signal_stop(struct trace *t, struct trace_task *task, int sig)
{
	siginfo_t si;

	if (!task->seen) {
		/* The SIGSTOP an auto-attached child starts with. Until its
		 * parent's fork event told us who it is, it stays stopped. */
		task->seen = true;
		if (sig == SIGSTOP) {
			if (task->role != TRACE_ROLE_UNKNOWN)
				trace_resume(t, task, 0);
			else
				task->held = true;
			return;
		}
	}
	if (ptrace(PTRACE_GETSIGINFO, task->tid, NULL, &si) < 0) {
		trace_resume(t, task, 0); /* a group-stop: do not stay stopped */
		return;
	}
	trace_resume(t, task, sig);
}

static void trace_stopped(struct trace *t, struct trace_task *task, int status)
{
	int sig = WSTOPSIG(status);
	int event = (unsigned)status >> 16;

	if (t->killing) {
		kill(task->tid, SIGKILL);
		trace_resume(t, task, 0);
		return;
	}
	if (sig == (SIGTRAP | 0x80)) {
		trace_syscall_exit(t, task);
		return;
	}
	if (sig == SIGTRAP && event) {
		switch (event) {
		case PTRACE_EVENT_SECCOMP: trace_seccomp_stop(t, task); return;
		case PTRACE_EVENT_FORK:
		case PTRACE_EVENT_VFORK:
		case PTRACE_EVENT_CLONE: trace_proc_fork(t, task, event); return;
		case PTRACE_EVENT_EXEC: trace_proc_exec(t, task); return;
		case PTRACE_EVENT_EXIT: trace_proc_exit_stop(t, task); return;
		default: trace_resume(t, task, 0); return;
		}
	}
	trace_signal_stop(t, task, sig);
}

int trace_wait(struct trace *t)
{
	struct trace_task *task;
	pid_t pid;
	int st;

	for (;;) {
		pid = waitpid(-1, &st, __WALL | WNOHANG);
		if (pid == 0 || (pid < 0 && errno == ECHILD))
			break;
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			record_set_message(t->rec, "waitpid: %s", strerror(errno));
			return -1;
		}
		task = trace_task_find(t, pid);
		if (!task) {
			/* Not ours, or a new child killed before its parent's
			 * fork event was handled: remember it, see
			 * trace_proc_fork(). */
			if (WIFEXITED(st) || WIFSIGNALED(st)) {
				t->gone[t->ngone++ % 64] = pid;
				continue;
			}
			task = trace_task_add(t, pid); /* a new child, before its parent's event */
		}
		if (WIFSTOPPED(st))
			trace_stopped(t, task, st);
		else if (WIFEXITED(st) || WIFSIGNALED(st))
			trace_proc_reaped(t, task, st);
	}
	if (t->errors) {
		record_set_message(t->rec, "ptrace failed %u times", t->errors);
		return -1;
	}
	return 0;
}
