/*
 * rules_text.h - the rules of rules_text.c, for the table in rules.c.
 * Their parameters and meaning are documented in doc/exercise-format.md.
 */
#ifndef GRADERS_RULES_TEXT_H
#define GRADERS_RULES_TEXT_H

#include <stddef.h>

#include "graders/rules.h"

extern const struct rule rules_text[];
extern const size_t rules_text_count;

#endif /* GRADERS_RULES_TEXT_H */
