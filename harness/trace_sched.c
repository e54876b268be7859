/*
 * trace_sched.c - the perturbing scheduler (trace_sched.h says what it
 * does and what it cannot reach).
 *
 * States of a program task, as the scheduler sees it:
 *   held     stopped by ptrace; the tracer resumes it only through
 *            trace_sched_release();
 *   current  the task released last: running, or blocked in the kernel
 *            (then it is no longer current once that is seen);
 *   other    released earlier and blocked in a call (semop, msgrcv,
 *            wait) or asleep: it may wake when another task's call
 *            returns, and then runs to its next stop.
 * A decision (release one held task) is made only when the current task
 * stopped or blocked and no woken task is still on its way to a stop: so
 * the task released next is chosen among all that could run, not among
 * those that happened to stop first.
 */
#include "harness/trace_sched.h"

#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <unistd.h>

#include "harness/record_reap.h"
#include "harness/run.h"
#include "harness/trace_sched_kernel.h"
#include "util/xalloc.h"

#define TRACE_SCHED_VERY_SHORT_US 50
#define TRACE_SCHED_SLICE_MIN_US 200
#define TRACE_SCHED_TIME_STEPS 5   /* longest time slice: 200 us << 0..4 */
#define TRACE_SCHED_SLICE_STEPS 6  /* longest step slice: 2^1 to 2^6 stops */
#define TRACE_SCHED_STARVE_US 2000 /* exact round robin */
/* How long a wait() a child's end may have woken is looked at before it
 * counts as still asleep (a wait for another child). */
#define TRACE_SCHED_CHILD_END_US 3000
/* Strict runs keep the priorities (PCT proper): a task that runs on runs
 * until it blocks, exits or a change point comes. */
#define TRACE_SCHED_STRICT_STARVE_US 20000
/* After a release, look at the task's state this soon (then twice as
 * late each time, up to TRACE_SCHED_LOOK_MAX_US): a task that blocked in the
 * kernel gives no stop. */
#define TRACE_SCHED_FIRST_LOOK_US 30
#define TRACE_SCHED_LOOK_MAX_US 400
/* While a woken task is on its way to its stop, look again this soon at
 * first, then later as the wait goes on (a quarter of it so far, up to
 * TRACE_SCHED_WAIT_GAP_MAX_US): when the tracer shares the run's CPU, its
 * looks take the CPU from the very task it waits for, and on a busy CPU
 * looking every 20 us made runs of 0.4 s take 10 to 40 s. */
#define TRACE_SCHED_WAIT_US 20
#define TRACE_SCHED_WAIT_GAP_MAX_US 1000
/* A task on its way to its stop for longer than this is let run beside
 * the next one (it is starved by a task outside the run, or spinning in
 * the kernel): the scheduler never waits for long. Long enough that a
 * busy machine (the run's CPU shared with a build) seldom gets there:
 * then two tasks run at once and a seed no longer replays. */
#define TRACE_SCHED_WAIT_MAX_US 100000

/* What a task's own random numbers are for (trace_sched_task_rand). */
enum sched_draw { TRACE_SCHED_DRAW_CHANGE = 1, TRACE_SCHED_DRAW_SLICE };

enum sched_order { TRACE_SCHED_RANDOM, TRACE_SCHED_OLDEST_FIRST, TRACE_SCHED_YOUNGEST_FIRST };

enum sched_kind {
	TRACE_SCHED_STRICT, /* birth order to the end (PCT with d = 1) */
	TRACE_SCHED_EXACT,  /* change points and slices of stops */
	TRACE_SCHED_CHAOS,  /* change points and slices of CPU time */
};

/* The strategies of consecutive seeds: initial priorities, and how a
 * task's turn ends. */
