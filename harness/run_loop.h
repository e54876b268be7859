/*
 * run_loop.h - the event loop of one run (run_loop.c), between the launch
 * and the end: internal to harness_run() (run.c).
 */
#ifndef HARNESS_RUN_LOOP_H
#define HARNESS_RUN_LOOP_H

#include "harness/run_io.h"

/* How long killing a run may take before the harness gives up. */
#define RUN_KILL_TIMEOUT_MS 10000

/*
 * poll() on SIGCHLD (signalfd), the deadline (timerfd), the messages of
 * init and every program's stdout/stderr, and handle the tracees' stops,
 * until every traced task has been reaped (right after a stop it spins
 * briefly instead: run_loop_wait_next). Samples the run's memory, stops the run
 * on SIGINT/SIGTERM/SIGHUP. Sets rec->wall_ms. Returns 0, or -1 when the
 * harness failed (message set).
 */
int run_loop(struct run_state *c);

/* Milliseconds since the run started; the wall time of the run. */
long long run_elapsed_ms(const struct run_state *c);
double run_wall_ms(const struct run_state *c);

#endif /* HARNESS_RUN_LOOP_H */
