/*
 * run.c - harness_run(): one sandboxed, traced run (run.h).
 *
 * The steps, each its own function:
 *   run_prepare  limits, mode, executables, stdin, pipes, run directory,
 *                seccomp filter, fallback lock and baseline;
 *   run_launch   fork the launcher, attach, write its maps, open its
 *                namespace fds, let it go;
 *   run_loop     (run_loop.c) poll() on SIGCHLD, the deadline, init's
 *                messages and the programs' output until every traced
 *                task has been reaped;
 *   run_finish   inventory (before the namespace fds are closed),
 *                record_finish, statuses, fallback cleanup;
 *   run_cleanup  close, remove, restore: also on every error path.
 *
 * Decisions (where run.h left a choice):
 * - Programs never run as the host's root: a root caller's programs get a
 *   host uid of their own (run_uid.h: not 65534, which other runs and
 *   daemons share), in both modes. In namespace mode they are uid 0 of the
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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/random.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "harness/fallback.h"
#include "harness/filter.h"
#include "harness/inventory.h"
#include "harness/kstat.h"
#include "harness/run_io.h"
#include "harness/run_loop.h"
#include "harness/run_uid.h"
#include "harness/sandbox.h"
#include "harness/sandbox_probe.h"
#include "harness/trace.h"
#include "harness/words.h"
#include "util/util.h"
#include "util/xalloc.h"
#include "harness/xlat.h"

/* How long the leftovers of a group may run after its first processes
 * ended (orphans finishing their work). */
#define RUN_GRACE_MS 1000.0

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
	if (!l->disk_mib)
		l->disk_mib = def.disk_mib;
}

/* Set once the host refused to make a run's namespaces (this process). */
static bool run_ns_refused;

static int run_choose_mode(struct run_state *c)
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

static int run_prepare(struct run_state *c)
{
	if (c->spec->nprograms == 0 || c->spec->nprograms > RUN_MAX_PROGRAMS) {
		errno = EINVAL;
		return run_io_fail(c, "starting the run: no programs, or too many", NULL);
	}
	c->limits = c->spec->limits;
	run_limits_default(&c->limits);
	c->caller_root = geteuid() == 0;
	c->uid = run_uid();
	if (c->uid == (uid_t)-1)
		return run_io_fail(
			c,
			"taking a uid of its own for the programs (/run/shmgrade, SHMGRADE_UIDS)",
			NULL);
	if (run_choose_mode(c) < 0)
		return -1;
	if (run_io_prepare(c) < 0)
		return -1;
	if (filter_build(&c->filter, !c->namespaces,
			 inject_has_fork(c->spec->inject, c->spec->ninject)) < 0)
		return run_io_fail(c, "building the seccomp filter", NULL);
	c->have_filter = true;
	if (!c->namespaces) {
		if (fallback_begin(&c->fb, c->uid) < 0)
			return run_io_fail(c, "taking the fallback lock and baseline", NULL);
		c->have_fb = true;
	}
	return 0;
}

static void run_sandbox_config(struct run_state *c, struct sandbox_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->namespaces = c->namespaces;
	cfg->caller_root = c->caller_root;
	cfg->uid = c->uid;
	cfg->nested_student = c->namespaces && !c->caller_root;
	cfg->dir_fd = c->dir_fd;
	cfg->dir_path = c->dir_abs;
	cfg->progs = c->progs;
	cfg->nprogs = c->spec->nprograms;
	cfg->ro_dirs = c->spec->ro_dirs;
	cfg->nro_dirs = c->spec->nro_dirs;
	cfg->binds = c->spec->binds;
	cfg->nbinds = c->spec->nbinds;
	cfg->hide_dirs = c->spec->hide_dirs;
	cfg->nhide_dirs = c->spec->nhide_dirs;
	cfg->exec_writable = c->spec->exec_writable;
	cfg->pre = c->spec->pre;
	cfg->npre = c->spec->npre;
	cfg->limits = c->limits;
	cfg->filter = &c->filter;
	cfg->status_fd = c->status_w;
	cfg->go_fd = c->go_r;
	cfg->grace_ms = RUN_GRACE_MS;
}

/* Wait (at most 10 s) for the launcher's first message. */
static int run_wait_ready(struct run_state *c)
{
	struct pollfd pfd = { c->status_r, POLLIN, 0 };
	struct sandbox_msg m;
	int rc;

	rc = EINTR_RETRY(poll(&pfd, 1, 10000));
	if (rc == 0)
		errno = ETIMEDOUT;
	if (rc <= 0 || read(c->status_r, &m, sizeof(m)) != sizeof(m)) {
		if (rc > 0)
			errno = EPIPE;
		return run_io_fail(c, "starting the sandbox", NULL);
	}
	if (m.type == SANDBOX_MSG_SETUP_FAIL) {
		c->ns_refused = c->namespaces;
		errno = m.b;
		return run_io_fail(c, sandbox_step_name(m.a), NULL);
	}
	return 0;
}

