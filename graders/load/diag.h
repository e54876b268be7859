/*
 * diag.h - diagnostics collected while reading an input file, reported all
 * at once as "file:line:col: message" (gcc's shape, so editors jump to them).
 *
 * The loader adds every problem it finds instead of stopping at the first:
 * an instructor fixes the whole file in one pass. Errors make the load fail;
 * warnings (e.g. a text given in one language only) are printed but do not.
 *
 * Positions are 1-based (line 1, column 1 is the file's first character);
 * 0:0 means "the file as a whole" and prints as "file: message".
 *
 * Ownership: a diag_list owns its file name and every message;
 * diag_release() frees them and leaves the list as after diag_init().
 */
#ifndef GRADERS_DIAG_H
#define GRADERS_DIAG_H

#include <stdio.h>

enum diag_level { DIAG_ERROR, DIAG_WARNING };

struct diag {
	enum diag_level level;
	int line, col; /* 1-based; 0 when unknown */
	char *msg;     /* owned; lowercase, no trailing period, no position */
};

/* Past this many diagnostics only a last "too many errors" one is kept, so a
 * hostile or binary file cannot make the list grow without bound. */
#define DIAG_MAX 100

struct diag_list {
	char *file; /* owned; the name printed before each position */
	struct diag *v;
	size_t n, alloc;
	unsigned errors, warnings; /* counted even past DIAG_MAX */
};

/* file may be NULL (printed as "<input>"). */
void diag_init(struct diag_list *d, const char *file);
void diag_release(struct diag_list *d);

/* Add one diagnostic; fmt is printf-like. Never fails (xalloc). */
void diag_add(struct diag_list *d, enum diag_level level, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void diag_error(struct diag_list *d, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warning(struct diag_list *d, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Order by position (stable: same position keeps the order added). */
void diag_sort(struct diag_list *d);

/* "file:line:col: message" for errors, "file:line:col: warning: message"
 * for warnings; returns a malloc'ed string the caller frees. */
char *diag_format(const struct diag_list *d, size_t i);

/* Print every diagnostic, one a line, in order; returns how many. */
size_t diag_print(const struct diag_list *d, FILE *f);

#endif /* GRADERS_DIAG_H */
