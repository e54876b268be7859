/*
 * test_locale.c - numbers do not depend on the locale (issue 15, point 1).
 *
 * Each test switches the process to es_ES.UTF-8, whose decimal separator is
 * a comma, then reads an exercise with "points: 0.5", writes every machine
 * format, a run record and rule messages, and checks that "0.5" is read and
 * written as such. Only the human text report may write "0,5".
 *
 * es_ES.UTF-8 must exist (tools/deps.sh check generates it): without it
 * these tests would prove nothing, so they fail and say so.
 */
#include <check.h>
#include <jansson.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graders/cli/cli.h"
#include "graders/load/diag.h"
#include "graders/load/exercise.h"
#include "graders/engine/grade.h"
#include "graders/report/i18n.h"
#include "graders/report/report.h"
#include "graders/rules/rules.h"
#include "util/cnum.h"
#include "harness/record.h"
#include "harness/record_json.h"
#include "util/xalloc.h"
#include "tests/test_util.h"

#define TL_ES "es_ES.UTF-8"

static void tl_setup(void)
{
	ck_assert_msg(setlocale(LC_ALL, TL_ES) != NULL,
		      "the locale " TL_ES
		      " is missing: 'tools/deps.sh check' (as root) generates it");
	ck_assert_msg(!strcmp(localeconv()->decimal_point, ","),
		      TL_ES "'s decimal separator is '%s', not ','", localeconv()->decimal_point);
}

static void tl_teardown(void)
{
	setlocale(LC_ALL, "C");
	unsetenv("LC_ALL");
}

/* The C library itself does read and write commas here: the premise. */
START_TEST(test_premise)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%g", 0.5);
	ck_assert_str_eq(buf, "0,5");
	ck_assert(strtod("0.5", NULL) == 0);
}
END_TEST

START_TEST(test_cnum)
{
	char buf[32], *end;

	ck_assert(cnum_strtod("0.5", &end) == 0.5 && *end == '\0');
	ck_assert(cnum_strtod("0,5", &end) == 0 && *end == ',');
	cnum_snprintf(buf, sizeof(buf), "%g|%.3f", 1.5, 0.25);
	ck_assert_str_eq(buf, "1.5|0.250");
	/* The caller's locale is left alone. */
	snprintf(buf, sizeof(buf), "%g", 0.5);
	ck_assert_str_eq(buf, "0,5");
}
END_TEST

static const char tl_yaml[] = "id: decimals\n"
			      "title: Decimales\n"
			      "points: 2.5\n"
			      "submission: {timeout: 12.5}\n"
			      "limits: {timeout: 1.5}\n"
			      "runs: [{id: main, limits: {timeout: 0.75}}]\n"
			      "checks:\n"
			      "  - {id: compiles, title: Compila, points: 0.5, rule: compiles}\n"
			      "  - id: mean\n"
			      "    title: Media\n"
			      "    points: 2\n"
			      "    rule: output\n"
			      "    with: {value: \"3.25\", match: number, tolerance: 0.005}\n";

START_TEST(test_yaml_numbers)
{
	struct exercise ex;
	struct diag_list d;
	int r;

	exercise_init(&ex);
	diag_init(&d, "decimals.yaml");
	r = exercise_load_buffer(&ex, "decimals.yaml", tl_yaml, strlen(tl_yaml), &d);
	if (r < 0) {
		char *s = diag_format(&d, 0);

		ck_abort_msg("refused under " TL_ES ": %s", s);
	}
	ck_assert(ex.points == 2.5);
	ck_assert(ex.checks[0].points == 0.5);
	ck_assert(ex.build.timeout_s == 12.5);
	ck_assert(ex.runs[0].limits.timeout_s == 0.75);
	diag_release(&d);
	exercise_release(&ex);
}
END_TEST

/* Messages about numbers quote them as the YAML writes them. */
START_TEST(test_yaml_messages)
{
	static const char bad[] = "id: x\ntitle: x\npoints: 1.5\nruns: [{}]\n"
				  "checks: [{id: c, title: c, points: 0.25, rule: compiles}]\n";
	struct exercise ex;
	struct diag_list d;

	exercise_init(&ex);
	diag_init(&d, "x.yaml");
	ck_assert_int_lt(exercise_load_buffer(&ex, "x.yaml", bad, strlen(bad), &d), 0);
	ck_assert_str_eq(d.v[0].msg, "the checks' points add up to 0.25, but 'points' says 1.5");
	diag_release(&d);
}
END_TEST

START_TEST(test_cli_number)
{
	double v = 0;

	ck_assert_int_eq(cli_parse_double("--timeout", "2.5", 0, 10, &v), 0);
	ck_assert(v == 2.5);
}
END_TEST

