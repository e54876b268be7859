/*
 * report_github.c - GitHub Actions and GitHub Classroom.
 *
 * What it prints (on stdout, or in github.txt with -o):
 *   - the text report inside a collapsed group, between ::stop-commands::
 *     markers so that nothing a student's program printed can act as a
 *     workflow command (the legacy education/autograding runner does the
 *     same);
 *   - one ::error annotation per check that failed (::warning when skipped),
 *     with the evidence (generic for hidden checks);
 *   - ::error/::warning annotations with file= and line= for the compiler's
 *     errors and warnings, so GitHub marks the line in the student's file
 *     (the compiler's paths are relative to the submission; see
 *     report_github_source_path);
 *   - "Points X/Y", the line the legacy Classroom runner prints and parses.
 * GitHub shows at most 10 error and 10 warning annotations of a step (50
 * of a job): we write at most 10 of each kind, the 10th saying how many
 * more there were; messages are cut at REPORT_GITHUB_MESSAGE_MAX bytes and titles at
 * REPORT_GITHUB_TITLE_MAX (on a UTF-8 boundary). When $GITHUB_STEP_SUMMARY is set
 * the Markdown table of checks is appended there (the job's summary page),
 * with everything from the student escaped so it cannot add markup.
 * When $GITHUB_OUTPUT is set (inside a workflow step) it also appends the
 * step outputs `points=X/Y` and `result=<base64 JSON>`, the runner result
 * that classroom-resources/autograding-grading-reporter reads:
 *   {"version": 1, "status": "pass"|"fail"|"error", "max_score": Y,
 *    "tests": [{"name", "status", "message", "test_code", "filename",
 *               "line_no", "duration", "score"}]}
 * so a step `id: shm` plus `SHM_RESULTS: ${{steps.shm.outputs.result}}` and
 * `runners: shm` on the reporter gives Classroom the points. The job fails
 * through shmgrade's exit code (1 or 2).
 */
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "graders/report/i18n.h"
#include "graders/report/report.h"
#include "util/xjson.h"
#include "util/xalloc.h"

#define REPORT_GITHUB_PER_KIND 10      /* GitHub's annotations per step, per kind */
#define REPORT_GITHUB_MESSAGE_MAX 4000 /* bytes of an annotation's message */
#define REPORT_GITHUB_TITLE_MAX 200    /* bytes of its title (GitHub cuts at 255) */
#define REPORT_GITHUB_CELL_MAX 300     /* bytes of a summary table cell */

/* Escape a workflow command's message (property: also ':' and ','), after
 * making it valid UTF-8 and cutting it at max bytes. */
static void report_github_escape_max(FILE *out, const char *text, bool property, size_t max)
{
	char *clean = report_text_clean(text);
	const char *s;
	size_t n = 0;

	for (s = clean; *s; s++, n++) {
		if (n >= max && ((unsigned char)*s & 0xc0) != 0x80) {
			fputs("...", out);
			break;
		}
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			fputc(*s, out);
	}
	free(clean);
}

static void report_github_escape(FILE *out, const char *s, bool property)
{
	report_github_escape_max(out, s, property,
				 property ? REPORT_GITHUB_TITLE_MAX : REPORT_GITHUB_MESSAGE_MAX);
}

static void report_github_token(char *buf, size_t len)
{
	unsigned char r[12];
	size_t i;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, r, sizeof(r)) != (ssize_t)sizeof(r)) {
		unsigned long long v =
			(unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 32);

		memcpy(r, &v, sizeof(v));
		memset(r + sizeof(v), 0x5a, sizeof(r) - sizeof(v));
	}
	if (fd >= 0)
		close(fd);
	for (i = 0; i < sizeof(r) && 2 * i + 2 < len; i++)
		snprintf(buf + 2 * i, 3, "%02x", r[i]);
}

/* Annotations written so far, per kind (0 error, 1 warning), and how many
 * more were left out. */
