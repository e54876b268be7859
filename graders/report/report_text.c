/*
 * report_text.c - the report a student reads at a terminal: one line per
 * check (mark, points, title), the evidence and the hint under the checks
 * that did not pass, the compiler's messages when they matter, the total.
 */
#include <signal.h>
#include <string.h>

#include "graders/report/i18n.h"
#include "graders/report/report.h"
#include "harness/xlat.h"

#define REPORT_TEXT_RESET "\033[0m"
#define REPORT_TEXT_BOLD "\033[1m"
#define REPORT_TEXT_DIM "\033[2m"

/* Lines of compiler output shown (a cascade of errors helps nobody). */
#define REPORT_TEXT_MAX_BUILD_LINES 40
#define REPORT_TEXT_MAX_MESSAGE_LINES 12
#define REPORT_TEXT_MAX_STDERR_LINES 10

struct report_text_mark {
	const char *utf8, *ascii, *color;
};

static const struct report_text_mark report_text_marks[] = {
	[ITEM_PENDING] = { "·", "[----]", "" },	     [ITEM_PASS] = { "✓", "[PASS]", "\033[32m" },
	[ITEM_FAIL] = { "✗", "[FAIL]", "\033[31m" }, [ITEM_ERROR] = { "!", "[ERROR]", "\033[35m" },
	[ITEM_SKIP] = { "–", "[SKIP]", "\033[33m" },
};

static void report_text_color(FILE *out, const struct report_style *st, const char *code)
{
	if (st->color && code && *code)
		fputs(code, out);
}

/* Print text indented, at most max lines (0: all); one "..." line after. */
static void report_text_indented(FILE *out, const char *text, const char *indent, unsigned max)
{
	unsigned n = 0;
	const char *p = text;

	while (p && *p) {
		size_t len = strcspn(p, "\n");

		if (max && n++ == max) {
			fprintf(out, "%s%s\n", indent, "[...]");
			return;
		}
		fprintf(out, "%s%.*s\n", indent, (int)len, p);
		p += len;
		if (*p == '\n')
			p++;
	}
}

static void report_text_header(const struct grade *g, const struct report_style *st, FILE *out)
{
	report_text_color(out, st, REPORT_TEXT_BOLD);
	fprintf(out, "%s", g->exercise_id ? g->exercise_id : "?");
	if (g->exercise_title && *g->exercise_title)
		fprintf(out, ": %s", g->exercise_title);
	report_text_color(out, st, REPORT_TEXT_RESET);
	fprintf(out, "\n%s %s\n\n", _("submission:"), g->submission ? g->submission : "?");
}

static void report_text_build(const struct grade *g, const struct report_style *st, FILE *out)
{
	const struct build_result *b = &g->build;

	if (!b->output || !*b->output || (b->ok && b->warnings == 0))
		return;
	report_text_color(out, st,
			  b->ok ? report_text_marks[ITEM_SKIP].color
				: report_text_marks[ITEM_FAIL].color);
	if (b->ok)
		fprintf(out,
			ngettext("The compiler gave %u warning:\n",
				 "The compiler gave %u warnings:\n", b->warnings),
			b->warnings);
	else
		fputs(_("Your program could not be built:\n"), out);
	report_text_color(out, st, REPORT_TEXT_RESET);
	report_text_indented(out, b->output, "    ", REPORT_TEXT_MAX_BUILD_LINES);
	fputc('\n', out);
}

/* A score as the reader of this text expects it (report_style). */
static const char *report_text_points(const struct report_style *st, double v, char *buf,
				      size_t len)
{
	return st->local_numbers ? report_points_human(v, buf, len) : report_points(v, buf, len);
}

static int report_text_points_width(const struct grade *g, const struct report_style *st)
{
	char a[32], b[32], buf[80];
	int w = 0, n;
	size_t i;

	for (i = 0; i < g->nchecks; i++) {
		n = snprintf(buf, sizeof(buf), "%s/%s",
			     report_text_points(st, g->checks[i].points, a, sizeof(a)),
			     report_text_points(st, g->checks[i].max_points, b, sizeof(b)));
		if (n > w)
			w = n;
	}
	return w;
}

/* The exercise's feedback, dimmed, under the check; a multi-line text
 * (a YAML block) keeps its lines, each indented. */
static void report_text_feedback(FILE *out, const struct report_style *st, const char *indent,
				 const char *label, const char *fb)
{
	size_t len = strcspn(fb, "\n");

	report_text_color(out, st, REPORT_TEXT_DIM);
	fprintf(out, "%s%s%s%.*s", indent, label ? label : "", label ? " " : "", (int)len, fb);
	fb += len;
	while (*fb == '\n' && fb[1]) {
		fb++;
		len = strcspn(fb, "\n");
		fprintf(out, "\n%s%.*s", indent, (int)len, fb);
		fb += len;
	}
	report_text_color(out, st, REPORT_TEXT_RESET);
	fputc('\n', out);
}