static const struct {
	enum sched_order order;
	enum sched_kind kind;
	const char *name; /* run_schedule_strategy() */
} trace_sched_modes[5] = {
	{ TRACE_SCHED_OLDEST_FIRST, TRACE_SCHED_EXACT, "exact round robin, oldest first" },
	{ TRACE_SCHED_YOUNGEST_FIRST, TRACE_SCHED_STRICT, "strict, youngest first" },
	{ TRACE_SCHED_RANDOM, TRACE_SCHED_CHAOS, "chaos round robin, random order" },
	{ TRACE_SCHED_OLDEST_FIRST, TRACE_SCHED_STRICT, "strict, oldest first" },
	{ TRACE_SCHED_YOUNGEST_FIRST, TRACE_SCHED_CHAOS, "chaos round robin, youngest first" },
};

const char *run_schedule_strategy(unsigned long long seed)
{
	return trace_sched_modes[seed % 5].name;
}

bool run_schedule_exact(unsigned long long seed)
{
	return trace_sched_modes[seed % 5].kind != TRACE_SCHED_CHAOS;
}

struct sched_task {
	pid_t tid;
	uint64_t prio;
	bool held;
	bool intr;		/* PTRACE_INTERRUPT sent, no stop seen since */
	unsigned trap_stops;	/* stops since, while its trap may be pending */
	bool stale;		/* asleep when last seen, and a call that may wake it
				   returned since */
	bool preempt_stop;	/* its stop now is a preemption, not one of its steps */
	long long child_end_us; /* stale: in a wait(), since a child's end; else -1 */
	unsigned birth;		/* 0, 1, ... in the order the scheduler met them */
	uint64_t steps;		/* its stops so far, preemptions left out */
	int clock_fd;		/* its perf task-clock, or -1 */
	uint64_t period;	/* of clock_fd, ns */
};

struct trace_sched {
	uint64_t seed;
	uint64_t rng;	   /* choices made once per run or per birth */
	uint64_t time_rng; /* choices of preemptions by time */
	enum sched_order order;
	enum sched_kind kind;
	uint32_t change_per_2_32; /* chance of a change point per step */
	unsigned slice_max;	  /* longest step slice of this run, stops */
	long long slice_max_us;	  /* longest time slice of this run */
	struct sched_task *tasks;
	size_t n, a;
	pid_t cur;		     /* 0: none */
	unsigned slice_left;	     /* stops left in cur's step slice */
	long long slice_us;	     /* cur's time slice or starvation limit */
	long long cpu0_us;	     /* cur's CPU time when it began, -1: unknown */
	bool slice_over;	     /* the last task's slice ran out */
	long long look_us, look_gap; /* next look at cur's state */
	long long waiting_since_us;  /* a woken task on its way, or -1 */
	long long intr_us;	     /* when cur was interrupted */
	long long stopped_since_us;  /* cur seen stopped, not yet held, since; -1 */
	unsigned births;
	uint64_t low; /* below every priority given so far */
	int cpu;      /* the run's CPU, -1 until chosen */
	pid_t last;   /* the task released last */
	unsigned long preemptions, switches;
	long long gone_wait_us;	   /* CPU waits of the tasks that exited */
	long long tracer_wait0_us; /* the tracer's own CPU wait at the start */
};

/* splitmix64's mix: small, and the same numbers for the same seed
 * everywhere. */
static uint64_t trace_sched_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t trace_sched_next(uint64_t *state)
{
	return trace_sched_mix(*state += 0x9e3779b97f4a7c15ULL);
}

static uint64_t trace_sched_rand(struct trace_sched *s)
{
	return trace_sched_next(&s->rng);
}

/*
 * A task's own random number for its step k: a function of the seed, the
 * task's birth and k only (a counter-based generator). What is chosen at
 * one task's stop then does not depend on how many choices were made
 * before elsewhere: a preemption by time (which lands where the machine
 * lets it) changes the order of the tasks after it, not the choices each
 * task meets at its own stops.
 */
static uint64_t trace_sched_task_rand(const struct trace_sched *s, const struct sched_task *st,
				      enum sched_draw what)
{
	uint64_t z = trace_sched_mix(s->seed ^ 0x5851f42d4c957f2dULL);

	z = trace_sched_mix(z ^ ((uint64_t)st->birth << 8 | (uint64_t)what));
	return trace_sched_mix(z ^ st->steps);
}

