/*
 * sel_args.c - a call selector's arguments and errno, checked against the
 * call (see sel_args.h).
 */
#include "graders/rules/sel_args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graders/report/i18n.h"
#include "graders/load/ynode.h"
#include "util/xalloc.h"

const struct xlat_arg *sel_arg_find(enum ipc_call call, const char *name)
{
	const struct xlat_arg *a = xlat_call_args(call);

	for (; a && a->name; a++)
		if (!strcmp(a->name, name))
			return a;
	return NULL;
}

/* ---- name lists, for suggestions and messages ---- */

/* The names of xlat tables a and b (either may be NULL), NULL-terminated;
 * the strings are the tables' own. */
static const char **sel_args_names(const struct xlat *a, const struct xlat *b)
{
	size_t n = 1, k = 0;
	const struct xlat *t;
	const char **v;

	for (t = a; t && t->name; t++)
		n++;
	for (t = b; t && t->name; t++)
		n++;
	v = xcalloc(n, sizeof(*v));
	for (t = a; t && t->name; t++)
		v[k++] = t->name;
	for (t = b; t && t->name; t++)
		v[k++] = t->name;
	return v;
}

/* "a, b, c" of a NULL-terminated list; malloc'ed. */
static char *sel_args_join(const char *const *v)
{
	char *s = xstrdup(""), *t;
	size_t i;

	for (i = 0; v[i]; i++) {
		t = xasprintf("%s%s%s", s, i ? ", " : "", v[i]);
		free(s);
		s = t;
	}
	return s;
}

static bool sel_args_in(const char *const *v, const char *name)
{
	for (; *v; v++)
		if (!strcmp(*v, name))
			return true;
	return false;
}

/* ---- names ---- */

static void sel_args_unknown_name(enum ipc_call call, const struct param_arg *p,
				  struct diag_list *d)
{
	const struct xlat_arg *t = xlat_call_args(call);
	const char *names[16] = { NULL }, *hint;
	char hb[YNODE_HINT_MAX], *list;
	size_t n = 0;

	for (; t && t->name && n < 15; t++)
		names[n++] = t->name;
	if (!n) {
		diag_error(d, p->name_mark.line, p->name_mark.col,
			   _("'args': %s has no arguments a selector can match"),
			   ipc_call_name(call));
		return;
	}
	hint = yaml_suggest(p->name, names);
	if (hint) {
		diag_error(d, p->name_mark.line, p->name_mark.col,
			   _("'args': %s has no argument '%s'%s"), ipc_call_name(call), p->name,
			   ynode_hint(hint, hb));
		return;
	}
	list = sel_args_join(names);
	diag_error(d, p->name_mark.line, p->name_mark.col,
		   _("'args': %s has no argument '%s' (its arguments: %s)"), ipc_call_name(call),
		   p->name, list);
	free(list);
}

/* ---- values ---- */

static bool sel_args_number(const char *s)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	(void)strtoll(s, &end, 0);
	return !errno && !*end;
}

/* s without the spaces around it, into a new string. */
static char *sel_args_trim(const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return xasprintf("%.*s", (int)len, s);
}

/* A '|' part of a flags value that is a number: permission bits (perm) or
 * the lone "0" (no flag). Returns the normalised part, or NULL after an
 * error. */
static char *sel_args_flag_number(const char *call, const struct xlat_arg *a, const char *part,
				  bool alone, const struct param_arg *p, struct diag_list *d)
{
	const char *t = part[0] == '0' && (part[1] == 'o' || part[1] == 'O') ? part + 2 : part;
	const char **names;
	char *list;

	if (a->perm && *t && strspn(t, "01234567") == strlen(t) && strlen(t) <= 4 &&
	    strtoul(t, NULL, 8) <= 0777)
		return xasprintf("%04lo", strtoul(t, NULL, 8));
	if (!a->perm && alone && !strcmp(part, "0"))
		return xstrdup("0");
	if (a->perm) {
		diag_error(
			d, p->mark.line, p->mark.col,
			_("'args': %s's '%s' takes flag names and octal permission bits like 0600, "
			  "not '%s'"),
			call, a->name, part);
		return NULL;
	}
	names = sel_args_names(a->table, a->extra);
	list = sel_args_join(names);
	diag_error(d, p->mark.line, p->mark.col,
		   _("'args': %s's '%s' takes flag names (%s), not the number '%s'"), call, a->name,
		   list, part);
	free(list);
	free(names);
	return NULL;
}

static void sel_args_unknown_flag(const char *call, const struct xlat_arg *a, const char *part,
				  const struct param_arg *p, struct diag_list *d)
{
	const char **names = sel_args_names(a->table, a->extra);
	const char *hint = yaml_suggest(part, names);
	char hb[YNODE_HINT_MAX], *list;

	if (hint) {
		diag_error(d, p->mark.line, p->mark.col,
			   _("'args': '%s' is not a flag of %s's '%s'%s"), part, call, a->name,
			   ynode_hint(hint, hb));
	} else {
		list = sel_args_join(names);
		if (a->perm)
			diag_error(d, p->mark.line, p->mark.col,
				   _("'args': '%s' is not a flag of %s's '%s' (its flags: %s, and "
				     "permission bits like 0600)"),
				   part, call, a->name, list);
		else
			diag_error(d, p->mark.line, p->mark.col,
				   _("'args': '%s' is not a flag of %s's '%s' (its flags: %s)"),
				   part, call, a->name, list);
		free(list);
	}
	free(names);
}

/* A flags value: every '|' part a flag of the call (or permission bits),
 * normalised into *out. */
