/*
 * trace_restart.c - interrupted calls restarted as untraced (see
 * trace_restart.h for why).
 */
#include "harness/trace_restart.h"
#include "harness/trace_sched.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>

/* The kernel's restart codes (include/linux/errno.h). */
#define RESTART_SYS 512
#define RESTART_NOINTR 513
#define RESTART_NOHAND 514
#define RESTART_BLOCK 516

struct trace_restart_sigs {
	uint64_t pending, blocked, ignored, caught;
};

/* The signal masks of a task from /proc/<tid>/status. Returns 0 or -1. */
static int trace_restart_read_sigs(pid_t tid, struct trace_restart_sigs *s)
{
	char path[64], line[256];
	unsigned long long v;
	FILE *f;

	memset(s, 0, sizeof(*s));
	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strlen(line) < 8 || sscanf(line + 7, "%llx", &v) != 1)
			continue;
		if (!strncmp(line, "SigPnd:", 7) || !strncmp(line, "ShdPnd:", 7))
			s->pending |= v;
		else if (!strncmp(line, "SigBlk:", 7))
			s->blocked = v;
		else if (!strncmp(line, "SigIgn:", 7))
			s->ignored = v;
		else if (!strncmp(line, "SigCgt:", 7))
			s->caught = v;
	}
	fclose(f);
	return 0;
}

#define SIGBIT(sig) (1ULL << ((sig)-1))

/* Would every signal pending for tid have been dropped untraced (or is
 * it the scheduler's, trace_sched.h)? Those set
 * to SIG_IGN, and those whose default action is to ignore (the kernel's
 * sig_kernel_ignore set) when the program has no handler for them. */
static bool trace_restart_only_ignored(const struct trace *t, pid_t tid)
{
	const uint64_t dfl_ignore =
		SIGBIT(SIGCHLD) | SIGBIT(SIGCONT) | SIGBIT(SIGURG) | SIGBIT(SIGWINCH);
	/* The perturbing scheduler's slice signal is never delivered. */
	const uint64_t ours = t->sched ? SIGBIT(TRACE_SCHED_SIGNAL) : 0;
	struct trace_restart_sigs s;
	uint64_t pending;

	if (trace_restart_read_sigs(tid, &s) < 0)
		return false;
	pending = s.pending & ~s.blocked;
	return pending && !(pending & ~(s.ignored | ((dfl_ignore | ours) & ~s.caught)));
}

/* Write len bytes to the tracee (whole words: len is 8 or 16). */
static int trace_restart_poke(pid_t tid, unsigned long long addr, const unsigned char *buf,
			      unsigned len)
{
	unsigned i;
	long word;

	for (i = 0; i < len; i += sizeof(long)) {
		memcpy(&word, buf + i, sizeof(long));
		if (ptrace(PTRACE_POKEDATA, tid, (void *)(unsigned long)(addr + i), (void *)word) <
		    0)
			return -1;
	}
	return 0;
}

static int trace_restart_peek(pid_t tid, unsigned long long addr, unsigned char *buf, unsigned len)
{
	unsigned i;
	long word;

	for (i = 0; i < len; i += sizeof(long)) {
		errno = 0;
		word = ptrace(PTRACE_PEEKDATA, tid, (void *)(unsigned long)(addr + i), NULL);
		if (errno)
			return -1;
		memcpy(buf + i, &word, sizeof(long));
	}
	return 0;
}

/* Put back the program's own timespec, if it was rewritten. */
static void trace_restart_ts_restore(struct trace_task *task)
{
	if (task->ts_addr)
		trace_restart_poke(task->tid, task->ts_addr, task->ts_orig, task->ts_len);
	task->ts_addr = 0;
}

static void trace_restart_forget(struct trace_task *task)
{
	trace_restart_ts_restore(task);
	task->restart_ev = -1;
}

bool trace_restart_entry(struct trace *t, struct trace_task *task,
			 const struct __ptrace_syscall_info *si)
{
	size_t i;

	if (task->restart_ev < 0)
		return false;
	if ((long long)si->seccomp.nr != task->entry_nr ||
	    si->instruction_pointer != task->entry_ip || si->stack_pointer != task->entry_sp)
		goto other;
	for (i = 0; i < 6; i++)
		if (si->seccomp.args[i] != task->entry_args[i])
			goto other;
	task->in_call = true;
	task->ev = task->restart_ev;
	task->restart_ev = -1;
	(void)t;
	return true;
other:
	trace_restart_forget(task);
	return false;
}

void trace_restart_note(struct trace_task *task, const struct __ptrace_syscall_info *si)
{
	size_t i;

	task->entry_nr = (long long)si->seccomp.nr;
	task->entry_ip = si->instruction_pointer;
	task->entry_sp = si->stack_pointer;
	for (i = 0; i < 6; i++)
		task->entry_args[i] = si->seccomp.args[i];
}

/*
 * semtimedop's timeout is relative to the call: the restarted call gets
 * what is left of it (none left: a zero timeout, which makes the kernel
 * try once and fail with EAGAIN, as the untraced call would have).
 */
