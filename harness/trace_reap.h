/*
 * trace_reap.h - the wait calls of the programs (wait4, waitid, i386
 * waitpid): decoded into events that say which child each call reaped.
 * Internal to the tracer (trace.c); record_reap.h turns the events into
 * who reaped whom.
 */
#ifndef HARNESS_TRACE_REAP_H
#define HARNESS_TRACE_REAP_H

#include <sys/ptrace.h>

#include "harness/trace_proc.h"

/* At the seccomp stop of a wait call (FILTER_TAG_WAIT): its event, and
 * the task resumed to its exit stop. */
void trace_reap_entry(struct trace *t, struct trace_task *task,
		      const struct __ptrace_syscall_info *si);

/* At its syscall-exit stop: the result, and the child reaped (the status
 * read from the program's wstatus or siginfo). rval as recorded (the
 * kernel's restart codes already turned into -EINTR). */
void trace_reap_exit(struct trace *t, struct trace_task *task, struct event *ev, long long rval);

#endif /* HARNESS_TRACE_REAP_H */
