/*
 * report_gradescope.c - Gradescope's results.json (autograder_samples
 * docs/specs.md): {score, execution_time, output, output_format,
 * test_output_format, tests: [{name, number, score, max_score, status,
 * output, tags, visibility}], extra_data}. The autograder script copies
 * this file to /autograder/results/results.json.
 *
 * Choices: hidden checks get visibility "after_published" (the student sees
 * them once grades are published; "hidden" would also hide the total score
 * from students, which Gradescope does whenever any test is hidden); their
 * output keeps the real evidence, since Gradescope enforces the visibility.
 * The top-level "score" is given (it overrides the tests' sum, and equals
 * it); the build messages of a submission that does not compile go in the
 * top-level "output". extra_data.runs holds the run records, their events
 * as --trace says (a summary by default; report.h), streamed.
 */
#include <jansson.h>
#include <stdlib.h>

#include "graders/report/report.h"
#include "harness/json_out.h"
#include "util/xalloc.h"
#include "util/xjson.h"

static json_t *report_gradescope_test(const struct grade_item *c, size_t number)
{
	const char *fb = c->feedback ? c->feedback : "";
	char num[24], *text;
	json_t *j;

	snprintf(num, sizeof(num), "%zu", number);
	text = xasprintf("%s%s%s", c->message ? c->message : "", *fb ? "\n" : "", fb);
	j = xjson_pack("{s:o, s:s, s:o, s:o, s:s, s:o, s:[o], s:s}", "name",
		       report_json_str(c->title), "number", num, "score",
		       report_json_num(c->points), "max_score", report_json_num(c->max_points),
		       "status", c->status == ITEM_PASS ? "passed" : "failed", "output",
		       report_json_str(text), "tags", report_json_str(c->id), "visibility",
		       c->hidden ? "after_published" : "visible");
	free(text);
	return j;
}

static char *report_gradescope_output(const struct grade *g)
{
	char *s = NULL;

	if (g->error) {
		s = xasprintf("shmgrade: %s", g->error);
	} else if (!g->build.ok && g->build.output) {
		s = report_text_clean(g->build.output);
	}
	return s;
}

int report_gradescope_write(const struct grade *g, const struct report_style *st, FILE *out)
{
	json_t *tests = json_array(), *j, *extra;
	char *output = report_gradescope_output(g);
	struct json_out o;
	size_t i;

	for (i = 0; i < g->nchecks; i++)
		xjson_push(tests, report_gradescope_test(&g->checks[i], i + 1));
	j = xjson_pack("{s:o, s:f, s:s, s:s, s:o, s:{s:o, s:o, s:s, s:o}}", "score",
		       report_json_num(g->score), "execution_time", g->wall_ms / 1000,
		       "output_format", "text", "test_output_format", "text", "tests", tests,
		       "extra_data", "exercise", report_json_str(g->exercise_id), "submission",
		       report_json_str(g->submission), "status", grade_status_name(g->status),
		       "max_score", report_json_num(g->max_score));
	if (output)
		xjson_set(j, "output", report_json_str(output));
	free(output);
	extra = json_incref(json_object_get(j, "extra_data"));
	json_object_del(j, "extra_data");
	json_out_init(&o, out);
	json_out_raw(&o, "{", 1);
	json_out_members(&o, j, 0, true);
	json_out_raw(&o, ",", 1);
	json_out_indent(&o, 1);
	json_out_raw(&o, "\"extra_data\": {", 15);
	json_out_members(&o, extra, 1, true);
	json_out_raw(&o, ",", 1);
	json_out_indent(&o, 2);
	json_out_raw(&o, "\"runs\": ", 8);
	report_json_runs(&o, g, st, 1);
	json_out_indent(&o, 1);
	json_out_raw(&o, "}", 1);
	json_out_indent(&o, 0);
	json_out_raw(&o, "}\n", 2);
	json_decref(extra);
	json_decref(j);
	return json_out_finish(&o);
}