static void trace_restart_timeout(struct trace *t, struct trace_task *task, const struct event *ev)
{
	unsigned long long addr = ev->timeout;
	unsigned char cur[16];
	long long left_us, sec, nsec;
	int64_t ts64[2];
	int32_t ts32[2];

	if (ev->call != CALL_SEMTIMEDOP || !addr)
		return;
	if (!task->ts_addr) {
		task->ts_len = ev->ipc_mux ? 8 : 16;
		if (trace_restart_peek(task->tid, addr, task->ts_orig, task->ts_len) < 0)
			return;
		if (task->ts_len == 8) {
			memcpy(ts32, task->ts_orig, 8);
			sec = ts32[0], nsec = ts32[1];
		} else {
			memcpy(ts64, task->ts_orig, 16);
			sec = ts64[0], nsec = ts64[1];
		}
		task->ts_deadline_us = ev->t_us + sec * 1000000LL + nsec / 1000;
		task->ts_addr = addr;
	}
	left_us = task->ts_deadline_us - trace_now_us(t);
	if (left_us < 0)
		left_us = 0;
	memcpy(cur, task->ts_orig, sizeof(cur));
	if (task->ts_len == 8) {
		ts32[0] = (int32_t)(left_us / 1000000),
		ts32[1] = (int32_t)(left_us % 1000000 * 1000);
		memcpy(cur, ts32, 8);
	} else {
		ts64[0] = left_us / 1000000, ts64[1] = left_us % 1000000 * 1000;
		memcpy(cur, ts64, 16);
	}
	trace_restart_poke(task->tid, task->ts_addr, cur, task->ts_len);
}

/* Make the kernel restart the call unless a handler runs (-ERESTARTNOHAND
 * in rax at the syscall-exit stop). */
static int trace_restart_set_nohand(struct trace *t, const struct trace_task *task)
{
	struct user_regs_struct regs;

	if (ptrace(PTRACE_GETREGS, task->tid, NULL, &regs) < 0)
		return -1;
	regs.rax = (unsigned long long)(long long)-RESTART_NOHAND;
	if (ptrace(PTRACE_SETREGS, task->tid, NULL, &regs) < 0) {
		if (errno != ESRCH)
			t->errors++;
		return -1;
	}
	return 0;
}

/*
 * The perturbing scheduler's PTRACE_INTERRUPT can reach a task that is in
 * a ptrace stop at the entry of a call: the call then sleeps with the trap
 * pending and semop returns EINTR, which the program would never see
 * untraced. The syscall-exit stop consumed the trap, so the kernel would
 * not restart the call: it is run again by hand, as the kernel does
 * (rax = orig_rax, back over the 2-byte syscall or int $0x80). Not when a
 * signal the program catches is pending: its handler runs and EINTR is
 * real.
 */
static int trace_restart_rewind(struct trace *t, const struct trace_task *task)
{
	struct user_regs_struct regs;
	struct trace_restart_sigs s;

	if (trace_restart_read_sigs(task->tid, &s) < 0 || (s.pending & ~s.blocked & s.caught))
		return -1;
	if (ptrace(PTRACE_GETREGS, task->tid, NULL, &regs) < 0)
		return -1;
	regs.rax = regs.orig_rax;
	regs.rip -= 2;
	if (ptrace(PTRACE_SETREGS, task->tid, NULL, &regs) < 0) {
		if (errno != ESRCH)
			t->errors++;
		return -1;
	}
	return 0;
}

long long trace_restart_exit(struct trace *t, struct trace_task *task, struct event *ev,
			     long long rval)
{
	long long r = ev->compat32 ? (int32_t)(uint32_t)rval : rval;

	if (r <= -RESTART_SYS && r >= -RESTART_BLOCK) {
		task->restart_ev = (long)(ev - t->rec->events);
		task->restart_code = (int)-r;
		return -EINTR;
	}
	if (r == -EINTR && (ev->call == CALL_SEMOP || ev->call == CALL_SEMTIMEDOP) &&
	    trace_restart_only_ignored(t, task->tid) && trace_restart_set_nohand(t, task) == 0) {
		trace_restart_timeout(t, task, ev);
		task->restart_ev = (long)(ev - t->rec->events);
		task->restart_code = RESTART_NOHAND;
		return -EINTR;
	}
	if (r == -EINTR && (ev->call == CALL_SEMOP || ev->call == CALL_SEMTIMEDOP) &&
	    trace_sched_interrupting(t, task) && trace_restart_rewind(t, task) == 0) {
		trace_restart_timeout(t, task, ev);
		task->restart_ev = (long)(ev - t->rec->events);
		task->restart_code = RESTART_NOINTR;
		return -EINTR;
	}
	trace_restart_ts_restore(task);
	return rval;
}

void trace_restart_signal(struct trace *t, struct trace_task *task, int sig)
{
	struct trace_restart_sigs s;

	(void)t;
	if (task->restart_ev < 0 || task->restart_code == RESTART_SYS ||
	    task->restart_code == RESTART_NOINTR || sig < 1 || sig > 64)
		return;
	/* A handler runs: -ERESTARTNOHAND (and a restart block) become EINTR. */
	if (trace_restart_read_sigs(task->tid, &s) == 0 && (s.caught & SIGBIT(sig)))
		trace_restart_forget(task);
}
