/*
 * record_json.h - the run record as JSON: DESIGN.md's `trace --json` contract.
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

/* A new JSON object for rec (the caller owns the reference: json_decref).
 * Dies on out-of-memory like the x-allocators. */
json_t *record_to_json(const struct run_record *rec);

/* Write record_to_json(rec) to out, indented, with a final newline.
 * Returns 0, or -1 when writing failed (errno set by stdio). */
int record_json_write(const struct run_record *rec, FILE *out);

#endif /* HARNESS_RECORD_JSON_H */
