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
 *   signal-delivery stops: the signal is re-injected.
 *   PTRACE_EVENT_STOP (the tracer uses PTRACE_SEIZE): a new task's first
 *     stop (resumed), a group-stop (kept with PTRACE_LISTEN), the end of one.
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
#include <sched.h>
#include <sys/ipc.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "harness/decode.h"
#include "harness/filter.h"
#include "harness/trace_inject.h"
#include "harness/trace_data.h"
#include "harness/trace_exec.h"
#include "harness/trace_kernel.h"
#include "harness/trace_pid.h"
#include "harness/trace_proc.h"
#include "harness/record_reap.h"
#include "harness/trace_reap.h"
#include "harness/trace_restart.h"
#include "harness/trace_sched.h"
#include "harness/trace_shm.h"
#include "harness/words.h"
#include "util/xalloc.h"
#include "util/util.h"

#ifndef AUDIT_ARCH_I386
#define AUDIT_ARCH_I386 0x40000003U
#endif

/* Events one run may record (about 300 bytes each), of every kind: IPC
 * calls, refused calls, fork, exec and exit. */
#define TRACE_MAX_EVENTS 200000

struct trace *trace_new(const struct trace_config *cfg)
{
	struct trace *t = xcalloc(1, sizeof(*t));

	t->cfg = *cfg;
	t->rec = cfg->rec;
	t->idle_since_us = -1;
	if (cfg->perturb)
		t->sched = trace_sched_new(cfg->seed);
	return t;
}

void trace_free(struct trace *t)
{
	if (!t)
		return;
	free(t->tasks);
	free(t->segs);
	free(t->proc_parent);
	trace_inject_free(t);
	trace_sched_free(t->sched);
	free(t);
}

int trace_attach(struct trace *t, pid_t launcher)
{
	long opts = PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK |
		    PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC |
		    PTRACE_O_TRACEEXIT | PTRACE_O_TRACESECCOMP;
	struct trace_task *task;

	/* In the table first: whatever fails, trace_kill() and trace_wait()
	 * reach it (waiting by pid works for our own child, traced or not). */
	t->launcher = launcher;
	task = trace_task_add(t, launcher);
	task->role = TRACE_ROLE_LAUNCHER;
	task->seen = true; /* PTRACE_SEIZE does not stop it */
	return (int)ptrace(PTRACE_SEIZE, launcher, NULL, (void *)opts);
}

void trace_set_kstat(struct trace *t, struct kstat *k)
{
	t->cfg.kstat = k;
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

void trace_note_pre(struct trace *t, int shmid, long long key, unsigned long long size)
{
	trace_shm_note_pre(t, shmid, key, size);
}

long long trace_wake_us(const struct trace *t)
{
	return trace_sched_wait_us(t);
}

long long trace_cpu_wait_us(const struct trace *t)
{
	return trace_sched_cpu_wait_us(t);
}

void trace_schedule_stats(const struct trace *t, unsigned long *preemptions,
			  unsigned long *switches, int *cpu)
{
	trace_sched_stats(t, preemptions, switches, cpu);
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
		msg = xvasprintf(fmt, ap);
		record_set_message(t->rec, "%s", msg);
		free(msg);
		va_end(ap);
	}
	trace_kill(t);
}

/* Should this task get SIGKILL now? Each process is best reaped by its own
 * parent, or its zombie goes to the host's pid 1:
 * - namespace mode: init first (the kernel then kills and reaps the whole
 *   PID namespace, a setsid double-forked daemon too), everything else as
 *   well, the launcher once init is gone (it reaps init and exits);
 * - fallback mode: the programs, which init (their subreaper) reaps; init
 *   then runs out of programs (any it still starts dies at its first stop)
 *   and exits by itself. Only if it has not a second after its last
 *   program task went is it killed too. The launcher after init.
 */
