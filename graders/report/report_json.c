/*
 * report_json.c - DESIGN.md's results contract:
 *   {exercise, submission, score, max_score, status,
 *    checks: [{id, title, points, max_points, status, message}],
 *    runs: [<trace record>]}
 * plus fields the contract allows: title, lang, error, wall_ms, build{},
 * checks[].feedback / hidden, runs[].run / repetition. Hidden checks keep
 * their details here: this report is for the instructor and the machines.
 */
#include <jansson.h>
#include <stdlib.h>

#include "graders/report/report.h"
#include "harness/record_json.h"

/* report.h: report_gradescope.c writes its strings and scores so too. */
json_t *report_json_str(const char *s)
{
	char *clean = report_text_clean(s);
	json_t *j = json_string(clean);

	free(clean);
	return j;
}

json_t *report_json_num(double v)
{
	if (v == (double)(long long)v && v > -1e15 && v < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static json_t *report_json_build(const struct build_info *b)
{
	return json_pack("{s:b, s:b, s:i, s:i, s:o}", "attempted", b->attempted, "ok", b->ok,
			 "warnings", (int)b->warnings, "errors", (int)b->errors, "output",
			 b->output ? report_json_str(b->output) : json_null());
}

static json_t *report_json_check(const struct grade_item *c)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:b}", "id", report_json_str(c->id),
			 "title", report_json_str(c->title), "points", report_json_num(c->points),
			 "max_points", report_json_num(c->max_points), "status",
			 grade_item_status_name(c->status), "message", report_json_str(c->message),
			 "feedback", report_json_str(c->feedback), "hidden", c->hidden);
}

static json_t *report_json_run(const struct run_outcome *r)
{
	json_t *j = record_to_json(&r->rec);

	json_object_set_new(j, "run", report_json_str(r->run_id));
	json_object_set_new(j, "repetition", json_integer(r->repetition));
	return j;
}

static json_t *report_json_grade(const struct grade *g)
{
	json_t *checks = json_array(), *runs = json_array();
	json_t *j;
	size_t i;

	for (i = 0; i < g->nchecks; i++)
		json_array_append_new(checks, report_json_check(&g->checks[i]));
	for (i = 0; i < g->nruns; i++)
		json_array_append_new(runs, report_json_run(&g->runs[i]));
	j = json_pack("{s:o, s:o, s:o, s:s, s:o, s:o, s:s, s:o, s:I, s:o, s:o, s:o}", "exercise",
		      report_json_str(g->exercise_id), "title", report_json_str(g->exercise_title),
		      "submission", report_json_str(g->submission), "lang", lang_name(g->lang),
		      "score", report_json_num(g->score), "max_score",
		      report_json_num(g->max_score), "status", grade_status_name(g->status),
		      "error", g->error ? report_json_str(g->error) : json_null(), "wall_ms",
		      (json_int_t)(g->wall_ms + 0.5), "build", report_json_build(&g->build),
		      "checks", checks, "runs", runs);
	return j;
}

int report_json_write(const struct grade *g, FILE *out)
{
	json_t *j = report_json_grade(g);
	int ret;

	if (!j)
		return -1;
	ret = json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (ret == 0 && fputc('\n', out) == EOF)
		ret = -1;
	return ret;
}