static int sel_args_flags(const char *call, const struct xlat_arg *a, struct param_arg *p,
			  struct diag_list *d)
{
	const char **names = sel_args_names(a->table, a->extra);
	const char *s = p->value, *bar;
	char *out = xstrdup(""), *part, *norm, *t;
	int bad = 0, perms = 0;
	bool alone = !strchr(s, '|');

	for (;; s = bar + 1) {
		bar = strchr(s, '|');
		part = sel_args_trim(s, bar ? (size_t)(bar - s) : strlen(s));
		norm = NULL;
		if (part[0] >= '0' && part[0] <= '9') {
			norm = sel_args_flag_number(call, a, part, alone, p, d);
			perms += a->perm && norm;
		} else if (sel_args_in(names, part)) {
			norm = xstrdup(part);
		} else {
			sel_args_unknown_flag(call, a, part, p, d);
		}
		if (!norm)
			bad = -1;
		t = xasprintf("%s%s%s", out, *out ? "|" : "", norm ? norm : part);
		free(out);
		out = t;
		free(norm);
		free(part);
		if (!bar)
			break;
	}
	if (perms > 1) {
		diag_error(d, p->mark.line, p->mark.col,
			   _("'args': %s's '%s' gives permission bits more than once: '%s'"), call,
			   a->name, p->value);
		bad = -1;
	}
	free(names);
	free(p->value);
	p->value = out;
	return bad;
}

/* A command value: one command of the call (IPC_64| allowed before it). */
static int sel_args_cmd(const char *call, const struct xlat_arg *a, struct param_arg *p,
			struct diag_list *d)
{
	const char **names = sel_args_names(xlat_ipc_cmds, a->table);
	const char *v = p->value, *hint;
	char hb[YNODE_HINT_MAX], *list, *cmd;
	int bad = 0;

	if (!strncmp(v, "IPC_64|", 7))
		v += 7;
	cmd = sel_args_trim(v, strlen(v));
	if (!sel_args_in(names, cmd)) {
		bad = -1;
		hint = yaml_suggest(cmd, names);
		if (hint) {
			diag_error(d, p->mark.line, p->mark.col,
				   _("'args': '%s' is not a command of %s%s"), cmd, call,
				   ynode_hint(hint, hb));
		} else {
			list = sel_args_join(names);
			diag_error(d, p->mark.line, p->mark.col,
				   _("'args': '%s' is not a command of %s (its commands: %s)"), cmd,
				   call, list);
			free(list);
		}
	} else {
		free(p->value);
		p->value = xstrdup(cmd);
	}
	free(cmd);
	free(names);
	return bad;
}

static int sel_args_value_check(enum ipc_call call, const struct xlat_arg *a, struct param_arg *p,
				struct diag_list *d)
{
	static const char *const sel_private[] = { "IPC_PRIVATE", NULL };
	const char *c = ipc_call_name(call), *why;
	char hb[YNODE_HINT_MAX];

	switch (a->type) {
	case XARG_INT:
		if (sel_args_number(p->value))
			return 0;
		diag_error(d, p->mark.line, p->mark.col,
			   _("'args': %s's '%s' must be a number, not '%s'"), c, a->name, p->value);
		return -1;
	case XARG_ID:
		if (sel_args_number(p->value) || !strcmp(p->value, "precondition"))
			return 0;
		diag_error(
			d, p->mark.line, p->mark.col,
			_("'args': %s's '%s' must be an id (a number, or precondition), not '%s'"),
			c, a->name, p->value);
		return -1;
	case XARG_ADDR:
		if (!strcmp(p->value, "null")) {
			free(p->value);
			p->value = xstrdup("NULL");
		}
		if (sel_args_number(p->value) || !strcmp(p->value, "NULL"))
			return 0;
		diag_error(d, p->mark.line, p->mark.col,
			   _("'args': %s's '%s' must be an address (a number, or NULL), not '%s'"),
			   c, a->name, p->value);
		return -1;
	case XARG_KEY:
		key_spec_release(&p->key);
		if (key_spec_parse(p->value, &p->key, &why) == 0)
			return 0;
		diag_error(d, p->mark.line, p->mark.col, _("'args': %s's '%s': %s%s"), c, a->name,
			   _(why), ynode_hint(yaml_suggest(p->value, sel_private), hb));
		return -1;
	case XARG_FLAGS: return sel_args_flags(c, a, p, d);
	case XARG_CMD: return sel_args_cmd(c, a, p, d);
	case XARG_TEXT: return 0;
	}
	return 0;
}

int sel_args_check(enum ipc_call call, struct param_arg *args, size_t nargs, struct diag_list *d)
{
	const struct xlat_arg *a;
	size_t i;
	int bad = 0;

	for (i = 0; i < nargs; i++) {
		a = sel_arg_find(call, args[i].name);
		if (!a) {
			sel_args_unknown_name(call, &args[i], d);
			bad = -1;
		} else if (sel_args_value_check(call, a, &args[i], d) < 0) {
			bad = -1;
		}
	}
	return bad;
}

int sel_errno_check(char **name, struct mark at, struct diag_list *d)
{
	const char **names, *hint;
	char hb[YNODE_HINT_MAX];
	int e = xlat_errno_value(*name), i, n = 0;

	if (e > 0) {
		free(*name);
		*name = xstrdup(xlat_errno_name(e));
		return 0;
	}
	names = xcalloc((size_t)xlat_errno_max() + 2, sizeof(*names));
	for (i = 1; i <= xlat_errno_max(); i++)
		if (xlat_errno_name(i))
			names[n++] = xlat_errno_name(i);
	hint = yaml_suggest(*name, names);
	diag_error(d, at.line, at.col, _("'errno': unknown errno '%s'%s"), *name,
		   ynode_hint(hint, hb));
	free(names);
	return -1;
}
