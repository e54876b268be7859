/*
 * trace_shm.h - the run's System V shared memory as the tracer counts it
 * (segments made and not removed, preconditions included), and the limits
 * checked at a shmget's seccomp stop, before the kernel sees it. Internal
 * to the tracer (trace.c).
 *
 * - memory_mib: a segment bigger than the cap, or the run's own segments
 *   (preconditions not counted) growing past it, ends the run
 *   (memory_limit) in both modes.
 * - Fallback mode only, where the host's kernel.shmmni/shmall cannot be the
 *   run's: the call fails as the kernel would fail it with them (ENOSPC)
 *   when shm_segments segments exist already, or when everything, the
 *   preconditions included, would pass the cap. In namespace mode the run's
 *   own sysctls do exactly this.
 */
#ifndef HARNESS_TRACE_SHM_H
#define HARNESS_TRACE_SHM_H

#include "harness/record.h"
#include "harness/trace_proc.h"

enum trace_shm_verdict {
	TRACE_SHM_OK,	/* let the call run */
	TRACE_SHM_KILL, /* the run was stopped (trace_stop: memory_limit) */
	TRACE_SHM_FAIL, /* fail the call with *err, as the kernel would */
};

/* Check the shmget decoded in ev (other calls: TRACE_SHM_OK). */
enum trace_shm_verdict trace_shm_check(struct trace *t, const struct event *ev, int *err);

/* Account for a completed call (a created segment, an IPC_RMID). */
void trace_shm_note(struct trace *t, const struct event *ev);

/* A segment the harness made before the programs started. */
void trace_shm_note_pre(struct trace *t, int id, long long key, unsigned long long size);

#endif /* HARNESS_TRACE_SHM_H */
