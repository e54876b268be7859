/*
 * class_report.c - the class outputs made from the students' result files
 * (class_report.h, class_result.h): gradebook.csv, summary.json, class.html.
 *
 * Memory: one result at a time is read; what stays is per check (counts
 * and at most CLASS_REPORT_MAX_MESSAGES distinct failure messages), one score per
 * student (for the median) and the list of result files.
 */
#include "graders/report/class_report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graders/report/i18n.h"
#include "graders/report/report.h"
#include "util/xjson.h"
#include "util/xalloc.h"

#define CLASS_REPORT_MAX_MESSAGES 64
#define CLASS_REPORT_TOP 3
#define CLASS_REPORT_BINS 10

/* ---- reading a class ---- */

struct class_report_row {
	char *entry, *slug;
};

struct class_report_msg {
	char *text;
	unsigned count;
};

struct class_report_check {
	char *id, *title;
	double max_points;
	unsigned pass, fail, error, skip;
	struct class_report_msg msgs[CLASS_REPORT_MAX_MESSAGES];
	size_t nmsgs;
};

struct class_report_class {
	char *exercise, *title;
	struct class_report_check *checks;
	size_t nchecks;
	double *scores, max_score;
	unsigned hist[CLASS_REPORT_BINS];
	struct class_totals t;
	json_t *errors; /* [{student, id, submission, error}] */
};

static int class_report_cmp_row(const void *a, const void *b)
{
	return strcmp(((const struct class_report_row *)a)->entry,
		      ((const struct class_report_row *)b)->entry);
}

static char *class_report_result_path(const char *out, const char *slug)
{
	return xasprintf("%s/students/%s/result.json", out, slug);
}

/* The result files under out/students, sorted by entry. */
static struct class_report_row *class_report_rows(const char *out, size_t *n)
{
	char *dir = xasprintf("%s/students", out);
	DIR *d = opendir(dir);
	struct dirent *de;
	struct class_report_row *v = NULL;

	*n = 0;
	while (d && (de = readdir(d))) {
		char *path;
		json_t *j;

		if (de->d_name[0] == '.')
			continue;
		path = class_report_result_path(out, de->d_name);
		j = json_load_file(path, 0, NULL);
		free(path);
		if (!json_is_string(json_object_get(j, "entry"))) {
			json_decref(j);
			continue;
		}
		v = xrealloc(v, *n + 1, sizeof(*v));
		v[*n].entry = xstrdup(json_string_value(json_object_get(j, "entry")));
		v[(*n)++].slug = xstrdup(de->d_name);
		json_decref(j);
	}
	if (d)
		closedir(d);
	free(dir);
	if (*n)
		qsort(v, *n, sizeof(*v), class_report_cmp_row);
	return v;
}

static const char *class_report_str(json_t *j, const char *key)
{
	const char *s = json_string_value(json_object_get(j, key));

	return s ? s : "";
}

static void class_report_take_checks(struct class_report_class *c, json_t *checks)
{
	size_t i;

	c->nchecks = json_array_size(checks);
	c->checks = calloc(c->nchecks ? c->nchecks : 1, sizeof(*c->checks));
	if (!c->checks)
		abort();
	for (i = 0; i < c->nchecks; i++) {
		json_t *k = json_array_get(checks, i);

		c->checks[i].id = xstrdup(class_report_str(k, "id"));
		c->checks[i].title = xstrdup(class_report_str(k, "title"));
		c->checks[i].max_points = json_number_value(json_object_get(k, "max_points"));
	}
}

static void class_report_count_message(struct class_report_check *k, const char *msg)
{
	size_t i;

	if (!*msg)
		return;
	for (i = 0; i < k->nmsgs; i++)
		if (!strcmp(k->msgs[i].text, msg)) {
			k->msgs[i].count++;
			return;
		}
	if (k->nmsgs < CLASS_REPORT_MAX_MESSAGES) {
		k->msgs[k->nmsgs].text = xstrdup(msg);
		k->msgs[k->nmsgs++].count = 1;
	}
}

/* The points of check id in a result's checks, or NULL. */
static json_t *class_report_find_check(json_t *checks, const char *id)
{
	size_t i;

	for (i = 0; i < json_array_size(checks); i++)
		if (!strcmp(class_report_str(json_array_get(checks, i), "id"), id))
			return json_array_get(checks, i);
	return NULL;
}