static long long trace_sched_rand_range(struct trace_sched *s, long long lo, long long hi)
{
	return lo + (long long)(trace_sched_rand(s) % (uint64_t)(hi - lo + 1));
}

struct trace_sched *trace_sched_new(unsigned long long seed)
{
	struct trace_sched *s = xcalloc(1, sizeof(*s));
	int shift;

	s->seed = seed;
	s->rng = seed;
	s->time_rng = trace_sched_mix(seed ^ 0x2545f4914f6cdd1dULL);
	/* Consecutive seeds (repeat: N uses seed, seed+1, ...) take the five
	 * strategies in turn, so that a bug that needs the parent (or the
	 * children) to run first and keep running, or the processes to take
	 * turns inside their loops, is met within five runs whatever the
	 * random part does. */
	s->order = trace_sched_modes[seed % 5].order;
	s->kind = trace_sched_modes[seed % 5].kind;
	/* A change point every 2 to 2^10 steps on average, log-uniform:
	 * PCT's d change points over k steps, for a k we do not know. A
	 * strict run has none (PCT with d = 1): its order is the seed's
	 * whole choice, so each grading meets the two depth-1 schedules
	 * (the parent, or the children, first and on) for sure. With rare
	 * change points there, one strict seed in 40 dropped the producer
	 * below the consumer before the buffer first filled, and sem-10's
	 * read-after-release mutant passed that grading. */
	shift = (int)trace_sched_rand_range(s, 1, 10);
	s->change_per_2_32 = s->kind == TRACE_SCHED_STRICT ? 0 : (uint32_t)(0xffffffffULL >> shift);
	s->slice_max = 1U << trace_sched_rand_range(s, 1, TRACE_SCHED_SLICE_STEPS);
	s->slice_max_us = TRACE_SCHED_SLICE_MIN_US
			  << (trace_sched_next(&s->time_rng) % TRACE_SCHED_TIME_STEPS);
	s->low = 1ULL << 62;
	s->cpu = -1;
	s->waiting_since_us = -1;
	s->stopped_since_us = -1;
	s->tracer_wait0_us = trace_sched_schedstat_us("/proc/thread-self/schedstat", 1);
	return s;
}

void trace_sched_free(struct trace_sched *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		if (s->tasks[i].clock_fd >= 0)
			close(s->tasks[i].clock_fd);
	free(s->tasks);
	free(s);
}

static struct sched_task *trace_sched_find(struct trace_sched *s, pid_t tid)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->tasks[i].tid == tid)
			return &s->tasks[i];
	return NULL;
}

/* The run's CPU: one of those the tracer may use, chosen by the seed. */
static int trace_sched_pick_cpu(struct trace_sched *s)
{
	cpu_set_t set;
	int k, count, cpu;

	if (sched_getaffinity(0, sizeof(set), &set) < 0 || (count = CPU_COUNT(&set)) == 0)
		return -1;
	k = (int)(trace_sched_rand(s) % (uint64_t)count);
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set) && k-- == 0)
			return cpu;
	return -1;
}

/* Pin tid to the run's CPU. Children inherit it; every task is pinned
 * anyway when first held (a failure leaves it where the kernel puts it:
 * then runs are less varied, never wrong). */
