/*
 * class_report.h - the results of a class: one small result file per
 * student (written by `grade`), and the class outputs made from them
 * (gradebook.csv, summary.json, class.html), by `grade` and by `merge`.
 *
 * Layout of OUT:
 *   OUT/gradebook.csv, OUT/summary.json, OUT/class.html
 *   OUT/students/SLUG/result.json   this file (below), the stored result
 *   OUT/students/SLUG/report.html   and the formats asked for
 *
 * result.json: {"shmgrade_result": 1, "key", "entry", "student", "id",
 * "layout", "exercise", "exercise_title", "lang", "score", "max_score",
 * "status", "error", "checks": [{id, title, points, max_points, status,
 * message}]}; no run records, so it stays small. "key" is the content key
 * (exercise, submission, shmgrade, options) it was graded under; "" when
 * it must be graded again (the grader crashed on it).
 *
 * The class outputs depend only on the set of result files, sorted by
 * entry, never on the order or the machine they were graded on: a run
 * with -j 1, one with -j 8 and the merge of shards write the same bytes.
 */
#ifndef GRADERS_CLASS_REPORT_H
#define GRADERS_CLASS_REPORT_H

#include <stdbool.h>

#include "graders/cli/class_scan.h"
#include "graders/engine/grade.h"

/* Write g (may be NULL: then status error with message error) as s's
 * result file at path, fsync'ed. Returns 0 or -1 with errno. */
int class_result_write(const struct grade *g, const struct class_sub *s, const char *key,
		       const char *error, const char *path);

/* The key stored in the result file at path when it is a finished verdict
 * (status pass or fail), else NULL. malloc'ed. */
char *class_result_key(const char *path);

/* Counts over a class, for the caller's last line. */
struct class_totals {
	unsigned students, full, errors;
};

/* Read every OUT/students/STAR/result.json and write OUT's gradebook.csv,
 * summary.json and class.html. Returns 0, or -1 after a message on stderr. */
int class_report_write(const char *out, struct class_totals *t);

#endif /* GRADERS_CLASS_REPORT_H */
