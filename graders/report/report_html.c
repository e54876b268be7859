/*
 * report_html.c - a student's page (report.html): the score, every check
 * with its evidence and hint, the compiler's messages, and each run drawn
 * as a timeline in inline SVG: processes as lanes from fork to exit (exec
 * and attach/detach marked), each segment, semaphore set and queue as a
 * bar from its creation to its removal, leaks in red.
 *
 * One self-contained file: no script, no external style sheet, font or
 * image, so it opens offline and from a mail attachment. Everything a
 * student wrote (names, output, evidence) goes through report_html_text.
 * The time axis is the order of events, not the clock: a run's calls are
 * microseconds apart but its lifecycle is what the page shows.
 */
#include <stdlib.h>
#include <string.h>

#include "graders/report/i18n.h"
#include "graders/report/report.h"

/* Lanes drawn per run at most (a fork bomb has thousands); markers too. */
#define REPORT_HTML_MAX_LANES 40
#define REPORT_HTML_MAX_MARKS 3000
#define REPORT_HTML_LABEL_W 190
#define REPORT_HTML_PLOT_W 700
#define REPORT_HTML_LANE_H 22

void report_html_text(FILE *out, const char *s)
{
	char *clean = report_text_clean(s);
	const char *p;

	for (p = clean; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*p, out);
		}
	}
	free(clean);
}

static const char report_html_style[] =
	"<style>\n"
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
	"max-width:980px;margin:24px auto;padding:0 16px;color:#1f2328;background:#fff}\n"
	"h1{font-size:1.45em;margin:.2em 0}h2{font-size:1.15em;margin:1.6em 0 .5em;"
	"border-bottom:1px solid #d0d7de;padding-bottom:.2em}\n"
	".sub{color:#57606a}.score{font-size:2.2em;font-weight:700}\n"
	".meter{height:10px;background:#eaeef2;border-radius:5px;overflow:hidden;margin:.4em 0 1em}\n"
	".meter>span{display:block;height:100%;background:#2da44e}\n"
	".check{border:1px solid #d0d7de;border-left:6px solid #8c959f;border-radius:6px;"
	"padding:.5em .8em;margin:.5em 0}\n"
	".check.pass{border-left-color:#2da44e}.check.fail{border-left-color:#cf222e}"
	".check.error{border-left-color:#8250df}.check.skip{border-left-color:#bf8700}\n"
	".check .pts{float:right;font-weight:600}.badge{display:inline-block;min-width:3.2em;"
	"text-align:center;border-radius:10px;padding:0 .5em;font-size:.8em;font-weight:700;"
	"color:#fff;background:#8c959f;margin-right:.5em}\n"
	".pass .badge{background:#2da44e}.fail .badge{background:#cf222e}"
	".error .badge{background:#8250df}.skip .badge{background:#bf8700}\n"
	".ev{margin:.3em 0 0;white-space:pre-wrap;font-family:ui-monospace,'DejaVu Sans Mono',monospace;"
	"font-size:.88em;background:#f6f8fa;padding:.4em .6em;border-radius:4px}\n"
	".hint{margin:.3em 0 0;color:#0550ae}\n"
	"pre{white-space:pre-wrap;background:#f6f8fa;padding:.6em;border-radius:4px;font-size:.85em}\n"
	"svg{max-width:100%;height:auto}.legend span{margin-right:1.2em;font-size:.85em}\n"
	".err{background:#fff8c5;border:1px solid #d4a72c;padding:.6em;border-radius:6px}\n"
	"</style>\n";

static const char *report_html_status_label(enum grade_item_status s)
{
	switch (s) {
	case ITEM_PASS: return _("pass");
	case ITEM_FAIL: return _("fail");
	case ITEM_ERROR: return _("error");
	case ITEM_SKIP: return _("skipped");
	default: return "?";
	}
}

