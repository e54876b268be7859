/*
 * run_state.h - everything one harness_run() holds while it runs: the spec
 * and record, the limits, the programs' fds and pipes, the run directory,
 * the filter, the fallback lock, the tracer, the namespaces, the signal
 * and timer fds and what to restore at the end. run.c owns it; run_io.c
 * sets it up and releases it (run_io_init, run_io_cleanup), run_loop.c
 * drives it. Internal to the harness.
 */
#ifndef HARNESS_RUN_STATE_H
#define HARNESS_RUN_STATE_H

#include <signal.h>
#include <stdbool.h>
#include <time.h>

#include "harness/fallback.h"
#include "harness/filter.h"
#include "harness/record.h"
#include "harness/run.h"
#include "harness/run_cgroup.h"
#include "harness/sandbox.h"
#include "harness/trace.h"

#define RUN_MAX_PROGRAMS 64

struct run_state {
	const struct run_spec *spec;
	struct run_record *rec;
	struct run_limits limits;
	bool namespaces, caller_root;
	uid_t uid;	 /* the programs' host uid (and gid): run_uid() */
	bool failed;	 /* the harness failed (message set) */
	bool ns_refused; /* the host refused a namespace step (fallback may do) */
	int interrupted; /* SIGINT, SIGTERM or SIGHUP arrived during the run */

	struct sandbox_prog *progs; /* one per program; fds owned */
	int *out_r, *err_r;	    /* read ends, -1 once at EOF */
	int status_r, status_w;	    /* init -> tracer */
	int go_r, go_w;		    /* tracer -> launcher */
	int dir_fd;
	char *dir_abs; /* its absolute path */
	char *tmpdir;  /* made by us: removed at the end */

	struct filter filter;
	bool have_filter;
	struct fallback fb;
	bool have_fb;

	pid_t launcher;
	struct trace *trace;
	struct kstat *kstat; /* the kernel's word during the run (kstat.h) */
	int userns_fd, ipcns_fd;
	int signal_fd, timer_fd;
	sigset_t old_mask;
	bool mask_saved;
	struct sigaction old_chld; /* restored when we had to change it */
	bool chld_saved;
	bool fb_collected;	 /* fallback: inventory and cleanup done */
	int dumpable;		 /* PR_GET_DUMPABLE before the run changed it, or -1 */
	struct run_cgroup cg;	 /* the run's memory cgroup (cg.dirfd -1: none) */
	long long start_ns;	 /* util_monotonic_ns() when the run started */
	long long load_grace_us; /* added to a perturbed run's deadline (run_loop.c) */
	long long load_wait_us;	 /* the most CPU wait measured for it */
};

#endif /* HARNESS_RUN_STATE_H */
