/*
 * class_result.h - a student's stored result in a class: one small file
 * per student, written by `grade` (cmd_grade.c) and read back to decide
 * what to grade again and to make the class outputs (class_report.h).
 *
 * OUT/students/SLUG/result.json: {"shmgrade_result": 1, "key", "entry",
 * "student", "id", "layout", "exercise", "exercise_title", "lang", "score",
 * "max_score", "status", "error", "checks": [{id, title, points,
 * max_points, status, message}], "runs": [{run, repetition, status,
 * failing, events_total, processes, leaks {shm, sem, msg}}]}; no events,
 * so it stays small. "key"
 * is the content key (exercise, submission, shmgrade, options) it was
 * graded under; "" when it must be graded again (the grader crashed on it).
 */
#ifndef GRADERS_CLASS_RESULT_H
#define GRADERS_CLASS_RESULT_H

#include "graders/cli/class_scan.h"
#include "graders/engine/grade.h"

/* Write g (may be NULL: then status error with message error) as s's
 * result file at path, fsync'ed. Returns 0 or -1 with errno. */
int class_result_write(const struct grade *g, const struct class_sub *s, const char *key,
		       const char *error, const char *path);

/* The key stored in the result file at path when it is a finished verdict
 * (status pass or fail), else NULL. malloc'ed. */
char *class_result_key(const char *path);

#endif /* GRADERS_CLASS_RESULT_H */
