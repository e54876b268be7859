/*
 * rules_kernel.c - printed_matches_kernel: values the program printed
 * against the kernel's own shmid_ds from the trace (split from
 * rules_text.c, which keeps output).
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

#include "graders/rules/rules_util.h"
#include "graders/load/ynode.h"
#include "graders/report/i18n.h"
#include "util/cnum.h"
#include "util/util.h"
#include "util/xalloc.h"
#include "harness/xlat.h"

/* ---- printed_matches_kernel ------------------------------------------------------ */

enum {
	F_SIZE,
	F_NATTCH,
	F_CPID,
	F_LPID,
	F_MODE,
	F_KEY,
	F_SHMID,
	F_UID,
	F_GID,
	F_CUID,
	F_CGID,
	F_N
};
static const char *const rules_kernel_fields[] = {
	"size",	 "nattch", "cpid", "lpid", "mode", "key",
	"shmid", "uid",	   "gid",  "cuid", "cgid", NULL,
};
/* What a segment record knows (source: segment). */
static const bool rules_kernel_segment_has[F_N] = {
	[F_SIZE] = true, [F_NATTCH] = true, [F_CPID] = true,
	[F_MODE] = true, [F_KEY] = true,    [F_SHMID] = true,
};
static const char *const rules_kernel_sources[] = { "ipc_stat", "segment", NULL };

/* One version of the truth: a shmid_ds the trace saw, or a segment. */
struct rules_kernel_truth {
	long long v[F_N];
	bool has[F_N];
	long long raw_mode; /* the kernel's shm_perm.mode: with SHM_DEST, SHM_LOCKED */
	unsigned long seq;  /* the event's, 0 for a segment */
};

/* The truth is what the kernel said (ev->ds, asked by shmgrade, never the
 * program's buffer, which another thread can rewrite). With buffer, a
 * second version: the buffer's values where the kernel reported the same
 * around the call (a nattch that changed between the program's call and
 * shmgrade's look), the kernel's where it never did (ds_mismatch). */
static void rules_kernel_truth_from_ds(struct rules_kernel_truth *t, const struct event *ev,
				       long long shmid, bool buffer)
{
	struct ipc_ds mixed = ev->ds;
	const struct ipc_ds *ds = buffer ? &mixed : &ev->ds;
	int f;

	if (buffer) {
		mixed = ev->ds_buf;
		mixed.key = ev->ds_mismatch & IPC_DS_KEY ? ev->ds.key : mixed.key;
		mixed.uid = ev->ds_mismatch & IPC_DS_UID ? ev->ds.uid : mixed.uid;
		mixed.gid = ev->ds_mismatch & IPC_DS_GID ? ev->ds.gid : mixed.gid;
		mixed.cuid = ev->ds_mismatch & IPC_DS_CUID ? ev->ds.cuid : mixed.cuid;
		mixed.cgid = ev->ds_mismatch & IPC_DS_CGID ? ev->ds.cgid : mixed.cgid;
		mixed.mode = ev->ds_mismatch & IPC_DS_MODE ? ev->ds.mode : mixed.mode;
		mixed.size = ev->ds_mismatch & IPC_DS_SIZE ? ev->ds.size : mixed.size;
		mixed.cpid = ev->ds_mismatch & IPC_DS_CPID ? ev->ds.cpid : mixed.cpid;
		mixed.lpid = ev->ds_mismatch & IPC_DS_LPID ? ev->ds.lpid : mixed.lpid;
		mixed.nattch = ev->ds_mismatch & IPC_DS_NATTCH ? ev->ds.nattch : mixed.nattch;
	}

	t->v[F_SIZE] = (long long)ds->size;
	t->v[F_NATTCH] = (long long)ds->nattch;
	t->v[F_CPID] = ds->cpid;
	t->v[F_LPID] = ds->lpid;
	t->v[F_MODE] = ds->mode & 0777;
	t->raw_mode = ds->mode & 07777;
	t->v[F_KEY] = ds->key;
	t->v[F_SHMID] = shmid;
	t->v[F_UID] = ds->uid;
	t->v[F_GID] = ds->gid;
	t->v[F_CUID] = ds->cuid;
	t->v[F_CGID] = ds->cgid;
	for (f = 0; f < F_N; f++)
		t->has[f] = true;
	t->seq = ev->seq;
}

/* Every shmid_ds the run's IPC_STAT / SHM_STAT / SHM_STAT_ANY returned, or
 * every segment it created; *n gets how many (the array is malloc'ed). */
