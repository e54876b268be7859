/*
 * checks_load.c - load the checks of an exercise and their rule parameters
 * (see checks_load.h). Parameters are validated against the rule's schema
 * in rules.c: unknown names (with the closest one), types, required ones,
 * defaults, then the rule's own validate hook.
 */
#include "graders/load/checks_load.h"

#include <limits.h>
#include <stdbool.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "graders/load/exercise_load.h"
#include "graders/rules/feedback.h"
#include "graders/rules/rules.h"
#include "graders/rules/sel_args.h"
#include "graders/load/ynode.h"
#include "graders/report/i18n.h"
#include "util/xalloc.h"

static const char *const checks_load_keys[] = {
	"id", "title", "points", "rule", "with", "feedback", "hidden", "requires", "runs", NULL,
};
static const char *const checks_load_required[] = { "id", "title", "points", "rule", NULL };
static const char *const checks_load_feedback_keys[] = { "pass", "fail", NULL };
static const char *const checks_load_sel_keys[] = {
	"call", "who", "program", "args", "result", "errno", "which", NULL,
};
static const char *const checks_load_sel_who[] = { "any", "parent", "child", "creator", NULL };
static const char *const checks_load_sel_result[] = { "any", "ok", "error", NULL };
static const char *const checks_load_sel_which[] = { "first", "last", NULL };

/* ---- parameter values ------------------------------------------------------- */

static int checks_load_params_args(struct param_arg **out, size_t *nout, const struct ynode *n,
				   const char *what, struct diag_list *d)
{
	const struct ynode *v;
	size_t i;

	if (n->kind != YNODE_MAP) {
		diag_error(d, n->mark.line, n->mark.col,
			   _("%s must be a map of argument: value (like {cmd: IPC_STAT}), not %s"),
			   what, ynode_kind_desc(n));
		return -1;
	}
	*out = xcalloc(ynode_map_len(n) + 1, sizeof(**out));
	for (i = 0; i < ynode_map_len(n); i++) {
		v = ynode_map_value(n, i);
		/* shmaddr: NULL is a null pointer, though YAML reads it as null. */
		if (v->kind != YNODE_SCALAR || (ynode_is_null(v) && !v->text[0])) {
			diag_error(d, v->mark.line, v->mark.col,
				   _("%s: the value of '%s' must be a single value, not %s"), what,
				   ynode_map_key(n, i)->text, ynode_kind_desc(v));
			return -1;
		}
		(*out)[*nout].name = xstrdup(ynode_map_key(n, i)->text);
		(*out)[*nout].name_mark = ynode_map_key(n, i)->mark;
		(*out)[*nout].mark = v->mark;
		(*out)[(*nout)++].value = xstrdup(ynode_is_null(v) ? "NULL" : v->text);
	}
	return 0;
}

static int checks_load_params_prog(const struct exercise *ex, const struct ynode *n,
				   const char *what, struct diag_list *d, long *out)
{
	if (!n || n->kind != YNODE_SCALAR || ynode_is_null(n)) {
		diag_error(d, n ? n->mark.line : 0, n ? n->mark.col : 0,
			   _("%s must be a program name, not %s"), what, ynode_kind_desc(n));
		return -1;
	}
	*out = exercise_prog_find(ex, n->text);
	if (*out >= 0)
		return 0;
	diag_error(d, n->mark.line, n->mark.col, _("%s: unknown program '%s'"), what, n->text);
	return -1;
}

static int checks_load_params_event(struct event_selector **out, const struct ynode *n,
				    const char *what, const struct exercise *ex,
				    struct diag_list *d)
{
	struct event_selector *s = xcalloc(1, sizeof(*s));
	const struct ynode *v;
	long long x;
	int bad;
	bool call_ok = false;

