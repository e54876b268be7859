/*
 * checks_load.h - load an exercise's checks and their rule parameters
 * (part of the exercise loader; users of the model want exercise.h).
 */
#ifndef GRADERS_CHECKS_LOAD_H
#define GRADERS_CHECKS_LOAD_H

#include "graders/load/diag.h"
#include "graders/load/exercise.h"
#include "graders/load/yaml_load.h"

/*
 * Load ex->checks from the list n. ex->progs and ex->runs must be loaded
 * (checks name them). Resolves requires to indexes, reports duplicate ids
 * and unknown names (dropped from requires). Returns 0 when ex->checks is
 * there (ex->order can be computed; errors may have been reported), -1 when
 * n is not a non-empty list.
 * A check whose points could not be read has points NAN.
 */
int checks_load(struct exercise *ex, const struct ynode *n, struct diag_list *d);

/*
 * Load the parameters of a rule from the map with (NULL: none given) into
 * p, filling defaults from the schema. at is where to report a missing
 * required parameter when with is NULL. Returns 0, or -1 after an error.
 */
int params_load(struct rule_params *p, const struct rule *rule, const struct ynode *with,
		struct mark at, const struct exercise *ex, struct diag_list *d);

#endif /* GRADERS_CHECKS_LOAD_H */