static bool trace_kill_now(const struct trace *t, const struct trace_task *task)
{
	bool init_alive = t->init > 0 && !t->init_reaped;

	switch (task->role) {
	case TRACE_ROLE_LAUNCHER: return !init_alive;
	case TRACE_ROLE_INIT:
		return t->cfg.namespaces ||
		       (t->idle_since_us >= 0 && trace_now_us(t) - t->idle_since_us > 1000000);
	default: return true;
	}
}

void trace_kill(struct trace *t)
{
	unsigned programs = 0;
	size_t i;

	if (!t->killing)
		trace_proc_snapshot(t);
	t->killing = true;
	for (i = 0; i < t->ntasks; i++)
		programs += t->tasks[i].role != TRACE_ROLE_LAUNCHER &&
			    t->tasks[i].role != TRACE_ROLE_INIT;
	if (programs)
		t->idle_since_us = -1;
	else if (t->idle_since_us < 0)
		t->idle_since_us = trace_now_us(t);
	/* A task stays in the table until reaped: its pid cannot be reused
	 * under our feet. */
	for (i = 0; i < t->ntasks; i++)
		if (trace_kill_now(t, &t->tasks[i]))
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

/* Resume a stopped task, unless the perturbing scheduler holds it. */
void trace_resume(struct trace *t, struct trace_task *task, int sig)
{
	if (t->sched && sig == 0 && task->role == TRACE_ROLE_PROGRAM && trace_sched_hold(t, task))
		return;
	trace_resume_now(t, task, sig);
}

/* A task that died meanwhile (ESRCH) is fine. */
void trace_resume_now(struct trace *t, struct trace_task *task, int sig)
{
	enum __ptrace_request req = task->in_call ? PTRACE_SYSCALL : PTRACE_CONT;

	if (ptrace(req, task->tid, NULL, (void *)(long)sig) < 0 && errno != ESRCH)
		t->errors++;
}

long long trace_now_us(const struct trace *t)
{
	return (util_monotonic_ns() - t->cfg.start_ns) / 1000;
}

/*
 * process_vm_readv needs the ptrace access check (same uid, or
 * CAP_SYS_PTRACE): root in a Docker container tracing its programs' uid
 * 65534 has neither. The tracer of a stopped tracee may always peek.
 */
static int trace_peek_mem(pid_t tid, unsigned long long addr, void *buf, size_t len)
{
	unsigned long long word_addr = addr & ~(unsigned long long)(sizeof(long) - 1);
	char *out = buf;
	size_t done = 0;

	if (len > 1 << 20)
		return -1;
	while (done < len) {
		size_t off = (size_t)(addr + done - word_addr), n;
		long word;

		errno = 0;
		word = ptrace(PTRACE_PEEKDATA, tid, (void *)(unsigned long)word_addr, NULL);
		if (word == -1 && errno)
			return -1;
		n = sizeof(word) - off < len - done ? sizeof(word) - off : len - done;
		memcpy(out + done, (char *)&word + off, n);
		done += n;
		word_addr += sizeof(word);
	}
	return 0;
}

/* decode_read_fn: ctx points at the host tid. */
static int trace_read_mem(void *ctx, unsigned long long addr, void *buf, size_t len)
{
	pid_t pid = *(pid_t *)ctx;
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(unsigned long)addr, len };

	if (process_vm_readv(pid, &local, 1, &remote, 1, 0) == (ssize_t)len)
		return 0;
	return trace_peek_mem(pid, addr, buf, len);
}

/* Is the trace full? Then the run ends (output_limit): a program looping
 * on any call we record (a refused one, fork and exit) would otherwise
 * grow the record, and the grader, without end. */
bool trace_full(struct trace *t)
{
	if (t->rec->nevents < TRACE_MAX_EVENTS)
		return false;
	trace_stop(t, RUN_OUTPUT_LIMIT, W_("more than %d events: the trace is full"),
		   TRACE_MAX_EVENTS);
	return true;
}

/* A new event of task, with seq, time and pids filled. Past the cap the
 * run is being killed: the few events its dying processes still make
 * (their exits, bounded by the process limit) are kept. */
