/*
 * test_integrity.c - a submission cannot forge its grade (issue 7): hostile
 * programs (tests/hostile/h_*.c) graded end to end by the check engine.
 *
 * ftok keys: an exercise's key ftok(clave.txt, 65) is the one the file gave
 * before the run. A program that deletes or replaces the file during the run
 * never turns a check into ERROR (the grader's failure, exit 2): the key it
 * used is judged against the original one (h_keyfile.c).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graders/check.h"
#include "graders/diag.h"
#include "graders/exercise_load.h"
#include "graders/i18n.h"

#define IT_MODES 4
static const char *const it_modes[IT_MODES] = { "keep", "unlink-after", "replace-after",
						 "replace-before" };

/* One run per mode of h_keyfile, and three keyed checks on each. */
static char *it_keyfile_yaml(void)
{
	size_t cap = 8192, len = 0, m;
	char *y = malloc(cap);

	ck_assert_ptr_nonnull(y);
	len += (size_t)snprintf(y + len, cap - len,
				"id: keyfile\ntitle: Key file\npoints: %d\nruns:\n", IT_MODES * 3);
	for (m = 0; m < IT_MODES; m++)
		len += (size_t)snprintf(y + len, cap - len,
					"  - id: %s\n    files: [clave.txt]\n"
					"    programs:\n      - args: [%s]\n",
					it_modes[m], it_modes[m]);
	len += (size_t)snprintf(y + len, cap - len, "checks:\n");
	for (m = 0; m < IT_MODES; m++)
		len += (size_t)snprintf(
		    y + len, cap - len,
		    "  - {id: created-%s, title: c, points: 1, rule: segment_created, runs: [%s],"
		    " with: {count: 1, key: \"ftok(clave.txt, 65)\"}}\n"
		    "  - {id: removed-%s, title: r, points: 1, rule: removed, runs: [%s],"
		    " with: {key: \"ftok(clave.txt, 'A')\"}}\n"
		    "  - {id: nattch-%s, title: n, points: 1, rule: max_nattch, runs: [%s],"
		    " with: {at_least: 1, key: \"ftok(clave.txt, 65)\"}}\n",
		    it_modes[m], it_modes[m], it_modes[m], it_modes[m], it_modes[m], it_modes[m]);
	ck_assert_uint_lt(len, cap);
	return y;
}

static const struct check_outcome *it_find(const struct grade *g, const char *prefix,
					   const char *mode)
{
	char id[64];
	size_t i;

	snprintf(id, sizeof(id), "%s-%s", prefix, mode);
	for (i = 0; i < g->nchecks; i++)
		if (!strcmp(g->checks[i].id, id))
			return &g->checks[i];
	ck_abort_msg("no check '%s'", id);
	return NULL;
}

START_TEST(test_keyfile_changed)
{
	static const char *const checks[] = { "created", "removed", "nattch" };
	struct check_options o = CHECK_OPTIONS_DEFAULT;
	struct exercise ex;
	struct diag_list d;
	struct grade g;
	char *yaml = it_keyfile_yaml();
	const struct check_outcome *c;
	size_t m, k;

	i18n_setup("en", NULL);
	diag_init(&d, "keyfile.yaml");
	exercise_init(&ex);
	if (exercise_load_buffer(&ex, "keyfile.yaml", yaml, strlen(yaml), &d) < 0)
		diag_print(&d, stderr);
	ck_assert_uint_eq(d.errors, 0);
	diag_release(&d);
	grade_init(&g);
	check_submission(&ex, "tests/hostile/h_keyfile.c", &o, &g);
	ck_assert_msg(g.build.ok, "h_keyfile.c did not build: %s", g.build.output ? g.build.output : "");
	for (m = 0; m < IT_MODES; m++) {
		bool forged = !strcmp(it_modes[m], "replace-before");

		for (k = 0; k < 3; k++) {
			c = it_find(&g, checks[k], it_modes[m]);
			/* Never the grader's failure; the right key passes, a
			 * key from a replaced file does not. */
			ck_assert_msg(c->status == (forged ? CHECK_FAIL : CHECK_PASS), "%s-%s: %s: %s",
				      checks[k], it_modes[m], check_status_name(c->status), c->message);
		}
	}
	c = it_find(&g, "created", "replace-before");
	ck_assert_msg(strstr(c->message, "the program deleted or replaced 'clave.txt'"), "%s",
		      c->message);
	ck_assert_int_eq(g.status, GRADE_FAIL);
	ck_assert_int_eq(grade_exit_code(&g), 1);
	grade_release(&g);
	exercise_release(&ex);
	free(yaml);
}
END_TEST

Suite *integrity_suite(void);
Suite *integrity_suite(void)
{
	Suite *s = suite_create("integrity");
	TCase *tc = tcase_create("integrity");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_keyfile_changed);
	suite_add_tcase(s, tc);
	return s;
}