static void trace_sched_pin(struct trace_sched *s, pid_t tid)
{
	cpu_set_t set;

	if (s->cpu < 0)
		s->cpu = trace_sched_pick_cpu(s);
	if (s->cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(s->cpu, &set);
	sched_setaffinity(tid, sizeof(set), &set);
}

static struct sched_task *trace_sched_add(struct trace_sched *s, pid_t tid)
{
	struct sched_task *st;
	uint64_t r;

	if (s->n == s->a) {
		s->a = s->a ? s->a * 2 : 16;
		s->tasks = xrealloc(s->tasks, s->a, sizeof(*s->tasks));
	}
	st = &s->tasks[s->n++];
	memset(st, 0, sizeof(*st));
	st->tid = tid;
	st->child_end_us = -1;
	st->clock_fd = trace_sched_clock_open(tid, s->kind == TRACE_SCHED_CHAOS);
	st->birth = s->births;
	r = trace_sched_rand(s) >> 24; /* the random part, below the order's */
	switch (s->order) {
	case TRACE_SCHED_OLDEST_FIRST:
		st->prio = (UINT64_MAX >> 1) - ((uint64_t)s->births << 40) + r;
		break;
	case TRACE_SCHED_YOUNGEST_FIRST:
		st->prio = (1ULL << 62) + ((uint64_t)s->births << 40) + r;
		break;
	default: st->prio = (1ULL << 62) + (trace_sched_rand(s) >> 2);
	}
	s->births++;
	trace_sched_pin(s, tid);
	return st;
}

/* PCT's change point: the task drops below every other. */
static void trace_sched_lower(struct trace_sched *s, struct sched_task *st)
{
	st->prio = --s->low;
}

/* The current task stopped at one of its steps: its slice may be over
 * (it then drops below the others, as when preempted), or this is a
 * change point (the task's own draw for this step). */
static void trace_sched_step_done(struct trace_sched *s, struct sched_task *st)
{
	long long cpu = s->kind == TRACE_SCHED_CHAOS && st->clock_fd < 0
				? trace_sched_clock_us(st->clock_fd, st->tid)
				: -1;

	if (s->kind == TRACE_SCHED_STRICT)
		return;
	/* Without a perf clock a time slice's end is seen at looks and stops. */
	if (cpu >= 0 && s->cpu0_us < 0)
		s->cpu0_us = cpu;
	if (cpu >= 0 && cpu - s->cpu0_us >= s->slice_us) {
		s->slice_over = true;
		s->preemptions++;
		trace_sched_lower(s, st);
	} else if (s->slice_left && --s->slice_left == 0) {
		s->slice_over = true;
		trace_sched_lower(s, st);
	} else if ((uint32_t)trace_sched_task_rand(s, st, TRACE_SCHED_DRAW_CHANGE) <
		   s->change_per_2_32) {
		trace_sched_lower(s, st);
	}
}

bool trace_sched_hold(struct trace *t, struct trace_task *task)
{
	struct trace_sched *s = t->sched;
	struct sched_task *st;

	if (!s || t->killing)
		return false;
	st = trace_sched_find(s, task->tid);
	if (!st)
		st = trace_sched_add(s, task->tid);
	st->held = true;
	if (s->cur == task->tid) {
		s->cur = 0;
		if (!st->preempt_stop)
			trace_sched_step_done(s, st);
	}
	if (!st->preempt_stop)
		st->steps++;
	st->preempt_stop = false;
	return true;
}

bool trace_sched_stopped(struct trace *t, const struct trace_task *task, bool trap)
{
	struct sched_task *st = t->sched ? trace_sched_find(t->sched, task->tid) : NULL;
	bool was;

	if (!st)
		return false;
	/* A stop that began after the PTRACE_INTERRUPT consumes its trap
	 * (kernel/signal.c: "any trap clears pending STOP trap"); the first
	 * stop seen may have begun before it, the second not. */
	if (st->trap_stops && (trap || ++st->trap_stops > 3))
		st->trap_stops = 0;
	was = st->intr;
	st->intr = false;
	st->preempt_stop = was && trap;
	return was;
}

bool trace_sched_signal(struct trace *t, const struct trace_task *task)
{
	struct trace_sched *s = t->sched;
	struct sched_task *st = s ? trace_sched_find(s, task->tid) : NULL;
	siginfo_t si;

	if (!st || st->clock_fd < 0 || ptrace(PTRACE_GETSIGINFO, task->tid, NULL, &si) < 0 ||
	    si.si_fd != st->clock_fd)
		return false;
	s->preemptions++;
	if (s->cur == st->tid)
		s->slice_over = true;
	st->preempt_stop = true;
	trace_sched_lower(s, st);
	return true;
}

bool trace_sched_interrupting(const struct trace *t, const struct trace_task *task)
{
	const struct trace_sched *s = t->sched;
	size_t i;

	for (i = 0; s && i < s->n; i++)
		if (s->tasks[i].tid == task->tid)
			return s->tasks[i].trap_stops > 0;
	return false;
}

/* Mark the sleeping tasks that ev (NULL: a child's end) may have woken. */
static void trace_sched_mark_stale(struct trace *t, const struct event *ev)
{
	struct trace_sched *s = t->sched;
	struct trace_task *task;
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->tasks[i].held || s->tasks[i].stale)
			continue;
		task = trace_task_find(t, s->tasks[i].tid);
		if (task && task->in_call && task->ev >= 0 &&
		    (!ev || trace_sched_may_wake(ev, &t->rec->events[task->ev]))) {
			s->tasks[i].stale = true;
			s->tasks[i].child_end_us =
				!ev && record_is_wait(t->rec->events[task->ev].call)
					? trace_now_us(t)
					: -1;
		}
	}
}

