/*
 * rules_data.c - printed_in_segment: the values a program printed were in
 * a shared memory segment (what the tracer read from the memory of a
 * process that had it attached: record.h, struct seg_data).
 *
 * A program that prints the expected numbers without passing them through
 * shared memory (the statement's output copied into a printf) fails here,
 * whatever else it does with segments.
 */
#include "graders/rules/rules_text.h"

#include <errno.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graders/rules/rules_util.h"
#include "graders/report/i18n.h"
#include "util/xalloc.h"
#include "util/util.h"

enum rules_data_as { RULES_DATA_INT, RULES_DATA_LONG, RULES_DATA_TEXT };
static const char *const rules_data_as_names[] = { "int", "long", "text", NULL };
static const char *const rules_data_by[] = { "any", "parent", "child", "creator", NULL };

/* Is the value (as printed) somewhere in d? */
static bool rules_data_holds(const struct seg_data *d, enum rules_data_as as, const char *txt,
			     size_t len, long long num)
{
	size_t off;

	if (as == RULES_DATA_TEXT)
		return len && memmem(d->bytes, d->len, txt, len) != NULL;
	if (as == RULES_DATA_INT) {
		int32_t v;

		for (off = 0; off + sizeof(v) <= d->len; off += sizeof(v)) {
			memcpy(&v, d->bytes + off, sizeof(v));
			if (v == num)
				return true;
		}
		return false;
	}
	for (off = 0; off + sizeof(int64_t) <= d->len; off += sizeof(int64_t)) {
		int64_t v;

		memcpy(&v, d->bytes + off, sizeof(v));
		if (v == num)
			return true;
	}
	return false;
}

static bool rules_data_readable(const struct rule_run *run, const struct seg_data *d, enum who by)
{
	return rules_who_match(run, d->pid, by, -1);
}

/* The first bytes of the last read by a process of role by, for the
 * evidence: "00 00 00 00 ...". */
static char *rules_data_hex(const struct rule_run *run, enum who by)
{
	const struct run_record *rec = run->rec;
	const struct seg_data *d = NULL;
	char *s, *p;
	size_t i, n;

	for (i = rec->nseg_data; i-- > 0 && !d;)
		if (rules_data_readable(run, &rec->seg_data[i], by))
			d = &rec->seg_data[i];
	if (!d)
		return NULL;
	n = d->len < 16 ? d->len : 16;
	s = p = xmalloc(n * 3 + 32);
	p += sprintf(p, "segment %d, pid %d:", d->shmid, (int)d->pid);
	for (i = 0; i < n; i++)
		p += sprintf(p, " %02x", d->bytes[i]);
	if (d->len > n)
		strcpy(p, " ...");
	return s;
}

/* One captured value: in some segment read, or the failure is set. */
static bool rules_data_value_found(const struct rule_run *run, const struct rule_params *p,
				   const char *txt, size_t len, struct rule_result *out)
{
	enum rules_data_as as = (enum rules_data_as)rules_int(p, "as", RULES_DATA_INT);
	enum who by = (enum who)rules_int(p, "by", WHO_ANY);
	char buf[64], *end, *hex;
	long long num = 0;
	size_t i;

	if (as != RULES_DATA_TEXT) {
		if (len == 0 || len >= sizeof(buf))
			goto not_number;
		memcpy(buf, txt, len);
		buf[len] = '\0';
		errno = 0;
		num = strtoll(buf, &end, 10);
		if (errno || *end)
			goto not_number;
	}
	for (i = 0; i < run->rec->nseg_data; i++)
		if (rules_data_readable(run, &run->rec->seg_data[i], by) &&
		    rules_data_holds(&run->rec->seg_data[i], as, txt, len, num))
			return true;
	hex = rules_data_hex(run, by);
	rule_result_kind(out, "not_in_segment");
	rule_result_set(out,
			"imprimió \"%.*s\", que ningún segmento contenía: no pasó por la memoria "
			"compartida (%s)",
			"printed \"%.*s\", which no segment held: it did not go through the shared "
			"memory (%s)",
			(int)(len > 40 ? 40 : len), txt, hex ? hex : "-");
	free(hex);
	return false;
not_number:
	rule_result_kind(out, "not_a_number");
	rule_result_set(out, "lo impreso (\"%.*s\") no es un número",
			"what was printed (\"%.*s\") is not a number", (int)(len > 40 ? 40 : len),
			txt);
	return false;
}