struct event *trace_event_new(struct trace *t, const struct trace_task *task, enum ipc_call call)
{
	struct event *ev;
	const struct process *p = task->proc >= 0 ? &t->rec->processes[task->proc] : NULL;

	trace_full(t);
	ev = record_event_add(t->rec);

	ev->seq = ++t->seq;
	ev->t_us = ev->t_exit_us = trace_now_us(t);
	ev->host_pid = task->tgid;
	ev->pid = p ? p->pid : task->ns_tid;
	ev->tid = task->ns_tid;
	ev->call = call;
	if (call != CALL_COUNT_)
		trace_event_returned(t, ev); /* fork, exec, exit, denied: at once */
	return ev;
}

void trace_event_returned(struct trace *t, struct event *ev)
{
	ev->ret_seq = ++t->ret_seq;
	ev->seq_at_return = t->seq;
}

/* At a seccomp stop: the kernel does not run the call (syscall number -1,
 * as strace's inject= does) and the program sees -err as its result. */
static void trace_skip_call(struct trace *t, struct trace_task *task, int err)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, task->tid, NULL, &regs) == 0) {
		regs.orig_rax = (unsigned long long)-1;
		regs.rax = (unsigned long long)(long long)-err;
		if (ptrace(PTRACE_SETREGS, task->tid, NULL, &regs) < 0 && errno != ESRCH)
			t->errors++;
	}
}

/* Fail the call at its seccomp stop as the kernel would (skipped: orig_rax
 * = -1, rax = -err), and complete its event with that result. */
static void trace_fail_call(struct trace *t, struct trace_task *task, struct event *ev, int err)
{
	pid_t tid = task->tid;

	trace_skip_call(t, task, err);
	decode_exit(ev, -err, trace_read_mem, &tid);
	trace_event_returned(t, ev);
	trace_resume(t, task, 0);
}

static void trace_ipc_entry(struct trace *t, struct trace_task *task,
			    const struct __ptrace_syscall_info *si)
{
	unsigned long long args[6];
	struct event *ev;
	pid_t tid = task->tid;
	int i, err;

	if (trace_restart_entry(t, task, si)) {
		trace_resume(t, task, 0); /* the interrupted call goes on */
		return;
	}
	if (trace_full(t))
		return; /* left stopped: trace_stop() killed the run */
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
	if (trace_inject_pick(t, task, ev, si->stack_pointer, trace_read_mem, &tid, &err)) {
		trace_fail_call(t, task, ev, err);
		return;
	}
	switch (trace_shm_check(t, ev, &err)) {
	case TRACE_SHM_KILL:
		ev->result = -1;
		ev->err = ENOMEM;
		return; /* left stopped: trace_stop() killed the run */
	case TRACE_SHM_FAIL: trace_fail_call(t, task, ev, err); return;
	default: break;
	}
	/* What the segment held, while it is still mapped. */
	if (ev->call == CALL_SHMDT)
		trace_data_read(t, task, ev->addr, false);
	else if (ev->call == CALL_SHMCTL)
		trace_data_read(t, task, 0, false);
	trace_kernel_entry(t, ev);
	task->in_call = true;
	task->ev = (long)(ev - t->rec->events);
	trace_restart_note(task, si);
	trace_resume(t, task, 0);
}

/* Skip a refused call: orig_rax = -1 makes the kernel not run it, and rax
 * (already -ENOSYS at this point) becomes the error the program sees. */
static void trace_deny(struct trace *t, struct trace_task *task,
		       const struct __ptrace_syscall_info *si, int err)
{
	struct event *ev;

	if (trace_full(t))
		return; /* left stopped: trace_stop() killed the run */
	ev = trace_event_new(t, task, CALL_DENIED);
	ev->compat32 = si->arch == AUDIT_ARCH_I386;
	ev->args[0].name = "syscall";
	ev->args[0].kind = ARG_STR;
	ev->args[0].num = (long long)si->seccomp.nr;
	ev->args[0].str = filter_syscall_name(si->arch, (long long)si->seccomp.nr);
	ev->nargs = 1;
	ev->result = -1;
	ev->err = err;
	t->rec->denied_calls++;
	trace_skip_call(t, task, err);
	trace_resume(t, task, 0);
}

