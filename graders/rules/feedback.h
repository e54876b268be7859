/*
 * feedback.h - hints that fit the failure.
 *
 * A check's `feedback: fail:` is either one text, shown whatever made the
 * check fail (but not when the program was not even built), or a list of
 * texts, each for some kinds of failure:
 *
 *   feedback:
 *     fail:
 *       - when: timeout                  # one kind, or a list of kinds
 *         es: Si se agota el tiempo, ...
 *         en: If time runs out, ...
 *       - when: [signal]
 *         text: ...                      # the same text in every language
 *       - unless: [limit, never_created] # any other failure but these
 *         es: ...
 *         en: ...
 *
 * The first entry whose `when` kinds describe the failure (no `when`: any
 * failure) and whose `unless` kinds do not is shown; none when no entry
 * fits. The kinds are feedback_kinds[]: what stopped the run
 * (timeout, memory_limit, process_limit, output_limit, limit: any of
 * them), a process killed by a signal of its own (signal), the program
 * never built or never ran, and what each rule says of its failure
 * (doc/exercise-format.md lists them per rule).
 */
#ifndef GRADERS_FEEDBACK_H
#define GRADERS_FEEDBACK_H

#include "graders/load/diag.h"
#include "graders/load/exercise.h"
#include "graders/load/yaml_load.h"

/* Every kind of failure a hint may name, NULL-terminated. */
extern const char *const feedback_kinds[];

/* One hint of a check: shown for failures of any of kinds (none: any). */
struct fail_case {
	char **kinds; /* owned */
	size_t nkinds;
	char **unless; /* owned: kinds that rule this hint out */
	size_t nunless;
	struct ltext text;
};

/* Read `fail:` (a text or a list of cases) into c->fail / c->fail_cases.
 * Errors (an unknown kind, with "did you mean") go to d. */
void feedback_load(struct exercise_check *c, const struct ynode *fail, struct diag_list *d);

/* Free c->fail_cases / one case. */
void feedback_release(struct exercise_check *c);
void feedback_case_release(struct fail_case *fc);

/* The hint for a failure of these kinds (" timeout differs "), in lang:
 * the first case that fits, else ""; the plain `fail` text fits every
 * failure; a failure to build is fitted only by a case naming not_built. */
const char *feedback_pick(const struct exercise_check *c, const char *kinds, enum lang lang);

#endif /* GRADERS_FEEDBACK_H */
