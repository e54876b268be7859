/*
 * test_engine.c - the grading engine end to end on a small exercise: a correct
 * solution, a wrong one (a failed check, a skip through requires, a hidden
 * check), one that does not compile, a folder with its own Makefile, and a
 * missing submission (the grader's error, never the student's). Plus the
 * pieces without processes: build_count_lines, the golden-table helpers.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graders/engine/build.h"
#include "graders/engine/engine.h"
#include "graders/report/i18n.h"
#include "graders/load/verdicts.h"
#include "graders/engine/workdir.h"

static const char tc_yaml[] =
	"id: tiny-private\n"
	"title: {es: Segmento privado, en: Private segment}\n"
	"points: 10\n"
	"runs:\n"
	"  - id: main\n"
	"    programs:\n"
	"      - args: []\n"
	"checks:\n"
	"  - {id: compiles, title: Compiles, points: 1, rule: compiles}\n"
	"  - {id: exit_ok, title: Exits with 0, points: 2, rule: exit_status, requires: [compiles]}\n"
	"  - id: created\n"
	"    title: Creates the segment\n"
	"    points: 3\n"
	"    rule: segment_created\n"
	"    with: {size: 4096, mode: 0600}\n"
	"    requires: [compiles]\n"
	"    feedback: {fail: {es: Usa 4096 bytes, en: Use 4096 bytes}}\n"
	"  - {id: removed, title: Removes the segment, points: 2, rule: removed, requires: [created]}\n"
	"  - {id: no_leaks, title: No leaks, points: 2, rule: no_leaks, hidden: true}\n";

static const char tc_good[] =
	"#include <stdio.h>\n#include <string.h>\n#include <sys/ipc.h>\n#include <sys/shm.h>\n"
	"int main(void)\n{\n"
	"\tint id = shmget(IPC_PRIVATE, SIZE, IPC_CREAT | 0600);\n"
	"\tchar *p;\n"
	"\tif (id < 0)\n\t\treturn 1;\n"
	"\tp = shmat(id, NULL, 0);\n"
	"\tif (p == (void *)-1)\n\t\treturn 1;\n"
	"\tstrcpy(p, \"hola\");\n\tputs(p);\n\tshmdt(p);\n"
	"\tRMID;\n\treturn 0;\n}\n";

static char tc_dir[64];
static struct exercise tc_ex;

static void tc_write(const char *name, const char *prefix, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tc_dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "%s%s", prefix, text);
	ck_assert_int_eq(fclose(f), 0);
}

static void tc_setup(void)
{
	struct diag_list d;
	char path[256];

	i18n_setup("en", NULL);
	strcpy(tc_dir, "/tmp/shmgrade-test-check-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tc_dir));
	tc_write("good.c", "#define SIZE 4096\n#define RMID shmctl(id, IPC_RMID, NULL)\n", tc_good);
	tc_write("small.c", "#define SIZE 100\n#define RMID (void)0\n", tc_good);
	tc_write("broken.c", "", "int main(void) { return x; }\n");
	snprintf(path, sizeof(path), "%s/folder", tc_dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	tc_write("folder/main.c", "#define SIZE 4096\n#define RMID shmctl(id, IPC_RMID, NULL)\n",
		 tc_good);
	tc_write("folder/Makefile", "",
		 "practica: main.c\n\t@echo CURDIR=$(CURDIR)\n\tgcc -O1 -o practica main.c\n");
	diag_init(&d, "tiny.yaml");
	exercise_init(&tc_ex);
	if (exercise_load_buffer(&tc_ex, "tiny.yaml", tc_yaml, strlen(tc_yaml), &d) < 0)
		diag_print(&d, stderr);
	ck_assert_uint_eq(d.errors, 0);
	diag_release(&d);
}

static void tc_teardown(void)
{
	exercise_release(&tc_ex);
	workdir_remove(tc_dir);
}

static void tc_grade(const char *name, struct grade *g)
{
	struct engine_options o = ENGINE_OPTIONS_DEFAULT;
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", tc_dir, name);
	grade_init(g);
	engine_grade(&tc_ex, path, &o, g);
}

static const struct grade_item *tc_find(const struct grade *g, const char *id)
{
	size_t i;

	for (i = 0; i < g->nchecks; i++)
		if (!strcmp(g->checks[i].id, id))
			return &g->checks[i];
	ck_abort_msg("no check '%s'", id);
	return NULL;
}

START_TEST(test_good)
{
	struct grade g;
	size_t i;

	tc_grade("good.c", &g);
	for (i = 0; i < g.nchecks; i++)
		ck_assert_msg(g.checks[i].status == ITEM_PASS, "%s: %s: %s", g.checks[i].id,
			      grade_item_status_name(g.checks[i].status), g.checks[i].message);
	ck_assert(g.score == 10 && g.max_score == 10);
	ck_assert_int_eq(g.status, GRADE_PASS);
	ck_assert_int_eq(grade_exit_code(&g), 0);
	ck_assert_uint_eq(g.nruns, 1);
	ck_assert_str_eq(g.runs[0].rec.outputs[0].out, "hola\n");
	ck_assert(g.build.attempted && g.build.ok);
	grade_release(&g);
}
END_TEST

START_TEST(test_wrong)
{
	struct grade g;
	const struct grade_item *c;

	tc_grade("small.c", &g);
	ck_assert_int_eq(tc_find(&g, "compiles")->status, ITEM_PASS);
	ck_assert_int_eq(tc_find(&g, "exit_ok")->status, ITEM_PASS);
	c = tc_find(&g, "created");
	ck_assert_int_eq(c->status, ITEM_FAIL);
	ck_assert_ptr_nonnull(strstr(c->message, "100"));
	ck_assert_str_eq(c->feedback, "Use 4096 bytes");
	c = tc_find(&g, "removed");
	ck_assert_int_eq(c->status, ITEM_SKIP);
	ck_assert_ptr_nonnull(strstr(c->message, "Creates the segment"));
	c = tc_find(&g, "no_leaks");
	ck_assert(c->hidden);
	ck_assert_int_eq(c->status, ITEM_FAIL);
	ck_assert(g.score == 3 && g.max_score == 10);
	ck_assert_int_eq(grade_exit_code(&g), 1);
	grade_release(&g);
}
END_TEST

START_TEST(test_broken)
{
	struct grade g;

	tc_grade("broken.c", &g);
	ck_assert(g.build.attempted && !g.build.ok);
	ck_assert_ptr_nonnull(g.build.output);
	ck_assert_ptr_nonnull(strstr(g.build.output, "error:"));
	ck_assert_ptr_nonnull(strstr(g.build.output, "broken.c:1"));
	ck_assert_uint_ge(g.build.errors, 1);
	ck_assert_int_eq(tc_find(&g, "compiles")->status, ITEM_FAIL);
	ck_assert_int_eq(tc_find(&g, "exit_ok")->status, ITEM_SKIP);
	ck_assert_int_eq(tc_find(&g, "no_leaks")->status, ITEM_FAIL);
	ck_assert(g.score == 0);
	ck_assert_ptr_null(g.error);
	ck_assert_int_eq(g.status, GRADE_FAIL); /* the student's, never 2 */
	ck_assert_int_eq(grade_exit_code(&g), 1);
	ck_assert_uint_eq(g.nruns, 0);
	grade_release(&g);
}
END_TEST

