/*
 * verdicts.c - the golden table of expected verdicts (verdicts.h).
 */
#include "graders/verdicts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graders/exercise.h"
#include "harness/xalloc.h"

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
	}
	free(t->v);
	verdict_table_init(t);
}

static int verdict_cmp(const void *a, const void *b)
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
	qsort(v, *n, sizeof(*v), verdict_cmp);
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

/* One line (without its newline) of the table. */
static void verdict_line(struct verdict_table *t, char *line, int lineno, struct diag_list *d)
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
		verdict_line(t, line, lineno, d);
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