static void report_html_checks(const struct grade *g, FILE *out)
{
	char a[32], b[32];
	size_t i;

	fprintf(out, "<h2>%s</h2>\n", _("Checks"));
	for (i = 0; i < g->nchecks; i++) {
		const struct grade_item *c = &g->checks[i];
		const char *msg = report_visible_message(c), *fb = report_visible_feedback(c);

		fprintf(out, "<div class=\"check %s\"><span class=\"pts\">%s/%s</span>",
			grade_item_status_name(c->status), report_points(c->points, a, sizeof(a)),
			report_points(c->max_points, b, sizeof(b)));
		fprintf(out, "<span class=\"badge\">%s</span><strong>",
			report_html_status_label(c->status));
		report_html_text(out, report_visible_title(c));
		fputs("</strong>", out);
		if (c->status != ITEM_PASS && msg && *msg) {
			fputs("<div class=\"ev\">", out);
			report_html_text(out, msg);
			fputs("</div>", out);
		}
		if (c->status != ITEM_PASS && fb && *fb) {
			fprintf(out, "<div class=\"hint\"><strong>%s</strong> ", _("hint:"));
			report_html_text(out, fb);
			fputs("</div>", out);
		}
		fputs("</div>\n", out);
	}
}

/* Where event index i falls on the plot. */
static double report_html_x(size_t i, size_t n)
{
	return REPORT_HTML_LABEL_W + 10 +
	       (n > 1 ? (double)i * (REPORT_HTML_PLOT_W - 20) / (double)(n - 1) : 0);
}

/* Index of the event with seq, or def when there is none. */
static size_t report_html_seq_index(const struct run_record *r, unsigned long seq, size_t def)
{
	size_t i;

	if (!seq)
		return def;
	for (i = 0; i < r->nevents; i++)
		if (r->events[i].seq == seq)
			return i;
	return def;
}

/* A lane's label: prefix (ours) then s (may be the program's name). */
static void report_html_lane_label(FILE *out, double y, const char *fill, const char *prefix,
				   const char *s)
{
	fprintf(out, "<text x=\"4\" y=\"%.0f\" fill=\"%s\" font-size=\"12\">%s ", y + 15, fill,
		prefix);
	report_html_text(out, s);
	fputs("</text>\n", out);
}

/* A process's lane: from the fork that made it to its exit. */
static void report_html_process_lane(const struct grade *g, const struct run_record *r,
				     const struct process *p, double y, FILE *out)
{
	const char *name = grade_prog_name(g, p->comm);

	size_t i, from = 0, to = r->nevents ? r->nevents - 1 : 0, marks = 0;

	for (i = 0; i < r->nevents; i++) {
		const struct event *e = &r->events[i];

		if (e->call == CALL_FORK && e->child_pid == p->pid && !e->clone_thread)
			from = i;
		if (e->call == CALL_EXIT && e->pid == p->pid)
			to = i;
	}
	char label[32];

	snprintf(label, sizeof(label), "pid %d", (int)p->pid);
	/* The program as the student knows it ("contador"), not the
	 * executable's name in the run ("prog"); what it exec'd by its
	 * own name. */
	report_html_lane_label(out, y, "#1f2328", label, name ? name : p->comm ? p->comm : "");
	fprintf(out,
		"<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"8\" rx=\"4\" fill=\"%s\"/>\n",
		report_html_x(from, r->nevents), y + 7,
		report_html_x(to, r->nevents) - report_html_x(from, r->nevents) + 2,
		p->signal ? "#cf222e" : "#8c959f");
	for (i = 0; i < r->nevents && marks < REPORT_HTML_MAX_MARKS / REPORT_HTML_MAX_LANES; i++) {
		const struct event *e = &r->events[i];
		const char *col = NULL;

		if (e->pid != p->pid)
			continue;
		switch (e->call) {
		case CALL_SHMAT: col = "#0969da"; break;
		case CALL_SHMDT: col = "#bc4c00"; break;
		case CALL_EXEC: col = "#1f2328"; break;
		case CALL_FORK: col = "#57606a"; break;
		case CALL_SEMOP:
		case CALL_SEMTIMEDOP:
		case CALL_MSGSND:
		case CALL_MSGRCV: col = "#8250df"; break;
		default: break;
		}
		if (!col)
			continue;
		marks++;
		fprintf(out,
			"<circle cx=\"%.1f\" cy=\"%.0f\" r=\"4\" fill=\"%s\"%s>"
			"<title>%s</title></circle>\n",
			report_html_x(i, r->nevents), y + 11, col,
			e->result < 0 ? " stroke=\"#cf222e\"" : "", ipc_call_name(e->call));
	}
}

