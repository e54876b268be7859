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

/* out: "nothing in the output matches the pattern", kind no_match. */
void rules_text_no_match(struct rule_result *out, const char *text);

/* The parameters of a rule that reads what a program printed with a
 * pattern: whose output, which stream, case. */
/* clang-format off */
#define RULES_TEXT_PATTERN_PARAMS \
	{ "stream", PARAM_ENUM, false, "stdout", rules_text_streams, 0, 0, "stdout or stderr" }, \
	{ "program", PARAM_PROG, false, NULL, NULL, 0, 0, \
	  "whose output (default: the first program of the run)" }, \
	{ "ignore_case", PARAM_BOOL, false, "false", NULL, 0, 0, "match the pattern without case" }
/* clang-format on */

extern const struct rule rules_kernel[];
extern const size_t rules_kernel_count;
extern const struct rule rules_data[];
extern const size_t rules_data_count;

#endif /* GRADERS_RULES_TEXT_H */
