/*
 * run.c - harness_run(): one sandboxed, traced run (run.h).
 *
 * The steps, each its own function:
 *   run_prepare  limits, mode, executables, stdin, pipes, run directory,
 *                seccomp filter, fallback lock and baseline;
 *   run_launch   fork the launcher, attach, write its maps, open its
 *                namespace fds, let it go;
 *   run_loop     poll() on SIGCHLD (signalfd), the deadline (timerfd), the
 *                messages of init and every program's stdout/stderr, until
 *                every traced task has been reaped (right after a stop it
 *                spins briefly instead: run_wait_next);
 *   run_finish   inventory (before the namespace fds are closed),
 *                record_finish, statuses, fallback cleanup;
 *   run_cleanup  close, remove, restore: also on every error path.
 *
 * Decisions (where run.h left a choice):
 * - Programs never run as the host's root: a root caller's programs are
 *   uid 65534 outside (both modes). In namespace mode they are uid 0 of the
 *   user namespace but with every capability dropped (SECBIT_NOROOT) and
 *   /proc/sys read-only, so they cannot set shm_rmid_forced=1 to hide leaks.
 *   The host's file system is read-only in the run but for the run
 *   directory (namespace mode; fallback mode has no mount namespace).
 * - The harness's own exec of a program is not an event (it sets comm);
 *   execs the program makes are CALL_EXEC events.
 * - Refused calls are CALL_DENIED events, clone3 included (ENOSYS: glibc
 *   falls back to clone, whose flags the filter can inspect), so threaded
 *   programs show one refused clone3 per pthread_create.
 * - A call still in progress when its process was killed gets result -1,
 *   EINTR; restart codes (ERESTARTSYS...) are shown as EINTR; a shmget
 *   stopped by the memory limit never ran and is recorded as -1 ENOMEM.
 * - Group-stops are kept (PTRACE_SEIZE + PTRACE_LISTEN): a program can stop
 *   a child with SIGSTOP and see it with waitpid(WUNTRACED).
 * - RLIMIT_NPROC is set in namespace mode only (it counts per user
 *   namespace there; on the host it would count the user's other
 *   processes); the tracer's own count applies in both modes.
 * - Leftovers of a group of programs get RUN_GRACE_MS after the group's
 *   first processes ended, then are killed: init asks the tracer, which
 *   notes what each still has attached (a SIGKILLed process gets no
 *   PTRACE_EVENT_EXIT stop) and kills them; in the PID namespace init's
 *   kill(-1) backs that up. Every kill of the run (limits) does the same.
 */
#include "harness/run.h"

#include <errno.h>
#include <fcntl.h>
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

#include "harness/fallback.h"
#include "harness/filter.h"
#include "harness/inventory.h"
#include "harness/run_io.h"
#include "harness/sandbox.h"
#include "harness/trace.h"
#include "harness/words.h"
#include "harness/xalloc.h"
#include "harness/xlat.h"

/* How long the leftovers of a group may run after its first processes
 * ended (orphans finishing their work), and how long a kill may take. */
#define RUN_GRACE_MS 1000.0
#define RUN_KILL_TIMEOUT_MS 10000

/* Spinning (run_wait_next says why): for how long after a system call's
 * stop that came within RUN_SPIN_GAP_US of the one before, and how often
 * it still looks at the pipes and the deadline meanwhile. */
#define RUN_SPIN_US 20
#define RUN_SPIN_GAP_US 50
#define RUN_SPIN_POLL_US 1000
/* How often the run's memory is sampled (trace_mem_check), and so the
 * longest poll() when nothing happens. */
#define RUN_MEM_SAMPLE_MS 20

static int run_fail(struct run_ctx *c, const char *what)
{
	record_set_message(c->rec, "%s: %s", what, strerror(errno));
	return -1;
}

static void run_limits_default(struct run_limits *l)
{
	const struct run_limits def = RUN_LIMITS_DEFAULT;

	if (!(l->timeout_s > 0))
		l->timeout_s = def.timeout_s;
	if (!l->memory_mib)
		l->memory_mib = def.memory_mib;
	if (!l->processes)
		l->processes = def.processes;
	if (!l->output_kib)
		l->output_kib = def.output_kib;
}

