/*
 * exercise_load.h - what the exercise loader's files share (exercise_load.c
 * loads the exercise and its submission; runs_load.c its runs,
 * checks_load.c its checks).
 * Users of the model want exercise.h, not this.
 */
#ifndef GRADERS_EXERCISE_LOAD_H
#define GRADERS_EXERCISE_LOAD_H

#include <stdbool.h>

#include "graders/load/diag.h"
#include "graders/load/exercise.h"
#include "graders/load/yaml_load.h"

/* Whether s is a valid author-chosen name: [A-Za-z0-9_.-], 1 to 64 long. */
bool exercise_load_name_ok(const char *s);

/* Read a name (ids, program names) from n into *out (owned); -1 after an
 * error naming what. */
int exercise_load_name(const struct ynode *n, const char *what, struct diag_list *d, char **out);

/* Load the submission section (n may be NULL: one program "prog", any
 * sources, the default build) into ex->progs and ex->build. */
void exercise_load_submission(struct exercise *ex, const struct ynode *n, struct diag_list *d);

#endif /* GRADERS_EXERCISE_LOAD_H */