void trace_sched_returned(struct trace *t, const struct event *ev)
{
	if (t->sched)
		trace_sched_mark_stale(t, ev);
}

void trace_sched_forget(struct trace *t, pid_t tid)
{
	struct trace_sched *s = t->sched;
	struct sched_task *st = s ? trace_sched_find(s, tid) : NULL;

	if (!st)
		return;
	if (s->cur == tid)
		s->cur = 0;
	if (st->clock_fd >= 0)
		close(st->clock_fd);
	*st = s->tasks[--s->n];
	trace_sched_mark_stale(t, NULL); /* its parent may have been waiting for it */
}

static void trace_sched_release(struct trace *t, struct sched_task *st)
{
	struct trace_sched *s = t->sched;
	struct trace_task *task = trace_task_find(t, st->tid);
	long long now = trace_now_us(t);

	st->held = false;
	if (!task)
		return;
	if (s->last && s->last != st->tid)
		s->switches++;
	s->cur = st->tid;
	/* A task released again right after its own stop goes on with its
	 * slice: a loop of IPC calls is preempted between them too. */
	if (s->kind != TRACE_SCHED_CHAOS) {
		/* The starvation limit counts from the task's last stop; its
		 * CPU time is read at the first look (trace_sched_look_current),
		 * which a task that stops again soon never reaches: nothing
		 * costs a system call at a stop. */
		if (s->last != st->tid || s->slice_over)
			s->slice_left =
				s->kind != TRACE_SCHED_EXACT
					? 0
					: 1 + (unsigned)(trace_sched_task_rand(
								 s, st, TRACE_SCHED_DRAW_SLICE) %
							 s->slice_max);
		s->slice_us = s->kind == TRACE_SCHED_STRICT ? TRACE_SCHED_STRICT_STARVE_US
							    : TRACE_SCHED_STARVE_US;
		s->cpu0_us = -1;
		s->slice_over = false;
	} else if (s->last != st->tid || s->slice_over) {
		s->slice_left = 0;
		if (trace_sched_next(&s->time_rng) % 20 == 0)
			s->slice_us = 10 + (long long)(trace_sched_next(&s->time_rng) %
						       (TRACE_SCHED_VERY_SHORT_US - 10 + 1));
		else
			s->slice_us = TRACE_SCHED_VERY_SHORT_US +
				      (long long)(trace_sched_next(&s->time_rng) %
						  (uint64_t)(s->slice_max_us -
							     TRACE_SCHED_VERY_SHORT_US + 1));
		s->cpu0_us = task->in_call ? -1 : trace_sched_clock_us(st->clock_fd, st->tid);
		s->slice_over = false;
		trace_sched_clock_arm(st->clock_fd, &st->period, s->slice_us);
	}
	s->last = st->tid;
	s->stopped_since_us = -1;
	s->look_gap = TRACE_SCHED_FIRST_LOOK_US;
	s->look_us = now + s->look_gap;
	trace_resume_now(t, task, 0);
}

