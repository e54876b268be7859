/*
 * timeline.h - the run record as readable text, strace style.
 *
 * One line per event (time, pid, the call with decoded arguments and its
 * result), then one line per IPC object describing its lifecycle, then a
 * verdict line. Colour (ANSI escapes) only when color is true: the caller
 * decides (isatty, --color/--no-color).
 */
#ifndef HARNESS_TIMELINE_H
#define HARNESS_TIMELINE_H

#include <stdbool.h>
#include <stdio.h>

#include "harness/record.h"

void timeline_write(const struct run_record *rec, FILE *out, bool color);

#endif /* HARNESS_TIMELINE_H */