static struct rules_kernel_truth *rules_kernel_truths(const struct run_record *rec, bool segments,
						      size_t *n)
{
	struct rules_kernel_truth *t = xcalloc(2 * rec->nevents + rec->nsegments + 1, sizeof(*t));
	long long id;
	const struct event *ev;
	long long cmd;
	size_t i;
	int f;

	*n = 0;
	for (i = 0; !segments && i < rec->nevents; i++) {
		ev = &rec->events[i];
		cmd = rules_ctl_cmd(ev);
		if (ev->call != CALL_SHMCTL || !ev->has_ds || !rules_event_ok(ev) ||
		    (cmd != IPC_STAT && cmd != SHM_STAT && cmd != SHM_STAT_ANY))
			continue;
		id = cmd == IPC_STAT ? ev->id : ev->result;
		rules_kernel_truth_from_ds(&t[(*n)++], ev, id, false);
		if (ev->has_ds_buf && ipc_ds_diff(&ev->ds_buf, &ev->ds))
			rules_kernel_truth_from_ds(&t[(*n)++], ev, id, true);
	}
	for (i = 0; segments && i < rec->nsegments; i++) {
		const struct segment *s = &rec->segments[i];
		struct rules_kernel_truth *x = &t[(*n)++];

		x->v[F_SIZE] = (long long)s->size;
		x->v[F_NATTCH] = s->max_nattch;
		x->v[F_CPID] = s->creator_pid;
		x->v[F_MODE] = s->mode & 0777;
		x->raw_mode = s->mode & 0777;
		x->v[F_KEY] = s->key;
		x->v[F_SHMID] = s->shmid;
		for (f = 0; f < F_N; f++)
			x->has[f] = rules_kernel_segment_has[f];
	}
	return t;
}

/* A printed value: modes in octal (or rw-r-----), keys in hex with 0x or
 * decimal, the rest decimal. */
