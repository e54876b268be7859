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
 *   - "Points X/Y", the line the legacy Classroom runner prints and parses.
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
#include <time.h>
#include <unistd.h>

#include "graders/i18n.h"
#include "graders/report.h"
#include "harness/xalloc.h"

/* Escape a workflow command's message (property: also ':' and ','). */
static void rgh_escape(FILE *out, const char *s, bool property)
{
	for (; s && *s; s++) {
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
}

static void rgh_token(char *buf, size_t len)
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

static void rgh_annotations(const struct grade *g, FILE *out)
{
	size_t i;

	for (i = 0; i < g->nchecks; i++) {
		const struct check_outcome *c = &g->checks[i];

		if (c->status == CHECK_PASS)
			continue;
		fputs(c->status == CHECK_SKIP ? "::warning title=" : "::error title=", out);
		rgh_escape(out, report_visible_title(c), true);
		fputs("::", out);
		rgh_escape(out, report_visible_message(c), false);
		fputc('\n', out);
	}
	if (g->error) {
		fputs("::error title=shmgrade::", out);
		rgh_escape(out, g->error, false);
		fputc('\n', out);
	}
}

static char *rgh_base64(const char *s)
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
static char *rgh_result_json(const struct grade *g)
{
	json_t *tests = json_array(), *j;
	char *clean, *text;
	size_t i;

	for (i = 0; i < g->nchecks; i++) {
		const struct check_outcome *c = &g->checks[i];
		char *title = report_text_clean(report_visible_title(c));

		clean = report_text_clean(report_visible_message(c));
		json_array_append_new(
		    tests,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:f}", "name", title, "status",
			      c->status == CHECK_PASS				   ? "pass"
			      : c->status == CHECK_FAIL || c->status == CHECK_SKIP ? "fail"
										   : "error",
			      "message", clean, "test_code", c->id, "filename", "", "line_no", 0,
			      "duration", "0", "score", c->points));
		free(title);
		free(clean);
	}
	j = json_pack("{s:i, s:s, s:f, s:o}", "version", 1, "status", grade_status_name(g->status),
		      "max_score", g->max_score, "tests", tests);
	text = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	return text;
}

static void rgh_step_outputs(const struct grade *g, const char *points)
{
	const char *path = getenv("GITHUB_OUTPUT");
	char *json, *b64;
	FILE *f;

	if (!path || !*path || !(f = fopen(path, "a")))
		return;
	json = rgh_result_json(g);
	b64 = rgh_base64(json ? json : "{}");
	fprintf(f, "points=%s\nresult=%s\n", points, b64);
	fclose(f);
	free(b64);
	free(json);
}

int report_github_write(const struct grade *g, const struct report_style *st, FILE *out)
{
	struct report_style plain = {false, st->utf8, false};
	char token[32] = "", a[32], b[32], points[80];

	rgh_token(token, sizeof(token));
	fputs("::group::shmgrade ", out);
	rgh_escape(out, g->exercise_id, false);
	fprintf(out, "\n::stop-commands::%s\n", token);
	report_text_write(g, &plain, out);
	fprintf(out, "::%s::\n::endgroup::\n", token);
	rgh_annotations(g, out);
	snprintf(points, sizeof(points), "%s/%s", report_points(g->score, a, sizeof(a)),
		 report_points(g->max_score, b, sizeof(b)));
	fprintf(out, "Points %s\n", points);
	if (st->step_outputs)
		rgh_step_outputs(g, points);
	return ferror(out) ? -1 : 0;
}
