/*
 * engine.h - the grading engine: grade one submission against one exercise.
 *
 *   load (the caller) -> build (build.c, sandboxed) -> every repetition of
 *   every run (harness_run) -> every check in ex->order (rules.h) -> a
 *   struct grade (grade.h) for the reporters.
 *
 * PASS / FAIL / ERROR stay apart (doc/style.md, rule 9): a submission that does not
 * compile is the student's failure (the "compiles" check fails, checks that
 * need a program fail or are skipped); a run the harness could not make
 * (RUN_INTERNAL_ERROR) makes the checks that look at it ERROR, never FAIL.
 *
 * Nothing already graded is lost when a later step breaks: the grade keeps
 * every check evaluated so far, the others are marked ERROR ("not
 * evaluated"), and the caller still writes its reports.
 *
 * Work files live in a private directory (workdir.h) removed at the end
 * unless keep is set.
 */
#ifndef GRADERS_ENGINE_H
#define GRADERS_ENGINE_H

#include <stdbool.h>

#include "graders/load/exercise.h"
#include "graders/engine/grade.h"
#include "harness/run.h"

struct engine_options {
	enum lang lang;		    /* of titles, evidence and feedback */
	enum run_mode_request mode; /* namespaces or fallback (harness) */
	bool quiet;		    /* no harness notices on stderr */
	bool keep;		    /* keep the work directory; its path is
				       printed on stderr */
	/* Called before each step ("building", "run 2/5") when not NULL. */
	void (*progress)(void *arg, const char *step);
	void *progress_arg;
	/* Calls that fail in every run, after the run's own "inject:" (check
	 * --inject; borrowed); the fault sweep's runs do not get them. */
	const struct run_inject *inject;
	size_t ninject;
	/* Perturb every run's schedule (runs with schedule: perturb are
	 * perturbed anyway); seeded: repetition k of each run uses seed + k,
	 * else a fresh seed per submission. */
	bool perturb, seeded;
	unsigned long long seed;
};

#define ENGINE_OPTIONS_DEFAULT                                                                     \
	{                                                                                          \
		LANG_EN, RUN_MODE_AUTO, true, false, NULL, NULL, NULL, 0, false, false, 0          \
	}

/*
 * Grade submission (a path: .c file, folder or executable) against ex into
 * g (grade_init()ed). Returns 0 when g is a verdict on the submission
 * (GRADE_PASS or GRADE_FAIL), -1 when the grader broke somewhere
 * (GRADE_ERROR; g->error or the checks in error say why).
 */
int engine_grade(const struct exercise *ex, const char *submission, const struct engine_options *o,
		 struct grade *g);

#endif /* GRADERS_ENGINE_H */
