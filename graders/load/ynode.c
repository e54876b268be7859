/*
 * ynode.c - typed, validating accessors over a ynode tree (see ynode.h).
 *
 * Messages name the value the way the author wrote it ("'points'") and say
 * what was expected and what was found, so the fix is obvious.
 */
#include "graders/load/ynode.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graders/report/i18n.h"
#include "util/cnum.h"
#include "util/xalloc.h"

const char *ynode_kind_desc(const struct ynode *n)
{
	if (!n)
		return _("nothing");
	switch (n->kind) {
	case YNODE_SEQ: return _("a list");
	case YNODE_MAP: return _("a map");
	default: return ynode_is_null(n) ? _("an empty value") : _("a single value");
	}
}

bool ynode_is_null(const struct ynode *n)
{
	if (!n)
		return true;
	if (n->kind != YNODE_SCALAR || !n->plain)
		return false;
	return !strcmp(n->text, "") || !strcmp(n->text, "~") || !strcmp(n->text, "null") ||
	       !strcmp(n->text, "Null") || !strcmp(n->text, "NULL");
}

size_t ynode_map_len(const struct ynode *map)
{
	return map && map->kind == YNODE_MAP ? map->nkids / 2 : 0;
}

const struct ynode *ynode_map_key(const struct ynode *map, size_t i)
{
	return map->kids[2 * i];
}

const struct ynode *ynode_map_value(const struct ynode *map, size_t i)
{
	return map->kids[2 * i + 1];
}

const struct ynode *ynode_get(const struct ynode *map, const char *name)
{
	size_t i;

	for (i = 0; i < ynode_map_len(map); i++)
		if (!strcmp(ynode_map_key(map, i)->text, name))
			return ynode_map_value(map, i);
	return NULL;
}

/* Levenshtein distance with two rows; names longer than 63 are never close. */
static size_t ynode_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, row[2][64];
	size_t *prev = row[0], *cur = row[1], *tmp, sub;

	if (la > 63 || lb > 63)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			cur[j] = prev[j] + 1 < cur[j - 1] + 1 ? prev[j] + 1 : cur[j - 1] + 1;
			if (sub < cur[j])
				cur[j] = sub;
		}
		tmp = prev;
		prev = cur;
		cur = tmp;
	}
	return prev[lb];
}

const char *yaml_suggest_table(const char *name, const void *table, size_t n, size_t stride)
{
	const char *best = NULL, *cand;
	size_t i, d, bestd = (size_t)-1, limit = strlen(name) / 3;

	if (limit < 2)
		limit = 2;
	for (i = 0; i < n; i++) {
		cand = *(const char *const *)((const char *)table + i * stride);
		if (!cand)
			continue;
		d = ynode_distance(name, cand);
		if (d <= limit && d < bestd) {
			bestd = d;
			best = cand;
		}
	}
	return best;
}

const char *ynode_hint(const char *hint, char *buf)
{
	if (!hint)
		return "";
	snprintf(buf, YNODE_HINT_MAX, _(" (did you mean '%s'?)"), hint);
	return buf;
}

const char *yaml_suggest(const char *name, const char *const *allowed)
{
	size_t n = 0;

	while (allowed[n])
		n++;
	return yaml_suggest_table(name, allowed, n, sizeof(*allowed));
}

static bool ynode_in(const char *name, const char *const *list)
{
	for (; list && *list; list++)
		if (!strcmp(name, *list))
			return true;
	return false;
}

int ynode_check_map(const struct ynode *n, const char *where, const char *const *allowed,
		    const char *const *required, struct diag_list *d)
{
	const struct ynode *k;
	const char *hint;
	size_t i;
	int bad = 0;

	if (!n || n->kind != YNODE_MAP) {
		diag_error(d, n ? n->mark.line : 0, n ? n->mark.col : 0,
			   _("%s must be a map, not %s"), where, ynode_kind_desc(n));
		return -1;
	}
	for (i = 0; i < ynode_map_len(n); i++) {
		k = ynode_map_key(n, i);
		if (ynode_in(k->text, allowed))
			continue;
		bad = -1;
		hint = yaml_suggest(k->text, allowed);
		if (hint)
			diag_error(d, k->mark.line, k->mark.col,
				   _("unknown key '%s' in %s (did you mean '%s'?)"), k->text, where,
				   hint);
		else
			diag_error(d, k->mark.line, k->mark.col, _("unknown key '%s' in %s"),
				   k->text, where);
	}
	for (; required && *required; required++)
		if (!ynode_get(n, *required)) {
			bad = -1;
			diag_error(d, n->mark.line, n->mark.col,
				   _("%s is missing required key '%s'"), where, *required);
		}
	return bad;
}