struct report_github_quota {
	unsigned used[2], over[2];
};

/* Whether one more annotation of this kind fits; the last slot is kept for
 * the "N more" line. */
static bool report_github_take(struct report_github_quota *q, int kind)
{
	if (q->used[kind] < REPORT_GITHUB_PER_KIND - 1) {
		q->used[kind]++;
		return true;
	}
	q->over[kind]++;
	return false;
}

/* Where the compiler's file is in the repository: the compiler ran in a
 * copy of the submission, so its paths are relative to the submission's
 * folder (the submission itself when it is a folder, the folder of the .c
 * file otherwise). malloc'ed. */
static char *report_github_source_path(const struct grade *g, const char *file, size_t len)
{
	const char *sub = g->submission ? g->submission : "";
	struct stat st;
	size_t dirlen;

	if (len >= 2 && !strncmp(file, "./", 2))
		file += 2, len -= 2;
	if (file[0] == '/' || !*sub)
		return xasprintf("%.*s", (int)len, file);
	if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
		dirlen = strlen(sub);
	} else {
		const char *slash = strrchr(sub, '/');

		dirlen = slash ? (size_t)(slash - sub) : 0;
	}
	while (dirlen > 1 && sub[dirlen - 1] == '/')
		dirlen--;
	if (dirlen == 0 || (dirlen == 1 && sub[0] == '.'))
		return xasprintf("%.*s", (int)len, file);
	return xasprintf("%.*s/%.*s", (int)dirlen, sub, (int)len, file);
}

/* One compiler diagnostic line "FILE:LINE[:COL]: error|warning: TEXT"
 * as an annotation; other lines are skipped. */
static void report_github_diagnostic(const struct grade *g, const char *line, size_t len,
				     struct report_github_quota *q, FILE *out)
{
	char *copy = xasprintf("%.*s", (int)len, line), *p, *end;
	unsigned long lineno, col = 0;
	const char *kind, *text;
	size_t flen;
	char *file;
	int k;

	/* The file name ends at the first ":<digits>:". */
	for (p = copy; (p = strchr(p, ':')); p++)
		if (p[1] >= '0' && p[1] <= '9')
			break;
	if (!p || p == copy)
		goto done;
	flen = (size_t)(p - copy);
	lineno = strtoul(p + 1, &end, 10);
	if (*end != ':' || lineno == 0)
		goto done;
	if (end[1] >= '0' && end[1] <= '9')
		col = strtoul(end + 1, &end, 10);
	if (*end != ':')
		goto done;
	kind = end + 1 + strspn(end + 1, " ");
	if (!strncmp(kind, "fatal error:", 12) || !strncmp(kind, "error:", 6))
		k = 0;
	else if (!strncmp(kind, "warning:", 8))
		k = 1;
	else
		goto done;
	text = strchr(kind, ':') + 1;
	text += strspn(text, " ");
	if (!report_github_take(q, k))
		goto done;
	file = report_github_source_path(g, copy, flen);
	fputs(k == 0 ? "::error file=" : "::warning file=", out);
	report_github_escape(out, file, true);
	fprintf(out, ",line=%lu", lineno);
	if (col)
		fprintf(out, ",col=%lu", col);
	fputs(",title=", out);
	report_github_escape(out, k == 0 ? _("compiler error") : _("compiler warning"), true);
	fputs("::", out);
	report_github_escape(out, text, false);
	fputc('\n', out);
	free(file);
done:
	free(copy);
}

static void report_github_compiler(const struct grade *g, struct report_github_quota *q, FILE *out)
{
	const char *p = g->build.output;

	while (p && *p) {
		size_t len = strcspn(p, "\n");

		report_github_diagnostic(g, p, len, q, out);
		p += len;
		if (*p)
			p++;
	}
}

