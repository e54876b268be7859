/*
 * report_json.c - the results contract (doc/shmgrade.1, JSON OUTPUT):
 *   {exercise, submission, score, max_score, status,
 *    checks: [{id, title, points, max_points, status, message}],
 *    runs: [<trace record>]}
 * plus fields the contract allows: title, lang, error, wall_ms, build{},
 * checks[].feedback / hidden, runs[].run / repetition / failing. Hidden
 * checks keep their details here: this report is for the instructor and
 * the machines.
 *
 * Each run's events are a summary unless --trace asks for more
 * (report.h): sem-09's five runs of 8,000 semops made 22 MB and 160 MB
 * of memory when every event was written as one tree. The runs are
 * streamed, one record at a time.
 */
#include <jansson.h>
#include <stdlib.h>

#include "graders/report/report.h"
#include "harness/json_out.h"
#include "harness/record_json.h"
#include "util/xjson.h"

/* report.h: report_gradescope.c writes its strings and scores so too. */
json_t *report_json_str(const char *s)
{
	char *clean = report_text_clean(s);
	json_t *j = xjson(json_string(clean));

	free(clean);
	return j;
}

json_t *report_json_num(double v)
{
	if (v == (double)(long long)v && v > -1e15 && v < 1e15)
		return xjson(json_integer((json_int_t)v));
	return xjson(json_real(v));
}

static json_t *report_json_build(const struct build_result *b)
{
	return xjson_pack("{s:b, s:b, s:i, s:i, s:o}", "attempted", b->attempted, "ok", b->ok,
			  "warnings", (int)b->warnings, "errors", (int)b->errors, "output",
			  b->output ? report_json_str(b->output) : json_null());
}

static json_t *report_json_check(const struct grade_item *c)
{
	return xjson_pack("{s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:b}", "id", report_json_str(c->id),
			  "title", report_json_str(c->title), "points", report_json_num(c->points),
			  "max_points", report_json_num(c->max_points), "status",
			  grade_item_status_name(c->status), "message", report_json_str(c->message),
			  "feedback", report_json_str(c->feedback), "hidden", c->hidden);
}

static enum record_trace report_json_trace(const struct report_style *st,
					   const struct run_outcome *r)
{
	if (st->trace == REPORT_TRACE_FULL || (st->trace == REPORT_TRACE_FAILING && r->failing))
		return RECORD_TRACE_FULL;
	return RECORD_TRACE_SUMMARY;
}

void report_json_runs(struct json_out *o, const struct grade *g, const struct report_style *st,
		      int depth)
{
	size_t i;

	if (!g->nruns) {
		json_out_raw(o, "[]", 2);
		return;
	}
	for (i = 0; i < g->nruns; i++) {
		const struct run_outcome *r = &g->runs[i];
		json_t *extra = json_pack("{s:o, s:i, s:b}", "run", report_json_str(r->run_id),
					  "repetition", (int)r->repetition, "failing", r->failing);

		json_out_raw(o, i ? "," : "[", 1);
		json_out_indent(o, depth + 2);
		record_json_out(o, &r->rec, depth + 2, report_json_trace(st, r), extra);
		json_decref(extra);
	}
	json_out_indent(o, depth + 1);
	json_out_raw(o, "]", 1);
}

static json_t *report_json_grade(const struct grade *g)
{
	json_t *checks = json_array();
	json_t *j;
	size_t i;

	for (i = 0; i < g->nchecks; i++)
		json_array_append_new(checks, report_json_check(&g->checks[i]));
	j = json_pack("{s:o, s:o, s:o, s:s, s:o, s:o, s:s, s:o, s:I, s:o, s:o}", "exercise",
		      report_json_str(g->exercise_id), "title", report_json_str(g->exercise_title),
		      "submission", report_json_str(g->submission), "lang", lang_name(g->lang),
		      "score", report_json_num(g->score), "max_score",
		      report_json_num(g->max_score), "status", grade_status_name(g->status),
		      "error", g->error ? report_json_str(g->error) : json_null(), "wall_ms",
		      (json_int_t)(g->wall_ms + 0.5), "build", report_json_build(&g->build),
		      "checks", checks);
	return j;
}

int report_json_write(const struct grade *g, const struct report_style *st, FILE *out)
{
	json_t *j = report_json_grade(g);
	struct json_out o;

	if (!j)
		return -1;
	json_out_init(&o, out);
	json_out_raw(&o, "{", 1);
	json_out_members(&o, j, 0, true);
	json_out_raw(&o, ",", 1);
	json_out_indent(&o, 1);
	json_out_raw(&o, "\"runs\": ", 8);
	report_json_runs(&o, g, st, 0);
	json_out_indent(&o, 0);
	json_out_raw(&o, "}\n", 2);
	json_decref(j);
	return json_out_finish(&o);
}
