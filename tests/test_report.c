/*
 * test_report.c - the reporters on a hand-built grade: every check status,
 * a hidden check, text that needs escaping (XML, JSON, workflow commands)
 * and bytes that are not UTF-8. Output is parsed back, not just grepped.
 */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graders/engine/grade.h"
#include "graders/report/i18n.h"
#include "graders/report/report.h"
#include "util/xalloc.h"

static void tr_check(struct grade *g, const char *id, const char *title, double pts, double max,
		     enum grade_item_status st, const char *msg, bool hidden)
{
	struct grade_item *c = &g->checks[g->nchecks++];

	c->id = xstrdup(id);
	c->title = xstrdup(title);
	c->points = pts;
	c->max_points = max;
	c->status = st;
	c->message = xstrdup(msg);
	c->feedback = xstrdup(st == ITEM_FAIL ? "use shmctl(id, IPC_RMID, NULL)" : "");
	c->hidden = hidden;
}

/* A grade with one check of each status; the failing one's evidence has
 * XML/JSON specials, a newline that could start a workflow command, a
 * control character and an invalid UTF-8 byte. */
static void tr_grade(struct grade *g)
{
	grade_init(g);
	g->exercise_id = xstrdup("shm-01-private");
	g->exercise_title = xstrdup("Segmento <privado> & \"más\"");
	g->submission = xstrdup("entregas/ana/p.c");
	g->checks = xcalloc(5, sizeof(*g->checks));
	tr_check(g, "compiles", "Compiles", 1, 1, ITEM_PASS, "built", false);
	tr_check(g, "removed", "Removes <it>", 0, 2, ITEM_FAIL,
		 "printed \"a<b&c>\"\n::error::spoof \x01 bad\xff byte", false);
	tr_check(g, "after", "After removal", 0, 3, ITEM_SKIP, "skipped: it needs \"Removes\"",
		 false);
	tr_check(g, "secret", "Secret check", 0, 4, ITEM_FAIL, "the secret evidence", true);
	tr_check(g, "broke", "Broke", 0, 0, ITEM_ERROR, "the harness failed", false);
	g->build.attempted = true;
	g->build.ok = true;
	g->build.output = xstrdup("p.c:3:5: warning: unused variable 'x' <&>\n");
	g->build.warnings = 1;
	grade_finish(g);
}

/* The output of one writer, as a malloc'ed string. */
static char *tr_render(enum report_format f, const struct grade *g, bool utf8)
{
	struct report_style st = { false, utf8, true, false, REPORT_TRACE_SUMMARY };
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(report_write(f, g, &st, out), 0);
	fclose(out);
	return buf;
}

START_TEST(test_grade_finish)
{
	struct grade g;
	char *ids;

	tr_grade(&g);
	ck_assert(g.score == 1 && g.max_score == 10);
	ck_assert_int_eq(g.status, GRADE_ERROR); /* one check in error wins */
	ck_assert_int_eq(grade_exit_code(&g), 2);
	ids = grade_failed_ids(&g, ",");
	ck_assert_str_eq(ids, "removed,after,secret,broke");
	free(ids);
	g.checks[4].status = ITEM_PASS;
	grade_finish(&g);
	ck_assert_int_eq(grade_exit_code(&g), 1);
	grade_release(&g);
}
END_TEST

START_TEST(test_json)
{
	struct grade g;
	json_error_t err;
	json_t *j, *checks, *c;
	char *text;

	tr_grade(&g);
	text = tr_render(REPORT_JSON, &g, true);
	j = json_loads(text, 0, &err);
	ck_assert_msg(j != NULL, "json does not parse: %s (line %d)", err.text, err.line);
	ck_assert_str_eq(json_string_value(json_object_get(j, "exercise")), "shm-01-private");
	ck_assert_str_eq(json_string_value(json_object_get(j, "submission")), "entregas/ana/p.c");
	ck_assert(json_number_value(json_object_get(j, "score")) == 1);
	ck_assert(json_number_value(json_object_get(j, "max_score")) == 10);
	ck_assert_str_eq(json_string_value(json_object_get(j, "status")), "error");
	ck_assert(json_is_array(json_object_get(j, "runs")));
	checks = json_object_get(j, "checks");
	ck_assert_int_eq(json_array_size(checks), 5);
	c = json_array_get(checks, 1);
	ck_assert_str_eq(json_string_value(json_object_get(c, "id")), "removed");
	ck_assert_str_eq(json_string_value(json_object_get(c, "status")), "fail");
	ck_assert(json_number_value(json_object_get(c, "max_points")) == 2);
	/* invalid UTF-8 became '?', the control character went away */
	ck_assert_str_eq(json_string_value(json_object_get(c, "message")),
			 "printed \"a<b&c>\"\n::error::spoof  bad? byte");
	/* hidden details are kept for the instructor */
	c = json_array_get(checks, 3);
	ck_assert_str_eq(json_string_value(json_object_get(c, "message")), "the secret evidence");
	ck_assert(json_is_true(json_object_get(c, "hidden")));
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(checks, 2), "status")),
			 "skip");
	json_decref(j);
	free(text);
	grade_release(&g);
}
END_TEST