/* The annotations of the checks whose status is st. */
static void report_github_checks(const struct grade *g, enum grade_item_status st,
				 struct report_github_quota *q, FILE *out)
{
	int k = st == ITEM_SKIP ? 1 : 0;
	size_t i;

	for (i = 0; i < g->nchecks; i++) {
		const struct grade_item *c = &g->checks[i];
		enum grade_item_status cs = c->status == ITEM_PENDING ? ITEM_ERROR : c->status;

		if (cs != st || !report_github_take(q, k))
			continue;
		fputs(k ? "::warning title=" : "::error title=", out);
		report_github_escape(out, report_visible_title(c), true);
		fputs("::", out);
		report_github_escape(out, report_visible_message(c), false);
		fputc('\n', out);
	}
}

/* Errors: shmgrade's, the checks', the compiler's; warnings: the
 * compiler's, then the skipped checks. */
static void report_github_annotations(const struct grade *g, FILE *out)
{
	struct report_github_quota q = { { 0, 0 }, { 0, 0 } };
	char *more;
	int k;

	if (g->error && report_github_take(&q, 0)) {
		fputs("::error title=shmgrade::", out);
		report_github_escape(out, g->error, false);
		fputc('\n', out);
	}
	report_github_checks(g, ITEM_ERROR, &q, out);
	report_github_checks(g, ITEM_FAIL, &q, out);
	report_github_compiler(g, &q, out);
	report_github_checks(g, ITEM_SKIP, &q, out);
	/* The slot kept free: how many GitHub would not have shown. */
	for (k = 0; k < 2; k++) {
		if (!q.over[k])
			continue;
		fputs(k ? "::warning title=shmgrade::" : "::error title=shmgrade::", out);
		/* Through a string: gcc 12 with -fsanitize=undefined takes
		 * gettext's format for a null one (-Wformat-overflow). */
		more = xasprintf(
			_("%u more not shown as annotations; the report above has them all"),
			q.over[k]);
		fputs(more, out);
		free(more);
		fputc('\n', out);
	}
}

/* Text from the student or the exercise in a Markdown table cell: no
 * markup can come through (HTML and Markdown punctuation escaped), one
 * line, at most REPORT_GITHUB_CELL_MAX bytes. */
static void report_github_md_cell(FILE *out, const char *text)
{
	char *clean = report_text_clean(text);
	const char *s;
	size_t n = 0;

	for (s = clean; *s; s++, n++) {
		if (n >= REPORT_GITHUB_CELL_MAX && ((unsigned char)*s & 0xc0) != 0x80) {
			fputs("...", out);
			break;
		}
		if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else if (*s == '&')
			fputs("&amp;", out);
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			fputc(' ', out);
		else if (strchr("\\`*_{}[]()#+-.!|~", *s))
			fprintf(out, "\\%c", *s);
		else
			fputc(*s, out);
	}
	free(clean);
}

/* The job summary: a heading with the score, then one row per check. */
static void report_github_summary(const struct grade *g, const char *points)
{
	static const char *const marks[] = { [ITEM_PENDING] = "\xe2\x9d\x94",		/* ❔ */
					     [ITEM_PASS] = "\xe2\x9c\x85",		/* ✅ */
					     [ITEM_FAIL] = "\xe2\x9d\x8c",		/* ❌ */
					     [ITEM_ERROR] = "\xe2\x9a\xa0\xef\xb8\x8f", /* ⚠️ */
					     [ITEM_SKIP] =
						     "\xe2\x8f\xad\xef\xb8\x8f" }; /* ⏭️ */
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	char a[32], b[32];
	size_t i;
	FILE *f;

	if (!path || !*path || !(f = fopen(path, "a")))
		return;
	fputs("### shmgrade: ", f);
	report_github_md_cell(f, g->exercise_title ? g->exercise_title : g->exercise_id);
	fprintf(f, " \xe2\x80\x94 %s %s\n\n", _("Points"), points);
	fprintf(f, "| | %s | %s | %s |\n|---|---|---|---|\n", _("Check"), _("Points"),
		_("Evidence"));
	for (i = 0; i < g->nchecks; i++) {
		const struct grade_item *c = &g->checks[i];

		fprintf(f, "| %s | ", marks[c->status <= ITEM_SKIP ? c->status : ITEM_ERROR]);
		report_github_md_cell(f, report_visible_title(c));
		fprintf(f, " | %s/%s | ", report_points(c->points, a, sizeof(a)),
			report_points(c->max_points, b, sizeof(b)));
		report_github_md_cell(f, report_visible_message(c));
		fputs(" |\n", f);
	}
	if (g->error) {
		fputs("\n**shmgrade:** ", f);
		report_github_md_cell(f, g->error);
		fputc('\n', f);
	}
	fputc('\n', f);
	fclose(f);
}