START_TEST(test_makefile)
{
	struct grade g;

	tc_grade("folder", &g);
	ck_assert_msg(g.status == GRADE_PASS, "folder: %s / %s", grade_status_name(g.status),
		      g.build.output ? g.build.output : "");
	ck_assert(g.score == 10);
	/* make found its working directory (getcwd works inside the run) */
	ck_assert_ptr_nonnull(strstr(g.build.output, "CURDIR=/"));
	ck_assert_ptr_null(strstr(g.build.output, "getcwd"));
	grade_release(&g);
}
END_TEST

START_TEST(test_missing)
{
	struct grade g;

	tc_grade("nothing-here.c", &g);
	ck_assert_int_eq(g.status, GRADE_ERROR);
	ck_assert_ptr_nonnull(g.error);
	ck_assert_ptr_nonnull(strstr(g.error, "nothing-here.c"));
	ck_assert_int_eq(grade_exit_code(&g), 2);
	ck_assert_int_eq(tc_find(&g, "compiles")->status, ITEM_ERROR);
	grade_release(&g);
}
END_TEST

START_TEST(test_count_lines)
{
	ck_assert_uint_eq(
		build_count_lines("a.c:1: warning: x\nnote\na.c:2: warning: y", "warning:"), 2);
	ck_assert_uint_eq(build_count_lines("", "error:"), 0);
	ck_assert_uint_eq(build_count_lines(NULL, "error:"), 0);
}
END_TEST