/* Minimal XML well-formedness: tags balance, attribute values hold no raw
 * '<', every '&' starts a known entity. Returns NULL or what is wrong. */
static const char *tr_xml_check(const char *x)
{
	const char *stack[32];
	size_t lens[32];
	int depth = 0;
	const char *p;

	for (p = x; *p; p++) {
		if (*p == '&' && strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) &&
		    strncmp(p, "&gt;", 4) && strncmp(p, "&quot;", 6) && strncmp(p, "&apos;", 6) &&
		    strncmp(p, "&#", 2))
			return "bare &";
		if (*p != '<')
			continue;
		if (p[1] == '?') {
			p = strstr(p, "?>");
			if (!p)
				return "unterminated <?";
			continue;
		}
		const char *end = p + 1;
		bool quoted = false;

		for (; *end && (quoted || *end != '>'); end++) {
			if (*end == '"')
				quoted = !quoted;
			else if (quoted && *end == '<')
				return "raw < in an attribute";
		}
		if (!*end)
			return "unterminated tag";
		if (p[1] == '/') {
			size_t n = strcspn(p + 2, " >");

			if (depth == 0 || lens[depth - 1] != n ||
			    strncmp(stack[depth - 1], p + 2, n))
				return "unbalanced closing tag";
			depth--;
		} else if (end[-1] != '/') {
			if (depth == 32)
				return "too deep";
			stack[depth] = p + 1;
			lens[depth++] = strcspn(p + 1, " >/");
		}
		p = end;
	}
	return depth == 0 ? NULL : "unclosed tag";
}

START_TEST(test_junit)
{
	struct grade g;
	char *x;
	const char *why;

	tr_grade(&g);
	x = tr_render(REPORT_JUNIT, &g, true);
	why = tr_xml_check(x);
	ck_assert_msg(why == NULL, "junit.xml is not well-formed: %s\n%s", why, x);
	ck_assert_ptr_nonnull(strstr(x, "tests=\"5\" failures=\"2\" errors=\"1\" skipped=\"1\""));
	/* Jenkins' junit-10.xsd: no "skipped" on <testsuites>. */
	ck_assert_ptr_nonnull(strstr(
		x, "<testsuites name=\"shmgrade\" tests=\"5\" failures=\"2\" errors=\"1\">"));
	/* GitLab shows the failure's text: the evidence, then the hint. */
	ck_assert_ptr_nonnull(strstr(
		x,
		"type=\"fail\">printed \"a&lt;b&amp;c&gt;\"\n::error::spoof  bad? byte\nhint: use shmctl"));
	ck_assert_ptr_nonnull(
		strstr(x, "<failure message=\"printed &quot;a&lt;b&amp;c&gt;&quot;&#10;"));
	ck_assert_ptr_nonnull(strstr(x, "<skipped message="));
	ck_assert_ptr_nonnull(strstr(x, "<error message=\"the harness failed\""));
	ck_assert_ptr_nonnull(strstr(x, "<property name=\"score\" value=\"1\"/>"));
	ck_assert_ptr_null(strstr(x, "secret evidence")); /* hidden */
	ck_assert_ptr_null(strstr(x, "\xff"));
	ck_assert_ptr_null(strstr(x, "\x01"));
	free(x);
	grade_release(&g);
}
END_TEST

