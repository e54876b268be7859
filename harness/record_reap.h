/*
 * record_reap.h - who reaped whom, from a record's wait events (part of
 * record_finish(), see record.h).
 */
#ifndef HARNESS_RECORD_REAP_H
#define HARNESS_RECORD_REAP_H

#include "harness/record.h"

/* Whether call is one of the wait calls (wait4, waitid, waitpid). */
bool record_is_wait(enum ipc_call call);

/*
 * Set reaped_by / reaped_seq of every process from the wait events:
 *   - a wait that reaped child_pid: that child, by the waiting process;
 *   - a wait that failed with ECHILD: every child of the waiting process
 *     forked before it and matched by its pid selector (wait4's pid; -1,
 *     0 and process groups match every child; waitid's P_PID its id) is
 *     counted as reaped by it: ECHILD proves no such child was left
 *     unwaited for, so the kernel reaped them (SIGCHLD ignored).
 * A process nobody reaped keeps reaped_by 0. Idempotent.
 */
void record_reap_derive(struct run_record *rec);

#endif /* HARNESS_RECORD_REAP_H */