/* The next look of a wait that has lasted waited_us. */
static long long trace_sched_wait_gap(long long waited_us)
{
	long long gap = waited_us / 4;

	return gap < TRACE_SCHED_WAIT_US	   ? TRACE_SCHED_WAIT_US
	       : gap > TRACE_SCHED_WAIT_GAP_MAX_US ? TRACE_SCHED_WAIT_GAP_MAX_US
						   : gap;
}

/*
 * The current task has run for a while without a stop: asleep in the
 * kernel (then it is no longer current), still running (preempted at the
 * end of its slice, unless it is inside an IPC call: a blocking call must
 * not see a spurious interruption), or gone. Returns true while it still
 * runs.
 */
static bool trace_sched_look_current(struct trace *t, long long now)
{
	struct trace_sched *s = t->sched;
	struct sched_task *st = trace_sched_find(s, s->cur);
	struct trace_task *task = trace_task_find(t, s->cur);
	long long cpu;
	char state;

	if (!st || !task || st->held) {
		s->cur = 0;
		return false;
	}
	if (st->intr)
		return now - s->intr_us < TRACE_SCHED_WAIT_MAX_US ||
		       !(st->intr = false); /* its stop is on the way */
	if (now < s->look_us)
		return true;
	state = trace_sched_state(st->tid);
	/* Stopped, and its stop not yet taken from waitpid(): the next
	 * trace_wait() holds it, and the choice must wait for that (chosen
	 * now, it would be left out of it, by the machine's timing). A
	 * group-stop that lasts (SIGSTOP) counts as asleep after a while.
	 * Past its exit stop: its end wakes its parent's wait(), which must
	 * be seen (trace_sched_forget) before the choice, or the parent would
	 * run beside the next task. */
	if (state == 't' || state == 'T' || task->exiting) {
		if (s->stopped_since_us < 0)
			s->stopped_since_us = now;
		if (now - s->stopped_since_us < TRACE_SCHED_WAIT_MAX_US) {
			s->look_us = now + trace_sched_wait_gap(now - s->stopped_since_us);
			return true;
		}
	}
	s->stopped_since_us = -1;
	if (state != 'R') {
		st->stale = false;
		s->cur = 0;
		return false;
	}
	/* In a traced call: it stops at the call's exit, or blocks. With a
	 * perf clock the slice's end is its signal (trace_sched_signal). */
	cpu = task->in_call || (st->clock_fd >= 0 && s->kind == TRACE_SCHED_CHAOS)
		      ? -1
		      : trace_sched_clock_us(st->clock_fd, st->tid);
	if (cpu >= 0 && s->cpu0_us < 0)
		s->cpu0_us = cpu;
	if (cpu < 0 || cpu - s->cpu0_us < s->slice_us) {
		s->look_gap = s->look_gap * 2 < TRACE_SCHED_LOOK_MAX_US ? s->look_gap * 2
									: TRACE_SCHED_LOOK_MAX_US;
		if (cpu >= 0 && s->slice_us - (cpu - s->cpu0_us) < s->look_gap)
			s->look_gap = s->slice_us - (cpu - s->cpu0_us);
		s->look_us = now + s->look_gap;
		return true;
	}
	if (ptrace(PTRACE_INTERRUPT, st->tid, NULL, NULL) < 0) {
		s->cur = 0;
		return false;
	}
	st->intr = true;
	s->slice_over = true;
	st->trap_stops = 1;
	s->intr_us = now;
	s->look_us = now + TRACE_SCHED_WAIT_MAX_US; /* SIGCHLD comes first */
	s->preemptions++;
	trace_sched_lower(s, st);
	return true;
}

/* Running, or stopped and not yet seen by waitpid() (a group-stop looks
 * the same: TRACE_SCHED_WAIT_MAX_US bounds the wait for it). */
static bool trace_sched_waking(char state)
{
	return state == 'R' || state == 't';
}

/* A program task born (its parent's fork event was seen) whose first stop
 * was not: it is on its way to it. Choosing before it arrives would leave
 * it out of the choice, as if it were born later: whether "the child runs
 * first" would then depend on how fast the kernel starts it, and a seed
 * would not replay. */
