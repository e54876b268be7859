/*
 * runs_load.h - load an exercise's limits and runs (part of the exercise
 * loader; users of the model want exercise.h).
 */
#ifndef GRADERS_RUNS_LOAD_H
#define GRADERS_RUNS_LOAD_H

#include "graders/load/diag.h"
#include "graders/load/exercise.h"
#include "graders/load/yaml_load.h"

/* Load ex->runs from the runs list n (NULL: reported missing elsewhere);
 * limits is the exercise-wide limits map or NULL. ex->progs must be loaded
 * (runs name programs). Every problem is added to d. */
void runs_load(struct exercise *ex, const struct ynode *n, const struct ynode *limits,
	       struct diag_list *d);

/* The values of schedule: (a run's or the exercise's): "free", "perturb". */
extern const char *const load_schedule_names[];

#endif /* GRADERS_RUNS_LOAD_H */
