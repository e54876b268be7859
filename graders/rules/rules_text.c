/*
 * rules_text.c - the rule about what the programs printed: output (text,
 * regex, number). printed_matches_kernel is in rules_kernel.c.
 */
#include "graders/rules/rules_text.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "graders/rules/rules_diff.h"
#include "graders/rules/rules_util.h"
#include "graders/load/ynode.h"
#include "graders/report/i18n.h"
#include "util/cnum.h"
#include "util/util.h"
#include "util/xalloc.h"
#include "harness/xlat.h"

const char *const rules_text_streams[] = { "stdout", "stderr", NULL };
static const char *const rules_text_matches[] = { "contains", "exact", "regex", "number", NULL };
enum { MATCH_CONTAINS, MATCH_EXACT, MATCH_REGEX, MATCH_NUMBER };

void rules_text_no_match(struct rule_result *out, const char *text)
{
	char *snip = rules_snippet(text, 60);

	rule_result_kind(out, "no_match");
	rule_result_set(out, "nada en la salida coincide con el patrón (\"%s\")",
			"nothing in the output matches the pattern (\"%s\")", snip);
	free(snip);
}

const char *rules_text_stream(const struct rule_run *run, const struct rule_params *p,
			      const struct program_output **o)
{
	long prog = rules_set(p, "program") ? (long)rules_int(p, "program", -1) : -1;
	bool err = rules_int(p, "stream", 0) == 1;

	*o = rules_output(run, prog);
	if (!*o)
		return "";
	return err ? ((*o)->err ? (*o)->err : "") : ((*o)->out ? (*o)->out : "");
}

/* A copy of s with every run of blanks as one space and none at the ends
 * (ws), or with trailing newlines dropped (trail). */
static char *rules_text_normalise(const char *s, bool ws, bool trail)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	bool space = false;

	for (; *s; s++) {
		if (ws && isspace((unsigned char)*s)) {
			space = o != out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = false;
		*o++ = *s;
	}
	*o = '\0';
	while (trail && o > out && (o[-1] == '\n' || o[-1] == '\r'))
		*--o = '\0';
	return out;
}

/* Whether the text matches, for contains / exact / regex. */
static bool rules_text_found(const char *hay, const char *want, int match, bool icase)
{
	regex_t re;
	char *names[RULE_MAX_GROUPS], why[8];
	bool found;
	int i;

	switch (match) {
	case MATCH_EXACT: return icase ? !strcasecmp(hay, want) : !strcmp(hay, want);
	case MATCH_CONTAINS:
		return icase ? strcasestr(hay, want) != NULL : strstr(hay, want) != NULL;
	default: break;
	}
	if (rule_regex_compile(want, icase, &re, names, why, sizeof(why)) < 0)
		return false; /* the loader proved it compiles */
	found = regexec(&re, hay, 0, NULL, 0) == 0;
	regfree(&re);
	for (i = 0; i < RULE_MAX_GROUPS; i++)
		free(names[i]);
	return found;
}

/* The last number in s, or the first group of pattern. */
static bool rules_text_find_number(const char *s, const char *pattern, bool icase, double *out)
{
	regex_t re;
	regmatch_t m[2];
	char *names[RULE_MAX_GROUPS], why[8], *end;
	const char *p;
	bool found = false;
	int i;

	if (pattern) {
		if (rule_regex_compile(pattern, icase, &re, names, why, sizeof(why)) < 0)
			return false;
		if (regexec(&re, s, 2, m, 0) == 0 && m[1].rm_so >= 0) {
			*out = cnum_strtod(s + m[1].rm_so, &end);
			found = end > s + m[1].rm_so;
		}
		regfree(&re);
		for (i = 0; i < RULE_MAX_GROUPS; i++)
			free(names[i]);
		return found;
	}
	for (p = s; *p; p++) {
		bool start = isdigit((unsigned char)*p) ||
			     (strchr("+-.", *p) && isdigit((unsigned char)p[1]));

		if (!start || (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '.')))
			continue;
		errno = 0;
		*out = cnum_strtod(p, &end);
		if (end > p && !errno && isfinite(*out)) {
			found = true;
			p = end - 1;
		}
	}
	return found;
}

