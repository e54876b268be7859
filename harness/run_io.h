/*
 * run_io.h - the plumbing of one harness_run() (its state: run_state.h):
 * executables, stdin, the stdout/stderr pipes and their caps, the run
 * directory, signal and timer fds, and the cleanup that releases all of it.
 * Internal to run.c.
 */
#ifndef HARNESS_RUN_IO_H
#define HARNESS_RUN_IO_H

#include <poll.h>
#include <stddef.h>

#include "harness/record.h"
#include "harness/run.h"
#include "harness/run_state.h"

/* Set every fd to -1 and remember spec and rec. */
void run_io_init(struct run_state *c, const struct run_spec *spec, struct run_record *rec);

/* Open the executables (checked), stdin files, pipes, the run directory;
 * allocate rec->outputs. Returns 0, or -1 with rec->message set. */
int run_io_prepare(struct run_state *c);

/* Block SIGCHLD (and SIGPIPE) and open the signalfd and timerfd. */
int run_io_signals(struct run_state *c);

/* After the launcher forked: close what only the children need. */
void run_io_close_child_ends(struct run_state *c);

/* Fill pfd with the output pipes still open; returns how many. */
size_t run_io_pollfds(const struct run_state *c, struct pollfd *pfd);

/* Read the pipes poll() found ready (pfd/n as from run_io_pollfds). */
void run_io_read(struct run_state *c, const struct pollfd *pfd, size_t n);

/* Read whatever is left in every pipe (all writers are gone). */
void run_io_read_rest(struct run_state *c);

/* Close the namespace fds: the run's IPC namespace is destroyed. */
/* Stop the kstat helper (it holds the run's IPC namespace) and tell the
 * tracer. Safe to repeat. */
void run_io_kstat_stop(struct run_state *c);
void run_io_close_ns(struct run_state *c);

/* Release everything; remove the temporary directory; restore the mask. */
void run_io_cleanup(struct run_state *c);

/* Set rec->message to "what 'subject': strerror(errno)" (subject may be
 * NULL) and return -1: how every step of a run reports a failure. */
int run_io_fail(struct run_state *c, const char *what, const char *subject);

#endif /* HARNESS_RUN_IO_H */
