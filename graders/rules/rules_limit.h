/*
 * rules_limit.h - a check that failed because the run was stopped by a
 * limit says so, naming the limit and what was still running, instead of
 * what the stop did ("killed by SIGKILL", "exited with segment 0 still
 * attached").
 */
#ifndef GRADERS_RULES_LIMIT_H
#define GRADERS_RULES_LIMIT_H

#include <stdbool.h>

#include "graders/rules/rules.h"

/* Whether the run was stopped by a limit (timeout, memory, processes,
 * output). */
bool rules_limit_hit(const struct run_record *rec);

/*
 * Rewrite the evidence of a check that failed on a run stopped by a
 * limit: "stopped after 5 s: the child (pid 3) never ended". When the
 * rule's own evidence is only the stop's doing (how the programs ended:
 * exit_status, no_signal; what they still had attached), it is replaced;
 * otherwise it follows, after "; ". rule_name is the check's rule.
 */
void rules_limit_explain(const struct rule_run *run, const char *rule_name,
			 struct rule_result *out);

/* Add the kinds of failure the run itself shows (feedback.h): the limit
 * that stopped it, "signal" for a process killed by a signal of its own,
 * "never_ran". */
void rules_fail_kinds(const struct rule_run *run, struct rule_result *out);

#endif /* GRADERS_RULES_LIMIT_H */