/*
 * fork, vfork or clone of a process, when a fork injection asks (the
 * filter then stops them, FILTER_TAG_FORK): the picked one is skipped as
 * a refused call is, with the injected errno, and recorded as a fork that
 * failed; the others go on (their fork event comes from ptrace).
 */
static void trace_fork_entry(struct trace *t, struct trace_task *task,
			     const struct __ptrace_syscall_info *si)
{
	enum filter_fork kind = filter_fork_kind(si->arch, (long long)si->seccomp.nr);
	struct event probe, *ev;
	pid_t tid = task->tid;
	int err;

	memset(&probe, 0, sizeof(probe));
	probe.call = CALL_FORK;
	if (kind == FILTER_FORK_CLONE && filter_clone_refused(si->seccomp.args[0])) {
		trace_deny(t, task, si, EPERM);
		return;
	}
	if (!trace_inject_pick(t, task, &probe, si->stack_pointer, trace_read_mem, &tid, &err)) {
		trace_resume(t, task, 0);
		return;
	}
	if (trace_full(t))
		return; /* left stopped: trace_stop() killed the run */
	ev = trace_event_new(t, task, CALL_FORK);
	ev->compat32 = si->arch == AUDIT_ARCH_I386;
	ev->clone_vm = kind == FILTER_FORK_VFORK ||
		       (kind == FILTER_FORK_CLONE && (si->seccomp.args[0] & CLONE_VM));
	ev->result = -1;
	ev->err = err;
	ev->injected = true;
	trace_skip_call(t, task, err);
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
	case FILTER_TAG_PID:
		if (trace_pid_allowed(t, task, si.arch, (long long)si.seccomp.nr,
				      (const unsigned long long *)si.seccomp.args))
			trace_resume(t, task, 0);
		else
			trace_deny(t, task, &si, EPERM);
		break;
	case FILTER_TAG_WAIT: trace_reap_entry(t, task, &si); break;
	case FILTER_TAG_FORK: trace_fork_entry(t, task, &si); break;
	case FILTER_TAG_EXECMAP:
		if (trace_exec_map_allowed(t, task->tid, si.arch, (long long)si.seccomp.nr,
					   (const unsigned long long *)si.seccomp.args))
			trace_resume(t, task, 0);
		else
			trace_deny(t, task, &si, EACCES);
		break;
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
	ev = &t->rec->events[task->ev];
	rval = trace_restart_exit(t, task, ev, si.exit.rval);
	ev->t_exit_us = trace_now_us(t);
	trace_event_returned(t, ev);
	if (record_is_wait(ev->call)) {
		trace_reap_exit(t, task, ev, rval);
	} else {
		decode_exit(ev, rval, trace_read_mem, &tid);
		trace_kernel_exit(t, ev);
		trace_shm_note(t, ev);
	}
	if (t->cfg.created && ev->result >= 0 &&
	    (ev->call == CALL_SHMGET || ev->call == CALL_SEMGET || ev->call == CALL_MSGGET))
		t->cfg.created(t->cfg.created_arg, ev);
	task->in_call = false;
	task->ev = -1;
	trace_sched_returned(t, ev);
	trace_resume(t, task, 0);
}

/*
 * PTRACE_EVENT_STOP (PTRACE_SEIZE's stops): the first stop of a task
 * attached at its birth, a group-stop (SIGSTOP, SIGTSTP...: the task stays
 * stopped through PTRACE_LISTEN, so the program's own waitpid(WUNTRACED)
 * and SIGCONT work), or the wake-up of a listening task (resumed).
 */