/* A scalar, or an error naming what it is instead. */
static int ynode_scalar(const struct ynode *n, const char *what, const char *want,
			struct diag_list *d)
{
	if (n && n->kind == YNODE_SCALAR && !ynode_is_null(n))
		return 0;
	if (!n)
		diag_error(d, 0, 0, _("%s must be %s"), what, want);
	else
		diag_error(d, n->mark.line, n->mark.col, _("%s must be %s, not %s"), what, want,
			   ynode_kind_desc(n));
	return -1;
}

int ynode_string(const struct ynode *n, const char *what, bool nonempty, struct diag_list *d,
		 char **out)
{
	if (!n || n->kind != YNODE_SCALAR)
		return ynode_scalar(n, what, _("a string"), d);
	if (nonempty && (ynode_is_null(n) || !n->text[0])) {
		diag_error(d, n->mark.line, n->mark.col, _("%s must not be empty"), what);
		return -1;
	}
	*out = xstrdup(ynode_is_null(n) ? "" : n->text);
	return 0;
}

int ynode_int(const struct ynode *n, const char *what, long long min, long long max,
	      struct diag_list *d, long long *out)
{
	const char *t;
	char *end;
	long long v;
	int base = 10;

	if (ynode_scalar(n, what, _("a whole number"), d) < 0)
		return -1;
	t = n->text;
	if ((t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) ||
	    (t[0] == '-' && t[1] == '0' && (t[2] == 'x' || t[2] == 'X')))
		base = 16;
	errno = 0;
	v = strtoll(t, &end, base);
	if (errno == ERANGE || end == t || *end || !t[0] || t[0] == ' ') {
		diag_error(d, n->mark.line, n->mark.col, _("%s must be a whole number, not '%s'"),
			   what, t);
		return -1;
	}
	if (v < min || v > max) {
		diag_error(d, n->mark.line, n->mark.col,
			   _("%s must be from %lld to %lld, not %lld"), what, min, max, v);
		return -1;
	}
	*out = v;
	return 0;
}

int ynode_number(const struct ynode *n, const char *what, double min, double max,
		 struct diag_list *d, double *out)
{
	char *end;
	double v;

	if (ynode_scalar(n, what, _("a number"), d) < 0)
		return -1;
	errno = 0;
	v = cnum_strtod(n->text, &end);
	if (errno == ERANGE || end == n->text || *end || !isfinite(v) || n->text[0] == ' ') {
		diag_error(d, n->mark.line, n->mark.col, _("%s must be a number, not '%s'"), what,
			   n->text);
		return -1;
	}
	if (v < min || v > max) {
		diag_error(d, n->mark.line, n->mark.col, _("%s must be from %g to %g, not %g"),
			   what, min, max, v);
		return -1;
	}
	*out = v;
	return 0;
}

int ynode_bool(const struct ynode *n, const char *what, struct diag_list *d, bool *out)
{
	static const char *const yes[] = { "true", "True", "TRUE", NULL };
	static const char *const no[] = { "false", "False", "FALSE", NULL };

	if (ynode_scalar(n, what, _("true or false"), d) < 0)
		return -1;
	if (ynode_in(n->text, yes) || ynode_in(n->text, no)) {
		*out = ynode_in(n->text, yes);
		return 0;
	}
	diag_error(d, n->mark.line, n->mark.col, _("%s must be true or false, not '%s'"), what,
		   n->text);
	return -1;
}