static bool trace_sched_someone_born(const struct trace *t)
{
	size_t i;

	for (i = 0; i < t->ntasks; i++)
		if (t->tasks[i].role == TRACE_ROLE_PROGRAM && !t->tasks[i].seen &&
		    !t->tasks[i].exiting)
			return true;
	return false;
}

/* Is a task woken by another's call, or a new task, still on its way to
 * its stop? */
static bool trace_sched_someone_waking(struct trace *t, long long now)
{
	struct trace_sched *s = t->sched;
	struct trace_task *task;
	size_t i;

	if (trace_sched_someone_born(t)) {
		if (s->waiting_since_us < 0)
			s->waiting_since_us = now;
		if (now - s->waiting_since_us < TRACE_SCHED_WAIT_MAX_US)
			return true;
	}
	for (i = 0; i < s->n; i++) {
		struct sched_task *st = &s->tasks[i];

		if (st->held || !st->stale)
			continue;
		task = trace_task_find(t, st->tid);
		/* A wait() that a child's end may wake is seen asleep for a
		 * moment after the tracer reaped the child: the parent's
		 * wake-up comes after. Look again for a while. */
		if (task && (st->intr ||
			     (task->in_call && trace_sched_waking(trace_sched_state(st->tid))) ||
			     (st->child_end_us >= 0 &&
			      now - st->child_end_us < TRACE_SCHED_CHILD_END_US))) {
			if (s->waiting_since_us < 0)
				s->waiting_since_us = now;
			if (now - s->waiting_since_us < TRACE_SCHED_WAIT_MAX_US)
				return true;
		}
		st->stale = false;
	}
	s->waiting_since_us = -1;
	return false;
}

void trace_sched_tick(struct trace *t)
{
	struct trace_sched *s = t->sched;
	struct sched_task *best = NULL;
	long long now;
	size_t i;

	if (!s)
		return;
	if (t->killing) {
		for (i = 0; i < s->n; i++)
			if (s->tasks[i].held)
				trace_sched_release(t, &s->tasks[i]);
		return;
	}
	now = trace_now_us(t);
	if (s->cur && trace_sched_look_current(t, now))
		return;
	if (trace_sched_someone_waking(t, now))
		return;
	for (i = 0; i < s->n; i++)
		if (s->tasks[i].held && (!best || s->tasks[i].prio > best->prio))
			best = &s->tasks[i];
	if (best)
		trace_sched_release(t, best);
}

long long trace_sched_wait_us(const struct trace *t)
{
	const struct trace_sched *s = t->sched;
	long long now;

	if (!s)
		return -1;
	if (s->waiting_since_us >= 0)
		return trace_sched_wait_gap(trace_now_us(t) - s->waiting_since_us);
	if (!s->cur)
		return -1;
	now = trace_now_us(t);
	return s->look_us > now ? s->look_us - now : 0;
}

void trace_sched_stats(const struct trace *t, unsigned long *preemptions, unsigned long *switches,
		       int *cpu)
{
	const struct trace_sched *s = t->sched;

	*preemptions = s ? s->preemptions : 0;
	*switches = s ? s->switches : 0;
	*cpu = s ? s->cpu : -1;
}

void trace_sched_exit(struct trace *t, const struct trace_task *task)
{
	long long w;

	if (t->sched && (w = trace_sched_task_stat_us(task->tid, 1)) > 0)
		t->sched->gone_wait_us += w;
}

long long trace_sched_cpu_wait_us(const struct trace *t)
{
	const struct trace_sched *s = t->sched;
	long long total, w;
	size_t i;

	if (!s)
		return -1;
	total = s->gone_wait_us;
	for (i = 0; i < t->ntasks; i++)
		if (!t->tasks[i].exiting && (w = trace_sched_task_stat_us(t->tasks[i].tid, 1)) > 0)
			total += w;
	w = trace_sched_schedstat_us("/proc/thread-self/schedstat", 1);
	if (w >= 0 && s->tracer_wait0_us >= 0 && w > s->tracer_wait0_us)
		total += w - s->tracer_wait0_us;
	return total;
}