static void class_report_csv_header(const struct class_report_class *c, FILE *csv)
{
	size_t i;

	fputs("student,id,score,max_score,status", csv);
	for (i = 0; i < c->nchecks; i++) {
		fputc(',', csv);
		report_csv_field(csv, c->checks[i].id);
	}
	fputs(",submission,report,failed\n", csv);
}

/* The ids of the checks of a result that did not pass, space-separated,
 * as one CSV field. */
static void class_report_failed_ids(const struct class_report_class *c, json_t *checks, FILE *csv)
{
	char *ids = xstrdup("");
	size_t i;

	for (i = 0; i < c->nchecks; i++) {
		json_t *k = class_report_find_check(checks, c->checks[i].id);

		if (!k || strcmp(class_report_str(k, "status"), "pass")) {
			char *more = xasprintf("%s%s%s", ids, *ids ? " " : "", c->checks[i].id);

			free(ids);
			ids = more;
		}
	}
	report_csv_field(csv, ids);
	free(ids);
}

/* One student: a gradebook row, the statistics, a row of the HTML table. */
static void class_report_student(struct class_report_class *c, json_t *j, const char *slug,
				 FILE *csv, FILE *rows)
{
	json_t *checks = json_object_get(j, "checks");
	const char *status = class_report_str(j, "status");
	double score = json_number_value(json_object_get(j, "score"));
	double max = json_number_value(json_object_get(j, "max_score"));
	char a[32], b[32];
	size_t i;

	if (max > c->max_score)
		c->max_score = max;
	report_csv_field(csv, class_report_str(j, "student"));
	fputc(',', csv);
	report_csv_field(csv, class_report_str(j, "id"));
	fprintf(csv, ",%s,%s,%s", report_points(score, a, sizeof(a)),
		report_points(max, b, sizeof(b)), status);
	for (i = 0; i < c->nchecks; i++) {
		json_t *k = class_report_find_check(checks, c->checks[i].id);
		const char *st = class_report_str(k, "status");

		fputc(',', csv);
		if (k)
			fputs(report_points(json_number_value(json_object_get(k, "points")), a,
					    sizeof(a)),
			      csv);
		if (!k || !strcmp(st, "pending"))
			continue;
		if (!strcmp(st, "pass"))
			c->checks[i].pass++;
		else if (!strcmp(st, "error"))
			c->checks[i].error++;
		else if (!strcmp(st, "skip"))
			c->checks[i].skip++;
		else
			c->checks[i].fail++;
		if (strcmp(st, "pass"))
			class_report_count_message(&c->checks[i], class_report_str(k, "message"));
	}
	fputc(',', csv);
	report_csv_field(csv, class_report_str(j, "entry"));
	fprintf(csv, ",students/%s/report.html,", slug);
	class_report_failed_ids(c, checks, csv);
	fputc('\n', csv);

	c->scores[c->t.students++] = score;
	if (!strcmp(status, "pass"))
		c->t.full++;
	if (!strcmp(status, "error")) {
		c->t.errors++;
		xjson_push(c->errors, xjson_pack("{s:s, s:s, s:s, s:s}", "student",
						 class_report_str(j, "student"), "id",
						 class_report_str(j, "id"), "submission",
						 class_report_str(j, "entry"), "error",
						 class_report_str(j, "error")));
	}
	fprintf(rows, "<tr class=\"%s\"><td><a href=\"students/%s/report.html\">", status, slug);
	report_html_text(rows, class_report_str(j, "student"));
	fputs("</a></td><td>", rows);
	report_html_text(rows, class_report_str(j, "id"));
	fprintf(rows, "</td><td class=\"num\">%s/%s</td><td>%s</td><td>",
		report_points(score, a, sizeof(a)), report_points(max, b, sizeof(b)), status);
	for (i = 0; i < c->nchecks; i++) {
		json_t *k = class_report_find_check(checks, c->checks[i].id);

		if (k && strcmp(class_report_str(k, "status"), "pass")) {
			fputc(' ', rows);
			report_html_text(rows, c->checks[i].id);
		}
	}
	fputs("</td></tr>\n", rows);
}

/* Round a non-negative number to n decimals (no libm). */
static double class_report_round(double v, double scale)
{
	return (double)(long long)(v * scale + 0.5) / scale;
}