static bool rules_kernel_parse_field(int f, const char *s, size_t len, long long *out)
{
	char buf[64], *end;
	int i;

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (f == F_MODE && len == 9 && strspn(buf, "rwx-") == 9) {
		for (*out = 0, i = 0; i < 9; i++)
			*out = (*out << 1) | (buf[i] != '-');
		return true;
	}
	errno = 0;
	if (f == F_MODE)
		*out = strtoll(buf + (buf[0] == '0' && (buf[1] == 'o' || buf[1] == 'O') ? 2 : 0),
			       &end, 8);
	else if (f == F_KEY && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X'))
		*out = strtoll(buf, &end, 16);
	else
		*out = strtoll(buf, &end, 10);
	/* A key printed in hex without 0x ("%x"). */
	if (f == F_KEY && (errno || *end) && strspn(buf, "0123456789abcdefABCDEF") == len) {
		errno = 0;
		*out = strtoll(buf, &end, 16);
	}
	return !errno && !*end;
}

static long rules_kernel_field_index(const char *name)
{
	long f;

	for (f = 0; f < F_N; f++)
		if (!strcmp(rules_kernel_fields[f], name))
			return f;
	return -1;
}

struct rules_kernel_printed {
	long long v[F_N];
	bool has[F_N];
	bool bad[F_N];	   /* captured but not a number */
	char txt[F_N][24]; /* what was captured (cut) */
};

/* Printed mode and kernel mode compared like with like: a mode printed
 * with bits above 0777 (1600: SHM_DEST after IPC_RMID) against the
 * kernel's raw shm_perm.mode, else both as permission bits. */
static bool rules_kernel_mode_equal(long long printed, const struct rules_kernel_truth *t)
{
	if (printed & ~0777LL)
		return (printed & 07777) == t->raw_mode;
	return printed == t->v[F_MODE];
}

static bool rules_kernel_field_equal(int f, long long printed, const struct rules_kernel_truth *t)
{
	if (f == F_KEY)
		return key_equal(printed, t->v[f]);
	if (f == F_MODE)
		return rules_kernel_mode_equal(printed, t);
	return printed == t->v[f];
}

/* A value as people write it: modes in octal, keys in hex. */
static void rules_kernel_format_field(int f, long long v, char buf[32])
{
	if (f == F_MODE)
		snprintf(buf, 32, "%04llo", (unsigned long long)v & 07777);
	else if (f == F_KEY)
		snprintf(buf, 32, "0x%08x", (unsigned)v);
	else
		snprintf(buf, 32, "%lld", v);
}

/* A mode that differs: the kernel's raw value is quoted, with what its
 * high bits mean; a mode printed in decimal is recognised. */
static void rules_kernel_mode_fail(const struct rules_kernel_printed *pr,
				   const struct rules_kernel_truth *t, const char *got,
				   const char *want, struct rule_result *out)
{
	static const char *const bits[][2] = {
		{ "", "" },
		{ "SHM_DEST: marcado para borrar", "SHM_DEST: marked for removal" },
		{ "SHM_LOCKED", "SHM_LOCKED" },
		{ "SHM_DEST y SHM_LOCKED", "SHM_DEST and SHM_LOCKED" },
	};
	long long dec = strtoll(pr->txt[F_MODE], NULL, 10);
	unsigned hi = (unsigned)(t->raw_mode >> 9) & 3;
	char *b;

	if (dec == t->v[F_MODE] && dec > 07) {
		rule_result_kind(out, "decimal_mode");
		rule_result_set(
			out,
			"imprimió mode=%s en decimal: %lld es %04llo en octal; imprime el modo "
			"con %%o",
			"printed mode=%s in decimal: %lld is %04llo in octal; print the mode "
			"with %%o",
			pr->txt[F_MODE], dec, (unsigned long long)dec);
		return;
	}
	b = hi ? xasprintf(" (permisos %04llo, con %s)", (unsigned long long)t->v[F_MODE],
			   bits[hi][0])
	       : xstrdup("");
	rule_result_setl(out, LANG_ES, "imprimió mode=%s, pero el núcleo dice %s%s", got, want, b);
	free(b);
	b = hi ? xasprintf(" (permissions %04llo, with %s)", (unsigned long long)t->v[F_MODE],
			   bits[hi][1])
	       : xstrdup("");
	rule_result_setl(out, LANG_EN, "printed mode=%s, but the kernel says %s%s", got, want, b);
	free(b);
}

/* The newest successful IPC_SET before which truth t was taken, when no
 * IPC_STAT succeeded after it: the program's report after IPC_SET has
 * nothing of the kernel's to be compared with. Says why (the failed
 * IPC_STAT's errno, or none made) and returns true. */
static bool rules_kernel_set_unstated(const struct run_record *rec,
				      const struct rules_kernel_truth *t, struct rule_result *out)
{
	const struct event *set = NULL, *stat = NULL, *ev;
	const char *name;
	size_t i;

	for (i = 0; i < rec->nevents; i++) {
		ev = &rec->events[i];
		if (ev->call != CALL_SHMCTL || !t->seq)
			continue;
		if (rules_ctl_cmd(ev) == IPC_SET && rules_event_ok(ev) && ev->seq > t->seq)
			set = ev, stat = NULL;
		else if (set && rules_ctl_cmd(ev) == IPC_STAT && !stat)
			stat = ev;
	}
	if (!set)
		return false;
	rule_result_kind(out, stat ? "stat_failed" : "no_stat_after_set");
	if (stat && !rules_event_ok(stat)) {
		name = xlat_errno_name(stat->err);
		rule_result_set(out,
				"tras IPC_SET, el shmctl(IPC_STAT) del proceso %d falló con %s: no "
				"hay valores del núcleo con que comparar lo impreso",
				"after IPC_SET, the shmctl(IPC_STAT) of process %d failed with %s: "
				"there are no kernel values to compare the printed ones with",
				(int)stat->pid, name ? name : "?");
	} else {
		rule_result_set(
			out,
			"tras IPC_SET no se volvió a llamar a shmctl(IPC_STAT): lo impreso no "
			"son los valores del núcleo",
			"after IPC_SET, shmctl(IPC_STAT) was not called again: what was "
			"printed are not the kernel's values");
	}
	return true;
}

/* Compare one printed report with every truth; PASS when one agrees on
 * every printed field, else FAIL with the closest one's first difference. */
static enum rule_verdict rules_kernel_compare(const struct run_record *rec,
					      const struct rules_kernel_printed *pr,
					      const struct rules_kernel_truth *t, size_t nt,
					      struct rule_result *out)
{
	size_t i, best = 0, best_agree = 0, agree;
	char got[32], want[32];
	int f, diff = -1;

	for (i = 0; i < nt; i++) {
		agree = 0;
		for (f = 0; f < F_N; f++)
			agree += pr->has[f] && t[i].has[f] &&
				 rules_kernel_field_equal(f, pr->v[f], &t[i]);
		/* Ties go to the newest: after IPC_SET, the IPC_STAT that followed. */
		if (agree >= best_agree || i == 0) {
			best_agree = agree;
			best = i;
		}
	}
	for (f = 0; f < F_N && diff < 0; f++)
		if (pr->has[f] && !rules_kernel_field_equal(f, pr->v[f], &t[best]))
			diff = f;
	if (diff < 0)
		return RULE_PASS;
	if (rules_kernel_set_unstated(rec, &t[best], out))
		return RULE_FAIL;
	{
		char kind[32];

		snprintf(kind, sizeof(kind), "wrong_%s", rules_kernel_fields[diff]);
		rule_result_kind(out, kind);
	}
	rules_kernel_format_field(diff, pr->v[diff], got);
	if (diff == F_MODE) {
		rules_kernel_format_field(diff, t[best].raw_mode, want);
		rules_kernel_mode_fail(pr, &t[best], got, want, out);
		return RULE_FAIL;
	}
	rules_kernel_format_field(diff, t[best].v[diff], want);
	rule_result_set(out, "imprimió %s=%s, pero el núcleo dice %s%s",
			"printed %s=%s, but the kernel says %s%s", rules_kernel_fields[diff], got,
			want, t[best].seq ? " (IPC_STAT)" : "");
	return RULE_FAIL;
}

/* Read the named groups of one match into pr. */
static void rules_kernel_capture(const char *s, const regmatch_t *m, char *const *names,
				 struct rules_kernel_printed *pr)
{
	int g;
	long f;

	memset(pr, 0, sizeof(*pr));
	for (g = 0; g < RULE_MAX_GROUPS; g++) {
		size_t len;

		if (!names[g] || m[g + 1].rm_so < 0 || (f = rules_kernel_field_index(names[g])) < 0)
			continue;
		len = (size_t)(m[g + 1].rm_eo - m[g + 1].rm_so);
		snprintf(pr->txt[f], sizeof(pr->txt[f]), "%.*s", (int)len, s + m[g + 1].rm_so);
		pr->has[f] = rules_kernel_parse_field((int)f, s + m[g + 1].rm_so, len, &pr->v[f]);
		pr->bad[f] = !pr->has[f];
	}
}

/* What was captured for field f could not be read: a mode with a digit 8
 * or 9 is a number, only not octal; the rest is not a number at all. */
static void rules_kernel_bad_number(const struct rules_kernel_printed *pr, int f,
				    struct rule_result *out)
{
	const char *s = pr->txt[f];
	long long dec;

	rule_result_kind(out, f == F_MODE && *s && strspn(s, "0123456789") == strlen(s)
				      ? "not_octal"
				      : "not_a_number");
	if (f == F_MODE && *s && strspn(s, "0123456789") == strlen(s)) {
		dec = strtoll(s, NULL, 10);
		rule_result_set(out,
				"imprimió mode=%s, que no es octal (tiene un 8 o un 9): en decimal "
				"es %04llo; imprime el modo con %%o",
				"printed mode=%s, which is not octal (it has an 8 or a 9): as a "
				"decimal it is %04llo; print the mode with %%o",
				s, (unsigned long long)dec);
		return;
	}
	rule_result_set(out, "lo impreso como %s (\"%s\") no es un número",
			"what was printed as %s (\"%s\") is not a number", rules_kernel_fields[f],
			s);
}

/* Walk every match of re in text; compare each. */
static enum rule_verdict rules_kernel_kernel_scan(const struct run_record *rec, const char *text,
						  regex_t *re, char *const *names,
						  const struct rules_kernel_truth *t, size_t nt,
						  struct rule_result *out, unsigned *nmatch)
{
	regmatch_t m[RULE_MAX_GROUPS + 1];
	struct rules_kernel_printed pr;
	const char *p = text;
	int flags = 0, f;

	*nmatch = 0;
	while (*nmatch < 1000 && regexec(re, p, RULE_MAX_GROUPS + 1, m, flags) == 0) {
		rules_kernel_capture(p, m, names, &pr);
		(*nmatch)++;
		for (f = 0; f < F_N; f++)
			if (pr.bad[f]) {
				rules_kernel_bad_number(&pr, f, out);
				return RULE_FAIL;
			}
		if (rules_kernel_compare(rec, &pr, t, nt, out) != RULE_PASS)
			return RULE_FAIL;
		p += m[0].rm_eo > 0 ? m[0].rm_eo : 1;
		if (p > text + strlen(text))
			break;
		flags = p[-1] == '\n' ? 0 : REG_NOTBOL;
	}
	return RULE_PASS;
}

static enum rule_verdict rules_kernel_kernel_run(const struct rule_ctx *ctx,
						 const struct rule_run *run,
						 const struct rule_params *p,
						 struct rule_result *out)
{
	const struct program_output *o;
	const char *text = rules_text_stream(run, p, &o);
	bool segments = rules_int(p, "source", 0) == 1;
	char *names[RULE_MAX_GROUPS], why[256];
	struct rules_kernel_truth *t;
	enum rule_verdict v = RULE_PASS;
	regex_t re;
	size_t nt;
	unsigned nmatch = 0;
	int i;

	(void)ctx;
	if (!o) {
		rule_result_set(out, "el programa no llegó a ejecutarse", "the program never ran");
		return RULE_FAIL;
	}
	t = rules_kernel_truths(run->rec, segments, &nt);
	if (!nt) {
		rule_result_kind(out, segments ? "never_created" : "no_stat");
		rule_result_set(out,
				segments ? "no se creó ningún segmento"
					 : "nunca se llamó a shmctl(IPC_STAT)",
				segments ? "no segment was created"
					 : "shmctl(IPC_STAT) was never called");
		free(t);
		return RULE_FAIL;
	}
	if (rule_regex_compile(rules_str(p, "pattern"), rules_bool(p, "ignore_case", false), &re,
			       names, why, sizeof(why)) < 0) {
		free(t);
		rule_result_set(out, "patrón inválido: %s", "bad pattern: %s", why);
		return RULE_ERROR;
	}
	v = rules_kernel_kernel_scan(run->rec, text, &re, names, t, nt, out, &nmatch);
	if (v == RULE_PASS && !nmatch) {
		rules_text_no_match(out, text);
		v = RULE_FAIL;
	} else if (v == RULE_PASS) {
		rule_result_set(out, "informes impresos que coinciden con el núcleo: %u",
				"printed reports that match the kernel's values: %u", nmatch);
	}
	regfree(&re);
	for (i = 0; i < RULE_MAX_GROUPS; i++)
		free(names[i]);
	free(t);
	return v;
}

/* The pattern must name at least one group, each a known field that the
 * chosen source knows. */
static void rules_kernel_kernel_validate(const struct rule_params *p, struct mark check,
					 struct diag_list *d)
{
	const struct param_value *v = rule_param(p, "pattern");
	bool segments = rules_int(p, "source", 0) == 1;
	char *names[RULE_MAX_GROUPS], why[256];
	const char *hint;
	char hb[YNODE_HINT_MAX];
	regex_t re;
	long f;
	int g, named = 0;

	(void)check;
	if (rule_regex_compile(v->s, false, &re, names, why, sizeof(why)) < 0)
		return; /* reported when the parameter was read */
	regfree(&re);
	for (g = 0; g < RULE_MAX_GROUPS; g++) {
		if (!names[g])
			continue;
		named++;
		f = rules_kernel_field_index(names[g]);
		hint = f < 0 ? yaml_suggest(names[g], rules_kernel_fields) : NULL;
		if (f < 0)
			diag_error(d, v->mark.line, v->mark.col,
				   _("'pattern' names unknown field '%s'%s"), names[g],
				   ynode_hint(hint, hb));
		else if (segments && !rules_kernel_segment_has[f])
			diag_error(
				d, v->mark.line, v->mark.col,
				_("field '%s' needs 'source: ipc_stat' (a segment record has no %s)"),
				names[g], names[g]);
		free(names[g]);
	}
	if (!named)
		diag_error(d, v->mark.line, v->mark.col,
			   _("'pattern' must name the fields it captures, like (?<size>[0-9]+)"));
}

static const struct param_schema rules_kernel_kernel_params[] = {
	{ "pattern", PARAM_REGEX, true, NULL, NULL, 0, 0,
	  "a POSIX ERE with named groups: (?<size>..) nattch cpid lpid mode key shmid uid gid cuid cgid" },
	{ "source", PARAM_ENUM, false, "ipc_stat", rules_kernel_sources, 0, 0,
	  "ipc_stat: any shmid_ds the program got from IPC_STAT/SHM_STAT; segment: the segment "
	  "records (nattch = max_nattch)" },
	RULES_TEXT_PATTERN_PARAMS,
};

const struct rule rules_kernel[] = {
	{ "printed_matches_kernel",
	  "every report the program printed agrees with the kernel's shmid_ds from the trace",
	  rules_kernel_kernel_params, ARRAY_SIZE(rules_kernel_kernel_params), NULL,
	  rules_kernel_kernel_validate, rules_kernel_kernel_run },
};
const size_t rules_kernel_count = ARRAY_SIZE(rules_kernel);
