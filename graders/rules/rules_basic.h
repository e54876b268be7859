/*
 * rules_basic.h - the rules of rules_basic.c, for the table in rules.c.
 * Their parameters and meaning are documented in doc/exercise-format.md.
 */
#ifndef GRADERS_RULES_BASIC_H
#define GRADERS_RULES_BASIC_H

#include <stddef.h>

#include "graders/rules/rules.h"

extern const struct rule rules_basic[];
extern const size_t rules_basic_count;

#endif /* GRADERS_RULES_BASIC_H */
