/*
 * rules_diff.c - the first difference of two texts (rules_diff.h).
 */
#include "graders/rules/rules_diff.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Display columns shown of a line, around the marker. */
#define RULES_DIFF_WIDTH 60

/* A line of a text: [s, s + len), without its '\n'. */
struct rules_diff_line {
	const char *s;
	size_t len;
	bool present;
};

/* Line n (0-based) of text: "a\nb" has two lines, "a\n" one, "" none. */
static struct rules_diff_line rules_diff_line_at(const char *text, size_t n)
{
	struct rules_diff_line l = { NULL, 0, false };
	const char *p = text, *e;

	for (; n; n--) {
		e = strchr(p, '\n');
		if (!e)
			return l;
		p = e + 1;
	}
	if (!*p && (p == text || p[-1] == '\n'))
		return l;
	e = strchr(p, '\n');
	l.s = p;
	l.len = e ? (size_t)(e - p) : strlen(p);
	l.present = true;
	return l;
}

static bool rules_diff_same(char a, char b, bool icase)
{
	return icase ? tolower((unsigned char)a) == tolower((unsigned char)b) : a == b;
}

/* One shown character: its bytes and its width in columns. */
struct rules_diff_cell {
	char b[8];
	int cols;
};

/* The cells of a line; *mark gets the cell of byte offset at. */
static struct rules_diff_cell *rules_diff_cells(const struct rules_diff_line *l, size_t at,
						size_t *n, size_t *mark)
{
	struct rules_diff_cell *c = xmalloc((l->len + 1) * sizeof(*c));
	size_t i = 0, k = 0, trail = l->len;
	unsigned char ch;

	while (trail > 0 && l->s[trail - 1] == ' ')
		trail--;
	*mark = (size_t)-1;
	while (i < l->len) {
		if (i >= at && *mark == (size_t)-1)
			*mark = k;
		ch = (unsigned char)l->s[i];
		memset(&c[k], 0, sizeof(c[k]));
		if (ch == '\t' || ch == '\r') {
			strcpy(c[k].b, ch == '\t' ? "\\t" : "\\r"), c[k].cols = 2;
		} else if (ch == ' ' && i >= trail) {
			strcpy(c[k].b, "\xc2\xb7"), c[k].cols = 1; /* · */
		} else if (ch < 0x20 || ch == 0x7f) {
			snprintf(c[k].b, sizeof(c[k].b), "\\x%02x", ch), c[k].cols = 4;
		} else if (ch >= 0xc0) { /* a UTF-8 sequence: one column */
			size_t j = 1;

			c[k].b[0] = (char)ch;
			while (i + j < l->len && j < 4 &&
			       ((unsigned char)l->s[i + j] & 0xc0) == 0x80)
				c[k].b[j] = l->s[i + j], j++;
			c[k].cols = 1;
			i += j;
			k++;
			continue;
		} else {
			c[k].b[0] = (char)ch, c[k].cols = 1;
		}
		i++;
		k++;
	}
	if (*mark == (size_t)-1)
		*mark = k;
	*n = k;
	return c;
}

/* Render cells [from, n) into at most RULES_DIFF_WIDTH columns, quoted; *col
 * gets the column of cell mark inside the quotes (counting a leading …). */
static char *rules_diff_render(const struct rules_diff_line *l, size_t at, size_t from, size_t *col)
{
	size_t n, mark, i, used = 0, len = 0;
	struct rules_diff_cell *c = rules_diff_cells(l, at, &n, &mark);
	char *out = xmalloc(l->len * 4 + 32);

	*col = 0;
	out[len++] = '"';
	if (from) {
		memcpy(out + len, "\xe2\x80\xa6", 3), len += 3; /* … */
		used = 1;
	}
	for (i = from; i < n && used < RULES_DIFF_WIDTH; i++) {
		if (i == mark)
			*col = used;
		memcpy(out + len, c[i].b, strlen(c[i].b));
		len += strlen(c[i].b);
		used += (size_t)c[i].cols;
	}
	if (mark >= i)
		*col = used;
	out[len++] = '"';
	if (i < n)
		memcpy(out + len, "\xe2\x80\xa6", 3), len += 3;
	out[len] = '\0';
	free(c);
	return out;
}

/* The first cell shown: the marker stays within the window. */
static size_t rules_diff_from(const struct rules_diff_line *a, const struct rules_diff_line *b,
			      size_t at)
{
	size_t n, mark;
	struct rules_diff_cell *c;
	const struct rules_diff_line *l = a->present ? a : b;

	if (!l->present)
		return 0;
	c = rules_diff_cells(l, at, &n, &mark);
	free(c);
	return mark > RULES_DIFF_WIDTH * 2 / 3 ? mark - RULES_DIFF_WIDTH / 2 : 0;
}

/* The 1-based column (characters, an escape counting as one) of byte at. */
static size_t rules_diff_column(const struct rules_diff_line *l, size_t at)
{
	size_t n, mark;
	struct rules_diff_cell *c = rules_diff_cells(l, at, &n, &mark);

	free(c);
	return mark + 1;
}

char *rules_diff(const char *want, const char *got, bool icase, enum lang lang)
{
	static const char *const head[] = { "primera diferencia en la línea %zu, columna %zu:",
					    "first difference at line %zu, column %zu:" };
	static const char *const label[][2] = { { "esperado:", "obtenido:" },
						{ "expected:", "got:     " } };
	static const char *const none[] = { "(no hay más líneas)", "(no more lines)" };
	struct rules_diff_line w, g;
	size_t line = 0, at = 0, from, wcol, gcol, col;
	char *ws, *gs, *out, *tmp;

	for (;; line++) {
		w = rules_diff_line_at(want, line);
		g = rules_diff_line_at(got, line);
		if (!w.present && !g.present)
			return NULL;
		if (!w.present || !g.present)
			break;
		for (at = 0; at < w.len && at < g.len && rules_diff_same(w.s[at], g.s[at], icase);
		     at++)
			;
		if (at < w.len || at < g.len)
			break;
	}
	if (!w.present || !g.present)
		at = 0;
	from = rules_diff_from(&w, &g, at);
	ws = w.present ? rules_diff_render(&w, at, from, &wcol) : xstrdup(none[lang]);
	gs = g.present ? rules_diff_render(&g, at, from, &gcol) : xstrdup(none[lang]);
	col = g.present ? gcol : wcol;
	out = xasprintf(head[lang], line + 1, rules_diff_column(w.present ? &w : &g, at));
	tmp = xasprintf("%s\n  %s %s\n  %s %s\n  %*s^", out, label[lang][0], ws, label[lang][1], gs,
			(int)(strlen("expected: \"") + col), "");
	free(out);
	out = tmp;
	free(ws);
	free(gs);
	return out;
}
