/*
 * class_report.h - the class outputs (gradebook.csv, summary.json,
 * class.html) made from the students' result files (class_result.h), by
 * `grade` and by `merge`.
 *
 * Layout of OUT:
 *   OUT/gradebook.csv, OUT/summary.json, OUT/class.html
 *   OUT/students/SLUG/result.json   the stored result (class_result.h)
 *   OUT/students/SLUG/report.html   and the formats asked for
 *
 * The class outputs depend only on the set of result files, sorted by
 * entry, never on the order or the machine they were graded on: a run
 * with -j 1, one with -j 8 and the merge of shards write the same bytes.
 */
#ifndef GRADERS_CLASS_REPORT_H
#define GRADERS_CLASS_REPORT_H

#include <stdbool.h>

/* Counts over a class, for the caller's last line. */
struct class_totals {
	unsigned students, full, errors;
};

/* Read every OUT/students/STAR/result.json and write OUT's gradebook.csv,
 * summary.json and class.html. Returns 0, or -1 after a message on stderr. */
int class_report_write(const char *out, struct class_totals *t);

#endif /* GRADERS_CLASS_REPORT_H */
