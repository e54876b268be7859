/*
 * rules_util.c - what every rule family uses: runs, messages, parameters,
 * text for evidence (rules_util.h).
 */
#include "graders/rules/rules_util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graders/rules/rules_evidence.h"
#include "graders/rules/rules_limit.h"
#include "util/xalloc.h"
#include "harness/xlat.h"

void rules_result_prefix(struct rule_result *r, const char *es, const char *en, ...)
{
	va_list ap;
	const char *fmt[LANG_COUNT] = { [LANG_ES] = es, [LANG_EN] = en };
	char *pre, *msg;
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		va_start(ap, en);
		pre = xvasprintf(fmt[l], ap);
		va_end(ap);
		msg = xasprintf("%s%s", pre, r->msg[l] ? r->msg[l] : "");
		free(pre);
		free(r->msg[l]);
		r->msg[l] = msg;
	}
}

void rules_result_suffix(struct rule_result *r, const char *es, const char *en, ...)
{
	va_list ap;
	const char *fmt[LANG_COUNT] = { [LANG_ES] = es, [LANG_EN] = en };
	char *post, *msg;
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		va_start(ap, en);
		post = xvasprintf(fmt[l], ap);
		va_end(ap);
		msg = xasprintf("%s%s", r->msg[l] ? r->msg[l] : "", post);
		free(post);
		free(r->msg[l]);
		r->msg[l] = msg;
	}
}

/* s as one shell word: as is when it is plain, else in single quotes. */
static char *rules_util_shell_word(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			     "_-./,+=:@");
	char *out, *o;

	if (s[n] == '\0' && n > 0)
		return xstrdup(s);
	out = o = xmalloc(strlen(s) * 4 + 3);
	*o++ = '\'';
	for (; *s; s++) {
		if (*s == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = *s;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return out;
}

/* Rules about what the program computed or when it ended: what a race
 * changes. (Which calls a program makes does not depend on the schedule
 * in lab programs; their evidence gets no note.) */
static const char *const rules_util_schedule_sensitive[] = {
	"output",   "exit_status", "no_signal",	      "semaphore_value",
	"messages", "ordering",	   "children_waited", "printed_matches_kernel",
	NULL,
};

/* A run whose schedule was perturbed failed: which schedule, and the
 * command that replays it (repetition 0 of --seed S uses S). */
static void rules_util_schedule_note(const struct rule_ctx *ctx, const struct rule_params *p,
				     const struct rule_run *run, struct rule_result *out)
{
	char *ex, *sub;
	size_t i;

	if (!run->rec->perturbed || !p->rule)
		return;
	for (i = 0; rules_util_schedule_sensitive[i]; i++)
		if (!strcmp(rules_util_schedule_sensitive[i], p->rule->name))
			break;
	if (!rules_util_schedule_sensitive[i])
		return;
	ex = rules_util_shell_word(ctx->ex && ctx->ex->path ? ctx->ex->path : "EXERCISE.yaml");
	sub = rules_util_shell_word(ctx->submission ? ctx->submission : "SUBMISSION");
	rules_result_suffix(
		out,
		" [con el orden de ejecución de la semilla %llu: el corrector retuvo y "
		"alternó los procesos (%lu cambios, %lu por tiempo) para sacar a la luz "
		"carreras que sin ello salen solo a veces; para repetirlo: shmgrade check "
		"%s %s --seed %llu]",
		" [with the schedule of seed %llu: the grader held and interleaved the "
		"processes (%lu switches, %lu by time) to bring out races that otherwise "
		"show only now and then; replay it: shmgrade check %s %s --seed %llu]",
		run->rec->seed, run->rec->switches, run->rec->preemptions, ex, sub, run->rec->seed);
	free(ex);
	free(sub);
}

enum rule_verdict rules_each_run(const struct rule_ctx *ctx, const struct rule_params *p,
				 struct rule_result *out, rule_run_fn fn)
{
	const struct rule_run *run;
	enum rule_verdict v;
	size_t i;

	if (!ctx->nruns) {
		rule_result_set(out, "no hay ninguna ejecución que examinar",
				"there is no run to look at");
		return RULE_ERROR;
	}
	for (i = 0; i < ctx->nruns; i++) {
		run = &ctx->runs[i];
		if (run->rec->status == RUN_INTERNAL_ERROR) {
			rule_result_set(out, "el corrector falló: %s", "the grader failed: %s",
					run->rec->message ? run->rec->message : "internal error");
			v = RULE_ERROR;
		} else {
			v = fn(ctx, run, p, out);
		}
		if (v == RULE_PASS)
			continue;
		out->failed_rec = run->rec;
		if (v == RULE_FAIL) {
			rules_fail_kinds(run, out);
			rules_limit_explain(run, p->rule ? p->rule->name : NULL, out);
			evidence_add_context(out, run->rec);
			rules_util_schedule_note(ctx, p, run, out);
		}
		if (ctx->nruns > 1 || (run->spec && run->spec->repeat > 1))
			rules_result_prefix(out, "ejecución '%s' nº %u: ", "run '%s' #%u: ",
					    run->spec ? run->spec->id : "?", run->repetition + 1);
		return v;
	}
	if (ctx->nruns > 1)
		rules_result_prefix(out,
				    "en las %zu ejecuciones: ", "in all %zu runs: ", ctx->nruns);
	return RULE_PASS;
}

long long rules_int(const struct rule_params *p, const char *name, long long dflt)
{
	const struct param_value *v = rule_param(p, name);

	return v->set ? v->i : dflt;
}

bool rules_bool(const struct rule_params *p, const char *name, bool dflt)
{
	const struct param_value *v = rule_param(p, name);

	return v->set ? v->i != 0 : dflt;
}

const char *rules_str(const struct rule_params *p, const char *name)
{
	const struct param_value *v = rule_param(p, name);

	return v->set ? v->s : NULL;
}

bool rules_set(const struct rule_params *p, const char *name)
{
	return rule_param(p, name)->set;
}

bool rules_parse_ll(const char *s, long long *out)
{
	char *end;

	if (!s || !*s)
		return false;
	errno = 0;
	*out = strtoll(s, &end, 0);
	return !errno && end != s && !*end;
}

char *rules_snippet(const char *s, size_t max)
{
	char *out = xmalloc(2 * max + 8), *o = out;
	size_t i;

	for (i = 0; s && s[i] && i < max; i++) {
		if (s[i] == '\n' || s[i] == '\t') {
			*o++ = '\\';
			*o++ = s[i] == '\n' ? 'n' : 't';
		} else {
			*o++ = (unsigned char)s[i] < 0x20 ? '?' : s[i];
		}
	}
	if (s && s[i])
		memcpy(o, "...", 3), o += 3;
	*o = '\0';
	return out;
}

const char *rules_signal_name(int sig, char buf[32])
{
	const char *name = xlat_signal_name(sig);

	if (name)
		snprintf(buf, 32, "%s", name);
	else
		snprintf(buf, 32, "signal %d", sig);
	return buf;
}
