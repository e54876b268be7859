/*
 * test_rmtree.c - rmtree() on trees a hostile program could leave in its
 * run directory.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/rmtree.h"

static char base[] = "/tmp/shmgrade-rmtree-XXXXXX";

static void rmtree_setup(void)
{
	strcpy(base, "/tmp/shmgrade-rmtree-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(base));
}

static void rmtree_teardown(void)
{
	rmtree(base);
}

/* A nest of n directories named "dddddddddd", made through descriptors
 * (its path is longer than PATH_MAX). */
static void make_nest(const char *top, int n)
{
	int fd = open(top, O_RDONLY | O_DIRECTORY), i, next;

	ck_assert_int_ge(fd, 0);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(mkdirat(fd, "dddddddddd", 0755), 0);
		next = openat(fd, "dddddddddd", O_RDONLY | O_DIRECTORY);
		ck_assert_int_ge(next, 0);
		close(fd);
		fd = next;
	}
	ck_assert_int_ge(openat(fd, "last-file", O_CREAT | O_WRONLY, 0600), 0);
	close(fd);
}

START_TEST(test_rmtree_hostile_tree)
{
	char tree[256], outside[256], p[PATH_MAX];
	struct stat st;
	FILE *f;

	snprintf(tree, sizeof(tree), "%s/run", base);
	snprintf(outside, sizeof(outside), "%s/outside-file", base);
	ck_assert_int_eq(mkdir(tree, 0755), 0);
	f = fopen(outside, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	/* A link out of the tree, to a file and to a directory: never followed. */
	snprintf(p, sizeof(p), "%s/link-file", tree);
	ck_assert_int_eq(symlink(outside, p), 0);
	snprintf(p, sizeof(p), "%s/link-dir", tree);
	ck_assert_int_eq(symlink(base, p), 0);
	/* A directory without any permission, with a file in it. */
	snprintf(p, sizeof(p), "%s/locked", tree);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/locked/f", tree);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/locked", tree);
	ck_assert_int_eq(chmod(p, 0), 0);
	make_nest(tree, 600); /* 6,600 characters of path */

	ck_assert_int_eq(rmtree(tree), 0);
	ck_assert_int_eq(lstat(tree, &st), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(stat(outside, &st), 0); /* the link's target stays */
}
END_TEST

START_TEST(test_rmtree_missing_and_file)
{
	char p[PATH_MAX];
	FILE *f;

	snprintf(p, sizeof(p), "%s/nothing", base);
	ck_assert_int_eq(rmtree(p), 0);
	snprintf(p, sizeof(p), "%s/plain", base);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_int_eq(rmtree(p), 0);
	ck_assert_int_eq(access(p, F_OK), -1);
}
END_TEST

Suite *rmtree_suite(void);

Suite *rmtree_suite(void)
{
	Suite *s = suite_create("rmtree");
	TCase *tc = tcase_create("rmtree");

	tcase_add_checked_fixture(tc, rmtree_setup, rmtree_teardown);
	tcase_add_test(tc, test_rmtree_hostile_tree);
	tcase_add_test(tc, test_rmtree_missing_and_file);
	suite_add_tcase(s, tc);
	return s;
}
