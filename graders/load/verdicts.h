/*
 * verdicts.h - the golden table of expected verdicts (reference/verdicts.tsv)
 * that `shmgrade validate` compares the reference solutions and mutants with.
 *
 * Format (agreed with the catalogue's author; reference/README.md for authors):
 * one line per submission, TAB-separated:
 *
 *   EXERCISE-ID <TAB> SUBMISSION <TAB> CHECKS
 *
 * SUBMISSION is relative to reference/EXERCISE-ID/ (a .c file, or a folder
 * for multi-program exercises); CHECKS is the comma-separated ids of the
 * checks expected NOT to pass (failed, or skipped because a check they
 * require did not pass), in any order, or the word "pass". Empty lines and
 * lines starting with '#' are ignored.
 *
 * An id followed by '?' ("counter_exact?") MAY fail: a mutant whose
 * failure of that check depends on the schedule (a lost update that a
 * lucky interleaving hides). The verdict is as expected whether it fails or
 * not; validate counts how often it failed and says so (reference/README.md
 * has the policy). "counter_exact?" alone: pass, or only that check fails.
 */
#ifndef GRADERS_VERDICTS_H
#define GRADERS_VERDICTS_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/load/diag.h"

struct verdict {
	char *exercise, *submission;
	char **checks; /* owned; sorted; must not pass; empty for "pass" */
	size_t nchecks;
	char **maybe; /* owned; sorted, without the '?': may fail */
	size_t nmaybe;
	int line;
	bool used; /* set by the caller when a file matched it */
};

struct verdict_table {
	struct verdict *v;
	size_t n, alloc;
};

void verdict_table_init(struct verdict_table *t);
void verdict_table_release(struct verdict_table *t);

/* Load path; malformed lines go to d as "file:line:col: message" errors.
 * Returns 0, or -1 when the file cannot be read or has errors. */
int verdict_table_load(struct verdict_table *t, const char *path, struct diag_list *d);

/* The entry for (exercise, submission), or NULL. */
struct verdict *verdict_table_find(struct verdict_table *t, const char *exercise,
				   const char *submission);

/* Split "a,b,c" (or "pass", or "") into a sorted, owned array. */
char **verdict_split(const char *list, size_t *n);

/* Whether two sorted id lists are equal. */
bool verdict_same(char *const *a, size_t na, char *const *b, size_t nb);

/* "pass" or "a,b,c"; malloc'ed. */
char *verdict_join(char *const *v, size_t n);

/* Whether got (the sorted ids that did not pass) is what v expects: every
 * one of v->checks, and nothing outside v->checks and v->maybe. */
bool verdict_matches(const struct verdict *v, char *const *got, size_t ngot);

/* v's CHECKS as the table writes them, sorted: "a,b?,c" or "pass";
 * malloc'ed. */
char *verdict_expected_text(const struct verdict *v);

#endif /* GRADERS_VERDICTS_H */
