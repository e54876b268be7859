/*
 * report_junit.c - JUnit XML for CI: <testsuites> with one <testsuite> (the
 * exercise) and one <testcase> per check, holding at most one of <failure>
 * (the student's program failed it), <error> (the grader could not tell)
 * or <skipped>. JUnit has no score: it goes in <properties> and in each
 * testcase's name ("title [2/3]"). GitLab and Jenkins read this shape.
 *
 * Consumers: Jenkins' xunit plugin validates against its junit-10.xsd, which
 * allows only name, time, tests, failures and errors on <testsuites> (no
 * "skipped" there; <testsuite> may carry it). GitLab keeps only the text
 * of a <failure> element when it has any (Hash.from_xml drops the message
 * attribute), so the body carries the evidence first, then the hint.
 * Student output reaches this file only escaped (no CDATA: "]]>" cannot
 * end anything) and cleaned of what XML 1.0 forbids.
 */
#include <stdlib.h>
#include <string.h>

#include "graders/report/i18n.h"
#include "graders/report/report.h"
#include "util/cnum.h"

/* Write s escaped for XML text and attribute values (after cleaning: XML
 * 1.0 forbids most control characters and invalid UTF-8). */
static void report_junit_escape(FILE *out, const char *s)
{
	char *clean = report_text_clean(s);
	const char *p;

	for (p = clean; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		case '\n': fputs("&#10;", out); break;
		case '\r': fputs("&#13;", out); break;
		case '\t': fputs("&#9;", out); break;
		default: fputc(*p, out);
		}
	}
	free(clean);
}

/* Text content: newlines kept as they are. */
static void report_junit_text(FILE *out, const char *s)
{
	char *clean = report_text_clean(s);
	const char *p;

	for (p = clean; *p; p++) {
		if (*p == '&')
			fputs("&amp;", out);
		else if (*p == '<')
			fputs("&lt;", out);
		else if (*p == '>')
			fputs("&gt;", out);
		else
			fputc(*p, out);
	}
	free(clean);
}

static void report_junit_property(FILE *out, const char *name, const char *value)
{
	fprintf(out, "      <property name=\"%s\" value=\"", name);
	report_junit_escape(out, value);
	fputs("\"/>\n", out);
}

static void report_junit_counts(const struct grade *g, unsigned n[ITEM_SKIP + 1])
{
	size_t i;

	memset(n, 0, sizeof(unsigned) * (ITEM_SKIP + 1));
	for (i = 0; i < g->nchecks; i++)
		n[g->checks[i].status <= ITEM_SKIP ? g->checks[i].status : ITEM_ERROR]++;
	n[ITEM_ERROR] += n[ITEM_PENDING];
}

static void report_junit_testcase(const struct grade *g, const struct grade_item *c, FILE *out)
{
	static const char *const tags[] = { [ITEM_FAIL] = "failure",
					    [ITEM_ERROR] = "error",
					    [ITEM_PENDING] = "error",
					    [ITEM_SKIP] = "skipped" };
	char a[32], b[32];

	fputs("    <testcase classname=\"", out);
	report_junit_escape(out, g->exercise_id);
	fputs("\" name=\"", out);
	report_junit_escape(out, c->id);
	fputs(": ", out);
	report_junit_escape(out, report_visible_title(c));
	fprintf(out, " [%s/%s]\" time=\"0\"", report_points(c->points, a, sizeof(a)),
		report_points(c->max_points, b, sizeof(b)));
	if (c->status == ITEM_PASS) {
		fputs("/>\n", out);
		return;
	}
	fprintf(out, ">\n      <%s message=\"", tags[c->status]);
	report_junit_escape(out, report_visible_message(c));
	fprintf(out, "\" type=\"%s\">", grade_item_status_name(c->status));
	/* The evidence in the body, where GitLab shows it; the hint after. */
	report_junit_text(out, report_visible_message(c));
	if (*report_visible_feedback(c)) {
		fprintf(out, "\n%s ", _("hint:"));
		report_junit_text(out, report_visible_feedback(c));
	}
	fprintf(out, "</%s>\n    </testcase>\n", tags[c->status]);
}

int report_junit_write(const struct grade *g, FILE *out)
{
	unsigned n[ITEM_SKIP + 1];
	char a[32], secs[32];
	size_t i;

	report_junit_counts(g, n);
	cnum_snprintf(secs, sizeof(secs), "%.3f", g->wall_ms / 1000);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"shmgrade\"", out);
	fprintf(out, " tests=\"%zu\" failures=\"%u\" errors=\"%u\">\n", g->nchecks, n[ITEM_FAIL],
		n[ITEM_ERROR]);
	fputs("  <testsuite name=\"", out);
	report_junit_escape(out, g->exercise_id);
	fprintf(out, "\" tests=\"%zu\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%s\">\n",
		g->nchecks, n[ITEM_FAIL], n[ITEM_ERROR], n[ITEM_SKIP], secs);
	fputs("    <properties>\n", out);
	report_junit_property(out, "score", report_points(g->score, a, sizeof(a)));
	report_junit_property(out, "max_score", report_points(g->max_score, a, sizeof(a)));
	report_junit_property(out, "status", grade_status_name(g->status));
	report_junit_property(out, "submission", g->submission);
	if (g->error)
		report_junit_property(out, "error", g->error);
	fputs("    </properties>\n", out);
	for (i = 0; i < g->nchecks; i++)
		report_junit_testcase(g, &g->checks[i], out);
	if (g->build.output && *g->build.output) {
		fputs("    <system-out>", out);
		report_junit_text(out, g->build.output);
		fputs("</system-out>\n", out);
	}
	fputs("  </testsuite>\n</testsuites>\n", out);
	return ferror(out) ? -1 : 0;
}
