/*
 * grade.h - the results of checking one submission against one exercise:
 * what the engine (engine.c) fills and the reporters (report_*.c) read.
 *
 * A grade holds everything a report shows, already in the chosen language
 * (titles, evidence, feedback), plus the run records for the JSON report.
 * Reporters never run anything and never look at the exercise model.
 *
 * Ownership: a grade owns every string and array hanging from it;
 * grade_release() frees them all and leaves it as after grade_init().
 */
#ifndef GRADERS_GRADE_H
#define GRADERS_GRADE_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/load/exercise.h"
#include "graders/rules/rules.h"
#include "harness/record.h"

/* A grade item is the outcome of one of the exercise's checks in this grade
 * (struct grade_item); its status is doc/style.md rule 9's PASS, FAIL, ERROR,
 * plus SKIP when a check it requires did not pass and PENDING before
 * evaluation. "check" names the YAML's word (struct exercise_check) and
 * libcheck, never an outcome (CONTRIBUTING.md, "Names"). */
enum grade_item_status { ITEM_PENDING, ITEM_PASS, ITEM_FAIL, ITEM_ERROR, ITEM_SKIP };

/* "pending", "pass", "fail", "error", "skip". */
const char *grade_item_status_name(enum grade_item_status s);

/* The whole submission: pass (every check passed), fail (some check did
 * not pass: the student's), error (the grader or host broke somewhere). */
enum grade_status { GRADE_PASS, GRADE_FAIL, GRADE_ERROR };

/* "pass", "fail", "error". */
const char *grade_status_name(enum grade_status s);

struct grade_item;

/* Whether check c looks at the exercise's run number run_index. */
bool grade_item_uses_run(const struct grade_item *c, size_t run_index);

struct grade_item {
	char *id;    /* the check's id */
	char *title; /* in the grade's language */
	double points, max_points;
	enum grade_item_status status;
	char *message;	/* evidence (one line), or why it was skipped */
	char *feedback; /* the exercise's pass/fail feedback; may be "" */
	bool hidden;	/* student-facing reports show no details */
	size_t *runs;	/* owned; the exercise's run indexes it looks at;
			   nruns 0: every run */
	size_t nruns;
};

/* One run record, for the JSON report (and debugging). */
struct run_outcome {
	char *run_id;	     /* the exercise's run id */
	size_t run_index;    /* index into the exercise's runs */
	unsigned repetition; /* 0-based */
	struct run_record rec;
	bool failing; /* a check that did not pass looked at it: the one
			 record a run-by-run rule failed on, every record
			 of a rule over the runs together (--trace failing) */
};

/* A program as the student knows it, for labels: exe is the name its
 * executable has in the runs (the exercise's name for the program: what
 * the processes' comm shows), name the student's ("contador" for
 * contador.c). */
struct grade_prog {
	char *exe, *name;
};

struct grade {
	enum lang lang;
	char *exercise_id, *exercise_title; /* title in lang */
	char *submission;		    /* as given on the command line */
	double score, max_score;
	enum grade_status status;
	char *error;		   /* status error: what broke (lowercase), else NULL */
	char *ungradable;	   /* why this host cannot grade it (a run's needs: the
				      mode cannot give), else NULL; status is error */
	double wall_ms;		   /* the whole check: build, runs, rules */
	struct build_result build; /* output owned */
	struct grade_item *checks;
	size_t nchecks;
	struct run_outcome *runs;
	size_t nruns, aruns;
	struct grade_prog *progs; /* one per program of the exercise */
	size_t nprogs;
};

void grade_init(struct grade *g);
void grade_release(struct grade *g);

/* Append a zeroed run outcome (record_init()ed) and return it (xalloc).
 * Valid until the next grade_run_add(). */
struct run_outcome *grade_run_add(struct grade *g, const char *run_id, unsigned repetition);

/* Set g->error with printf-style formatting (replaces an older one) and
 * g->status = GRADE_ERROR. */
void grade_set_error(struct grade *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Fill g->progs for ex's programs and submission (a .c file or a
 * folder): a program's name is its source file's when the exercise names
 * one, else, for an exercise of one program, the file handed in (or the
 * only .c file of the folder handed in), without ".c"; else the
 * exercise's name for it. */
void grade_set_progs(struct grade *g, const struct exercise *ex, const char *submission);

/* The student's name for an executable called exe (a comm), or NULL when
 * it is none of the exercise's programs (something it exec'd). */
const char *grade_prog_name(const struct grade *g, const char *exe);

/* Recompute score and status from the checks (an error message or a check
 * in error makes it GRADE_ERROR; anything not passed, GRADE_FAIL). */
void grade_finish(struct grade *g);

/* The exit code a grade stands for: 0 pass, 1 fail, 2 error (cli.h). */
int grade_exit_code(const struct grade *g);

/* Ids of the checks that did not pass (fail, skip, error, pending), joined
 * with sep ("" when all passed); malloc'ed. Used by validate and csv. */
char *grade_failed_ids(const struct grade *g, const char *sep);

#endif /* GRADERS_GRADE_H */