static int class_report_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The CLASS_REPORT_TOP most common failure messages of k (ties: the first seen). */
static void class_report_top(const struct class_report_check *k, size_t top[CLASS_REPORT_TOP],
			     size_t *ntop)
{
	size_t i, j;

	*ntop = 0;
	for (i = 0; i < k->nmsgs; i++) {
		for (j = *ntop; j > 0 && k->msgs[top[j - 1]].count < k->msgs[i].count; j--)
			if (j < CLASS_REPORT_TOP)
				top[j] = top[j - 1];
		if (j < CLASS_REPORT_TOP) {
			top[j] = i;
			if (*ntop < CLASS_REPORT_TOP)
				(*ntop)++;
		}
	}
}

static double class_report_rate(const struct class_report_check *k)
{
	unsigned n = k->pass + k->fail + k->error + k->skip;

	return n ? (double)k->pass / n : 0;
}

static json_t *class_report_summary(struct class_report_class *c)
{
	json_t *checks = xjson(json_array()), *hist = xjson(json_array()), *score;
	size_t i, j, top[CLASS_REPORT_TOP], ntop;
	unsigned n = c->t.students;
	double sum = 0;

	for (i = 0; i < n; i++)
		sum += c->scores[i];
	for (i = 0; i < CLASS_REPORT_BINS; i++)
		xjson_push(hist,
			   xjson_pack("{s:o, s:o, s:i}", "from",
				      report_json_num(c->max_score * i / CLASS_REPORT_BINS), "to",
				      report_json_num(c->max_score * (i + 1) / CLASS_REPORT_BINS),
				      "count", c->hist[i]));
	score = xjson_pack("{s:o, s:o, s:o, s:o, s:o}", "max_score", report_json_num(c->max_score),
			   "mean", report_json_num(n ? class_report_round(sum / n, 100) : 0),
			   "median",
			   report_json_num(n ? (c->scores[(n - 1) / 2] + c->scores[n / 2]) / 2 : 0),
			   "min", report_json_num(n ? c->scores[0] : 0), "max",
			   report_json_num(n ? c->scores[n - 1] : 0));
	for (i = 0; i < c->nchecks; i++) {
		struct class_report_check *k = &c->checks[i];
		json_t *common = xjson(json_array());

		class_report_top(k, top, &ntop);
		for (j = 0; j < ntop; j++)
			xjson_push(common, xjson_pack("{s:o, s:i}", "message",
						      report_json_str(k->msgs[top[j]].text),
						      "count", k->msgs[top[j]].count));
		xjson_push(
			checks,
			xjson_pack("{s:o, s:o, s:o, s:i, s:i, s:i, s:i, s:o, s:o}", "id",
				   report_json_str(k->id), "title", report_json_str(k->title),
				   "max_points", report_json_num(k->max_points), "pass", k->pass,
				   "fail", k->fail, "error", k->error, "skip", k->skip, "pass_rate",
				   report_json_num(class_report_round(class_report_rate(k), 1000)),
				   "common_failures", common));
	}
	return xjson_pack("{s:o, s:o, s:i, s:i, s:i, s:o, s:o, s:o, s:O}", "exercise",
			  report_json_str(c->exercise), "exercise_title", report_json_str(c->title),
			  "students", n, "full_marks", c->t.full, "grader_errors", c->t.errors,
			  "score", score, "histogram", hist, "checks", checks, "errors", c->errors);
}

static const char class_report_style[] =
	"<style>\n"
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
	"max-width:1100px;margin:24px auto;padding:0 16px;color:#1f2328;background:#fff}\n"
	"h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:1.6em 0 .5em;"
	"border-bottom:1px solid #d0d7de;padding-bottom:.2em}.sub{color:#57606a}\n"
	".kpi{display:inline-block;margin:0 2em .5em 0}.kpi b{display:block;font-size:1.8em}\n"
	"table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25em .6em;"
	"border-bottom:1px solid #eaeef2;vertical-align:top}th{background:#f6f8fa}\n"
	".num{text-align:right;white-space:nowrap}.bar{background:#eaeef2;border-radius:4px;"
	"height:14px;width:260px;overflow:hidden;display:flex}\n"
	".bar .p{background:#2da44e}.bar .f{background:#cf222e}.bar .e{background:#8250df}"
	".bar .s{background:#bf8700}\n"
	"tr.error td{background:#fbefff}tr.fail td:nth-child(4){color:#cf222e}"
	"tr.pass td:nth-child(4){color:#1a7f37}\n"
	".ev{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.85em}\n"
	"svg{max-width:100%;height:auto}\n"
	"</style>\n";