/* Set once the host refused to make a run's namespaces (this process). */
static bool run_ns_refused;

static int run_choose_mode(struct run_ctx *c)
{
	const char *env = getenv("SHMGRADE_FALLBACK");
	/* The environment stands for the user's choice: it overrides AUTO, not
	 * a mode the caller asked for explicitly. */
	bool force_fb = c->spec->mode == RUN_MODE_FORCE_FALLBACK ||
			(c->spec->mode == RUN_MODE_AUTO && env && !strcmp(env, "1"));

	/* No probe: a run tries the namespaces, and when the host refuses
	 * them harness_run() runs it again in fallback mode and remembers. */
	c->namespaces = !force_fb && (c->spec->mode == RUN_MODE_FORCE_NAMESPACE || !run_ns_refused);
	c->rec->mode = c->namespaces ? RUN_MODE_NAMESPACE : RUN_MODE_FALLBACK;
	return 0;
}

static int run_prepare(struct run_ctx *c)
{
	if (c->spec->nprograms == 0 || c->spec->nprograms > RUN_MAX_PROGRAMS) {
		errno = EINVAL;
		return run_fail(c, "starting the run: no programs, or too many");
	}
	c->limits = c->spec->limits;
	run_limits_default(&c->limits);
	c->caller_root = geteuid() == 0;
	if (run_choose_mode(c) < 0)
		return -1;
	if (run_io_prepare(c) < 0)
		return -1;
	if (filter_build(&c->filter, !c->namespaces) < 0)
		return run_fail(c, "building the seccomp filter");
	c->have_filter = true;
	if (!c->namespaces) {
		if (fallback_begin(&c->fb) < 0)
			return run_fail(c, "taking the fallback lock and baseline");
		c->have_fb = true;
	}
	return 0;
}

static void run_sandbox_config(struct run_ctx *c, struct sandbox_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->namespaces = c->namespaces;
	cfg->caller_root = c->caller_root;
	cfg->dir_fd = c->dir_fd;
	cfg->dir_path = c->dir_abs;
	cfg->progs = c->progs;
	cfg->nprogs = c->spec->nprograms;
	cfg->pre = c->spec->pre;
	cfg->npre = c->spec->npre;
	cfg->limits = c->limits;
	cfg->filter = &c->filter;
	cfg->status_fd = c->status_w;
	cfg->go_fd = c->go_r;
	cfg->grace_ms = RUN_GRACE_MS;
}

/* Wait (at most 10 s) for the launcher's first message. */
static int run_wait_ready(struct run_ctx *c)
{
	struct pollfd pfd = {c->status_r, POLLIN, 0};
	struct sandbox_msg m;
	int rc;

	do
		rc = poll(&pfd, 1, 10000);
	while (rc < 0 && errno == EINTR);
	if (rc == 0)
		errno = ETIMEDOUT;
	if (rc <= 0 || read(c->status_r, &m, sizeof(m)) != sizeof(m)) {
		if (rc > 0)
			errno = EPIPE;
		return run_fail(c, "starting the sandbox");
	}
	if (m.type == SANDBOX_MSG_SETUP_FAIL) {
		c->ns_refused = c->namespaces;
		errno = m.b;
		return run_fail(c, sandbox_step_name(m.a));
	}
	return 0;
}

static int run_open_ns(struct run_ctx *c)
{
	char path[64];

	if (sandbox_maps_write(c->launcher, c->caller_root) < 0) {
		c->ns_refused = true;
		return run_fail(c, "writing the uid/gid maps");
	}
	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)c->launcher);
	c->userns_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->userns_fd < 0)
		return run_fail(c, "opening the user namespace");
	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)c->launcher);
	c->ipcns_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->ipcns_fd < 0)
		return run_fail(c, "opening the IPC namespace");
	return 0;
}

static int run_arm_timer(struct run_ctx *c)
{
	struct itimerspec its;
	double s = c->limits.timeout_s;

	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = (time_t)s;
	its.it_value.tv_nsec = (long)((s - (double)(time_t)s) * 1e9);
	if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
		its.it_value.tv_nsec = 1;
	if (timerfd_settime(c->timer_fd, 0, &its, NULL) < 0)
		return run_fail(c, "arming the deadline");
	return 0;
}