/* One IPC object's bar: creation to removal, or to the end in red. */
static void report_html_object_bar(const struct run_record *r, const char *kind, long long id,
				   unsigned long cseq, unsigned long rseq, bool leaked, double y,
				   FILE *out)
{
	size_t n = r->nevents, from = report_html_seq_index(r, cseq, 0);
	size_t to = report_html_seq_index(r, rseq, n ? n - 1 : 0);
	const char *fill = leaked		  ? "#cf222e"
			   : !strcmp(kind, "shm") ? "#0969da"
			   : !strcmp(kind, "sem") ? "#8250df"
						  : "#1a7f37";

	char label[48];

	snprintf(label, sizeof(label), "%s %lld", kind, id);
	report_html_lane_label(out, y, leaked ? "#cf222e" : "#1f2328", label,
			       leaked ? _(" (leaked)") : "");
	fprintf(out,
		"<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"12\" rx=\"3\" fill=\"%s\">"
		"<title>%s %lld%s</title></rect>\n",
		report_html_x(from, n), y + 5, report_html_x(to, n) - report_html_x(from, n) + 3,
		fill, kind, id, leaked ? _(" (leaked)") : "");
}

/* Lanes of a run: processes, then objects; the number drawn. */
static size_t report_html_lanes(const struct run_record *r)
{
	size_t n = r->nprocesses + r->nsegments + r->nsemaphores + r->nqueues;

	return n > REPORT_HTML_MAX_LANES ? REPORT_HTML_MAX_LANES : n;
}

static void report_html_timeline(const struct grade *g, const struct run_outcome *ro, FILE *out)
{
	const struct run_record *r = &ro->rec;
	size_t lanes = report_html_lanes(r), k = 0, i;
	double h = (double)(lanes + 1) * REPORT_HTML_LANE_H + 10;

	fprintf(out, "<h3>%s ", _("Run"));
	report_html_text(out, ro->run_id);
	fprintf(out, " <span class=\"sub\">(%s, %zu %s)</span></h3>\n", run_status_name(r->status),
		r->nevents, _("events"));
	if (!lanes) {
		fprintf(out, "<p class=\"sub\">%s</p>\n",
			_("No process or IPC object was recorded."));
		return;
	}
	fprintf(out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" "
		"viewBox=\"0 0 %d %.0f\" role=\"img\" font-family=\"sans-serif\">\n",
		REPORT_HTML_LABEL_W + REPORT_HTML_PLOT_W, h,
		REPORT_HTML_LABEL_W + REPORT_HTML_PLOT_W, h);
	fprintf(out, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%.0f\" stroke=\"#d0d7de\"/>\n",
		REPORT_HTML_LABEL_W, REPORT_HTML_LABEL_W, h);
	for (i = 0; i < r->nprocesses && k < lanes; i++, k++)
		report_html_process_lane(g, r, &r->processes[i], (double)k * REPORT_HTML_LANE_H,
					 out);
	for (i = 0; i < r->nsegments && k < lanes; i++, k++)
		report_html_object_bar(r, "shm", r->segments[i].shmid, r->segments[i].created_seq,
				       r->segments[i].removed ? r->segments[i].removed_seq : 0,
				       r->segments[i].leaked, (double)k * REPORT_HTML_LANE_H, out);
	for (i = 0; i < r->nsemaphores && k < lanes; i++, k++)
		report_html_object_bar(
			r, "sem", r->semaphores[i].semid, r->semaphores[i].created_seq,
			r->semaphores[i].removed ? r->semaphores[i].removed_seq : 0,
			r->semaphores[i].leaked, (double)k * REPORT_HTML_LANE_H, out);
	for (i = 0; i < r->nqueues && k < lanes; i++, k++)
		report_html_object_bar(r, "msg", r->queues[i].msqid, r->queues[i].created_seq,
				       r->queues[i].removed ? r->queues[i].removed_seq : 0,
				       r->queues[i].leaked, (double)k * REPORT_HTML_LANE_H, out);
	fprintf(out,
		"<text x=\"%d\" y=\"%.0f\" font-size=\"11\" fill=\"#57606a\">%s &#8594;</text>\n",
		REPORT_HTML_LABEL_W + 10, h - 4, _("order of events"));
	fputs("</svg>\n", out);
	if (lanes < r->nprocesses + r->nsegments + r->nsemaphores + r->nqueues)
		fprintf(out, "<p class=\"sub\">%s</p>\n", _("Only the first 40 lanes are drawn."));
}

