/*
 * trace_pid.h - fallback mode: may a program's call aimed at another
 * process (kill, tgkill, pidfd_open, process_vm_readv, prlimit64, ...: see
 * filter.c's filter_pid_calls) run? Internal to the tracer.
 */
#ifndef HARNESS_TRACE_PID_H
#define HARNESS_TRACE_PID_H

#include <stdbool.h>
#include <sys/types.h>

#include "harness/trace_proc.h"

/*
 * Whether the call nr (audit arch arch, arguments args) that task stopped
 * in aims only at the run's own processes: a pid (or process group) of one
 * of the run's programs, 0 (the caller's own group, which only the run's
 * processes can be in: each program starts its own session), or a pidfd of
 * one. Everything else (the grader, init, the user's shell, kill(-1), an
 * fd that cannot be resolved) is not.
 */
bool trace_pid_allowed(struct trace *t, const struct trace_task *task, unsigned arch, long long nr,
		       const unsigned long long *args);

#endif /* HARNESS_TRACE_PID_H */
