/*
 * run_io.h - the state of one harness_run() and its plumbing: executables,
 * stdin, the stdout/stderr pipes and their caps, the run directory, signal
 * and timer fds, and the cleanup that releases all of it. Internal to run.c.
 */
#ifndef HARNESS_RUN_IO_H
#define HARNESS_RUN_IO_H

#include <poll.h>
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

struct run_ctx {
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
	bool fb_collected;    /* fallback: inventory and cleanup done */
	int dumpable;	      /* PR_GET_DUMPABLE before the run changed it, or -1 */
	struct run_cgroup cg; /* the run's memory cgroup (cg.dirfd -1: none) */
	struct timespec start;
};

/* Set every fd to -1 and remember spec and rec. */
void run_io_init(struct run_ctx *c, const struct run_spec *spec, struct run_record *rec);

/* Open the executables (checked), stdin files, pipes, the run directory;
 * allocate rec->outputs. Returns 0, or -1 with rec->message set. */
int run_io_prepare(struct run_ctx *c);

/* Block SIGCHLD (and SIGPIPE) and open the signalfd and timerfd. */
int run_io_signals(struct run_ctx *c);

/* After the launcher forked: close what only the children need. */
void run_io_close_child_ends(struct run_ctx *c);

/* Fill pfd with the output pipes still open; returns how many. */
size_t run_io_pollfds(const struct run_ctx *c, struct pollfd *pfd);

/* Read the pipes poll() found ready (pfd/n as from run_io_pollfds). */
void run_io_read(struct run_ctx *c, const struct pollfd *pfd, size_t n);

/* Read whatever is left in every pipe (all writers are gone). */
void run_io_read_rest(struct run_ctx *c);

/* Close the namespace fds: the run's IPC namespace is destroyed. */
/* Stop the kstat helper (it holds the run's IPC namespace) and tell the
 * tracer. Safe to repeat. */
void run_io_kstat_stop(struct run_ctx *c);
void run_io_close_ns(struct run_ctx *c);

/* Release everything; remove the temporary directory; restore the mask. */
void run_io_cleanup(struct run_ctx *c);

/* Set rec->message to "what 'subject': strerror(errno)" (subject may be
 * NULL) and return -1: how every step of a run reports a failure. */
int run_io_fail(struct run_ctx *c, const char *what, const char *subject);

#endif /* HARNESS_RUN_IO_H */
