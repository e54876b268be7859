/*
 * test_replay.c - the rebuild's plan (graders/engine/build_replay.h) from
 * command lists a hostile Makefile could leave: what is repeated, what is
 * refused, what is never read.
 */
#include <check.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graders/engine/build_replay.h"
#include "harness/rmtree.h"

static char rp_base[32] = "/tmp/shmgrade-replay-XXXXXX";
static char rp_made[128], rp_fresh[128];
static struct exercise rp_ex;
static struct build_replay rp;
static int rp_seq;

static void rp_file(const char *dir, const char *name, const char *text)
{
	char p[PATH_MAX];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void rp_setup(void)
{
	char p[PATH_MAX];

	strcpy(rp_base, "/tmp/shmgrade-replay-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(rp_base));
	snprintf(rp_made, sizeof(rp_made), "%s/made", rp_base);
	snprintf(rp_fresh, sizeof(rp_fresh), "%s/fresh", rp_base);
	ck_assert_int_eq(mkdir(rp_made, 0700), 0);
	ck_assert_int_eq(mkdir(rp_fresh, 0700), 0);
	snprintf(p, sizeof(p), "%s/%s", rp_made, BUILD_REPLAY_LOG);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/src", rp_fresh);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	rp_file(rp_fresh, "prog.c", "int main(void) { return 0; }\n");
	rp_file(rp_fresh, "src/a.c", "int a(void) { return 0; }\n");
	memset(&rp_ex, 0, sizeof(rp_ex));
	build_replay_init(&rp);
	rp_seq = 0;
}

static void rp_teardown(void)
{
	build_replay_release(&rp);
	rmtree(rp_base);
}

/* One command the wrappers would have written: run in made/SUB ("" for
 * made itself), with the arguments up to NULL. */
static void rp_log(const char *sub, ...)
{
	char p[PATH_MAX];
	const char *a;
	va_list ap;
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s/%d-0", rp_made, BUILD_REPLAY_LOG, ++rp_seq);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "%s%s%s%c", rp_made, *sub ? "/" : "", sub, 0);
	va_start(ap, sub);
	while ((a = va_arg(ap, const char *)))
		fprintf(f, "%s%c", a, 0);
	va_end(ap);
	fclose(f);
}

static int rp_plan(void)
{
	return build_replay_plan(&rp_ex, "/usr/bin/gcc", rp_made, rp_fresh, &rp);
}

START_TEST(test_replay_compile_then_link)
{
	/* logged link first: compiles are repeated before links */
	rp_log("", "-o", "prog", "prog.o", "src/a.o", "-lm", NULL);
	rp_log("", "-c", "-O2", "-Wall", "-DX=1", "-o", "prog.o", "prog.c", NULL);
	rp_log("src", "-c", "a.c", NULL);
	ck_assert_msg(rp_plan() == 0, "%s: %s", rp.command, rp.why);
	ck_assert_uint_eq(rp.ncommands, 3);
	ck_assert(build_replay_links(&rp, "prog"));
	ck_assert(!build_replay_links(&rp, "prog.o"));
	ck_assert_ptr_nonnull(strstr(rp.script, "' -H "));
	ck_assert_ptr_nonnull(strstr(rp.script, "'./src/a.c'"));
	ck_assert(strstr(rp.script, "'./prog.c'") < strstr(rp.script, "'./src/a.o' '-lm'"));
}
END_TEST

START_TEST(test_replay_probes_skipped)
{
	rp_log("", "--version", NULL);
	rp_log("", "-c", "prog.c", "-o", "/dev/null", NULL);
	rp_log("", "-MM", "prog.c", NULL);
	rp_log("", "-o", "prog", "prog.c", NULL);
	ck_assert_int_eq(rp_plan(), 0);
	ck_assert_uint_eq(rp.ncommands, 1);
}
END_TEST

/* Each of these must be refused, naming the culprit. */
static const struct {
	const char *args[8];
	const char *why;
} rp_refused[] = {
	{ { "-o", "prog", "x.o", NULL }, "x.o" },	      /* an object no compile made */
	{ { "-o", "prog", "gen.c", NULL }, "gen.c" },	      /* a source not handed in */
	{ { "-o", "prog", "prog.c", "x.ld", NULL }, "x.ld" }, /* a linker script */
	{ { "-o", "prog", "prog.c", "-L.", "-lx", NULL }, "-L." },
	{ { "-o", "prog", "prog.c", "-Wl,--format=binary", NULL }, "-Wl," },
	{ { "-o", "../prog", "prog.c", NULL }, "../prog" }, /* out of the folder */
	{ { "-o", "prog", "/etc/passwd.c", NULL }, "/etc/passwd.c" },
	{ { "-include", "gen.h", "-o", "prog", "prog.c", NULL }, "gen.h" },
	{ { "-c", "-o", "prog", "prog.c", NULL }, "prog" }, /* a compile writes *.o */
	{ { "-x", "c", "-o", "prog", "notes.txt", NULL }, "-x" },
	{ { "-o", "prog", "prog.c", "-l:libx.a", NULL }, "-l:libx.a" },
	{ { "-fplugin=./p.so", "-o", "prog", "prog.c", NULL }, "-fplugin" },
	{ { "-B.", "-o", "prog", "prog.c", NULL }, "-B." },
};

START_TEST(test_replay_refused)
{
	const char *const *a = rp_refused[_i].args;

	rp_log("", a[0], a[1], a[2], a[3], a[4], a[5], a[6], NULL);
	ck_assert_int_eq(rp_plan(), -1);
	ck_assert_ptr_nonnull(rp.why);
	ck_assert_msg(strstr(rp.why, rp_refused[_i].why), "case %d: %s", _i, rp.why);
	ck_assert_ptr_null(rp.script);
}
END_TEST

START_TEST(test_replay_ran_outside)
{
	char p[PATH_MAX];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s/1-0", rp_made, BUILD_REPLAY_LOG);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "/tmp%c-o%cprog%cprog.c%c", 0, 0, 0, 0);
	fclose(f);
	ck_assert_int_eq(rp_plan(), -1);
	ck_assert_ptr_nonnull(strstr(rp.why, "/tmp"));
}
END_TEST

/* A link in the list to a host file is not read: nothing of it may reach a
 * report (shmgrade may be root). */
START_TEST(test_replay_links_not_read)
{
	char p[PATH_MAX], secret[PATH_MAX];

	snprintf(secret, sizeof(secret), "%s/secret", rp_base);
	rp_file(rp_base, "secret", "TOPSECRET");
	snprintf(p, sizeof(p), "%s/%s/1-0", rp_made, BUILD_REPLAY_LOG);
	ck_assert_int_eq(symlink(secret, p), 0);
	ck_assert_int_eq(rp_plan(), 0);
	ck_assert_uint_eq(rp.ncommands, 0);
	ck_assert_ptr_null(strstr(rp.script, "TOPSECRET"));
}
END_TEST

Suite *replay_suite(void);

Suite *replay_suite(void)
{
	Suite *s = suite_create("replay");
	TCase *tc = tcase_create("plan");

	tcase_add_checked_fixture(tc, rp_setup, rp_teardown);
	tcase_add_test(tc, test_replay_compile_then_link);
	tcase_add_test(tc, test_replay_probes_skipped);
	tcase_add_loop_test(tc, test_replay_refused, 0,
			    (int)(sizeof(rp_refused) / sizeof(rp_refused[0])));
	tcase_add_test(tc, test_replay_ran_outside);
	tcase_add_test(tc, test_replay_links_not_read);
	suite_add_tcase(s, tc);
	return s;
}