static int run_open_ns(struct run_state *c)
{
	char path[64];

	/* As root: uid 0 of the run is the slot's second uid, the programs
	 * the first (run_uid.h); otherwise the caller maps only itself. */
	if (sandbox_maps_write(c->launcher, c->caller_root ? c->uid + 1 : geteuid(),
			       c->caller_root ? (gid_t)c->uid + 1 : getegid(),
			       c->caller_root ? c->uid : (uid_t)-1) < 0) {
		c->ns_refused = true;
		return run_io_fail(c, "writing the uid/gid maps", NULL);
	}
	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)c->launcher);
	c->userns_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->userns_fd < 0)
		return run_io_fail(c, "opening the user namespace", NULL);
	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)c->launcher);
	c->ipcns_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->ipcns_fd < 0)
		return run_io_fail(c, "opening the IPC namespace", NULL);
	return 0;
}

/* The kernel's word on the run's objects while it runs (kstat.h): a helper
 * in the run's namespaces, or the host's namespace in fallback mode. */
static int run_kstat_start(struct run_state *c)
{
	c->kstat = c->namespaces ? kstat_start_ns(c->userns_fd, c->ipcns_fd) : kstat_start_host();
	if (!c->kstat)
		return run_io_fail(c, "starting the IPC helper", NULL);
	/* Owners as the programs see them (sandbox_config.nested_student). */
	if (c->namespaces && !c->caller_root)
		kstat_set_student(c->kstat, SANDBOX_STUDENT_ID);
	trace_set_kstat(c->trace, c->kstat);
	return 0;
}

static int run_arm_timer(struct run_state *c)
{
	struct itimerspec its;
	double s = c->limits.timeout_s;

	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = (time_t)s;
	its.it_value.tv_nsec = (long)((s - (double)(time_t)s) * 1e9);
	if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
		its.it_value.tv_nsec = 1;
	if (timerfd_settime(c->timer_fd, 0, &its, NULL) < 0)
		return run_io_fail(c, "arming the deadline", NULL);
	return 0;
}

/*
 * Fallback mode with an ordinary caller: the programs run as our own uid in
 * our PID namespace, so they could open /proc/<grader>/mem and rewrite the
 * record (a "LEAKED" into "freed"). A process that is not dumpable can be
 * reached that way only with CAP_SYS_PTRACE. Set once the launcher is
 * attached: a child forked while we are not dumpable inherits it, and
 * could then not be attached to (nor have its uid_map written). The
 * launcher protects itself and init the same way (sandbox.c); signals and
 * pidfds aimed at us are refused by the filter (trace_pid.c).
 */
static void run_protect(struct run_state *c)
{
	int was;

	if (c->namespaces || c->caller_root)
		return;
	was = prctl(PR_GET_DUMPABLE);
	if (was >= 0 && prctl(PR_SET_DUMPABLE, 0) == 0)
		c->dumpable = was;
}

/* The run's programs, the only files of its user it may exec
 * (trace_config.exec_checked); more distinct ones than the list holds: no
 * check. */
static void run_exec_list(const struct run_state *c, struct trace_config *tc)
{
	size_t n = c->spec->nprograms, i, j;
	struct stat st;

	tc->exec_checked = true;
	for (i = 0; i < n + c->spec->nexec_also; i++) {
		const char *also = i < n ? NULL : c->spec->exec_also[i - n];

		if (i < n ? fstat(c->progs[i].exec_fd, &st) < 0 : !also || stat(also, &st) < 0)
			continue;
		for (j = 0; j < tc->nexes; j++)
			if (tc->exes[j].dev == st.st_dev && tc->exes[j].ino == st.st_ino)
				break;
		if (j < tc->nexes)
			continue;
		if (tc->nexes == TRACE_MAX_EXES) {
			tc->exec_checked = false;
			return;
		}
		tc->exes[tc->nexes].dev = st.st_dev;
		tc->exes[tc->nexes++].ino = st.st_ino;
	}
}