int ynode_mode(const struct ynode *n, const char *what, struct diag_list *d, unsigned *out)
{
	const char *t;
	unsigned long v = 0;

	if (ynode_scalar(n, what, _("octal permission bits like 0600"), d) < 0)
		return -1;
	t = n->text;
	if (t[0] == '0' && (t[1] == 'o' || t[1] == 'O'))
		t += 2;
	if (!*t || strlen(t) > 4 || strspn(t, "01234567") != strlen(t) ||
	    (v = strtoul(t, NULL, 8)) > 0777) {
		diag_error(d, n->mark.line, n->mark.col,
			   _("%s must be octal permission bits like 0600, not '%s'"), what,
			   n->text);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

int ynode_key(const struct ynode *n, const char *what, struct diag_list *d, struct key_spec *out)
{
	static const char *const private_key[] = { "IPC_PRIVATE", NULL };
	char hb[YNODE_HINT_MAX];
	const char *why;

	if (ynode_scalar(n, what, _("a key (IPC_PRIVATE, 0x1234 or ftok(file, 65))"), d) < 0)
		return -1;
	if (key_spec_parse(n->text, out, &why) < 0) {
		diag_error(d, n->mark.line, n->mark.col, _("%s: %s%s"), what, _(why),
			   ynode_hint(yaml_suggest(n->text, private_key), hb));
		return -1;
	}
	return 0;
}

int ynode_list(const struct ynode *n, const char *what, struct diag_list *d)
{
	if (n && n->kind == YNODE_SEQ && n->nkids > 0)
		return 0;
	if (n && n->kind == YNODE_SEQ)
		diag_error(d, n->mark.line, n->mark.col, _("%s must not be empty"), what);
	else
		diag_error(d, n ? n->mark.line : 0, n ? n->mark.col : 0,
			   _("%s must be a list, not %s"), what, ynode_kind_desc(n));
	return -1;
}

int ynode_strlist(const struct ynode *n, const char *what, struct diag_list *d, char ***out,
		  size_t *nout)
{
	size_t i;

	*out = NULL;
	*nout = 0;
	if (ynode_is_null(n))
		return 0;
	if (n->kind == YNODE_SCALAR) {
		*out = xcalloc(1, sizeof(char *));
		(*out)[0] = xstrdup(n->text);
		*nout = 1;
		return 0;
	}
	if (n->kind != YNODE_SEQ) {
		diag_error(d, n->mark.line, n->mark.col, _("%s must be a list of strings, not %s"),
			   what, ynode_kind_desc(n));
		return -1;
	}
	for (i = 0; i < n->nkids; i++)
		if (n->kids[i]->kind != YNODE_SCALAR) {
			diag_error(d, n->kids[i]->mark.line, n->kids[i]->mark.col,
				   _("%s must be a list of strings; this item is %s"), what,
				   ynode_kind_desc(n->kids[i]));
			return -1;
		}
	*out = xcalloc(n->nkids ? n->nkids : 1, sizeof(char *));
	for (i = 0; i < n->nkids; i++)
		(*out)[i] = xstrdup(n->kids[i]->text);
	*nout = n->nkids;
	return 0;
}

/* "a, b, c" from a NULL-terminated list; malloc'ed. */
static char *ynode_join(const char *const *list)
{
	size_t len = 1, i;
	char *s;

	for (i = 0; list[i]; i++)
		len += strlen(list[i]) + 2;
	s = xcalloc(1, len);
	for (i = 0; list[i]; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, list[i]);
	}
	return s;
}

int ynode_enum(const struct ynode *n, const char *what, const char *const *choices,
	       struct diag_list *d, long long *out)
{
	const char *hint;
	char *list;
	long long i;

	if (ynode_scalar(n, what, _("a name"), d) < 0)
		return -1;
	for (i = 0; choices[i]; i++)
		if (!strcmp(n->text, choices[i])) {
			*out = i;
			return 0;
		}
	hint = yaml_suggest(n->text, choices);
	if (hint) {
		diag_error(d, n->mark.line, n->mark.col,
			   _("%s: unknown value '%s' (did you mean '%s'?)"), what, n->text, hint);
		return -1;
	}
	list = ynode_join(choices);
	diag_error(d, n->mark.line, n->mark.col, _("%s: unknown value '%s' (one of: %s)"), what,
		   n->text, list);
	free(list);
	return -1;
}

int ynode_ltext(const struct ynode *n, const char *what, struct diag_list *d, struct ltext *out)
{
	static const char *const langs[] = { [LANG_ES] = "es", [LANG_EN] = "en", NULL };
	const struct ynode *v;
	int l, bad = 0;

	memset(out, 0, sizeof(*out));
	if (n && n->kind == YNODE_SCALAR) {
		if (ynode_string(n, what, true, d, &out->s[LANG_ES]) < 0)
			return -1;
		out->s[LANG_EN] = xstrdup(out->s[LANG_ES]);
		return 0;
	}
	if (!n || n->kind != YNODE_MAP) {
		diag_error(d, n ? n->mark.line : 0, n ? n->mark.col : 0,
			   _("%s must be a string or a map {es: ..., en: ...}, not %s"), what,
			   ynode_kind_desc(n));
		return -1;
	}
	if (ynode_check_map(n, what, langs, NULL, d) < 0)
		bad = -1;
	for (l = 0; l < LANG_COUNT; l++)
		if ((v = ynode_get(n, langs[l])) && ynode_string(v, what, true, d, &out->s[l]) < 0)
			bad = -1;
	if (!bad && !out->s[LANG_ES] && !out->s[LANG_EN]) {
		diag_error(d, n->mark.line, n->mark.col, _("%s needs an 'es' or an 'en' text"),
			   what);
		bad = -1;
	}
	if (bad) {
		ltext_release(out);
		return -1;
	}
	for (l = 0; l < LANG_COUNT; l++)
		if (!out->s[l]) {
			diag_warning(d, n->mark.line, n->mark.col,
				     _("%s has no '%s' text; the '%s' one is used"), what, langs[l],
				     langs[1 - l]);
			out->s[l] = xstrdup(out->s[1 - l]);
		}
	return 0;
}