static int run_launch(struct run_ctx *c)
{
	struct sandbox_config cfg;
	struct trace_config tc;

	run_sandbox_config(c, &cfg);
	memset(&tc, 0, sizeof(tc));
	tc.rec = c->rec;
	tc.namespaces = c->namespaces;
	tc.mem_cap = (unsigned long long)c->limits.memory_mib << 20;
	tc.processes = c->limits.processes;
	/* In namespace mode the run's own kernel.shmmni does it exactly. */
	tc.shm_segments = c->namespaces ? 0 : c->limits.shm_segments;
	clock_gettime(CLOCK_MONOTONIC, &c->start);
	tc.start = c->start;
	c->trace = trace_new(&tc);
	c->launcher = sandbox_launcher_start(&cfg);
	if (c->launcher < 0)
		return run_fail(c, "forking the launcher");
	run_io_close_child_ends(c);
	if (trace_attach(c->trace, c->launcher) < 0)
		return run_fail(c, "attaching to the launcher");
	if (write(c->go_w, "a", 1) != 1)
		return run_fail(c, "starting the launcher");
	if (run_wait_ready(c) < 0)
		return -1;
	if (c->namespaces && run_open_ns(c) < 0)
		return -1;
	if (run_arm_timer(c) < 0)
		return -1;
	if (write(c->go_w, "g", 1) != 1)
		return run_fail(c, "starting the launcher");
	close(c->go_w);
	c->go_w = -1;
	return 0;
}

/* A precondition object init made: rec->pre (record_finish's input). */
static void run_pre_add(struct run_ctx *c, const struct run_precondition *pre, int id)
{
	struct inventory_item *it = inventory_add(&c->rec->pre);

	it->kind = pre->kind;
	it->id = id;
	it->ds.key = pre->key;
	it->ds.size = pre->size;
	it->ds.mode = pre->mode & 0777;
	it->ds.cpid = trace_ns_pid(c->trace, trace_init_pid(c->trace));
	if (pre->kind == IPC_KIND_SHM)
		trace_note_pre(c->trace, id, pre->key, pre->size);
}

static void run_message(struct run_ctx *c, const struct sandbox_msg *m)
{
	switch (m->type) {
	case SANDBOX_MSG_PRE_ID:
		if (m->a >= 0 && (size_t)m->a < c->spec->npre)
			run_pre_add(c, &c->spec->pre[m->a], m->b);
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
			record_set_message(c->rec, "executing '%s'%s: %s",
					   c->spec->programs[m->a].argv[0],
					   c->caller_root ? " as uid 65534" : "", strerror(m->b));
		c->failed = true;
		trace_kill(c->trace);
		break;
	case SANDBOX_MSG_KILL_LEFT: trace_kill_programs(c->trace); break;
	default: break;
	}
}

/* Handle what init and the launcher said; returns how many bytes were read
 * (0 at EOF or when nothing is ready: the pipe is non-blocking). */
static ssize_t run_read_messages(struct run_ctx *c)
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
		run_message(c, &m[i]);
	return n > 0 ? n : 0;
}

/* SIGCHLD only wakes the loop; SIGINT, SIGTERM or SIGHUP stop the run
 * (which then ends as usual: inventory, clean-up) and are raised again. */
static void run_drain_signals(struct run_ctx *c)
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

static long long run_elapsed_ms(const struct run_ctx *c)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - c->start.tv_sec) * 1000LL + (now.tv_nsec - c->start.tv_nsec) / 1000000;
}

static double run_wall_ms(const struct run_ctx *c)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - c->start.tv_sec) * 1e3 +
	       (double)(now.tv_nsec - c->start.tv_nsec) / 1e6;
}

/* Microseconds since the run started. */
static long long run_elapsed_us(const struct run_ctx *c)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - c->start.tv_sec) * 1000000LL + (now.tv_nsec - c->start.tv_nsec) / 1000;
}

/* Wait for (spin: only look at) SIGCHLD, the deadline and the pipes, and
 * handle what is ready. */
