/*
 * rules_text.h - the rules of rules_text.c (output) and rules_kernel.c
 * (printed_matches_kernel), for the table in rules.c.
 * Their parameters and meaning are documented in doc/exercise-format.md.
 */
#ifndef GRADERS_RULES_TEXT_H
#define GRADERS_RULES_TEXT_H

#include <stddef.h>

#include "graders/rules/rules.h"

extern const struct rule rules_text[];
extern const size_t rules_text_count;
/* The values of a rule's 'stream' parameter: stdout, stderr. */
extern const char *const rules_text_streams[];

/* The text of the stream and program p chooses ("" when none); *o is
 * NULL when that program never ran. */
const char *rules_text_stream(const struct rule_run *run, const struct rule_params *p,
			      const struct program_output **o);

extern const struct rule rules_kernel[];
extern const size_t rules_kernel_count;
extern const struct rule rules_data[];
extern const size_t rules_data_count;

#endif /* GRADERS_RULES_TEXT_H */
