/*
 * run_loop.c - the event loop of one run (run_loop.h): init's messages,
 * signals, the programs' output, the deadline, the run's memory, and the
 * tracer's stops.
 */
#include "harness/run_loop.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "harness/run_disk.h"
#include "harness/sandbox.h"
#include "harness/trace.h"
#include "harness/trace_mem.h"
#include "harness/words.h"
#include "harness/xlat.h"
#include "util/util.h"

/* Spinning (run_loop_wait_next says why): for how long after a system call's
 * stop that came within RUN_SPIN_GAP_US of the one before, and how often
 * it still looks at the pipes and the deadline meanwhile. */
#define RUN_SPIN_US 20
#define RUN_SPIN_GAP_US 50
#define RUN_SPIN_POLL_US 1000
/* How often the run's memory is sampled (trace_mem_check), and so the
 * longest poll() when nothing happens. */
#define RUN_MEM_SAMPLE_MS 20
/* How often the run directory's files are added up (run_disk_usage). */
#define RUN_DISK_SAMPLE_MS 100
/* A perturbed run's deadline moves by its waits for a CPU (run_loop_load_grace):
 * at most this many times the limit in all, by steps of at least this. */
#define RUN_LOAD_GRACE_FACTOR 8
#define RUN_LOAD_GRACE_MIN_US 10000

/* A precondition object init made: rec->pre (record_finish's input). */
static void run_loop_pre_add(struct run_state *c, const struct run_precondition *pre, int id)
{
	struct inventory_item *it = inventory_add(&c->rec->pre);

	it->kind = pre->kind;
	it->id = id;
	it->ds.key = pre->key;
	it->ds.size = pre->size;
	it->ds.mode = pre->mode & 0777;
	it->ds.cpid = trace_ns_pid(c->trace, trace_init_pid(c->trace));
	if (pre->kind == IPC_KIND_MSG)
		it->ds.nattch = pre->nmsgs; /* msg_qnum */
	for (size_t k = 0; pre->kind == IPC_KIND_SEM && k < pre->size && k < IPC_MAX_SEMVALS; k++)
		it->semvals[it->nsemvals++] = k < pre->nvalues ? pre->values[k] : 0;
	if (pre->kind == IPC_KIND_SHM)
		trace_note_pre(c->trace, id, pre->key, pre->size);
}

static void run_loop_message(struct run_state *c, const struct sandbox_msg *m)
{
	switch (m->type) {
	case SANDBOX_MSG_PRE_ID:
		if (m->a >= 0 && (size_t)m->a < c->spec->npre)
			run_loop_pre_add(c, &c->spec->pre[m->a], m->b);
		break;
	case SANDBOX_MSG_SETUP_FAIL:
		if (!c->failed)
			record_set_message(c->rec, "%s: %s", sandbox_step_name(m->a),
					   strerror(m->b));
		c->ns_refused = c->namespaces; /* init's mounts and sysctls */
		c->failed = true;
		trace_kill(c->trace);
		break;
	case SANDBOX_MSG_PRE_FAIL:
		if (!c->failed && m->a >= 0 && (size_t)m->a < c->spec->npre)
			record_set_message(c->rec, "creating precondition %d (key 0x%llx): %s",
					   m->a + 1, (unsigned long long)c->spec->pre[m->a].key,
					   strerror(m->b));
		c->failed = true;
		trace_kill(c->trace);
		break;
	case SANDBOX_MSG_EXEC_FAIL:
		if (!c->failed)
			record_set_message(c->rec, "executing '%s'%s%.0u: %s",
					   c->spec->programs[m->a].argv[0],
					   c->caller_root ? " as uid " : "",
					   c->caller_root ? (unsigned)c->uid : 0, strerror(m->b));
		c->failed = true;
		trace_kill(c->trace);
		break;
	case SANDBOX_MSG_KILL_LEFT: trace_kill_programs(c->trace); break;
	default: break;
	}
}

/* Handle what init and the launcher said; returns how many bytes were read
 * (0 at EOF or when nothing is ready: the pipe is non-blocking). */
static ssize_t run_loop_read_messages(struct run_state *c)
{
	struct sandbox_msg m[32];
	ssize_t n;
	size_t i;

	if (c->status_r < 0)
		return 0;
	n = read(c->status_r, m, sizeof(m));
	if (n == 0) {
		close(c->status_r);
		c->status_r = -1;
	}
	for (i = 0; n > 0 && i < (size_t)n / sizeof(m[0]); i++)
		run_loop_message(c, &m[i]);
	return n > 0 ? n : 0;
}

