/*
 * trace_sched.h - the perturbing scheduler (--perturb, `schedule: perturb`):
 * internal to the tracer (trace.c). Nothing outside harness/trace*.c
 * includes it; the switch and the seed are in struct trace_config.
 *
 * Theory of operation. A race in a lab program shows only under some
 * orders of its processes' steps, and an idle machine with two CPUs picks
 * nearly the same order every time. Perturbation makes the tracer choose
 * the order, differently for every seed:
 *   - every program task of the run is pinned to one CPU (which one
 *     follows from the seed), so only one of them runs at a time;
 *   - a program task is held (left in its ptrace stop) at every stop the
 *     tracer sees: the entry and the exit of each IPC call, fork (parent
 *     and child), exec, exit, and the preemptions below;
 *   - when no program task runs (all are held, blocked in the kernel or
 *     asleep), the held task with the highest priority is released. At
 *     most one task the scheduler released is running at any time;
 *   - priorities come from the seed as in PCT (Burckhardt et al., ASPLOS
 *     2010): a priority per task at its birth (at random, or oldest first,
 *     or youngest first: the seed picks), and, in the runs that are not
 *     strict, change points where the running task drops below all
 *     others (each step is one with a probability drawn per run, so runs
 *     of a few steps and runs of thousands both see some); a strict run
 *     keeps its birth order (oldest or youngest first) to the end;
 *   - slices, as rr's chaos mode has: in "exact" round-robin runs a slice
 *     of the task's own stops, drawn from the seed, the task and its stop
 *     count only, so that the seed replays the run exactly; in "chaos"
 *     round-robin runs a slice of its CPU time (5% very short, the rest up
 *     to a few ms), at whose end it is stopped with PTRACE_INTERRUPT or
 *     its perf clock's signal, wherever it is: this reaches interleavings
 *     inside loops without system calls (read, compute, write of a shared
 *     counter), at places the machine's timing picks (rr counts retired
 *     branches; a VM without a PMU has none), from a random stream of
 *     their own. Either way the task drops below all others and the next
 *     one runs. Exact and strict runs still stop a task that runs 2 ms
 *     (exact) or 20 ms (strict) of CPU time without a stop, so that one
 *     spinning on a flag another sets cannot starve it; no lab program's
 *     code between two calls is that long but a loop. CPU time, not wall
 *     time: on a busy machine wall time passes while a task waits.
 * What it cannot reach: two steps of one task with no stop and no time
 * slice boundary between them (a slice is at least a few microseconds and
 * ptrace cannot stop a task at a chosen instruction); orders that need
 * true parallelism (two CPUs writing the same cache line at once: torn
 * writes, memory ordering); and orders inside a task that runs free: a
 * task woken by a call the tracer does not hold (sleep, read, pause) runs
 * beside the released one until its next stop.
 * A seed replays: strict and exact runs are the same run again (but for
 * tasks that run free); chaos runs make the same choices at stops, not
 * the same preemptions by time.
 * Correct programs are not affected: tasks are only delayed, never made to
 * fail. A preemption only stops a task running user code (not one inside
 * a traced call): what it interrupts is restarted by the kernel, and a
 * semop it reaches all the same by trace_restart.c.
 */
#ifndef HARNESS_TRACE_SCHED_H
#define HARNESS_TRACE_SCHED_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "harness/trace_proc.h"

struct trace_sched;

/* The signal a slice's end sends to the task (as rr does): never
 * delivered to the program. */
#define TRACE_SCHED_SIGNAL SIGSTKFLT

/* A scheduler for seed (xalloc); free it with trace_sched_free(). */
struct trace_sched *trace_sched_new(unsigned long long seed);
void trace_sched_free(struct trace_sched *s);

/* task (a program task, stopped, about to be resumed without a signal)
 * is kept stopped: returns true, and the scheduler resumes it later;
 * false when the caller should resume it now (the run is being killed). */
bool trace_sched_hold(struct trace *t, struct trace_task *task);

/* task stopped (any ptrace stop; trap: a PTRACE_EVENT_STOP with SIGTRAP):
 * returns whether a preemption the scheduler asked for was pending (then
 * such a stop is it). */
bool trace_sched_stopped(struct trace *t, const struct trace_task *task, bool trap);

/* A signal-delivery stop of task with TRACE_SCHED_SIGNAL: whether it is
 * the end of its slice (then the caller resumes it without the signal). */
bool trace_sched_signal(struct trace *t, const struct trace_task *task);

/* Whether the trap of a preemption may still be pending for task (a
 * semop's EINTR is then ours: trace_restart.c). */
bool trace_sched_interrupting(const struct trace *t, const struct trace_task *task);

/* The call of ev returned: blocked tasks may have been woken. */
void trace_sched_returned(struct trace *t, const struct event *ev);

/* The task is gone (reaped). */
void trace_sched_forget(struct trace *t, pid_t tid);

/* Release or preempt what is due now; when killing, release everything. */
void trace_sched_tick(struct trace *t);

/* Microseconds until trace_sched_tick() has something to do without a new
 * stop; -1: nothing. */
long long trace_sched_wait_us(const struct trace *t);

/* task (any traced task of the run) is at its exit stop: what it waited
 * for a CPU counts (trace_sched_cpu_wait_us). */
void trace_sched_exit(struct trace *t, const struct trace_task *task);

/*
 * How long, in µs, the run's tasks and the tracer were ready to run but
 * waited for a CPU (the machine's load: other processes on the run's CPU,
 * or on the tracer's) since the run began; -1 when not perturbed. From
 * /proc schedstat: 0 without CONFIG_SCHED_INFO. Every traced task counts
 * (the launcher, init and a program's start too); one that exited counts
 * from its exit stop.
 */
long long trace_sched_cpu_wait_us(const struct trace *t);

/* The counts of the record: preemptions, switches, cpu pinned (-1 none). */
void trace_sched_stats(const struct trace *t, unsigned long *preemptions, unsigned long *switches,
		       int *cpu);

#endif /* HARNESS_TRACE_SCHED_H */
