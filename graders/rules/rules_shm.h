/*
 * rules_shm.h - the rules of rules_shm.c, for the table in rules.c.
 * Their parameters and meaning are documented in doc/exercise-format.md.
 */
#ifndef GRADERS_RULES_SHM_H
#define GRADERS_RULES_SHM_H

#include <stddef.h>

#include "graders/rules/rules.h"

extern const struct rule rules_shm[];
extern const size_t rules_shm_count;

#endif /* GRADERS_RULES_SHM_H */
