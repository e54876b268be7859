/*
 * verdicts.c - the golden table of expected verdicts (verdicts.h).
 */
#include "graders/load/verdicts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graders/load/exercise.h"
#include "util/xalloc.h"

void verdict_table_init(struct verdict_table *t)
{
	memset(t, 0, sizeof(*t));
}

void verdict_table_release(struct verdict_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].exercise);
		free(t->v[i].submission);
		strv_free(t->v[i].checks, t->v[i].nchecks);
		strv_free(t->v[i].maybe, t->v[i].nmaybe);
	}
	free(t->v);
	verdict_table_init(t);
}

static int verdicts_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **verdict_split(const char *list, size_t *n)
{
	char **v = xcalloc(strlen(list) / 2 + 2, sizeof(*v));
	const char *p = list;

	*n = 0;
	if (!strcmp(list, "pass"))
		return v;
	while (*p) {
		size_t len = strcspn(p, ",");
		size_t lead = strspn(p, " ");

		if (len > lead) {
			size_t end = len;

			while (end > lead && p[end - 1] == ' ')
				end--;
			v[(*n)++] = xasprintf("%.*s", (int)(end - lead), p + lead);
		}
		p += len;
		if (*p == ',')
			p++;
	}
	qsort(v, *n, sizeof(*v), verdicts_cmp);
	return v;
}

bool verdict_same(char *const *a, size_t na, char *const *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return false;
	return true;
}

char *verdict_join(char *const *v, size_t n)
{
	size_t i, len = 5;
	char *s;

	for (i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	s = xmalloc(len);
	strcpy(s, n ? "" : "pass");
	for (i = 0; i < n; i++) {
		if (i)
			strcat(s, ",");
		strcat(s, v[i]);
	}
	return s;
}

static bool verdicts_in(char *const *v, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], id))
			return true;
	return false;
}

bool verdict_matches(const struct verdict *v, char *const *got, size_t ngot)
{
	size_t i;

	for (i = 0; i < v->nchecks; i++)
		if (!verdicts_in(got, ngot, v->checks[i]))
			return false;
	for (i = 0; i < ngot; i++)
		if (!verdicts_in(v->checks, v->nchecks, got[i]) &&
		    !verdicts_in(v->maybe, v->nmaybe, got[i]))
			return false;
	return true;
}

char *verdict_expected_text(const struct verdict *v)
{
	char *s = xstrdup(""), *t;
	size_t i = 0, j = 0;
	bool maybe;

	if (!v->nchecks && !v->nmaybe) {
		free(s);
		return xstrdup("pass");
	}
	/* Both lists are sorted: merge them, in the order validate prints ids. */
	while (i < v->nchecks || j < v->nmaybe) {
		maybe = i == v->nchecks || (j < v->nmaybe && strcmp(v->maybe[j], v->checks[i]) < 0);
		t = xasprintf("%s%s%s%s", s, *s ? "," : "", maybe ? v->maybe[j++] : v->checks[i++],
			      maybe ? "?" : "");
		free(s);
		s = t;
	}
	return s;
}

/* Move the ids ending in '?' from v->checks to v->maybe (without the '?');
 * an empty id ("?"), "pass?" or an id listed twice is an error. */
static int verdicts_maybe_split(struct verdict *v, int lineno, struct diag_list *d)
{
	char **all = v->checks;
	size_t n = v->nchecks, i, len;
	int bad = 0;

	v->checks = xcalloc(n + 1, sizeof(char *));
	v->maybe = xcalloc(n + 1, sizeof(char *));
	v->nchecks = 0;
	for (i = 0; i < n; i++) {
		len = strlen(all[i]);
		if (!len || all[i][len - 1] != '?') {
			v->checks[v->nchecks++] = all[i];
			continue;
		}
		all[i][--len] = '\0';
		v->maybe[v->nmaybe++] = all[i];
		if (!len || !strcmp(all[i], "pass")) {
			diag_error(d, lineno, 1, "'%s?' is not a check id", all[i]);
			bad = -1;
		}
	}
	free(all);
	qsort(v->maybe, v->nmaybe, sizeof(*v->maybe), verdicts_cmp);
	for (i = 0; !bad && i < v->nmaybe; i++)
		if (verdicts_in(v->checks, v->nchecks, v->maybe[i]) ||
		    (i + 1 < v->nmaybe && !strcmp(v->maybe[i], v->maybe[i + 1]))) {
			diag_error(d, lineno, 1, "check '%s' is listed twice", v->maybe[i]);
			bad = -1;
		}
	return bad;
}

/* One line (without its newline) of the table. */
static void verdicts_line(struct verdict_table *t, char *line, int lineno, struct diag_list *d)
{
	char *f[3], *p = line;
	struct verdict *v;
	int k;

	for (k = 0; k < 3; k++) {
		f[k] = p;
		p = k < 2 ? strchr(p, '\t') : NULL;
		if (k < 2 && !p) {
			diag_error(
				d, lineno, 1,
				"want 3 TAB-separated fields (exercise, submission, checks), found %d",
				k + 1);
			return;
		}
		if (p)
			*p++ = '\0';
	}
	if (!*f[0] || !*f[1] || !*f[2]) {
		diag_error(d, lineno, 1, "empty field");
		return;
	}
	if (verdict_table_find(t, f[0], f[1])) {
		diag_error(d, lineno, 1, "'%s %s' is listed twice", f[0], f[1]);
		return;
	}
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 32;
		t->v = xrealloc(t->v, t->alloc, sizeof(*t->v));
	}
	v = &t->v[t->n++];
	memset(v, 0, sizeof(*v));
	v->exercise = xstrdup(f[0]);
	v->submission = xstrdup(f[1]);
	v->checks = verdict_split(f[2], &v->nchecks);
	v->line = lineno;
	if (verdicts_maybe_split(v, lineno, d) < 0) {
		free(v->exercise);
		free(v->submission);
		strv_free(v->checks, v->nchecks);
		strv_free(v->maybe, v->nmaybe);
		t->n--;
	}
}

int verdict_table_load(struct verdict_table *t, const char *path, struct diag_list *d)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0;
	unsigned errors = d->errors;

	if (!f) {
		diag_error(d, 0, 0, "cannot read the table: %s", strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		verdicts_line(t, line, lineno, d);
	}
	free(line);
	fclose(f);
	return d->errors > errors ? -1 : 0;
}

struct verdict *verdict_table_find(struct verdict_table *t, const char *exercise,
				   const char *submission)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].exercise, exercise) && !strcmp(t->v[i].submission, submission))
			return &t->v[i];
	return NULL;
}