/* SIGCHLD only wakes the loop; SIGINT, SIGTERM or SIGHUP stop the run
 * (which then ends as usual: inventory, clean-up) and are raised again. */
static void run_loop_drain_signals(struct run_state *c)
{
	struct signalfd_siginfo si[16];
	ssize_t n, i;

	while ((n = read(c->signal_fd, si, sizeof(si))) > 0) {
		for (i = 0; i < n / (ssize_t)sizeof(si[0]); i++) {
			int sig = (int)si[i].ssi_signo;

			if (sig == SIGCHLD || c->interrupted)
				continue;
			c->interrupted = sig;
			trace_stop(c->trace, RUN_INTERNAL_ERROR, W_("interrupted by %s"),
				   xlat_signal_name(sig));
		}
	}
}

long long run_elapsed_ms(const struct run_state *c)
{
	return (util_monotonic_ns() - c->start_ns) / 1000000;
}

double run_wall_ms(const struct run_state *c)
{
	return (double)(util_monotonic_ns() - c->start_ns) / 1e6;
}

/* Microseconds since the run started. */
static long long run_loop_elapsed_us(const struct run_state *c)
{
	return (util_monotonic_ns() - c->start_ns) / 1000;
}

/*
 * A perturbed run reached its deadline: give it, once more each time, the
 * time its tasks and the tracer waited for a CPU since it began (a busy
 * machine: the run's CPU shared with a build). A perturbed run's tasks
 * run one at a time on one CPU and stop for the tracer at every call, so
 * another process on that CPU slows every step: a correct program timed
 * out once in 20 gradings beside a test suite. Waiting is not working, so
 * it does not count; what the program does on the CPU does. At most
 * RUN_LOAD_GRACE_FACTOR times the limit in all: a program cannot buy time
 * without end by keeping its own tasks waiting (its tasks but the one the
 * scheduler released are held, not waiting, so it can hardly do that).
 * Returns whether the deadline moved.
 */
static bool run_loop_load_grace(struct run_state *c)
{
	long long wait = trace_cpu_wait_us(c->trace);
	long long cap = (long long)(c->limits.timeout_s * 1e6) * RUN_LOAD_GRACE_FACTOR;
	long long more = wait - c->load_grace_us;
	struct itimerspec its;

	if (wait < 0)
		return false;
	if (wait > c->load_wait_us)
		c->load_wait_us = wait;
	if (more > cap - c->load_grace_us)
		more = cap - c->load_grace_us;
	if (more < RUN_LOAD_GRACE_MIN_US)
		return false;
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = (time_t)(more / 1000000);
	its.it_value.tv_nsec = (long)(more % 1000000) * 1000;
	if (timerfd_settime(c->timer_fd, 0, &its, NULL) < 0)
		return false;
	c->load_grace_us += more;
	return true;
}

/* Wait for (spin: only look at) SIGCHLD, the deadline and the pipes, and
 * handle what is ready. */
static int run_loop_poll_once(struct run_state *c, bool spin)
{
	struct pollfd pfd[3 + 2 * RUN_MAX_PROGRAMS];
	/* The timeout only matters when SIGCHLD went to another thread of
	 * the caller (run.h: one run per process at a time), and for the
	 * perturbing scheduler's time slices (trace_wake_us). */
	long long timeout_us = spin			 ? 0
			       : trace_killing(c->trace) ? 50000
							 : RUN_MEM_SAMPLE_MS * 1000;
	long long wake_us = trace_wake_us(c->trace);
	struct timespec ts;
	size_t n = 0;
	uint64_t ticks;

	if (wake_us >= 0 && wake_us < timeout_us)
		timeout_us = wake_us;
	ts.tv_sec = (time_t)(timeout_us / 1000000);
	ts.tv_nsec = (long)(timeout_us % 1000000) * 1000;

	pfd[n++] = (struct pollfd){ c->signal_fd, POLLIN, 0 };
	pfd[n++] = (struct pollfd){ c->timer_fd, POLLIN, 0 };
	pfd[n++] = (struct pollfd){ c->status_r, POLLIN, 0 };
	n += run_io_pollfds(c, pfd + n);
	if (ppoll(pfd, n, &ts, NULL) < 0 && errno != EINTR)
		return run_io_fail(c, "poll", NULL);
	if (pfd[0].revents)
		run_loop_drain_signals(c);
	if (pfd[1].revents && read(c->timer_fd, &ticks, sizeof(ticks)) > 0 &&
	    !run_loop_load_grace(c))
		trace_stop(c->trace, RUN_TIMEOUT, W_("timeout after %g s"),
			   c->limits.timeout_s + (double)c->load_grace_us / 1e6);
	if (pfd[2].revents)
		run_loop_read_messages(c);
	run_io_read(c, pfd + 3, n - 3);
	return 0;
}

