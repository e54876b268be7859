/*
 * trace_sched_kernel.h - what the perturbing scheduler (trace_sched.c) asks
 * the kernel about a task, and which returned call may wake which blocked
 * one. Internal to harness/trace_sched*.c.
 *
 * A task's CPU time: the kernel adds up a running task's time only at its
 * scheduler ticks (every 4 ms with HZ=250), so /proc/<tid>/schedstat lags
 * a slice behind; a perf task-clock counter (perf_event_paranoid <= 2 lets
 * us count the tasks we trace) is read to the nanosecond. Without perf (a
 * container's seccomp profile), schedstat.
 */
#ifndef HARNESS_TRACE_SCHED_KERNEL_H
#define HARNESS_TRACE_SCHED_KERNEL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "harness/record.h"

/* Field k (0: time on the CPU, 1: time ready but waiting for a CPU) of a
 * schedstat file (path) or of tid's, in µs; -1 when it cannot be read. */
long long trace_sched_schedstat_us(const char *path, int k);
long long trace_sched_task_stat_us(pid_t tid, int k);

/* A perf task-clock counter of tid's CPU time, -1 without perf. With
 * signals, the end of each period (trace_sched_clock_arm) sends
 * TRACE_SCHED_SIGNAL to the task itself; without, it is only read. */
int trace_sched_clock_open(pid_t tid, bool signals);

/* A new period of slice_us of CPU time, from now, on fd (*period_ns: the
 * one set last, kept up to date). */
void trace_sched_clock_arm(int fd, uint64_t *period_ns, long long slice_us);

/* tid's CPU time in µs from fd (or, when fd < 0, schedstat); -1. */
long long trace_sched_clock_us(int fd, pid_t tid);

/* The state letter of /proc/<tid>/stat ('R' running or runnable, 'S' and
 * 'D' asleep, 't' stopped by us, 'Z' gone), or 0 when the task is gone. */
char trace_sched_state(pid_t tid);

/* Can the call done (returned) wake a task blocked in blocked? Semaphore
 * waits wake through their own set, message queues through their own
 * queue, wait() only through a child's end (trace_sched_forget). */
bool trace_sched_may_wake(const struct event *done, const struct event *blocked);

#endif /* HARNESS_TRACE_SCHED_KERNEL_H */