START_TEST(test_gradescope)
{
	struct grade g;
	json_t *j, *tests, *t;
	char *text;

	tr_grade(&g);
	text = tr_render(REPORT_GRADESCOPE, &g, true);
	j = json_loads(text, 0, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert(json_number_value(json_object_get(j, "score")) == 1);
	tests = json_object_get(j, "tests");
	ck_assert_int_eq(json_array_size(tests), 5);
	t = json_array_get(tests, 0);
	ck_assert_str_eq(json_string_value(json_object_get(t, "name")), "Compiles");
	ck_assert_str_eq(json_string_value(json_object_get(t, "status")), "passed");
	ck_assert(json_number_value(json_object_get(t, "score")) == 1);
	ck_assert(json_number_value(json_object_get(t, "max_score")) == 1);
	ck_assert_str_eq(json_string_value(json_object_get(t, "visibility")), "visible");
	t = json_array_get(tests, 1);
	ck_assert_str_eq(json_string_value(json_object_get(t, "status")), "failed");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(t, "output")), "IPC_RMID"));
	t = json_array_get(tests, 3);
	ck_assert_str_eq(json_string_value(json_object_get(t, "visibility")), "after_published");
	json_decref(j);
	free(text);
	grade_release(&g);
}
END_TEST

START_TEST(test_text)
{
	struct grade g;
	char *t;

	tr_grade(&g);
	t = tr_render(REPORT_TEXT, &g, false);
	ck_assert_ptr_nonnull(strstr(t, "[PASS]"));
	ck_assert_ptr_nonnull(strstr(t, "[FAIL]"));
	ck_assert_ptr_nonnull(strstr(t, "[SKIP]"));
	ck_assert_ptr_nonnull(strstr(t, "0/2"));
	ck_assert_ptr_nonnull(strstr(t, "use shmctl(id, IPC_RMID, NULL)"));
	ck_assert_ptr_nonnull(strstr(t, "unused variable")); /* a warning is shown */
	ck_assert_ptr_null(strstr(t, "secret evidence"));
	ck_assert_ptr_null(strstr(t, "Secret check"));
	ck_assert_ptr_null(strstr(t, "\033[")); /* no colour unless asked */
	free(t);
	t = tr_render(REPORT_TEXT, &g, true);
	ck_assert_ptr_nonnull(strstr(t, "✓"));
	ck_assert_ptr_nonnull(strstr(t, "✗"));
	free(t);
	grade_release(&g);
}
END_TEST

START_TEST(test_github)
{
	char path[] = "/tmp/shmgrade-gh-XXXXXX";
	struct grade g;
	char *t, line[4096];
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	close(fd);
	setenv("GITHUB_OUTPUT", path, 1);
	tr_grade(&g);
	t = tr_render(REPORT_GITHUB, &g, true);
	unsetenv("GITHUB_OUTPUT");
	ck_assert_ptr_nonnull(strstr(t, "\nPoints 1/10\n"));
	ck_assert_ptr_nonnull(strstr(t, "::stop-commands::"));
	/* after the stop-commands block, the newline in the evidence is escaped:
	 * no line starts with ::error::spoof */
	ck_assert_ptr_nonnull(strstr(t, "::endgroup::"));
	ck_assert_ptr_null(strstr(strstr(t, "::endgroup::"), "\n::error::spoof"));
	ck_assert_ptr_nonnull(strstr(t, "::error title=Removes <it>::printed"));
	ck_assert_ptr_nonnull(strstr(t, "%0A::error::spoof"));
	/* The compiler's warning on its line, the path from the repository. */
	ck_assert_ptr_nonnull(strstr(t, "\n::warning file=entregas/ana/p.c,line=3,col=5,title="));
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert_str_eq(line, "points=1/10\n");
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	ck_assert(!strncmp(line, "result=eyJ2ZXJzaW9uIjog", 23) ||
		  !strncmp(line, "result=eyJ2ZXJzaW9uIjox", 23));
	fclose(f);
	unlink(path);
	free(t);
	grade_release(&g);
}
END_TEST