static enum rule_verdict rules_text_number_run(const char *hay, const struct rule_params *p,
					       struct rule_result *out)
{
	double want = cnum_strtod(rules_str(p, "value"), NULL), got;
	double tol = rule_param(p, "tolerance")->d;
	char *snip;

	if (!rules_text_find_number(hay, rules_str(p, "pattern"),
				    rules_bool(p, "ignore_case", false), &got)) {
		snip = rules_snippet(hay, 60);
		rule_result_kind(out, "no_number");
		rule_result_set(out, "no se encontró el número en la salida (\"%s\")",
				"no number found in the output (\"%s\")", snip);
		free(snip);
		return RULE_FAIL;
	}
	if (fabs(got - want) > tol) {
		rule_result_kind(out, "wrong_number");
		rule_result_set(out, "imprimió %g; se esperaba %g (±%g)",
				"printed %g; expected %g (±%g)", got, want, tol);
		return RULE_FAIL;
	}
	rule_result_set(out, "imprimió %g", "printed %g", got);
	return RULE_PASS;
}

/* An output that is not the expected text: where it differs, line by line
 * (cutting both at the same length hid the difference). */
static void rules_text_exact_diff(struct rule_result *out, const char *stream, const char *want,
				  const char *got, bool icase)
{
	char *d;
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		d = rules_diff(want, got, icase, (enum lang)l);
		if (!*got)
			rule_result_setl(out, (enum lang)l,
					 l == LANG_ES ? "%s no es el texto esperado: está vacío"
						      : "%s is not the expected text: it is empty",
					 stream);
		else
			rule_result_setl(out, (enum lang)l,
					 l == LANG_ES ? "%s no es el texto esperado; %s"
						      : "%s is not the expected text; %s",
					 stream, d ? d : "");
		free(d);
	}
}

static enum rule_verdict rules_text_output_run(const struct rule_ctx *ctx,
					       const struct rule_run *run,
					       const struct rule_params *p, struct rule_result *out)
{
	static const char *const verb_es[] = { "contiene", "es", "coincide con", "" };
	static const char *const verb_en[] = { "contain", "equal", "match", "" };
	const struct program_output *o;
	const char *text = rules_text_stream(run, p, &o), *stream = rules_str(p, "stream");
	int match = (int)rules_int(p, "match", 0);
	bool ws = rules_bool(p, "ignore_whitespace", false),
	     absent = rules_bool(p, "absent", false);
	char *hay, *want, *snip, *wsnip;
	bool found;

	(void)ctx;
	if (!o) {
		rule_result_set(out, "el programa no llegó a ejecutarse", "the program never ran");
		return RULE_FAIL;
	}
	if (match == MATCH_NUMBER)
		return rules_text_number_run(text, p, out);
	hay = rules_text_normalise(text, ws, match == MATCH_EXACT);
	want = match == MATCH_REGEX
		       ? xstrdup(rules_str(p, "value"))
		       : rules_text_normalise(rules_str(p, "value"), ws, match == MATCH_EXACT);
	found = rules_text_found(hay, want, match, rules_bool(p, "ignore_case", false));
	snip = rules_snippet(hay, 60);
	wsnip = rules_snippet(want, 60);
	if (found == !absent) {
		rule_result_setl(out, LANG_ES, "%s %s%s \"%s\"", stream, absent ? "no " : "",
				 verb_es[match], wsnip);
		rule_result_setl(out, LANG_EN, "%s %s %s \"%s\"", stream,
				 absent ? "does not" : "does", verb_en[match], wsnip);
	} else if (match == MATCH_EXACT && !absent) {
		rule_result_kind(out, *hay ? "differs" : "empty");
		rules_text_exact_diff(out, stream, want, hay, rules_bool(p, "ignore_case", false));
	} else {
		rule_result_kind(out, absent ? "present" : *hay ? "missing" : "empty");
		rule_result_setl(out, LANG_ES, "%s %s%s \"%s\"; fue \"%s\"", stream,
				 absent ? "" : "no ", verb_es[match], wsnip, snip);
		rule_result_setl(out, LANG_EN, "%s %s %s \"%s\"; it was \"%s\"", stream,
				 absent ? "does" : "does not", verb_en[match], wsnip, snip);
	}
	free(snip);
	free(wsnip);
	free(hay);
	free(want);
	return found == !absent ? RULE_PASS : RULE_FAIL;
}

