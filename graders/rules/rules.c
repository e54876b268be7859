/*
 * rules.c - the rule table and what every rule shares: parameter look-up,
 * evaluation entry point, evidence messages, regexes with named groups.
 * The rules themselves live by family in rules_basic.c (build, exit,
 * processes), rules_text.c (output), rules_kernel.c (printed values),
 * rules_shm.c (segment lifecycle, leaks) and rules_calls.c (calls,
 * semaphores, ordering).
 */
#include "graders/rules/rules.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graders/rules/rules_basic.h"
#include "graders/rules/rules_calls.h"
#include "graders/rules/rules_fault.h"
#include "graders/rules/rules_ipc.h"
#include "graders/rules/rules_shm.h"
#include "graders/rules/rules_text.h"
#include "graders/rules/rules_util.h"
#include "util/xalloc.h"

/* Index = enum ipc_call (record.h spells the names), so a parsed choice is
 * the call; NULL after CALL_EXIT ends the choices. */
const char *const rule_call_choices[] = {
	IPC_CALL_NAMES_SELECTABLE,
	[CALL_EXIT + 1] = NULL,
};

const char *rule_verdict_name(enum rule_verdict v)
{
	return v == RULE_PASS ? "pass" : v == RULE_FAIL ? "fail" : "error";
}

/* ---- the table ----------------------------------------------------------------- */

#define RULES_MAX 48

static struct rule rules_sorted[RULES_MAX];
static size_t rules_n;

static int rules_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rule *)a)->name, ((const struct rule *)b)->name);
}

static void rules_add_family(const struct rule *family, size_t n)
{
	size_t i;

	for (i = 0; i < n && rules_n < RULES_MAX; i++)
		rules_sorted[rules_n++] = family[i];
}

const struct rule *rule_table(size_t *n)
{
	if (!rules_n) {
		rules_add_family(rules_basic, rules_basic_count);
		rules_add_family(rules_shm, rules_shm_count);
		rules_add_family(rules_calls, rules_calls_count);
		rules_add_family(rules_ipc, rules_ipc_count);
		rules_add_family(rules_sem, rules_sem_count);
		rules_add_family(rules_text, rules_text_count);
		rules_add_family(rules_kernel, rules_kernel_count);
		rules_add_family(rules_data, rules_data_count);
		rules_add_family(rules_fault, rules_fault_count);
		qsort(rules_sorted, rules_n, sizeof(rules_sorted[0]), rules_cmp);
	}
	*n = rules_n;
	return rules_sorted;
}

const struct rule *rule_find(const char *name)
{
	size_t n, i;
	const struct rule *t = rule_table(&n);

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	return NULL;
}

long rule_param_index(const struct rule *rule, const char *name)
{
	size_t i;

	for (i = 0; i < rule->nparams; i++)
		if (!strcmp(rule->params[i].name, name))
			return (long)i;
	return -1;
}

const struct param_value *rule_param(const struct rule_params *p, const char *name)
{
	long i = rule_param_index(p->rule, name);

	if (i < 0 || (size_t)i >= p->n) {
		/* A rule asked for a parameter its schema lacks: a bug here. */
		fprintf(stderr, "shmgrade: rule '%s' has no parameter '%s'\n", p->rule->name, name);
		abort();
	}
	return &p->v[i];
}

/* ---- results ----------------------------------------------------------------- */

void rule_result_init(struct rule_result *r)
{
	memset(r, 0, sizeof(*r));
}

void rule_result_kind(struct rule_result *r, const char *kind)
{
	size_t len = strlen(r->kinds), k = strlen(kind);
	char word[64];

	snprintf(word, sizeof(word), " %s ", kind);
	if (strstr(r->kinds, word) || len + k + 2 >= sizeof(r->kinds))
		return;
	snprintf(r->kinds + len, sizeof(r->kinds) - len, "%s%s ", len ? "" : " ", kind);
}

void rule_result_release(struct rule_result *r)
{
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		free(r->msg[l]);
		r->msg[l] = NULL;
	}
	r->kinds[0] = '\0';
}

void rule_result_set(struct rule_result *r, const char *es, const char *en, ...)
{
	const char *fmt[LANG_COUNT] = { [LANG_ES] = es, [LANG_EN] = en };
	va_list ap;
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		free(r->msg[l]);
		va_start(ap, en);
		r->msg[l] = xvasprintf(fmt[l], ap);
		va_end(ap);
	}
}