static void report_text_check(const struct grade_item *c, int width, const struct report_style *st,
			      FILE *out)
{
	const struct report_text_mark *m =
		&report_text_marks[(unsigned)c->status <= ITEM_SKIP ? c->status : 0];
	const char *msg = report_visible_message(c), *fb = report_visible_feedback(c);
	int pad = st->utf8 ? 6 : 12; /* under the title */
	char a[32], b[32], pts[80], indent[64];

	snprintf(indent, sizeof(indent), "%*s", pad + width < 60 ? pad + width : 60, "");
	snprintf(pts, sizeof(pts), "%s/%s", report_text_points(st, c->points, a, sizeof(a)),
		 report_text_points(st, c->max_points, b, sizeof(b)));
	fputs("  ", out);
	report_text_color(out, st, m->color);
	fprintf(out, "%-*s", st->utf8 ? 0 : 7, st->utf8 ? m->utf8 : m->ascii);
	report_text_color(out, st, REPORT_TEXT_RESET);
	fprintf(out, " %*s  %s\n", width, pts, report_visible_title(c));
	if (c->status != ITEM_PASS && *msg)
		report_text_indented(out, msg, indent, REPORT_TEXT_MAX_MESSAGE_LINES);
	if (*fb)
		report_text_feedback(out, st, indent, c->status == ITEM_PASS ? NULL : _("hint:"),
				     fb);
}

/* Whether a check the student can read failed on run number run_index: a
 * run meant to fail (a reader started alone) is not worth showing unless
 * a check about it failed. */
static bool report_text_run_blamed(const struct grade *g, size_t run_index)
{
	size_t i;

	for (i = 0; i < g->nchecks; i++)
		if (g->checks[i].status == ITEM_FAIL && !g->checks[i].hidden &&
		    grade_item_uses_run(&g->checks[i], run_index))
			return true;
	return false;
}

static bool report_text_run_failed(const struct run_record *rec)
{
	size_t k;

	if (rec->status == RUN_INTERNAL_ERROR)
		return false; /* the grader's failure: reported as such */
	if (rec->status != RUN_OK || rec->exit_code != 0 || rec->signal != 0)
		return true;
	for (k = 0; k < rec->noutputs; k++)
		if (rec->outputs[k].pid &&
		    (rec->outputs[k].exit_code != 0 || rec->outputs[k].signal))
			return true;
	return false;
}

static const char *report_text_basename(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	return slash ? slash + 1 : path ? path : "?";
}

/* How each program of rec ended, and what it wrote on stderr. */
static void report_text_programs(const struct grade *g, const struct run_record *rec, FILE *out)
{
	size_t k;

	for (k = 0; k < rec->noutputs; k++) {
		const struct program_output *po = &rec->outputs[k];
		const char *name = report_text_basename(po->argv0),
			   *sig = xlat_signal_name(po->signal);
		char num[16];

		/* A program the exercise left unnamed is the file handed in. */
		if (!strcmp(name, "prog") && g->submission)
			name = *report_text_basename(g->submission)
				       ? report_text_basename(g->submission)
				       : g->submission;

		if (!po->pid)
			continue;
		if (po->signal > 0) {
			if (!sig) {
				snprintf(num, sizeof(num), "%d", po->signal);
				sig = num;
			}
			fprintf(out, _("  %s: killed by signal %s\n"), name, sig);
		} else if (po->exit_code > 0)
			fprintf(out, _("  %s: exited with status %d\n"), name, po->exit_code);
		if (po->err && *po->err) {
			fprintf(out, _("  %s wrote on stderr:\n"), name);
			report_text_indented(out, po->err, "    ", REPORT_TEXT_MAX_STDERR_LINES);
		}
	}
}

/* The first run that did not end well: the evidence says "exited with
 * status 1", this says which program and why (its stderr). */
static void report_text_failed_run(const struct grade *g, const struct report_style *st, FILE *out)
{
	size_t i;

	for (i = 0; i < g->nruns; i++) {
		const struct run_record *rec = &g->runs[i].rec;

		if (!report_text_run_failed(rec) ||
		    !report_text_run_blamed(g, g->runs[i].run_index))
			continue;
		fputc('\n', out);
		report_text_color(out, st, REPORT_TEXT_BOLD);
		if (rec->status == RUN_OK || rec->status == RUN_RUNTIME_ERROR ||
		    rec->status == RUN_SIGNALED)
			fprintf(out, _("Run '%s':"), g->runs[i].run_id);
		else
			fprintf(out, _("Run '%s' was stopped: %s"), g->runs[i].run_id,
				run_status_name(rec->status));
		report_text_color(out, st, REPORT_TEXT_RESET);
		fputc('\n', out);
		report_text_programs(g, rec, out);
		return;
	}
}

static void report_text_total(const struct grade *g, const struct report_style *st, FILE *out)
{
	char a[32], b[32];

	fputc('\n', out);
	if (g->error) {
		report_text_color(out, st, report_text_marks[ITEM_ERROR].color);
		fprintf(out, "%s %s\n", _("The grader failed, this is not your fault:"), g->error);
		report_text_color(out, st, REPORT_TEXT_RESET);
	}
	report_text_color(out, st, REPORT_TEXT_BOLD);
	fprintf(out, "%s %s/%s", _("Score:"), report_text_points(st, g->score, a, sizeof(a)),
		report_text_points(st, g->max_score, b, sizeof(b)));
	report_text_color(out, st, REPORT_TEXT_RESET);
	if (g->status == GRADE_PASS)
		fprintf(out, "  %s", _("every check passed"));
	else if (g->status == GRADE_ERROR)
		fprintf(out, "  %s", _("(incomplete: the grader failed)"));
	fputc('\n', out);
}

int report_text_write(const struct grade *g, const struct report_style *st, FILE *out)
{
	int width = report_text_points_width(g, st);
	size_t i;

	report_text_header(g, st, out);
	report_text_build(g, st, out);
	for (i = 0; i < g->nchecks; i++)
		report_text_check(&g->checks[i], width, st, out);
	report_text_failed_run(g, st, out);
	report_text_total(g, st, out);
	return ferror(out) ? -1 : 0;
}