static int run_poll_once(struct run_ctx *c, bool spin)
{
	struct pollfd pfd[3 + 2 * RUN_MAX_PROGRAMS];
	/* The timeout only matters when SIGCHLD went to another thread of
	 * the caller (run.h: one run per process at a time). */
	int timeout = spin ? 0 : trace_killing(c->trace) ? 50 : RUN_MEM_SAMPLE_MS;
	size_t n = 0;
	uint64_t ticks;

	pfd[n++] = (struct pollfd){c->signal_fd, POLLIN, 0};
	pfd[n++] = (struct pollfd){c->timer_fd, POLLIN, 0};
	pfd[n++] = (struct pollfd){c->status_r, POLLIN, 0};
	n += run_io_pollfds(c, pfd + n);
	if (poll(pfd, n, timeout) < 0 && errno != EINTR)
		return run_fail(c, "poll");
	if (pfd[0].revents)
		run_drain_signals(c);
	if (pfd[1].revents && read(c->timer_fd, &ticks, sizeof(ticks)) > 0)
		trace_stop(c->trace, RUN_TIMEOUT, W_("timeout after %g s"), c->limits.timeout_s);
	if (pfd[2].revents)
		run_read_messages(c);
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
static int run_wait_next(struct run_ctx *c, long long spin_until_us, long long *last_poll_us)
{
	long long now = run_elapsed_us(c);
	bool spin = now < spin_until_us;

	if (spin && now - *last_poll_us < RUN_SPIN_POLL_US) {
		sched_yield();
		return 0;
	}
	*last_poll_us = now;
	return run_poll_once(c, spin);
}

static int run_loop(struct run_ctx *c)
{
	long long kill_start = -1, last_stop_us = -RUN_SPIN_GAP_US, spin_until_us = 0;
	long long last_poll_us = 0, last_mem_us = 0, now;
	int handled;

	while (!trace_done(c->trace)) {
		if (run_wait_next(c, spin_until_us, &last_poll_us) < 0)
			return -1;
		now = run_elapsed_us(c);
		if (now - last_mem_us >= RUN_MEM_SAMPLE_MS * 1000) {
			trace_mem_check(c->trace);
			last_mem_us = now;
		}
		handled = trace_wait(c->trace);
		if (handled > 0) {
			now = run_elapsed_us(c);
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
			return run_fail(c, "killing the run");
		}
	}
	c->rec->wall_ms = run_wall_ms(c);
	/* The last messages (a failed exec, a precondition) may have come
	 * after the last poll(). */
	while (run_read_messages(c) > 0)
		;
	run_io_read_rest(c);
	return c->failed ? -1 : 0;
}

/* The first process of program i (the one init started), or NULL. */
static const struct process *run_first_process(const struct run_record *rec, size_t i)
{
	size_t k;

	for (k = 0; k < rec->nprocesses; k++)
		if (rec->processes[k].program == (int)i)
			return &rec->processes[k];
	return NULL;
}

static void run_statuses(struct run_ctx *c)
{
	struct run_record *rec = c->rec;
	const struct process *p;
	size_t i;

	rec->status = trace_status(c->trace);
	for (i = 0; i < c->spec->nprograms; i++) {
		p = run_first_process(rec, i);
		if (!p)
			continue;
		rec->outputs[i].pid = p->pid;
		rec->outputs[i].exit_code = p->exit_code;
		rec->outputs[i].signal = p->signal;
		if (i == 0) {
			rec->exit_code = p->exit_code;
			rec->signal = p->signal;
		}
		if (rec->status != RUN_OK)
			continue;
		if (p->signal) {
			rec->status = RUN_SIGNALED;
			record_set_message(rec, W_("'%s' was killed by signal %d (%s)"),
					   rec->outputs[i].argv0, p->signal, strsignal(p->signal));
		} else if (p->exit_code != 0) {
			rec->status = RUN_RUNTIME_ERROR;
			record_set_message(rec, W_("'%s' exited with status %d"), rec->outputs[i].argv0,
					   p->exit_code);
		}
	}
}

static int run_inventory(struct run_ctx *c)
{
	struct inventory *inv = &c->rec->inventory;
	size_t i;

	if (!c->namespaces) {
		c->fb_collected = true;
		return fallback_collect(&c->fb, c->rec, c->trace, &c->rec->pre) < 0
			   ? run_fail(c, "listing the host's IPC objects")
			   : 0;
	}
	if (inventory_take_ns(inv, c->userns_fd, c->ipcns_fd) < 0)
		return run_fail(c, "listing the run's IPC objects");
	for (i = 0; i < inv->n; i++) {
		inv->items[i].ds.cpid = trace_ns_pid(c->trace, inv->items[i].ds.cpid);
		inv->items[i].ds.lpid = trace_ns_pid(c->trace, inv->items[i].ds.lpid);
	}
	inv->taken = true;
	return 0;
}

static int run_finish(struct run_ctx *c)
{
	const struct inventory *pre = &c->rec->pre;
	int *shmids = xcalloc(pre->n + 1, sizeof(int));
	size_t i, n = 0;
	unsigned left;

	if (run_inventory(c) < 0) {
		free(shmids);
		return -1;
	}
	/* The namespace (and every object left in it) dies with the last fd. */
	run_io_close_ns(c);
	for (i = 0; i < pre->n; i++)
		if (pre->items[i].kind == IPC_KIND_SHM)
			shmids[n++] = pre->items[i].id;
	record_finish(c->rec, shmids, n);
	free(shmids);
	run_statuses(c);
	if (c->have_fb && (left = fallback_cleanup(&c->fb)) != 0) {
		record_set_message(
		    c->rec, "%u leaked IPC object(s) could not be removed from the host", left);
		errno = EBUSY;
		return -1;
	}
	return 0;
}

/* Error path: nothing may outlive harness_run. */
static void run_abort(struct run_ctx *c)
{
	long long start;

	if (c->trace && c->launcher > 0) {
		start = run_elapsed_ms(c);
		trace_kill(c->trace);
		while (!trace_done(c->trace) && run_elapsed_ms(c) - start < RUN_KILL_TIMEOUT_MS) {
			usleep(10000);
			trace_wait(c->trace);
			trace_kill(c->trace);
		}
	}
	/* Fallback mode: the run's own objects go even when it failed, once
	 * nothing of it runs any more. */
	if (c->have_fb && !c->fb_collected && c->trace &&
	    (c->launcher <= 0 || trace_done(c->trace)) &&
	    fallback_collect(&c->fb, c->rec, c->trace, &c->rec->pre) == 0)
		fallback_cleanup(&c->fb);
}

/* One attempt; *refused: it failed because the host refused namespaces. */
static int run_attempt(const struct run_spec *spec, struct run_record *rec, bool *refused)
{
	struct run_ctx c;
	int rc = -1;

	run_io_init(&c, spec, rec);
	if (run_io_signals(&c) < 0 || run_prepare(&c) < 0)
		goto out;
	if (run_launch(&c) < 0 || run_loop(&c) < 0)
		goto out;
	if (run_finish(&c) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0) {
		run_abort(&c);
		rec->status = RUN_INTERNAL_ERROR;
		if (!rec->message)
			record_set_message(rec, "internal error");
	}
	*refused = rc < 0 && c.ns_refused;
	run_io_cleanup(&c);
	if (c.interrupted)
		raise(c.interrupted); /* everything is cleaned up: as the user asked */
	return rc;
}

int harness_run(const struct run_spec *spec, struct run_record *rec)
{
	bool refused;
	int rc = run_attempt(spec, rec, &refused);

	if (rc == 0 || !refused || spec->mode != RUN_MODE_AUTO)
		return rc;
	/* Docker's default profile, Ubuntu's AppArmor rule...: nothing of the
	 * program ran (namespaces come before it), so run it again without. */
	if (!spec->quiet)
		fprintf(stderr, "shmgrade: namespaces refused here (%s); running in fallback mode "
				"(one run at a time, host IPC namespace)\n",
			rec->message ? rec->message : "?");
	run_ns_refused = true;
	record_release(rec);
	record_init(rec);
	return run_attempt(spec, rec, &refused);
}

bool harness_namespaces_available(void)
{
	static int cached = -1;

	if (cached < 0)
		cached = sandbox_probe();
	return cached;
}
