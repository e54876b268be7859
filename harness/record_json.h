/*
 * record_json.h - the run record as JSON: the `trace --json` contract (every
 * key documented in doc/shmgrade.1, JSON OUTPUT).
 *
 * Field names are those of the contract; extra fields (message, t_us, tid,
 * programs, precondition, ...) are additions the contract allows. The only
 * file that includes <jansson.h> for records.
 */
#ifndef HARNESS_RECORD_JSON_H
#define HARNESS_RECORD_JSON_H

#include <jansson.h>
#include <stdio.h>

#include "harness/record.h"

struct json_out;

/* How much of the trace a record's "events" holds: every event, or the
 * summary of record_summary.h. Either way the record says which
 * ("trace"), how many events there were ("events_total"), how many
 * "events" leaves out ("events_omitted") and how many of each call
 * ("event_counts"). A summary also cuts each stdout and stderr (the run's
 * and each program's) at RECORD_SUMMARY_OUTPUT bytes and says how many it
 * left out ("stdout_omitted", "stderr_omitted"); every other field is
 * whole. */
enum record_trace { RECORD_TRACE_SUMMARY, RECORD_TRACE_FULL };

/* A new JSON object for rec (the caller owns the reference: json_decref).
 * Dies on out-of-memory like the x-allocators. */
json_t *record_to_json(const struct run_record *rec);

/* Write rec as a JSON object nested at depth (0: the top level; no
 * newline after the closing brace) to o, the events as trace says, then
 * extra's members (may be NULL). One event is built at a time. */
void record_json_out(struct json_out *o, const struct run_record *rec, int depth,
		     enum record_trace trace, const json_t *extra);

/* Write record_to_json(rec) to out, indented, with a final newline.
 * Returns 0, or -1 when writing failed (errno set by stdio). */
int record_json_write(const struct run_record *rec, FILE *out);

#endif /* HARNESS_RECORD_JSON_H */
