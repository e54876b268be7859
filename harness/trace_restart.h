/*
 * trace_restart.h - interrupted calls, as the program would see them
 * untraced. Internal to the tracer (trace.c).
 *
 * Under ptrace every signal wakes a task in an interruptible sleep, even
 * one the program ignores (SIGCHLD, SIGURG, SIGWINCH and SIGCONT by
 * default, or anything set to SIG_IGN): the kernel keeps it pending so the
 * tracer can see it (sig_ignored() in kernel/signal.c). Untraced, such a
 * signal is dropped and never interrupts anything.
 *   - Calls that end with -ERESTARTSYS/-ERESTARTNOHAND/-ERESTARTNOINTR
 *     (msgrcv, msgsnd, wait4, ...) are restarted by the kernel when no
 *     handler runs: the program sees nothing, but the tracer sees the call
 *     twice. The second entry continues the first one's event.
 *   - semop/semtimedop return -EINTR itself. When every pending signal is
 *     one the program ignores, the tracer turns that into -ERESTARTNOHAND,
 *     so the kernel restarts the call exactly as it would restart msgrcv
 *     (a handler still gets EINTR, as untraced), with what is left of
 *     semtimedop's timeout (written into the program's timespec for the
 *     restarted call and put back when it returns).
 * A restarted call is recognised by its entry: same system call, same
 * arguments, same instruction and stack pointers (a signal handler making
 * the same call runs on a deeper stack).
 */
#ifndef HARNESS_TRACE_RESTART_H
#define HARNESS_TRACE_RESTART_H

#include <sys/ptrace.h>
#include <stdbool.h>

#include "harness/trace_proc.h"

/* At an IPC seccomp stop: if this entry restarts the task's interrupted
 * call, make that call's event current again (task->in_call, task->ev) and
 * return true (the caller only resumes). Otherwise forget any pending
 * restart and return false. */
bool trace_restart_entry(struct trace *t, struct trace_task *task,
			 const struct __ptrace_syscall_info *si);

/* Remember where the call that task just entered was made (after
 * trace_restart_entry() returned false and its event was made). */
void trace_restart_note(struct trace_task *task, const struct __ptrace_syscall_info *si);

/* At the syscall-exit stop of the call of event ev with return value rval
 * (raw): arrange a restart where the program would not have been
 * interrupted untraced. Returns the value to record (-EINTR for the
 * kernel's restart codes: what a handler would see). */
long long trace_restart_exit(struct trace *t, struct trace_task *task, struct event *ev,
			     long long rval);

/* At a signal-delivery stop of task: a caught signal means the pending
 * call returns EINTR to the program (for -ERESTARTNOHAND). */
void trace_restart_signal(struct trace *t, struct trace_task *task, int sig);

#endif /* HARNESS_TRACE_RESTART_H */