static void report_html_legend(FILE *out)
{
	fprintf(out,
		"<p class=\"legend\"><span style=\"color:#0969da\">&#9679; shmat</span>"
		"<span style=\"color:#bc4c00\">&#9679; shmdt</span>"
		"<span style=\"color:#8250df\">&#9679; semop/msgsnd/msgrcv</span>"
		"<span style=\"color:#1f2328\">&#9679; exec</span>"
		"<span style=\"color:#cf222e\">&#9632; %s</span></p>\n",
		_("leaked (never removed)"));
}

static void report_html_runs(const struct grade *g, FILE *out)
{
	size_t i;
	bool any = false;

	for (i = 0; i < g->nruns; i++) {
		if (g->runs[i].repetition != 0)
			continue; /* one drawing per run: repetitions look alike */
		if (!any) {
			fprintf(out, "<h2>%s</h2>\n", _("What your program did"));
			report_html_legend(out);
			any = true;
		}
		report_html_timeline(g, &g->runs[i], out);
	}
}

static void report_html_header(const struct grade *g, FILE *out)
{
	char a[32], b[32];
	double pct = g->max_score > 0 ? 100.0 * g->score / g->max_score : 0;

	fprintf(out,
		"<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
		"<title>",
		g->lang == LANG_ES ? "es" : "en");
	report_html_text(out, g->exercise_id);
	fputs(" &#8212; ", out);
	report_html_text(out, g->submission);
	fprintf(out, "</title>\n%s</head>\n<body>\n<h1>", report_html_style);
	report_html_text(out, g->exercise_title ? g->exercise_title : g->exercise_id);
	fputs("</h1>\n<p class=\"sub\">", out);
	report_html_text(out, g->exercise_id);
	fputs(" &#183; ", out);
	report_html_text(out, g->submission);
	fprintf(out, "</p>\n<div class=\"score\">%s/%s</div>\n",
		report_points(g->score, a, sizeof(a)), report_points(g->max_score, b, sizeof(b)));
	fprintf(out, "<div class=\"meter\"><span style=\"width:%.1f%%\"></span></div>\n", pct);
	if (g->status == GRADE_ERROR) {
		fprintf(out, "<p class=\"err\">%s ",
			_("The grader failed, this is not your fault:"));
		report_html_text(out, g->error ? g->error : g->ungradable);
		fputs("</p>\n", out);
	}
}

int report_html_write(const struct grade *g, FILE *out)
{
	report_html_header(g, out);
	if (g->build.attempted && g->build.output && *g->build.output) {
		fprintf(out, "<h2>%s</h2>\n<pre>",
			g->build.ok ? _("Compiler warnings")
				    : _("Your program could not be built:"));
		report_html_text(out, g->build.output);
		fputs("</pre>\n", out);
	}
	report_html_checks(g, out);
	report_html_runs(g, out);
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}
