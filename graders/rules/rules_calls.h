/*
 * rules_calls.h - the rules of rules_calls.c, for the table in rules.c.
 * Their parameters and meaning are documented in doc/exercise-format.md.
 */
#ifndef GRADERS_RULES_CALLS_H
#define GRADERS_RULES_CALLS_H

#include <stddef.h>

#include "graders/rules/rules.h"

extern const struct rule rules_calls[];
extern const size_t rules_calls_count;

#endif /* GRADERS_RULES_CALLS_H */