	*out = s;
	s->prog = -1;
	s->which = -1;
	bad = ynode_check_map(n, what, checks_load_sel_keys, (const char *const[]){ "call", NULL },
			      d);
	if (n->kind != YNODE_MAP)
		return -1;
	if ((v = ynode_get(n, "call")) && ynode_enum(v, "'call'", rule_call_choices, d, &x) == 0) {
		s->call = (enum ipc_call)x;
		call_ok = true;
	}
	if ((v = ynode_get(n, "who")) && ynode_enum(v, "'who'", checks_load_sel_who, d, &x) == 0)
		s->who = (enum who)x;
	if ((v = ynode_get(n, "program")) &&
	    checks_load_params_prog(ex, v, "'program'", d, &s->prog) < 0)
		bad = -1;
	/* The arguments are checked against the call once they parse. */
	if (((v = ynode_get(n, "args")) &&
	     checks_load_params_args(&s->args, &s->nargs, v, "'args'", d) < 0) ||
	    (call_ok && sel_args_check(s->call, s->args, s->nargs, d) < 0))
		bad = -1;
	if ((v = ynode_get(n, "result")) &&
	    ynode_enum(v, "'result'", checks_load_sel_result, d, &x) == 0)
		s->result = (enum sel_result)x;
	if ((v = ynode_get(n, "errno"))) {
		if (ynode_string(v, "'errno'", true, d, &s->errno_name) == 0 &&
		    sel_errno_check(&s->errno_name, v->mark, d) == 0)
			s->result = SEL_ERROR;
		else
			bad = -1;
	}
	if ((v = ynode_get(n, "which")) &&
	    ynode_enum(v, "'which'", checks_load_sel_which, d, &x) == 0)
		s->which = (int)x;
	return bad;
}

static int checks_load_params_regex(struct param_value *pv, const struct ynode *n, const char *what,
				    struct diag_list *d)
{
	char why[256], *names[RULE_MAX_GROUPS] = { NULL };
	regex_t re;
	int i;

	if (ynode_string(n, what, true, d, &pv->s) < 0)
		return -1;
	if (rule_regex_compile(pv->s, false, &re, names, why, sizeof(why)) < 0) {
		diag_error(d, n->mark.line, n->mark.col, _("bad regex in %s: %s"), what, why);
		return -1;
	}
	regfree(&re);
	for (i = 0; i < RULE_MAX_GROUPS; i++)
		free(names[i]);
	return 0;
}

/* Read one value of type s->type from n into pv. */
static int checks_load_params_value(struct param_value *pv, const struct param_schema *s,
				    const struct ynode *n, const struct exercise *ex,
				    struct diag_list *d)
{
	char what[80];
	bool b;
	unsigned m;
	long prog;
	long long lo = s->min, hi = s->max;

	snprintf(what, sizeof(what), "'%s'", s->name);
	pv->mark = n->mark;
	switch (s->type) {
	case PARAM_INT:
		if (!lo && !hi)
			hi = 1LL << 40;
		if (ynode_int(n, what, lo, hi, d, &pv->i) < 0)
			return -1;
		pv->d = (double)pv->i;
		break;
	case PARAM_NUMBER:
		if (ynode_number(n, what, -1e300, 1e300, d, &pv->d) < 0)
			return -1;
		break;
	case PARAM_BOOL:
		if (ynode_bool(n, what, d, &b) < 0)
			return -1;
		pv->i = b;
		break;
	case PARAM_STRING:
		if (ynode_string(n, what, false, d, &pv->s) < 0)
			return -1;
		break;
	case PARAM_ENUM:
		if (ynode_enum(n, what, s->choices, d, &pv->i) < 0)
			return -1;
		pv->s = xstrdup(s->choices[pv->i]);
		break;
	case PARAM_REGEX:
		if (checks_load_params_regex(pv, n, what, d) < 0)
			return -1;
		break;
	case PARAM_MODE:
		if (ynode_mode(n, what, d, &m) < 0)
			return -1;
		pv->i = m;
		break;
	case PARAM_KEY:
		if (ynode_key(n, what, d, &pv->key) < 0)
			return -1;
		break;
	case PARAM_ARGS:
		if (checks_load_params_args(&pv->args, &pv->nargs, n, what, d) < 0)
			return -1;
		break;
	case PARAM_EVENT:
		if (checks_load_params_event(&pv->ev, n, what, ex, d) < 0)
			return -1;
		break;
	case PARAM_PROG:
		if (checks_load_params_prog(ex, n, what, d, &prog) < 0)
			return -1;
		pv->i = prog;
		pv->s = xstrdup(n->text);
		break;
	}
	pv->set = true;
	return 0;
}