static enum rule_verdict rules_data_scan(const struct rule_run *run, const struct rule_params *p,
					 const char *text, regex_t *re, unsigned *nmatch,
					 struct rule_result *out)
{
	regmatch_t m[RULE_MAX_GROUPS + 1];
	const char *s = text;
	int flags = 0, g;

	*nmatch = 0;
	while (*nmatch < 1000 && regexec(re, s, RULE_MAX_GROUPS + 1, m, flags) == 0) {
		(*nmatch)++;
		for (g = 1; g <= RULE_MAX_GROUPS; g++)
			if (m[g].rm_so >= 0 &&
			    !rules_data_value_found(run, p, s + m[g].rm_so,
						    (size_t)(m[g].rm_eo - m[g].rm_so), out))
				return RULE_FAIL;
		s += m[0].rm_eo > 0 ? m[0].rm_eo : 1;
		if (s > text + strlen(text))
			break;
		flags = s[-1] == '\n' ? 0 : REG_NOTBOL;
	}
	return RULE_PASS;
}

static enum rule_verdict rules_data_run(const struct rule_ctx *ctx, const struct rule_run *run,
					const struct rule_params *p, struct rule_result *out)
{
	const struct program_output *o;
	const char *text = rules_text_stream(run, p, &o);
	char *names[RULE_MAX_GROUPS], why[256];
	enum rule_verdict v;
	unsigned nmatch = 0;
	regex_t re;
	int i;

	(void)ctx;
	if (!o) {
		rule_result_set(out, "el programa no llegó a ejecutarse", "the program never ran");
		return RULE_FAIL;
	}
	if (!run->rec->nseg_data) {
		rule_result_kind(out, "no_data");
		rule_result_set(out,
				"ningún proceso tenía un segmento vinculado al llamar a shmdt o al "
				"terminar: lo impreso no pasó por la memoria compartida",
				"no process had a segment attached at a shmdt or at its exit: what "
				"was printed did not go through shared memory");
		return RULE_FAIL;
	}
	if (rule_regex_compile(rules_str(p, "pattern"), rules_bool(p, "ignore_case", false), &re,
			       names, why, sizeof(why)) < 0) {
		rule_result_set(out, "patrón inválido: %s", "bad pattern: %s", why);
		return RULE_ERROR;
	}
	v = rules_data_scan(run, p, text, &re, &nmatch, out);
	if (v == RULE_PASS && !nmatch) {
		rules_text_no_match(out, text);
		v = RULE_FAIL;
	} else if (v == RULE_PASS) {
		rule_result_set(out,
				"lo impreso estaba en la memoria compartida (%u coincidencias)",
				"what was printed was in the shared memory (%u matches)", nmatch);
	}
	regfree(&re);
	for (i = 0; i < RULE_MAX_GROUPS; i++)
		free(names[i]);
	return v;
}

/* The pattern must capture something. */
static void rules_data_validate(const struct rule_params *p, struct mark check, struct diag_list *d)
{
	const struct param_value *v = rule_param(p, "pattern");
	char *names[RULE_MAX_GROUPS], why[256];
	regex_t re;
	int i;

	(void)check;
	if (rule_regex_compile(v->s, false, &re, names, why, sizeof(why)) < 0)
		return; /* reported when the parameter was read */
	if (re.re_nsub == 0)
		diag_error(d, v->mark.line, v->mark.col,
			   _("'pattern' must capture the printed values in groups, like "
			     "primos=([0-9]+)"));
	regfree(&re);
	for (i = 0; i < RULE_MAX_GROUPS; i++)
		free(names[i]);
}

static const struct param_schema rules_data_params[] = {
	{ "pattern", PARAM_REGEX, true, NULL, NULL, 0, 0,
	  "a POSIX ERE; every group it captures is a value that must have been in a segment" },
	{ "as", PARAM_ENUM, false, "int", rules_data_as_names, 0, 0,
	  "int: a 32-bit integer, long: a 64-bit one (aligned, the machine's byte order), text: "
	  "the bytes as printed" },
	{ "by", PARAM_ENUM, false, "any", rules_data_by, 0, 0,
	  "whose view of the segment: any, parent, child or creator (read at that process's "
	  "shmdt or exit)" },
	RULES_TEXT_PATTERN_PARAMS,
};

const struct rule rules_data[] = {
	{ "printed_in_segment",
	  "the values the program printed were in a shared memory segment (read from an attached "
	  "process at its shmdt or exit)",
	  rules_data_params, ARRAY_SIZE(rules_data_params), NULL, rules_data_validate,
	  rules_data_run },
};
const size_t rules_data_count = ARRAY_SIZE(rules_data);