static int run_launch(struct run_state *c)
{
	struct sandbox_config cfg;
	struct trace_config tc;

	run_sandbox_config(c, &cfg);
	memset(&tc, 0, sizeof(tc));
	tc.rec = c->rec;
	if (!c->spec->exec_writable)
		run_exec_list(c, &tc);
	tc.namespaces = c->namespaces;
	tc.mem_cap = (unsigned long long)c->limits.memory_mib << 20;
	tc.processes = c->limits.processes;
	/* In namespace mode the run's own kernel.shmmni does it exactly. */
	tc.shm_segments = c->namespaces ? 0 : c->limits.shm_segments;
	c->start_ns = util_monotonic_ns();
	tc.start_ns = c->start_ns;
	tc.perturb = c->spec->perturb;
	tc.seed = c->spec->seed;
	/* A hard limit a little above the cap: the sampler, reading the
	 * cgroup's numbers, normally ends the run first, with its message. */
	if (run_cgroup_create(&c->cg,
			      tc.mem_cap + (tc.mem_cap / 4 > (32ULL << 20) ? tc.mem_cap / 4
									   : 32ULL << 20)) == 0)
		tc.cg = &c->cg;
	if (c->have_fb) {
		tc.created = fallback_journal_note;
		tc.created_arg = &c->fb;
	}
	tc.inject = c->spec->inject;
	tc.ninject = c->spec->ninject < INJECT_MAX ? c->spec->ninject : INJECT_MAX;
	tc.sites = c->spec->sites;
	c->trace = trace_new(&tc);
	c->launcher = sandbox_launcher_start(&cfg);
	if (c->launcher < 0)
		return run_io_fail(c, "forking the launcher", NULL);
	run_io_close_child_ends(c);
	if (trace_attach(c->trace, c->launcher) < 0)
		return run_io_fail(c, "attaching to the launcher", NULL);
	run_protect(c);
	/* Before init exists: everything of the run is born in the cgroup. */
	if (c->cg.dirfd >= 0 && run_cgroup_enter(&c->cg, c->launcher) < 0)
		run_cgroup_remove(&c->cg); /* the sampler counts instead */
	if (write(c->go_w, "a", 1) != 1)
		return run_io_fail(c, "starting the launcher", NULL);
	if (run_wait_ready(c) < 0)
		return -1;
	if (c->namespaces && run_open_ns(c) < 0)
		return -1;
	if (run_kstat_start(c) < 0)
		return -1;
	if (run_arm_timer(c) < 0)
		return -1;
	if (write(c->go_w, "g", 1) != 1)
		return run_io_fail(c, "starting the launcher", NULL);
	close(c->go_w);
	c->go_w = -1;
	return 0;
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

static void run_statuses(struct run_state *c)
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
					   rec->outputs[i].argv0, p->signal,
					   xlat_signal_name(p->signal) ? xlat_signal_name(p->signal)
								       : "?");
		} else if (p->exit_code != 0) {
			rec->status = RUN_RUNTIME_ERROR;
			record_set_message(rec, W_("'%s' exited with status %d"),
					   rec->outputs[i].argv0, p->exit_code);
		}
	}
}

/* A successful traced get returned its id (or it is a precondition). */
static bool run_explained(const struct run_record *rec, const struct inventory_item *it)
{
	static const enum ipc_call get[] = { [IPC_KIND_SHM] = CALL_SHMGET,
					     [IPC_KIND_SEM] = CALL_SEMGET,
					     [IPC_KIND_MSG] = CALL_MSGGET };
	size_t i;

	for (i = 0; i < rec->pre.n; i++)
		if (rec->pre.items[i].kind == it->kind && rec->pre.items[i].id == it->id)
			return true;
	for (i = 0; i < rec->nevents; i++)
		if (rec->events[i].call == get[it->kind] && rec->events[i].result == it->id)
			return true;
	return false;
}

static int run_inventory(struct run_state *c)
{
	struct inventory *inv = &c->rec->inventory;
	size_t i;

	if (!c->namespaces) {
		c->fb_collected = true;
		return fallback_collect(&c->fb, c->rec, c->trace, &c->rec->pre) < 0
			       ? run_io_fail(c, "listing the host's IPC objects", NULL)
			       : 0;
	}
	if (inventory_take_ns(inv, c->userns_fd, c->ipcns_fd) < 0)
		return run_io_fail(c, "listing the run's IPC objects", NULL);
	for (i = 0; i < inv->n; i++) {
		struct ipc_ds *ds = &inv->items[i].ds;

		ds->cpid = trace_ns_pid(c->trace, ds->cpid);
		ds->lpid = trace_ns_pid(c->trace, ds->lpid);
		/* An ordinary caller's run maps one uid, 0, which the programs
		 * see as SANDBOX_STUDENT_ID in their own user namespace: show
		 * owners as they do. */
		if (!c->caller_root)
			kstat_view_student(ds, SANDBOX_STUDENT_ID);
		/* Made by a get whose process was killed inside it: the same
		 * record as in fallback mode. */
		if (!run_explained(c->rec, &inv->items[i]))
			fallback_claim_unreturned(c->rec, &inv->items[i]);
	}
	inv->taken = true;
	return 0;
}

static int run_finish(struct run_state *c)
{
	const struct inventory *pre = &c->rec->pre;
	int *shmids = xcalloc(pre->n + 1, sizeof(int));
	size_t i, n = 0;
	unsigned left;

	if (run_inventory(c) < 0) {
		free(shmids);
		return -1;
	}
	/* The namespace (and every object left in it) dies with the last fd
	 * and the helper that joined it. */
	run_io_kstat_stop(c);
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
static void run_abort(struct run_state *c)
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
	struct run_state c;
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
		fprintf(stderr,
			"shmgrade: namespaces refused here (%s); running in fallback mode "
			"(one run at a time, host IPC namespace)\n",
			rec->message ? rec->message : "?");
	run_ns_refused = true;
	record_release(rec);
	record_init(rec);
	return run_attempt(spec, rec, &refused);
}

unsigned long long harness_random_seed(void)
{
	unsigned int r = 0;
	struct timespec ts;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		r = (unsigned)ts.tv_nsec ^ (unsigned)getpid() << 16;
	}
	return r & 0x7fffffffU;
}

bool harness_namespaces_available(void)
{
	static int cached = -1;

	if (cached < 0)
		cached = sandbox_probe();
	return cached;
}
