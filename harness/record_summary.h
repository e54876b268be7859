/*
 * record_summary.h - which events a summary of a run keeps.
 *
 * A run of a loop makes thousands of events (sem-09: 8,000 semops a run,
 * five runs); every report but a debugging one needs only a few of them.
 * A summary keeps, in this order of priority and at most
 * RECORD_SUMMARY_MAX events a run:
 *   1. the events the record itself points at: each object's creating and
 *      removing call (created_seq, removed_seq), each process's reaping
 *      call (reaped_seq);
 *   2. the first of each kind of anomaly per process and call: a failed
 *      call (per errno), a call that never returned, a failure injected by
 *      shmgrade (--inject), a refused call, a
 *      buffer or argument the kernel saw differently (the events a check's
 *      evidence names: evidence_add_context() cites the first failed and
 *      the first blocked call);
 *   3. the processes' lifecycles: every fork, exec and exit;
 *   4. the first, then the last, event of each process and call;
 *   5. the last of each kind of anomaly.
 * What the summary leaves out is counted (record_json.h writes the counts
 * beside the events). Outputs are cut at RECORD_SUMMARY_OUTPUT bytes. The
 * lifecycles of objects and processes, the leaks
 * and the outputs are in the record's other fields, whole.
 */
#ifndef HARNESS_RECORD_SUMMARY_H
#define HARNESS_RECORD_SUMMARY_H

#include <stddef.h>

#include "harness/record.h"

#define RECORD_SUMMARY_MAX 64
/* A summary keeps the first this many bytes of each output (stdout and
 * stderr of the run, and of each program); record_json.h counts the rest
 * ("stdout_omitted"). */
#define RECORD_SUMMARY_OUTPUT 4096

/* Mark in keep[i] (rec->nevents entries, zeroed by the caller) each event a
 * summary keeps; returns how many. */
size_t record_summary_select(const struct run_record *rec, unsigned char *keep);

#endif /* HARNESS_RECORD_SUMMARY_H */