/* A schema default, read like a plain scalar the author could have written. */
static int checks_load_params_default(struct param_value *pv, const struct param_schema *s,
				      const struct exercise *ex, struct diag_list *d)
{
	struct ynode n = { .kind = YNODE_SCALAR, .plain = true };
	int r;

	n.text = (char *)s->def;
	r = checks_load_params_value(pv, s, &n, ex, d);
	pv->mark.line = pv->mark.col = 0;
	return r;
}

/* A rule's own selector parts: an "args" map is checked against the rule's
 * "call" (call_made), an "errno" against the errno names (sel_args.h). */
static int checks_load_params_selector_check(struct rule_params *p, const struct rule *rule,
					     struct diag_list *d)
{
	long call = rule_param_index(rule, "call");
	struct param_value *v;
	size_t i;
	int bad = 0;

	for (i = 0; i < rule->nparams; i++) {
		v = &p->v[i];
		if (!v->set || !v->mark.line)
			continue;
		if (rule->params[i].type == PARAM_ARGS && call >= 0 && p->v[call].set &&
		    rule->params[call].choices == rule_call_choices &&
		    sel_args_check((enum ipc_call)p->v[call].i, v->args, v->nargs, d) < 0)
			bad = -1;
		if (rule->params[i].type == PARAM_STRING &&
		    !strcmp(rule->params[i].name, "errno") &&
		    sel_errno_check(&v->s, v->mark, d) < 0)
			bad = -1;
	}
	return bad;
}

int params_load(struct rule_params *p, const struct rule *rule, const struct ynode *with,
		struct mark at, const struct exercise *ex, struct diag_list *d)
{
	const struct ynode *k;
	const char *hint;
	char hb[YNODE_HINT_MAX];
	long idx;
	size_t i;
	int bad = 0;

	p->rule = rule;
	p->n = rule->nparams;
	p->v = xcalloc(p->n + 1, sizeof(*p->v));
	if (with && ynode_is_null(with))
		with = NULL;
	if (with && with->kind != YNODE_MAP) {
		diag_error(d, with->mark.line, with->mark.col,
			   _("'with' must be a map of parameters, not %s"), ynode_kind_desc(with));
		return -1;
	}
	for (i = 0; i < ynode_map_len(with); i++) {
		k = ynode_map_key(with, i);
		idx = rule_param_index(rule, k->text);
		if (idx < 0) {
			hint = yaml_suggest_table(k->text, rule->params, rule->nparams,
						  sizeof(*rule->params));
			diag_error(d, k->mark.line, k->mark.col,
				   _("rule '%s' has no parameter '%s'%s"), rule->name, k->text,
				   ynode_hint(hint, hb));
			bad = -1;
			continue;
		}
		if (checks_load_params_value(&p->v[idx], &rule->params[idx],
					     ynode_map_value(with, i), ex, d) < 0)
			bad = -1;
	}
	for (i = 0; i < rule->nparams; i++) {
		if (p->v[i].set || ynode_get(with, rule->params[i].name))
			continue;
		if (rule->params[i].required) {
			diag_error(d, with ? with->mark.line : at.line,
				   with ? with->mark.col : at.col,
				   _("rule '%s' needs parameter '%s'"), rule->name,
				   rule->params[i].name);
			bad = -1;
		} else if (rule->params[i].def &&
			   checks_load_params_default(&p->v[i], &rule->params[i], ex, d) < 0) {
			bad = -1;
		}
	}
	if (checks_load_params_selector_check(p, rule, d) < 0)
		bad = -1;
	/* The hook may read every required parameter: run it when they are all
	 * there, even after other errors, so the author sees its problems too. */
	for (i = 0; i < rule->nparams && (!rule->params[i].required || p->v[i].set); i++)
		;
	if (i == rule->nparams && rule->validate)
		rule->validate(p, at, d);
	return bad;
}

/* ---- checks ----------------------------------------------------------------- */

static void checks_load_feedback(struct exercise_check *c, const struct ynode *n,
				 struct diag_list *d)
{
	const struct ynode *v;

