/*
 * trace_reap.c - the wait calls of the programs (trace_reap.h).
 *
 * glibc's wait() and waitpid() are wait4 on x86_64; i386 has waitpid of
 * its own too. A call reaps a child when it returns its pid for a child
 * that ended (not one that stopped or continued: WUNTRACED, WCONTINUED)
 * and waitid was not given WNOWAIT.
 */
#include "harness/trace_reap.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "harness/decode.h"
#include "harness/filter.h"
#include "harness/trace_restart.h"

/* Read len bytes of the tracee; 0 or -1. */
static int trace_reap_read(pid_t tid, unsigned long long addr, void *buf, size_t len)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(unsigned long)addr, len };

	return addr && process_vm_readv(tid, &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -1;
}

static enum ipc_call trace_reap_call(unsigned arch, long long nr)
{
	char *name = filter_syscall_name(arch, nr);
	enum ipc_call call = CALL_WAIT4;

	if (name && !strcmp(name, "waitid"))
		call = CALL_WAITID;
	else if (name && !strcmp(name, "waitpid"))
		call = CALL_WAITPID;
	free(name);
	return call;
}

void trace_reap_entry(struct trace *t, struct trace_task *task,
		      const struct __ptrace_syscall_info *si)
{
	unsigned long long args[6];
	struct event *ev;
	size_t i;

	if (trace_restart_entry(t, task, si)) {
		trace_resume(t, task, 0);
		return;
	}
	if (trace_full(t))
		return; /* left stopped: the run was stopped */
	ev = trace_event_new(t, task, trace_reap_call(si->arch, (long long)si->seccomp.nr));
	for (i = 0; i < 6; i++)
		args[i] = (unsigned long long)si->seccomp.args[i];
	decode_wait_entry(ev, ev->call, si->arch, args);
	ev->child_pid = 0;
	task->in_call = true;
	task->ev = (long)(ev - t->rec->events);
	trace_restart_note(task, si);
	trace_resume(t, task, 0);
}

/* waitid's siginfo: si_code at 8, si_pid and si_status after the union's
 * alignment (16 on x86_64, 12 for i386 programs; x32 is not told apart). */
static void trace_reap_siginfo(const struct trace_task *task, struct event *ev)
{
	unsigned long long infop = ev->addr;
	size_t off = ev->compat32 ? 12 : 16;
	unsigned char si[32];
	int32_t code, pid, status;

	if (trace_reap_read(task->tid, infop, si, sizeof(si)) < 0)
		return;
	memcpy(&code, si + 8, 4);
	memcpy(&pid, si + off, 4);
	memcpy(&status, si + off + 8, 4);
	if (pid <= 0)
		return; /* WNOHANG and nothing ready */
	ev->child_pid = pid;
	ev->reaped = !(ev->wait_options & WNOWAIT) && code >= CLD_EXITED && code <= CLD_DUMPED;
	ev->exit_code = code == CLD_EXITED ? status : -1;
	ev->signal = code == CLD_EXITED ? 0 : status;
}

/* wait4/waitpid: the status word says how the child ended, if it did. */
static void trace_reap_status(struct trace *t, const struct trace_task *task, struct event *ev)
{
	unsigned long long opts = ev->call == CALL_WAITID ? 0 : ev->wait_options;
	const struct process *p = NULL;
	int32_t st = 0; /* reap_read fills it; 0 keeps cppcheck sure of it */
	size_t i;

	ev->child_pid = (pid_t)ev->result;
	if (trace_reap_read(task->tid, ev->addr, &st, sizeof(st)) == 0) {
		ev->reaped = !WIFSTOPPED(st) && !WIFCONTINUED(st);
		ev->exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		ev->signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
		return;
	}
	/* No status word: a child that ended is gone from the run already
	 * (its tracer, us, saw its exit before its parent could reap it). */
	for (i = t->rec->nprocesses; i-- > 0 && !p;)
		if (t->rec->processes[i].pid == ev->child_pid)
			p = &t->rec->processes[i];
	ev->reaped = !(opts & (WUNTRACED | WCONTINUED)) || (p && p->exited);
	ev->exit_code = p ? p->exit_code : -1;
	ev->signal = p ? p->signal : 0;
}

void trace_reap_exit(struct trace *t, struct trace_task *task, struct event *ev, long long rval)
{
	if (ev->compat32)
		rval = (int32_t)(uint32_t)rval;
	ev->reaped = false;
	ev->child_pid = 0;
	if (rval < 0 && rval >= -4095) {
		ev->result = -1;
		ev->err = (int)-rval;
		return;
	}
	ev->result = rval;
	ev->err = 0;
	if (ev->call == CALL_WAITID)
		trace_reap_siginfo(task, ev);
	else if (rval > 0)
		trace_reap_status(t, task, ev);
}
