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
#include "harness/run.h"
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

/*
 * Run i failed with a "chaos" seed (run_schedule_exact: its time slices end
 * where the machine lets them, so --seed replays it only mostly). Another
 * repetition of the same run whose seed replays exactly and that fails the
 * check too is the better one to show: the replay command then gives the
 * student the same failure every time. Returns its index (its result in
 * *alt), or i.
 */
static size_t rules_util_exact_failure(const struct rule_ctx *ctx, const struct rule_params *p,
				       rule_run_fn fn, size_t i, struct rule_result *alt)
{
	const struct rule_run *run = &ctx->runs[i], *r;
	size_t j;

	if (!run->rec->perturbed || run_schedule_exact(run->rec->seed))
		return i;
	for (j = i + 1; j < ctx->nruns; j++) {
		r = &ctx->runs[j];
		if (r->spec != run->spec || !r->rec->perturbed ||
		    !run_schedule_exact(r->rec->seed) || r->rec->status == RUN_INTERNAL_ERROR)
			continue;
		rule_result_init(alt);
		if (fn(ctx, r, p, alt) == RULE_FAIL)
			return j;
		rule_result_release(alt);
	}
	return i;
}

enum rule_verdict rules_each_run(const struct rule_ctx *ctx, const struct rule_params *p,
				 struct rule_result *out, rule_run_fn fn)
{
	struct rule_result alt;
	size_t j;
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
		if (v == RULE_FAIL && (j = rules_util_exact_failure(ctx, p, fn, i, &alt)) != i) {
			rule_result_release(out);
			*out = alt;
			run = &ctx->runs[j];
		}
		out->failed_rec = run->rec;
		if (v == RULE_FAIL) {
			rules_fail_kinds(run, out);
			rules_limit_explain(run, p->rule ? p->rule->name : NULL, out);
			evidence_add_context(out, run->rec);
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