/*
 * Wait until the tracer may have something to do, and handle the pipes and
 * the deadline when poll() ran. Returns 0, or -1 when poll() failed.
 *
 * A program that makes IPC calls in a loop stops again microseconds after
 * it was resumed. Sleeping in poll() between two such stops costs two
 * wake-ups per stop, and where the tracer and the program sit on two idle
 * CPUs of a VM each wake-up is an inter-processor interrupt: that doubled
 * the time of an IPC-heavy run. So after a stop of a system call that came
 * soon after the previous one (RUN_SPIN_GAP_US: a program in such a loop;
 * fork, exec, exit and lone calls never spin, so runs without many calls
 * cost nothing more) the loop only yields the CPU (to the program, when
 * they share one) and looks for the next stop; it sleeps when none came
 * for RUN_SPIN_US. It still looks at the pipes and the deadline (poll()
 * without waiting) every RUN_SPIN_POLL_US, so a program that never stops
 * calling cannot outrun its deadline.
 */
static int run_loop_wait_next(struct run_state *c, long long spin_until_us, long long *last_poll_us)
{
	long long now = run_loop_elapsed_us(c);
	bool spin = now < spin_until_us;

	if (spin && now - *last_poll_us < RUN_SPIN_POLL_US) {
		sched_yield();
		return 0;
	}
	*last_poll_us = now;
	return run_loop_poll_once(c, spin);
}

/* The --disk limit: the files of the run directory together. */
static void run_loop_disk_check(struct run_state *c)
{
	unsigned long long used;

	if (trace_killing(c->trace) || !c->dir_abs)
		return;
	used = run_disk_usage(c->dir_abs);
	if (used > (unsigned long long)c->limits.disk_mib << 20)
		trace_stop(c->trace, RUN_OUTPUT_LIMIT,
			   W_("the files of the run directory take %llu MiB, over the disk limit "
			      "(%u MiB)"),
			   used >> 20, c->limits.disk_mib);
}

int run_loop(struct run_state *c)
{
	long long kill_start = -1, last_stop_us = -RUN_SPIN_GAP_US, spin_until_us = 0;
	long long last_poll_us = 0, last_mem_us = 0, last_disk_us = 0, now;
	int handled;

	while (!trace_done(c->trace)) {
		if (run_loop_wait_next(c, spin_until_us, &last_poll_us) < 0)
			return -1;
		now = run_loop_elapsed_us(c);
		if (now - last_mem_us >= RUN_MEM_SAMPLE_MS * 1000) {
			trace_mem_check(c->trace);
			last_mem_us = now;
		}
		if (now - last_disk_us >= RUN_DISK_SAMPLE_MS * 1000) {
			run_loop_disk_check(c);
			last_disk_us = now;
		}
		handled = trace_wait(c->trace);
		if (handled > 0) {
			now = run_loop_elapsed_us(c);
			if (now - last_stop_us < RUN_SPIN_GAP_US)
				spin_until_us = now + RUN_SPIN_US;
			last_stop_us = now;
		}
		if (handled < 0) {
			c->failed = true;
			trace_kill(c->trace);
		}
		if (!trace_killing(c->trace))
			continue;
		if (kill_start < 0)
			kill_start = run_elapsed_ms(c);
		trace_kill(c->trace);
		if (run_elapsed_ms(c) - kill_start > RUN_KILL_TIMEOUT_MS) {
			errno = ETIMEDOUT;
			return run_io_fail(c, "killing the run", NULL);
		}
	}
	/* An OOM kill in the run's cgroup after the last sample. */
	trace_mem_check(c->trace);
	c->rec->wall_ms = run_wall_ms(c);
	c->rec->perturbed = c->spec->perturb;
	c->rec->seed = c->spec->seed;
	trace_schedule_stats(c->trace, &c->rec->preemptions, &c->rec->switches, &c->rec->cpu);
	if (c->spec->perturb) {
		long long wait = trace_cpu_wait_us(c->trace);

		/* Tasks killed at the deadline leave no exit stop: the
		 * waits last measured may be more. */
		if (wait < c->load_wait_us)
			wait = c->load_wait_us;
		c->rec->cpu_wait_ms = wait > 0 ? wait / 1000 : 0;
		c->rec->grace_ms = c->load_grace_us / 1000;
	}
	/* The last messages (a failed exec, a precondition) may have come
	 * after the last poll(). */
	while (run_loop_read_messages(c) > 0)
		;
	run_io_read_rest(c);
	return c->failed ? -1 : 0;
}