/* A grade with half points, written in every format. */
static void tl_grade(struct grade *g)
{
	static const double pts[] = { 0.5, 0, 1.25 }, max[] = { 0.5, 1.5, 1.25 };
	size_t i;

	grade_init(g);
	g->exercise_id = xstrdup("decimals");
	g->exercise_title = xstrdup("Decimales");
	g->submission = xstrdup("p.c");
	g->wall_ms = 1234.5;
	g->checks = xcalloc(3, sizeof(*g->checks));
	for (i = 0; i < 3; i++) {
		struct grade_item *c = &g->checks[g->nchecks++];

		c->id = xasprintf("c%zu", i);
		c->title = xasprintf("Check %zu", i);
		c->points = pts[i];
		c->max_points = max[i];
		c->status = pts[i] == max[i] ? ITEM_PASS : ITEM_FAIL;
		c->message = xstrdup("");
		c->feedback = xstrdup("");
	}
	grade_finish(g);
}

static char *tl_render(enum report_format f, const struct grade *g)
{
	struct report_style st = { false, true, false, false, REPORT_TRACE_SUMMARY };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(report_write(f, g, &st, out), 0);
	fclose(out);
	return buf;
}

/* Every machine format: "0.5", "1.25", "1.75" (the score) and no comma
 * between two digits anywhere but between CSV fields. */
START_TEST(test_machine_formats)
{
	static const enum report_format fmts[] = { REPORT_JSON,	  REPORT_JUNIT, REPORT_GRADESCOPE,
						   REPORT_GITHUB, REPORT_TAP,	REPORT_CSV };
	struct grade g;
	size_t i;

	setenv("LC_ALL", TL_ES, 1);
	i18n_setup(NULL, NULL);
	setlocale(LC_ALL, TL_ES); /* as a library user might leave it */
	tl_grade(&g);
	ck_assert(g.score == 1.75);
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		char *s = tl_render(fmts[i], &g);

		ck_assert_msg(strstr(s, "1.75"), "%s: no score 1.75 in:\n%s",
			      report_format_name(fmts[i]), s);
		ck_assert_msg(!strstr(s, "1,75") && !strstr(s, "0,5") && !strstr(s, "1,25"),
			      "%s wrote a decimal comma:\n%s", report_format_name(fmts[i]), s);
		free(s);
	}
	grade_release(&g);
}
END_TEST

/* JSON numbers parse back as the same numbers. */
START_TEST(test_json_roundtrip)
{
	struct grade g;
	json_error_t err;
	json_t *j;
	char *s;

	tl_grade(&g);
	s = tl_render(REPORT_JSON, &g);
	j = json_loads(s, 0, &err);
	ck_assert_msg(j != NULL, "invalid JSON: %s\n%s", err.text, s);
	ck_assert(json_number_value(json_object_get(j, "score")) == 1.75);
	ck_assert(json_number_value(json_object_get(json_array_get(json_object_get(j, "checks"), 0),
						    "points")) == 0.5);
	json_decref(j);
	free(s);
	grade_release(&g);
}
END_TEST

/* The human text report may follow the locale: "0,5" under es_ES. */
START_TEST(test_text_report_local)
{
	struct grade g;
	char *s;

	setenv("LC_ALL", TL_ES, 1);
	i18n_setup(NULL, NULL);
	ck_assert_str_eq(i18n_decimal_point(), ",");
	/* i18n_setup keeps LC_NUMERIC at "C" for everything else. */
	ck_assert_str_eq(localeconv()->decimal_point, ".");
	tl_grade(&g);
	s = tl_render(REPORT_TEXT, &g);
	ck_assert_msg(strstr(s, "1,75/3,25"), "no local score in:\n%s", s);
	free(s);
	grade_release(&g);
}
END_TEST

START_TEST(test_record_json)
{
	struct run_record rec;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	tu_sample_record(&rec);
	rec.wall_ms = 12.5;
	record_set_message(&rec, "timeout after %g s", 0.5);
	ck_assert_int_eq(record_json_write(&rec, f), 0);
	fclose(f);
	ck_assert_msg(strstr(buf, "\"wall_ms\": 12.5"), "wall_ms not 12.5 in:\n%s", buf);
	ck_assert_msg(strstr(buf, "timeout after 0.5 s"), "message not C in:\n%s", buf);
	free(buf);
	record_release(&rec);
}
END_TEST

START_TEST(test_rule_message)
{
	struct rule_result r;

	rule_result_init(&r);
	rule_result_set(&r, "imprimió %g", "printed %g", 3.25);
	ck_assert_str_eq(rule_result_msg(&r, LANG_ES), "imprimió 3.25");
	ck_assert_str_eq(rule_result_msg(&r, LANG_EN), "printed 3.25");
	rule_result_release(&r);
}
END_TEST

Suite *locale_suite(void);
Suite *locale_suite(void)
{
	Suite *s = suite_create("locale");
	TCase *tc = tcase_create("es_ES");

	tcase_add_checked_fixture(tc, tl_setup, tl_teardown);
	tcase_add_test(tc, test_premise);
	tcase_add_test(tc, test_cnum);
	tcase_add_test(tc, test_yaml_numbers);
	tcase_add_test(tc, test_yaml_messages);
	tcase_add_test(tc, test_cli_number);
	tcase_add_test(tc, test_machine_formats);
	tcase_add_test(tc, test_json_roundtrip);
	tcase_add_test(tc, test_text_report_local);
	tcase_add_test(tc, test_record_json);
	tcase_add_test(tc, test_rule_message);
	suite_add_tcase(s, tc);
	return s;
}
