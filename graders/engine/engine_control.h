/*
 * engine_control.h - the control runs of the grading engine (issue 13):
 * when a check that a race can change failed on a perturbed repetition of
 * a run (rules_race.h), the run as the exercise has it, without perturbing
 * its schedule, not scored, at most twice, shared by every check that
 * looks at it; the check is evaluated on them and rules_race_note() says
 * what that means. Engine internals: engine.c calls it.
 */
#ifndef GRADERS_ENGINE_CONTROL_H
#define GRADERS_ENGINE_CONTROL_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/engine/engine.h"
#include "graders/load/exercise.h"
#include "graders/rules/rules.h"
#include "harness/record.h"

struct engine_job;
struct engine_control; /* the control runs of one run of the exercise */

/* One per run of the exercise, none made yet; free with
 * engine_controls_free() (NULL is fine). */
struct engine_control *engine_controls_new(size_t nruns);
void engine_controls_free(struct engine_control *controls, size_t nruns);

/* Check c failed on the perturbed record rr->rec: evaluate it on the
 * control runs of rr's run (made when first needed) until one passes, and
 * add what that says to res (rules_race_note). */
void engine_control_note(struct engine_job *j, const struct exercise *ex,
			 struct engine_control *controls, const struct exercise_check *c,
			 const struct rule_ctx *ctx, const struct rule_run *rr,
			 struct rule_result *res);

/* engine.c: run ri once into rec (record_init()ed) in a new directory
 * called name under the job's root: *dirp gets the directory and *filesp
 * the run files' identities before the run (either NULL when it failed).
 * A failure of ours is a RUN_INTERNAL_ERROR record. */
void engine_run_into(struct engine_job *j, size_t ri, const char *name, bool perturb,
		     unsigned long long seed, struct run_record *rec, char **dirp,
		     struct file_ident **filesp);

/* engine.c: report a step of the grading (the options' progress). */
void engine_progress(const struct engine_job *j, const char *step);

#endif /* GRADERS_ENGINE_CONTROL_H */