static char *report_github_base64(const char *s)
{
	static const char tbl[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), i, o = 0;
	const unsigned char *p = (const unsigned char *)s;
	char *out = xmalloc(4 * ((n + 2) / 3) + 1);

	for (i = 0; i < n; i += 3) {
		unsigned v =
			p[i] << 16 | (i + 1 < n ? p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);

		out[o++] = tbl[(v >> 18) & 63];
		out[o++] = tbl[(v >> 12) & 63];
		out[o++] = i + 1 < n ? tbl[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? tbl[v & 63] : '=';
	}
	out[o] = '\0';
	return out;
}

/* The runner result of classroom-resources' graders (version 1). */
static char *report_github_result_json(const struct grade *g)
{
	json_t *tests = xjson(json_array()), *j;
	char *clean, *text;
	size_t i;

	for (i = 0; i < g->nchecks; i++) {
		const struct grade_item *c = &g->checks[i];
		char *title = report_text_clean(report_visible_title(c));

		clean = report_text_clean(report_visible_message(c));
		xjson_push(tests,
			   xjson_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:f}", "name", title,
				      "status",
				      c->status == ITEM_PASS				 ? "pass"
				      : c->status == ITEM_FAIL || c->status == ITEM_SKIP ? "fail"
											 : "error",
				      "message", clean, "test_code", c->id, "filename", "",
				      "line_no", 0, "duration", "0", "score", c->points));
		free(title);
		free(clean);
	}
	j = xjson_pack("{s:i, s:s, s:f, s:o}", "version", 1, "status", grade_status_name(g->status),
		       "max_score", g->max_score, "tests", tests);
	text = xjson_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	return text;
}

static void report_github_step_outputs(const struct grade *g, const char *points)
{
	const char *path = getenv("GITHUB_OUTPUT");
	char *json, *b64;
	FILE *f;

	if (!path || !*path || !(f = fopen(path, "a")))
		return;
	json = report_github_result_json(g);
	b64 = report_github_base64(json ? json : "{}");
	fprintf(f, "points=%s\nresult=%s\n", points, b64);
	fclose(f);
	free(b64);
	free(json);
}

int report_github_write(const struct grade *g, const struct report_style *st, FILE *out)
{
	struct report_style plain = { .utf8 = st->utf8 };
	char token[32] = "", a[32], b[32], points[80];

	report_github_token(token, sizeof(token));
	fputs("::group::shmgrade ", out);
	report_github_escape(out, g->exercise_id, false);
	fprintf(out, "\n::stop-commands::%s\n", token);
	report_text_write(g, &plain, out);
	fprintf(out, "::%s::\n::endgroup::\n", token);
	report_github_annotations(g, out);
	snprintf(points, sizeof(points), "%s/%s", report_points(g->score, a, sizeof(a)),
		 report_points(g->max_score, b, sizeof(b)));
	fprintf(out, "Points %s\n", points);
	if (st->step_outputs) {
		report_github_step_outputs(g, points);
		report_github_summary(g, points);
	}
	return ferror(out) ? -1 : 0;
}