START_TEST(test_tap_csv)
{
	struct grade g;
	char *t;

	tr_grade(&g);
	t = tr_render(REPORT_TAP, &g, true);
	ck_assert(!strncmp(t, "TAP version 13\n1..5\nok 1 - compiles: Compiles\nnot ok 2 - ", 56));
	ck_assert_ptr_nonnull(strstr(t, "ok 3 - after: After removal # SKIP"));
	free(t);
	free(g.submission);
	g.submission = xstrdup("a,b \"c\".c");
	t = tr_render(REPORT_CSV, &g, true);
	ck_assert_str_eq(
		t,
		"exercise,submission,score,max_score,status,failed,compiles,compiles_message,"
		"removed,removed_message,after,after_message,secret,secret_message,broke,"
		"broke_message\n"
		"shm-01-private,\"a,b \"\"c\"\".c\",1,10,error,removed after secret broke,"
		"1,built,0,\"printed \"\"a<b&c>\"\"\n::error::spoof  bad? byte\",0,"
		"\"skipped: it needs \"\"Removes\"\"\",0,the details of this check are not shown,"
		"0,the harness failed\n");
	free(t);
	/* A field a spreadsheet would run as a formula gets a leading quote. */
	free(g.submission);
	g.submission = xstrdup("=HYPERLINK(\"http://x\")");
	t = tr_render(REPORT_CSV, &g, true);
	ck_assert_ptr_nonnull(strstr(t, "\nshm-01-private,\"'=HYPERLINK(\"\"http://x\"\")\",1,"));
	free(t);
	grade_release(&g);
}
END_TEST

START_TEST(test_formats_parse)
{
	unsigned mask;
	const char *bad;
	int badlen;

	ck_assert_int_eq(report_formats_parse("junit,gradescope,github", &mask, &bad, &badlen), 0);
	ck_assert_uint_eq(mask,
			  (1u << REPORT_JUNIT) | (1u << REPORT_GRADESCOPE) | (1u << REPORT_GITHUB));
	ck_assert_int_eq(report_formats_parse("text,xml", &mask, &bad, &badlen), -1);
	ck_assert_int_eq(badlen, 3);
	ck_assert(!strncmp(bad, "xml", 3));
	ck_assert_int_eq(report_formats_parse("", &mask, &bad, &badlen), -1);
	ck_assert_str_eq(report_file_name(REPORT_GRADESCOPE), "gradescope.json");
}
END_TEST

START_TEST(test_text_clean)
{
	char *s = report_text_clean("ok \xc3\xa1 \xc3 \xed\xa0\x80 \x1b[31m\tend");

	ck_assert_str_eq(s, "ok \xc3\xa1 ? ??? [31m\tend");
	free(s);
}
END_TEST

START_TEST(test_i18n)
{
	enum lang l;

	setenv("LC_ALL", "", 1);
	setenv("LC_MESSAGES", "", 1);
	setenv("LANG", "es_ES.UTF-8", 1);
	ck_assert_int_eq(i18n_env_lang(), LANG_ES);
	setenv("LC_MESSAGES", "en_US.UTF-8", 1);
	ck_assert_int_eq(i18n_env_lang(), LANG_EN);
	setenv("LC_ALL", "es_AR", 1);
	ck_assert_int_eq(i18n_env_lang(), LANG_ES);
	ck_assert_int_eq(i18n_setup("fr", &l), -1);
	/* The suite runs from the top of the tree, after `make all`. */
	setenv("SHMGRADE_LOCALEDIR", "build/locale", 1);
	ck_assert_int_eq(i18n_setup("es", &l), 0);
	ck_assert_int_eq(l, LANG_ES);
	ck_assert_str_eq(getenv("LANGUAGE"), "es");
	/* es_ES need not be generated: the catalogue works all the same */
	ck_assert_str_eq(_("hint:"), "pista:");
	ck_assert_int_eq(i18n_setup("en", &l), 0);
	ck_assert_str_eq(_("hint:"), "hint:");
	unsetenv("SHMGRADE_LOCALEDIR");
}
END_TEST

Suite *report_suite(void);
Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("writers");

	/* Hidden-check texts are looked up in the catalogue: pin English. */
	i18n_setup("en", NULL);
	tcase_add_test(tc, test_grade_finish);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_junit);
	tcase_add_test(tc, test_gradescope);
	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_github);
	tcase_add_test(tc, test_tap_csv);
	tcase_add_test(tc, test_formats_parse);
	tcase_add_test(tc, test_text_clean);
	tcase_add_test(tc, test_i18n);
	suite_add_tcase(s, tc);
	return s;
}