static void class_report_histogram_svg(const struct class_report_class *c, FILE *out)
{
	unsigned most = 1, i;
	char a[32], b[32];

	for (i = 0; i < CLASS_REPORT_BINS; i++)
		if (c->hist[i] > most)
			most = c->hist[i];
	fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"220\" "
	      "viewBox=\"0 0 640 220\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">\n",
	      out);
	for (i = 0; i < CLASS_REPORT_BINS; i++) {
		double h = 160.0 * c->hist[i] / most, x = 20 + i * 61.0;

		fprintf(out,
			"<rect x=\"%.0f\" y=\"%.1f\" width=\"52\" height=\"%.1f\" fill=\"#0969da\"/>"
			"<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"middle\">%u</text>"
			"<text x=\"%.0f\" y=\"200\" text-anchor=\"middle\" fill=\"#57606a\">%s&#8211;%s"
			"</text>\n",
			x, 180 - h, h, x + 26, 176 - h, c->hist[i], x + 26,
			report_points(c->max_score * i / CLASS_REPORT_BINS, a, sizeof(a)),
			report_points(c->max_score * (i + 1) / CLASS_REPORT_BINS, b, sizeof(b)));
	}
	fputs("<line x1=\"15\" y1=\"180\" x2=\"630\" y2=\"180\" stroke=\"#8c959f\"/>\n</svg>\n",
	      out);
}

