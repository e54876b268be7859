/*
 * diag.c - collected "file:line:col: message" diagnostics (see diag.h).
 */
#include "graders/load/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "graders/report/i18n.h"
#include "util/xalloc.h"

void diag_init(struct diag_list *d, const char *file)
{
	memset(d, 0, sizeof(*d));
	d->file = xstrdup(file ? file : "<input>");
}

void diag_release(struct diag_list *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].msg);
	free(d->v);
	free(d->file);
	memset(d, 0, sizeof(*d));
}

static void diag_push(struct diag_list *d, enum diag_level level, int line, int col, char *msg)
{
	struct diag *g;

	if (d->n == d->alloc) {
		d->alloc = d->alloc ? 2 * d->alloc : 8;
		d->v = xrealloc(d->v, d->alloc, sizeof(*d->v));
	}
	g = &d->v[d->n++];
	g->level = level;
	g->line = line;
	g->col = col;
	g->msg = msg;
}

static void diag_vadd(struct diag_list *d, enum diag_level level, int line, int col,
		      const char *fmt, va_list ap)
{
	char *msg;

	if (level == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (d->n > DIAG_MAX)
		return;
	if (d->n == DIAG_MAX) {
		/* One last entry says the rest were dropped. */
		diag_push(d, DIAG_ERROR, 0, 0,
			  xstrdup(_("too many problems; the rest are not shown")));
		return;
	}
	msg = xvasprintf(fmt, ap);
	diag_push(d, level, line, col, msg);
}

void diag_add(struct diag_list *d, enum diag_level level, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, level, line, col, fmt, ap);
	va_end(ap);
}

void diag_error(struct diag_list *d, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_ERROR, line, col, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag_list *d, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, DIAG_WARNING, line, col, fmt, ap);
	va_end(ap);
}

/* Insertion sort: stable, and lists are short (at most DIAG_MAX + 1). The
 * "too many" entry (0:0) stays last. */
static int diag_before(const struct diag *a, const struct diag *b)
{
	if (!b->line)
		return a->line != 0;
	if (!a->line)
		return 0;
	return a->line < b->line || (a->line == b->line && a->col < b->col);
}

void diag_sort(struct diag_list *d)
{
	size_t i, j;
	struct diag tmp;

	for (i = 1; i < d->n; i++) {
		tmp = d->v[i];
		for (j = i; j > 0 && diag_before(&tmp, &d->v[j - 1]); j--)
			d->v[j] = d->v[j - 1];
		d->v[j] = tmp;
	}
}

char *diag_format(const struct diag_list *d, size_t i)
{
	const struct diag *g = &d->v[i];
	const char *lvl = g->level == DIAG_WARNING ? _("warning: ") : "";

	if (g->line <= 0)
		return xasprintf("%s: %s%s", d->file, lvl, g->msg);
	return xasprintf("%s:%d:%d: %s%s", d->file, g->line, g->col, lvl, g->msg);
}

size_t diag_print(const struct diag_list *d, FILE *f)
{
	size_t i;
	char *s;

	for (i = 0; i < d->n; i++) {
		s = diag_format(d, i);
		fprintf(f, "%s\n", s);
		free(s);
	}
	return d->n;
}