static void trace_event_stop(struct trace *t, struct trace_task *task, int sig)
{
	if (!task->seen) {
		task->seen = true;
		if (task->role != TRACE_ROLE_UNKNOWN) {
			trace_resume(t, task, 0);
		} else {
			task->held = true; /* until its parent's fork event */
			task->held_us = trace_now_us(t);
		}
		return;
	}
	if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
		if (ptrace(PTRACE_LISTEN, task->tid, NULL, NULL) < 0 && errno != ESRCH)
			t->errors++;
		return;
	}
	trace_resume(t, task, 0);
}

static void trace_stopped(struct trace *t, struct trace_task *task, int status)
{
	int sig = WSTOPSIG(status);
	int event = (unsigned)status >> 16;
	bool preempted = trace_sched_stopped(t, task, event == PTRACE_EVENT_STOP && sig == SIGTRAP);

	if (t->killing && trace_kill_now(t, task)) {
		kill(task->tid, SIGKILL);
		trace_resume(t, task, 0);
		return;
	}
	if (sig == (SIGTRAP | 0x80)) {
		t->call_stops++;
		trace_syscall_exit(t, task);
		return;
	}
	switch (event) {
	case 0: /* signal-delivery-stop */
		if (sig == TRACE_SCHED_SIGNAL && trace_sched_signal(t, task)) {
			trace_resume(t, task, 0); /* a preemption: held */
			break;
		}
		trace_restart_signal(t, task, sig);
		trace_resume(t, task, sig);
		break;
	case PTRACE_EVENT_STOP:
		if (preempted && sig == SIGTRAP)
			trace_resume(t, task, 0); /* the scheduler holds it */
		else
			trace_event_stop(t, task, sig);
		break;
	case PTRACE_EVENT_SECCOMP:
		t->call_stops++;
		trace_seccomp_stop(t, task);
		break;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
		trace_data_read(t, task, 0, false); /* what the child starts with */
		trace_proc_fork(t, task, event);
		break;
	case PTRACE_EVENT_CLONE: trace_proc_fork(t, task, event); break;
	case PTRACE_EVENT_EXEC: trace_proc_exec(t, task); break;
	case PTRACE_EVENT_EXIT: trace_proc_exit_stop(t, task); break;
	default: trace_resume(t, task, 0);
	}
}

/*
 * Handle every wait status that is ready. waitpid(-1) is the only way to
 * learn of a task whose parent was killed before its fork event was
 * reported (a fork bomb being killed): per-pid waits would leave it
 * stopped, and its thread group or the PID namespace waiting for it. So
 * any child of the caller may be reaped here (run.h says so).
 */
int trace_wait(struct trace *t)
{
	unsigned long calls = t->call_stops;
	struct trace_task *task;
	pid_t pid;
	int st;

	for (;;) {
		pid = EINTR_RETRY(waitpid(-1, &st, __WALL | WNOHANG));
		if (pid == 0 || (pid < 0 && errno == ECHILD))
			break;
		if (pid < 0) {
			record_set_message(t->rec, "waitpid: %s", strerror(errno));
			return -1;
		}
		task = trace_task_find(t, pid);
		if (!task) {
			/* Not ours, or a new task killed before its parent's
			 * fork event was handled: remember it (see
			 * trace_proc_fork()). */
			if (WIFEXITED(st) || WIFSIGNALED(st)) {
				t->gone[t->ngone++ % TRACE_GONE] = pid;
				continue;
			}
			/* A new task stopped before its parent's fork event. */
			task = trace_task_add(t, pid);
		}
		if (WIFSTOPPED(st)) {
			trace_stopped(t, task, st);
		} else {
			trace_sched_forget(t, pid);
			trace_proc_reaped(t, task, st);
		}
	}
	trace_proc_adopt_orphans(t);
	trace_sched_tick(t);
	if (t->errors) {
		record_set_message(t->rec, "ptrace failed %u times", t->errors);
		return -1;
	}
	return (int)(t->call_stops - calls);
}