START_TEST(test_verdict_helpers)
{
	size_t n, m;
	char **a = verdict_split("removed, created ,no_leaks", &n);
	char **b = verdict_split("no_leaks,removed,created", &m);
	char **p = verdict_split("pass", &m);
	char *s;

	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(a[0], "created");
	ck_assert(verdict_same(a, n, b, 3));
	ck_assert(!verdict_same(a, n, a, 2));
	ck_assert_uint_eq(m, 0);
	s = verdict_join(a, n);
	ck_assert_str_eq(s, "created,no_leaks,removed");
	free(s);
	s = verdict_join(p, 0);
	ck_assert_str_eq(s, "pass");
	free(s);
	strv_free(a, n);
	strv_free(b, 3);
	strv_free(p, 0);
}
END_TEST

/* "id?": may fail (issue 15, point 6); the golden table of what a line
 * gives and which obtained lists it accepts. */
static const struct {
	const char *checks, *got;
	bool ok;
} tc_maybe[] = {
	{ "counter_exact?,sem_used", "counter_exact,sem_used", true },
	{ "counter_exact?,sem_used", "sem_used", true },
	{ "counter_exact?,sem_used", "counter_exact", false },	   /* sem_used must fail */
	{ "counter_exact?,sem_used", "sem_used,no_leaks", false }, /* nothing else may */
	{ "counter_exact?", "pass", true },
	{ "counter_exact?", "counter_exact", true },
	{ "a?,b?", "b", true },
	{ "pass", "counter_exact", false },
};

static int tc_table(struct verdict_table *t, const char *checks, struct diag_list *d)
{
	char path[] = "/tmp/shmgrade-verdicts.XXXXXX";
	int fd = mkstemp(path), r;
	FILE *f = fdopen(fd, "w");

	fprintf(f, "# comment\nex\tmutant.c\t%s\n", checks);
	fclose(f);
	verdict_table_init(t);
	diag_init(d, path);
	r = verdict_table_load(t, path, d);
	unlink(path);
	return r;
}

START_TEST(test_verdict_maybe)
{
	struct verdict_table t;
	struct diag_list d;
	size_t ngot;
	char **got = verdict_split(tc_maybe[_i].got, &ngot), *s;

	ck_assert_int_eq(tc_table(&t, tc_maybe[_i].checks, &d), 0);
	ck_assert_msg(verdict_matches(&t.v[0], got, ngot) == tc_maybe[_i].ok, "%s vs got %s",
		      tc_maybe[_i].checks, tc_maybe[_i].got);
	s = verdict_expected_text(&t.v[0]);
	ck_assert_str_eq(s, tc_maybe[_i].checks);
	free(s);
	strv_free(got, ngot);
	verdict_table_release(&t);
	diag_release(&d);
}
END_TEST

START_TEST(test_verdict_maybe_errors)
{
	static const char *const bad[] = { "pass?", "?", "a,a?", "a?,b,a?" };
	struct verdict_table t;
	struct diag_list d;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(tc_table(&t, bad[i], &d) < 0, "'%s' was accepted", bad[i]);
		ck_assert_uint_eq(t.n, 0);
		verdict_table_release(&t);
		diag_release(&d);
	}
}
END_TEST

Suite *engine_suite(void);
Suite *engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("engine");
	TCase *tu = tcase_create("helpers");

	tcase_add_checked_fixture(tc, tc_setup, tc_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_good);
	tcase_add_test(tc, test_wrong);
	tcase_add_test(tc, test_broken);
	tcase_add_test(tc, test_makefile);
	tcase_add_test(tc, test_missing);
	tcase_add_test(tu, test_count_lines);
	tcase_add_test(tu, test_verdict_helpers);
	tcase_add_loop_test(tu, test_verdict_maybe, 0, sizeof(tc_maybe) / sizeof(tc_maybe[0]));
	tcase_add_test(tu, test_verdict_maybe_errors);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tu);
	return s;
}
