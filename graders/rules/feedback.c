/*
 * feedback.c - hints that fit the failure (feedback.h).
 */
#include "graders/rules/feedback.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graders/report/i18n.h"
#include "graders/load/ynode.h"
#include "util/xalloc.h"

const char *const feedback_kinds[] = {
	/* the run */
	"not_built",
	"never_ran",
	"timeout",
	"memory_limit",
	"process_limit",
	"output_limit",
	"limit",
	"signal",
	/* exit_status */
	"exit_status",
	/* children_waited */
	"orphan",
	"never_waited",
	"not_reaped",
	"children_count",
	/* output */
	"empty",
	"differs",
	"missing",
	"present",
	"no_number",
	"wrong_number",
	/* printed_matches_kernel */
	"no_stat",
	"no_match",
	"not_octal",
	"decimal_mode",
	"not_a_number",
	"stat_failed",
	"no_stat_after_set",
	"wrong_size",
	"wrong_nattch",
	"wrong_cpid",
	"wrong_lpid",
	"wrong_mode",
	"wrong_key",
	"wrong_shmid",
	"wrong_uid",
	"wrong_gid",
	"wrong_cuid",
	"wrong_cgid",
	/* segment rules */
	"never_created",
	/* any check: some child was not reaped by its parent (children_waited) */
	"unreaped",
	/* handles_fault, survives_faults: after the injected failure, an object
	 * was left, nothing was said on stderr, the call was never made */
	"leaked",
	"silent",
	"not_reached",
	NULL,
};

static const char *const feedback_case_keys[] = { "when", "unless", "es", "en", "text", NULL };

static bool feedback_known(const char *kind)
{
	size_t i;

	for (i = 0; feedback_kinds[i]; i++)
		if (!strcmp(feedback_kinds[i], kind))
			return true;
	return false;
}

/* The kinds listed under key ("when", "unless"); 0 or -1. */
static int feedback_kind_list(const struct ynode *n, const char *key, char ***out, size_t *nout,
			      struct diag_list *d)
{
	const struct ynode *v = ynode_get(n, key);
	char hb[YNODE_HINT_MAX], what[32];
	size_t i;
	int bad = 0;

	snprintf(what, sizeof(what), "'%s'", key);
	if (!v)
		return 0;
	if (ynode_strlist(v, what, d, out, nout) < 0)
		return -1;
	for (i = 0; i < *nout; i++)
		if (!feedback_known((*out)[i])) {
			diag_error(d, v->mark.line, v->mark.col,
				   _("%s names unknown kind of failure '%s'%s"), what, (*out)[i],
				   ynode_hint(yaml_suggest((*out)[i], feedback_kinds), hb));
			bad = -1;
		}
	return bad;
}

/* One entry of the list: {when, unless, es, en} or {when, unless, text}.
 * Returns 0 or -1. */
static int feedback_case(struct fail_case *fc, const struct ynode *n, struct diag_list *d)
{
	const struct ynode *v;
	int bad = 0, l;

	memset(fc, 0, sizeof(*fc));
	if (ynode_check_map(n, "'fail' hint", feedback_case_keys, NULL, d) < 0)
		return -1;
	if (feedback_kind_list(n, "when", &fc->kinds, &fc->nkinds, d) < 0)
		bad = -1;
	if (feedback_kind_list(n, "unless", &fc->unless, &fc->nunless, d) < 0)
		bad = -1;
	if ((v = ynode_get(n, "text"))) {
		if (ynode_string(v, "'text'", true, d, &fc->text.s[LANG_ES]) < 0)
			return -1;
		fc->text.s[LANG_EN] = xstrdup(fc->text.s[LANG_ES]);
		return bad;
	}
	for (l = 0; l < LANG_COUNT; l++)
		if ((v = ynode_get(n, l == LANG_ES ? "es" : "en")) &&
		    ynode_string(v, "'fail' hint", true, d, &fc->text.s[l]) < 0)
			bad = -1;
	if (!fc->text.s[LANG_ES] && !fc->text.s[LANG_EN]) {
		diag_error(d, n->mark.line, n->mark.col,
			   _("a 'fail' hint needs a 'text', or an 'es' or an 'en' text"));
		return -1;
	}
	return bad;
}

void feedback_load(struct exercise_check *c, const struct ynode *fail, struct diag_list *d)
{
	size_t i;

	if (!fail || fail->kind != YNODE_SEQ) {
		ynode_ltext(fail, _("'fail' feedback"), d, &c->fail);
		return;
	}
	c->fail_cases = xcalloc(fail->nkids + 1, sizeof(*c->fail_cases));
	for (i = 0; i < fail->nkids; i++)
		if (feedback_case(&c->fail_cases[c->nfail_cases], fail->kids[i], d) == 0)
			c->nfail_cases++;
		else
			feedback_case_release(&c->fail_cases[c->nfail_cases]);
}

void feedback_case_release(struct fail_case *fc)
{
	size_t i;

	for (i = 0; i < fc->nkinds; i++)
		free(fc->kinds[i]);
	free(fc->kinds);
	for (i = 0; i < fc->nunless; i++)
		free(fc->unless[i]);
	free(fc->unless);
	ltext_release(&fc->text);
	memset(fc, 0, sizeof(*fc));
}

void feedback_release(struct exercise_check *c)
{
	size_t i;

	for (i = 0; i < c->nfail_cases; i++)
		feedback_case_release(&c->fail_cases[i]);
	free(c->fail_cases);
	c->fail_cases = NULL;
	c->nfail_cases = 0;
}

/* Whether kinds (" a b ") holds kind; "limit" stands for every limit. */
static bool feedback_has(const char *kinds, const char *kind)
{
	char word[64];

	if (!strcmp(kind, "limit"))
		return feedback_has(kinds, "timeout") || feedback_has(kinds, "memory_limit") ||
		       feedback_has(kinds, "process_limit") || feedback_has(kinds, "output_limit");
	snprintf(word, sizeof(word), " %s ", kind);
	return kinds && strstr(kinds, word) != NULL;
}

/* Whether case fc fits a failure of these kinds. */
static bool feedback_fits(const struct fail_case *fc, const char *kinds)
{
	bool when = !fc->nkinds && !feedback_has(kinds, "not_built");
	size_t k;

	for (k = 0; k < fc->nkinds && !when; k++)
		when = feedback_has(kinds, fc->kinds[k]);
	for (k = 0; k < fc->nunless && when; k++)
		when = !feedback_has(kinds, fc->unless[k]);
	return when;
}

const char *feedback_pick(const struct exercise_check *c, const char *kinds, enum lang lang)
{
	size_t i;

	for (i = 0; i < c->nfail_cases; i++)
		if (feedback_fits(&c->fail_cases[i], kinds))
			return ltext_get(&c->fail_cases[i].text, lang);
	if (c->nfail_cases || feedback_has(kinds, "not_built"))
		return "";
	return ltext_get(&c->fail, lang);
}