	if (ynode_check_map(n, "'feedback'", checks_load_feedback_keys, NULL, d) < 0 &&
	    n->kind != YNODE_MAP)
		return;
	if ((v = ynode_get(n, "pass")))
		ynode_ltext(v, _("'pass' feedback"), d, &c->pass);
	if ((v = ynode_get(n, "fail")))
		feedback_load(c, v, d);
}

static void checks_load_rule(struct exercise *ex, struct exercise_check *c, const struct ynode *n,
			     struct diag_list *d)
{
	const struct ynode *v = ynode_get(n, "rule");
	const struct rule *table;
	const char *hint;
	char hb[YNODE_HINT_MAX];
	size_t nrules;

	if (!v)
		return; /* reported as missing */
	if (v->kind != YNODE_SCALAR || ynode_is_null(v)) {
		diag_error(d, v->mark.line, v->mark.col, _("'rule' must be a rule name, not %s"),
			   ynode_kind_desc(v));
		return;
	}
	c->rule = rule_find(v->text);
	if (!c->rule) {
		table = rule_table(&nrules);
		hint = yaml_suggest_table(v->text, table, nrules, sizeof(*table));
		diag_error(d, v->mark.line, v->mark.col, _("unknown rule '%s'%s"), v->text,
			   ynode_hint(hint, hb));
		return;
	}
	params_load(&c->params, c->rule, ynode_get(n, "with"), v->mark, ex, d);
}

static void checks_load_runs(struct exercise *ex, struct exercise_check *c, const struct ynode *n,
			     struct diag_list *d)
{
	char **names;
	size_t i, nnames;
	long idx;

	if (ynode_strlist(n, "'runs'", d, &names, &nnames) < 0)
		return;
	c->runs = xcalloc(nnames + 1, sizeof(size_t));
	for (i = 0; i < nnames; i++) {
		idx = exercise_run_find(ex, names[i]);
		if (idx >= 0)
			c->runs[c->nruns++] = (size_t)idx;
		else
			diag_error(d, n->mark.line, n->mark.col, _("'runs' names unknown run '%s'"),
				   names[i]);
	}
	strv_free(names, nnames);
}

static bool checks_load_run_has_file(const struct exercise_run *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->nfiles; i++)
		if (!strcmp(r->files[i].path, path))
			return true;
	return false;
}

/* An ftok key (at mark) is computed in each run's directory: its file must
 * be created there, or the check could only end in ERROR (or, in a
 * selector, never match). */
static void checks_load_ftok_file(const struct exercise *ex, const struct exercise_check *c,
				  const struct key_spec *k, struct mark at, struct diag_list *d)
{
	size_t r;

	if (k->kind != KEY_FTOK)
		return;
	for (r = 0; r < ex->nruns; r++)
		if (exercise_check_uses_run(c, r) &&
		    !checks_load_run_has_file(&ex->runs[r], k->path)) {
			diag_error(d, at.line, at.col,
				   _("ftok file '%s' is not among the 'files' of run '%s'"),
				   k->path, ex->runs[r].id);
			return;
		}
}

static void checks_load_ftok_files(const struct exercise *ex, const struct exercise_check *c,
				   struct diag_list *d)
{
	const struct param_value *v;
	size_t i, j;

	for (i = 0; i < c->params.n; i++) {
		v = &c->params.v[i];
		if (!v->set)
			continue;
		checks_load_ftok_file(ex, c, &v->key, v->mark, d);
		for (j = 0; j < v->nargs; j++)
			checks_load_ftok_file(ex, c, &v->args[j].key, v->args[j].mark, d);
		for (j = 0; v->ev && j < v->ev->nargs; j++)
			checks_load_ftok_file(ex, c, &v->ev->args[j].key, v->ev->args[j].mark, d);
	}
}

static void checks_load_one(struct exercise *ex, struct exercise_check *c, const struct ynode *n,
			    struct diag_list *d)
{
	const struct ynode *v;