void rule_result_setl(struct rule_result *r, enum lang lang, const char *fmt, ...)
{
	va_list ap;

	if ((unsigned)lang >= LANG_COUNT)
		return;
	free(r->msg[lang]);
	va_start(ap, fmt);
	r->msg[lang] = xvasprintf(fmt, ap);
	va_end(ap);
}

const char *rule_result_msg(const struct rule_result *r, enum lang lang)
{
	if ((unsigned)lang < LANG_COUNT && r->msg[lang])
		return r->msg[lang];
	return r->msg[LANG_EN] ? r->msg[LANG_EN] : "";
}

enum rule_verdict rule_evaluate(const struct rule_ctx *ctx, const struct rule_params *p,
				struct rule_result *out)
{
	enum rule_verdict v;
	int l;

	if (!p || !p->rule || (!p->rule->eval && !p->rule->each_run)) {
		rule_result_set(out, "regla desconocida", "unknown rule");
		return RULE_ERROR;
	}
	out->kinds[0] = '\0';
	out->failed_rec = NULL;
	if (p->rule->each_run)
		v = rules_each_run(ctx, p, out, p->rule->each_run);
	else
		v = p->rule->eval(ctx, p, out);
	for (l = 0; l < LANG_COUNT; l++)
		if (!out->msg[l])
			out->msg[l] =
				xstrdup(v == RULE_PASS ? (l == LANG_ES ? "correcto" : "passed")
						       : (l == LANG_ES ? "incorrecto" : "failed"));
	return v;
}

/* ---- regexes ------------------------------------------------------------------- */

/* Copy pattern into out without the "?<name>" of named groups, recording
 * each group's name. Bracket expressions are copied verbatim: a '(' inside
 * [...] is a plain character. Returns -1 with why on a malformed name. */
static int rules_regex_strip(const char *pattern, char *out, char *names[RULE_MAX_GROUPS],
			     const char **why)
{
	const char *p = pattern, *end;
	int group = 0;

	while (*p) {
		if (*p == '\\' && p[1]) {
			*out++ = *p++;
			*out++ = *p++;
		} else if (*p == '[') {
			end = p + 1;
			if (*end == '^')
				end++;
			if (*end == ']')
				end++;
			while (*end && *end != ']')
				end++;
			if (!*end) {
				*why = "unmatched [ or [^";
				return -1;
			}
			memcpy(out, p, (size_t)(end - p + 1));
			out += end - p + 1;
			p = end + 1;
		} else if (*p == '(') {
			*out++ = *p++;
			if (++group > RULE_MAX_GROUPS) {
				*why = "too many groups";
				return -1;
			}
			if (*p != '?')
				continue;
			end = p[1] == '<' ? strchr(p, '>') : NULL;
			if (!end || end == p + 2 ||
			    strspn(p + 2, "abcdefghijklmnopqrstuvwxyz_") != (size_t)(end - p - 2)) {
				*why = "'(?' must start a named group like (?<size>[0-9]+)";
				return -1;
			}
			names[group - 1] = xmalloc((size_t)(end - p - 1));
			memcpy(names[group - 1], p + 2, (size_t)(end - p - 2));
			names[group - 1][end - p - 2] = '\0';
			p = end + 1;
		} else {
			*out++ = *p++;
		}
	}
	*out = '\0';
	return 0;
}

int rule_regex_compile(const char *pattern, bool icase, regex_t *re, char *names[RULE_MAX_GROUPS],
		       char *why, size_t whylen)
{
	char *plain = xmalloc(strlen(pattern) + 1);
	const char *reason = NULL;
	int i, rc;

	memset(names, 0, RULE_MAX_GROUPS * sizeof(*names));
	if (rules_regex_strip(pattern, plain, names, &reason) < 0) {
		snprintf(why, whylen, "%s", reason);
		goto fail;
	}
	rc = regcomp(re, plain, REG_EXTENDED | REG_NEWLINE | (icase ? REG_ICASE : 0));
	if (rc != 0) {
		regerror(rc, re, why, whylen);
		why[0] = (char)tolower((unsigned char)why[0]); /* house style: lowercase */
		regfree(re);
		goto fail;
	}
	free(plain);
	return 0;
fail:
	free(plain);
	for (i = 0; i < RULE_MAX_GROUPS; i++) {
		free(names[i]);
		names[i] = NULL;
	}
	return -1;
}