/* Cross-parameter checks: a regex value must compile, a number must be one,
 * and the number-only parameters only go with match: number. */
static void rules_text_output_validate(const struct rule_params *p, struct mark check,
				       struct diag_list *d)
{
	const struct param_value *v = rule_param(p, "value");
	int match = (int)rules_int(p, "match", 0);
	char why[256], *names[RULE_MAX_GROUPS], *end;
	regex_t re;
	int i;

	(void)check;
	if (match == MATCH_REGEX) {
		if (rule_regex_compile(v->s, false, &re, names, why, sizeof(why)) < 0) {
			diag_error(d, v->mark.line, v->mark.col, _("bad regex in 'value': %s"),
				   why);
		} else {
			regfree(&re);
			for (i = 0; i < RULE_MAX_GROUPS; i++)
				free(names[i]);
		}
	}
	if (match == MATCH_NUMBER && (cnum_strtod(v->s, &end), end == v->s || *end || !*v->s))
		diag_error(d, v->mark.line, v->mark.col,
			   _("'value' must be a number when 'match' is number, not '%s'"), v->s);
	if (match != MATCH_NUMBER && rule_param(p, "pattern")->set)
		diag_error(d, rule_param(p, "pattern")->mark.line,
			   rule_param(p, "pattern")->mark.col,
			   _("'pattern' only goes with 'match: number'"));
	if (match != MATCH_NUMBER && rule_param(p, "tolerance")->mark.line)
		diag_error(d, rule_param(p, "tolerance")->mark.line,
			   rule_param(p, "tolerance")->mark.col,
			   _("'tolerance' only goes with 'match: number'"));
	if (match == MATCH_NUMBER && rules_bool(p, "absent", false))
		diag_error(d, rule_param(p, "absent")->mark.line, rule_param(p, "absent")->mark.col,
			   _("'absent' does not go with 'match: number'"));
}

static const struct param_schema rules_text_output_params[] = {
	{ "value", PARAM_STRING, true, NULL, NULL, 0, 0, "the text, regex or number to look for" },
	{ "match", PARAM_ENUM, false, "contains", rules_text_matches, 0, 0,
	  "contains, exact (whole stream; trailing newlines ignored), regex (POSIX ERE; ^ and $ "
	  "match at each line) or number" },
	{ "stream", PARAM_ENUM, false, "stdout", rules_text_streams, 0, 0, "stdout or stderr" },
	{ "program", PARAM_PROG, false, NULL, NULL, 0, 0,
	  "whose output (default: the first program of the run)" },
	{ "ignore_case", PARAM_BOOL, false, "false", NULL, 0, 0, "compare without case" },
	{ "ignore_whitespace", PARAM_BOOL, false, "false", NULL, 0, 0,
	  "every run of blanks and newlines counts as one space; none at the ends" },
	{ "tolerance", PARAM_NUMBER, false, "0", NULL, 0, 0,
	  "match: number - the largest difference accepted" },
	{ "pattern", PARAM_REGEX, false, NULL, NULL, 0, 0,
	  "match: number - where the number is (its first group); default: the last number" },
	{ "absent", PARAM_BOOL, false, "false", NULL, 0, 0,
	  "pass when the text does NOT appear (contains, exact, regex)" },
};

const struct rule rules_text[] = {
	{ "output", "stdout or stderr contains / equals / matches a text, or holds a number",
	  rules_text_output_params, ARRAY_SIZE(rules_text_output_params), NULL,
	  rules_text_output_validate, rules_text_output_run },
};
const size_t rules_text_count = ARRAY_SIZE(rules_text);
