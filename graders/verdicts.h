/*
 * verdicts.h - the golden table of expected verdicts (reference/verdicts.tsv)
 * that `shmgrade validate` compares the reference solutions and mutants with.
 *
 * Format (agreed with the catalogue's author; /work/notes/h6-verdicts-format.txt):
 * one line per submission, TAB-separated:
 *
 *   EXERCISE-ID <TAB> SUBMISSION <TAB> CHECKS
 *
 * SUBMISSION is relative to reference/EXERCISE-ID/ (a .c file, or a folder
 * for multi-program exercises); CHECKS is the comma-separated ids of the
 * checks expected NOT to pass (failed, or skipped because a check they
 * require did not pass), in any order, or the word "pass". Empty lines and
 * lines starting with '#' are ignored.
 */
#ifndef GRADERS_VERDICTS_H
#define GRADERS_VERDICTS_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/diag.h"

struct verdict {
	char *exercise, *submission;
	char **checks; /* owned; sorted; empty for "pass" */
	size_t nchecks;
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

#endif /* GRADERS_VERDICTS_H */