static void class_report_check_rows(const struct class_report_class *c, FILE *out)
{
	size_t i, j, top[CLASS_REPORT_TOP], ntop;

	fprintf(out,
		"<table>\n<tr><th>%s</th><th>%s</th><th class=\"num\">%s</th><th>%s</th></tr>\n",
		_("Check"), _("passed by"), "%", _("most common evidence when it did not pass"));
	for (i = 0; i < c->nchecks; i++) {
		const struct class_report_check *k = &c->checks[i];
		unsigned n = k->pass + k->fail + k->error + k->skip;

		fputs("<tr><td>", out);
		report_html_text(out, k->title);
		fputs(" <span class=\"sub\">(", out);
		report_html_text(out, k->id);
		fputs(")</span></td><td><div class=\"bar\">", out);
		if (n)
			fprintf(out,
				"<span class=\"p\" style=\"width:%.1f%%\"></span>"
				"<span class=\"f\" style=\"width:%.1f%%\"></span>"
				"<span class=\"s\" style=\"width:%.1f%%\"></span>"
				"<span class=\"e\" style=\"width:%.1f%%\"></span>",
				100.0 * k->pass / n, 100.0 * k->fail / n, 100.0 * k->skip / n,
				100.0 * k->error / n);
		fprintf(out, "</div></td><td class=\"num\">%.0f%% (%u/%u)</td><td>",
			100 * class_report_rate(k), k->pass, n);
		class_report_top(k, top, &ntop);
		for (j = 0; j < ntop; j++) {
			fprintf(out, "<div><b>%u&#215;</b> <span class=\"ev\">",
				k->msgs[top[j]].count);
			report_html_text(out, k->msgs[top[j]].text);
			fputs("</span></div>", out);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n", out);
}

static void class_report_html(const struct class_report_class *c, FILE *rows, FILE *out)
{
	char buf[4096], a[32];
	size_t n;
	unsigned s = c->t.students;

	fprintf(out,
		"<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n<title>",
		i18n_lang() == LANG_ES ? "es" : "en");
	report_html_text(out, c->exercise);
	fprintf(out, "</title>\n%s</head>\n<body>\n<h1>", class_report_style);
	report_html_text(out, c->title && *c->title ? c->title : c->exercise);
	fputs("</h1>\n<p class=\"sub\">", out);
	report_html_text(out, c->exercise);
	fputs("</p>\n", out);
	fprintf(out, "<div class=\"kpi\"><b>%u</b>%s</div>", s, _("submissions"));
	fprintf(out, "<div class=\"kpi\"><b>%u</b>%s</div>", c->t.full, _("full marks"));
	fprintf(out, "<div class=\"kpi\"><b>%s</b>%s</div>",
		report_points(s ? (c->scores[(s - 1) / 2] + c->scores[s / 2]) / 2 : 0, a,
			      sizeof(a)),
		_("median score"));
	fprintf(out, "<div class=\"kpi\"><b>%u</b>%s</div>\n", c->t.errors, _("grader errors"));
	fprintf(out, "<h2>%s</h2>\n", _("Scores"));
	class_report_histogram_svg(c, out);
	fprintf(out, "<h2>%s</h2>\n", _("Checks"));
	class_report_check_rows(c, out);
	fprintf(out,
		"<h2>%s</h2>\n<table>\n<tr><th>%s</th><th>%s</th><th class=\"num\">%s</th>"
		"<th>%s</th><th>%s</th></tr>\n",
		_("Students"), _("Student"), "id", _("Score"), _("Status"), _("checks not passed"));
	rewind(rows);
	while ((n = fread(buf, 1, sizeof(buf), rows)) > 0)
		fwrite(buf, 1, n, out);
	fputs("</table>\n</body>\n</html>\n", out);
}

static void class_report_class_release(struct class_report_class *c)
{
	size_t i, j;

	for (i = 0; i < c->nchecks; i++) {
		for (j = 0; j < c->checks[i].nmsgs; j++)
			free(c->checks[i].msgs[j].text);
		free(c->checks[i].id);
		free(c->checks[i].title);
	}
	free(c->checks);
	free(c->exercise);
	free(c->title);
	free(c->scores);
	json_decref(c->errors);
}

static FILE *class_report_open(const char *out, const char *name)
{
	char *path = xasprintf("%s/%s", out, name);
	FILE *f = fopen(path, "w");

	if (!f)
		fprintf(stderr, "shmgrade: %s '%s': %s\n", _("cannot write"), path,
			strerror(errno));
	free(path);
	return f;
}

/* The columns: the checks of the first result that has any. */
static void class_report_find_columns(struct class_report_class *c, const char *out,
				      const struct class_report_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n && !c->checks; i++) {
		char *path = class_report_result_path(out, rows[i].slug);
		json_t *j = json_load_file(path, 0, NULL);

		free(path);
		if (json_array_size(json_object_get(j, "checks"))) {
			class_report_take_checks(c, json_object_get(j, "checks"));
			c->exercise = xstrdup(class_report_str(j, "exercise"));
			c->title = xstrdup(class_report_str(j, "exercise_title"));
		}
		json_decref(j);
	}
}

static void class_report_histogram(struct class_report_class *c)
{
	unsigned i;

	for (i = 0; i < c->t.students; i++) {
		int bin = c->max_score > 0 ? (int)(c->scores[i] / c->max_score * CLASS_REPORT_BINS)
					   : 0;

		c->hist[bin < 0 ? 0 : bin >= CLASS_REPORT_BINS ? CLASS_REPORT_BINS - 1 : bin]++;
	}
	qsort(c->scores, c->t.students, sizeof(double), class_report_cmp_double);
}

static int class_report_close(FILE *f, int ret)
{
	if (f && (ferror(f) | fclose(f)))
		return -1;
	return f ? ret : -1;
}

int class_report_write(const char *out, struct class_totals *t)
{
	struct class_report_class c = { 0 };
	size_t n, i;
	struct class_report_row *rows = class_report_rows(out, &n);
	FILE *csv = class_report_open(out, "gradebook.csv"),
	     *html = class_report_open(out, "class.html");
	FILE *trows = tmpfile(), *sum = class_report_open(out, "summary.json");
	json_t *summary;
	int ret = 0;

	c.errors = xjson(json_array());
	c.scores = xrealloc(NULL, n + 1, sizeof(double));
	if (csv && html && trows && sum) {
		class_report_find_columns(&c, out, rows, n);
		class_report_csv_header(&c, csv);
		for (i = 0; i < n; i++) {
			char *path = class_report_result_path(out, rows[i].slug);
			json_t *j = json_load_file(path, 0, NULL);

			free(path);
			if (j)
				class_report_student(&c, j, rows[i].slug, csv, trows);
			json_decref(j);
		}
		class_report_histogram(&c);
		summary = class_report_summary(&c);
		if (json_dumpf(summary, sum, JSON_INDENT(2) | JSON_SORT_KEYS) < 0)
			ret = -1;
		fputc('\n', sum);
		json_decref(summary);
		class_report_html(&c, trows, html);
	}
	ret = class_report_close(csv, ret);
	ret = class_report_close(html, ret);
	ret = class_report_close(sum, ret);
	if (trows)
		fclose(trows);
	if (ret < 0)
		fprintf(stderr, "shmgrade: %s '%s': %s\n", _("cannot write the class reports in"),
			out, strerror(errno));
	*t = c.t;
	for (i = 0; i < n; i++) {
		free(rows[i].entry);
		free(rows[i].slug);
	}
	free(rows);
	class_report_class_release(&c);
	return ret;
}