	c->mark = n->mark;
	if (ynode_check_map(n, _("check"), checks_load_keys, checks_load_required, d) < 0 &&
	    n->kind != YNODE_MAP)
		return;
	if ((v = ynode_get(n, "id")))
		exercise_load_name(v, _("check 'id'"), d, &c->id);
	if ((v = ynode_get(n, "title")))
		ynode_ltext(v, "'title'", d, &c->title);
	/* NAN marks points that could not be read: the total is not compared. */
	if ((v = ynode_get(n, "points")) && ynode_number(v, "'points'", 0, 1e6, d, &c->points) < 0)
		c->points = NAN;
	checks_load_rule(ex, c, n, d);
	if ((v = ynode_get(n, "feedback")))
		checks_load_feedback(c, v, d);
	if ((v = ynode_get(n, "hidden")))
		ynode_bool(v, "'hidden'", d, &c->hidden);
	if ((v = ynode_get(n, "runs")))
		checks_load_runs(ex, c, v, d);
	checks_load_ftok_files(ex, c, d);
}

/* Resolve one check's requires to indexes; -1 when a name is unknown. */
static int checks_load_requires(struct exercise *ex, struct exercise_check *c,
				const struct ynode *n, struct diag_list *d)
{
	const struct ynode *item;
	const char *hint;
	char hb[YNODE_HINT_MAX];
	size_t i;
	long idx;
	int bad = 0;

	if (n->kind == YNODE_SCALAR && !ynode_is_null(n)) {
		/* One name alone: the common "requires: compiles". */
		item = n;
	} else if (n->kind != YNODE_SEQ && !ynode_is_null(n)) {
		diag_error(d, n->mark.line, n->mark.col,
			   _("'requires' must be a list of check ids, not %s"), ynode_kind_desc(n));
		return -1;
	} else {
		item = NULL;
	}
	c->requires = xcalloc(n->nkids + 2, sizeof(size_t));
	for (i = 0; item ? i < 1 : i < n->nkids; i++) {
		const struct ynode *k = item ? item : n->kids[i];

		if (k->kind != YNODE_SCALAR) {
			diag_error(d, k->mark.line, k->mark.col,
				   _("'requires' items are check ids, not %s"), ynode_kind_desc(k));
			bad = -1;
			continue;
		}
		idx = exercise_check_find(ex, k->text);
		if (idx < 0) {
			hint = yaml_suggest_table(k->text, ex->checks, ex->nchecks,
						  sizeof(*ex->checks));
			diag_error(d, k->mark.line, k->mark.col,
				   _("'requires' names unknown check '%s'%s"), k->text,
				   ynode_hint(hint, hb));
			bad = -1;
		} else if (&ex->checks[idx] == c) {
			diag_error(d, k->mark.line, k->mark.col, _("check '%s' requires itself"),
				   c->id);
			bad = -1;
		} else {
			c->requires[c->nrequires++] = (size_t)idx;
		}
	}
	return bad;
}

int checks_load(struct exercise *ex, const struct ynode *n, struct diag_list *d)
{
	const struct ynode *v;
	size_t i, j;
	if (ynode_list(n, "'checks'", d) < 0)
		return -1;
	ex->checks = xcalloc(n->nkids, sizeof(*ex->checks));
	ex->nchecks = n->nkids;
	for (i = 0; i < n->nkids; i++)
		checks_load_one(ex, &ex->checks[i], n->kids[i], d);
	for (i = 0; i < ex->nchecks; i++)
		for (j = 0; j < i && ex->checks[i].id; j++)
			if (ex->checks[j].id && !strcmp(ex->checks[i].id, ex->checks[j].id)) {
				v = ynode_get(n->kids[i], "id");
				diag_error(d, v->mark.line, v->mark.col,
					   _("duplicate check id '%s' (first at line %d)"),
					   ex->checks[i].id, ex->checks[j].mark.line);
				break;
			}
	/* Unknown names are reported and dropped: the order (and its cycles)
	 * is still worked out over the names that resolved. */
	for (i = 0; i < ex->nchecks; i++)
		if (n->kids[i]->kind == YNODE_MAP && (v = ynode_get(n->kids[i], "requires")))
			checks_load_requires(ex, &ex->checks[i], v, d);
	return 0;
}
