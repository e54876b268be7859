/*
 * rules_select.c - matching events against selectors and args maps
 * (rules_select.h).
 */
#include "graders/rules/rules_select.h"

#include <stdlib.h>
#include <string.h>

#include "graders/rules/rules_util.h"
#include "util/xalloc.h"
#include "harness/xlat.h"

/* Whether every '|' part of want is a '|' part of have. */
static bool rules_select_flags_subset(const char *want, const char *have)
{
	const char *w = want, *end, *h, *hend;
	size_t wl;
	bool found;

	while (*w) {
		end = strchr(w, '|');
		wl = end ? (size_t)(end - w) : strlen(w);
		found = false;
		for (h = have; *h && !found; h = *hend ? hend + 1 : hend) {
			hend = strchr(h, '|');
			if (!hend)
				hend = h + strlen(h);
			found = (size_t)(hend - h) == wl && !strncmp(h, w, wl);
		}
		if (!found)
			return false;
		w = end ? end + 1 : w + wl;
	}
	return true;
}

static bool rules_select_arg_match(const struct event_arg *a, const char *want)
{
	long long n;

	switch (a->kind) {
	case ARG_INT:
	case ARG_HEX:
		/* A null pointer argument (shmaddr, buf) decodes as address 0. */
		if (!strcmp(want, "NULL"))
			return a->num == 0;
		return rules_parse_ll(want, &n) && n == a->num;
	case ARG_SYM: return a->str && rules_select_flags_subset(want, a->str);
	case ARG_STR: return a->str && !strcmp(a->str, want);
	default: return !strcmp(want, "NULL") || !strcmp(want, "null");
	}
}

/* "precondition": the value is the id of one of the run's precondition
 * objects, whatever number the kernel gave it (0 in a fresh namespace, any
 * id on a host in fallback mode). */
static bool rules_select_arg_is_pre(const struct event_arg *a, const struct run_record *rec)
{
	size_t i;

	if (!rec || (a->kind != ARG_INT && a->kind != ARG_HEX))
		return false;
	for (i = 0; i < rec->pre.n; i++)
		if (rec->pre.items[i].id == a->num)
			return true;
	return false;
}

/* A key argument: IPC_PRIVATE is 0; an ftok key is the one its file gave
 * in this run's directory before the run (as the key parameters of rules). */
static bool rules_select_arg_key(const struct rule_run *run, const struct event_arg *a,
				 const struct key_spec *k)
{
	long long key;
	int r;

	if (a->kind != ARG_INT && a->kind != ARG_HEX)
		return false;
	if (k->kind == KEY_FTOK && !run)
		return false;
	if (k->kind == KEY_FTOK)
		r = run->files ? exercise_key_resolve_ident(k, run->spec, run->files, &key)
			       : exercise_key_resolve(k, run->dir, &key);
	else
		r = exercise_key_resolve(k, NULL, &key);
	return r == 0 && key_equal(key, a->num);
}

/* semop's sem_num, sem_op and sem_flg: one operation of the call has them
 * all (an operation is not an argument of its own). */
static bool rules_select_sop_arg(const char *name)
{
	return !strcmp(name, "sem_num") || !strcmp(name, "sem_op") || !strcmp(name, "sem_flg");
}

static bool rules_select_sop_match(const struct event_sop *o, const struct param_arg *arg)
{
	long long n;
	char *flg;
	bool ok;

	if (!strcmp(arg->name, "sem_flg")) {
		flg = xlat_flags(xlat_sem_flags, (unsigned short)o->sem_flg, false);
		ok = rules_select_flags_subset(arg->value, flg);
		free(flg);
		return ok;
	}
	if (!rules_parse_ll(arg->value, &n))
		return false;
	return n == (!strcmp(arg->name, "sem_num") ? (long long)o->sem_num : (long long)o->sem_op);
}

static bool rules_select_sops_match(const struct event *ev, const struct param_arg *args,
				    size_t nargs)
{
	size_t i, j;
	bool ok, any = false;

	for (i = 0; i < nargs; i++)
		any = any || rules_select_sop_arg(args[i].name);
	if (!any)
		return true;
	if (ev->call != CALL_SEMOP && ev->call != CALL_SEMTIMEDOP)
		return false;
	for (j = 0; j < ev->nsops_read; j++) {
		ok = true;
		for (i = 0; i < nargs && ok; i++)
			if (rules_select_sop_arg(args[i].name))
				ok = rules_select_sop_match(&ev->sops[j], &args[i]);
		if (ok)
			return true;
	}
	return false;
}

bool rules_args_match(const struct rule_run *run, const struct event *ev,
		      const struct param_arg *args, size_t nargs)
{
	const struct run_record *rec = run ? run->rec : NULL;
	const struct event_arg *a;
	size_t i;

	if (!rules_select_sops_match(ev, args, nargs))
		return false;
	for (i = 0; i < nargs; i++) {
		if (rules_select_sop_arg(args[i].name))
			continue;
		a = rules_event_arg(ev, args[i].name);
		if (!a)
			return false;
		if (args[i].key.kind != KEY_UNSET ? !rules_select_arg_key(run, a, &args[i].key)
		    : !strcmp(args[i].value, "precondition")
			    ? !rules_select_arg_is_pre(a, rec)
			    : !rules_select_arg_match(a, args[i].value))
			return false;
	}
	return true;
}

bool rules_selector_match(const struct rule_run *run, const struct event *ev,
			  const struct event_selector *sel)
{
	if (!rules_call_match(ev, sel->call))
		return false;
	if (!rules_who_match(run, ev->pid, sel->who, sel->prog))
		return false;
	if (sel->result == SEL_OK && !rules_event_ok(ev))
		return false;
	if (sel->result == SEL_ERROR && rules_event_ok(ev))
		return false;
	if (sel->errno_name) {
		const char *name = ev->err ? strerrorname_np(ev->err) : NULL;

		if (!name || strcmp(name, sel->errno_name))
			return false;
	}
	return rules_args_match(run, ev, sel->args, sel->nargs);
}

char *rules_selector_desc(const struct event_selector *sel)
{
	char *s = xstrdup(ipc_call_name(sel->call)), *t;
	size_t i;

	for (i = 0; i < sel->nargs; i++) {
		t = xasprintf("%s%s%s=%s", s, i ? ", " : "(", sel->args[i].name,
			      sel->args[i].value);
		free(s);
		s = t;
	}
	if (sel->nargs) {
		t = xasprintf("%s)", s);
		free(s);
		s = t;
	}
	if (sel->who != WHO_ANY) {
		t = xasprintf("%s [%s]", s, who_name(sel->who));
		free(s);
		s = t;
	}
	return s;
}
