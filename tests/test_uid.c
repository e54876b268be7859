/*
 * test_uid.c - a root caller's programs run as a host uid of their own
 * (harness/run_uid.h): never 65534 (shared with every other run and
 * daemon), different for two runs at the same time, from the range given
 * by SHMGRADE_UIDS, and their run directory is theirs alone (0700). Each
 * run is made in a forked child: run_uid() keeps one uid per process.
 * As an ordinary user the programs are the caller: nothing to test.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/run.h"
#include "harness/run_uid.h"
#include "tests/test_util.h"

/* Run u_whoami (sleeping ms) in a child process, in mode; its stdout
 * comes back through a pipe. Returns the child's pid; *fd: the read end. */
static pid_t uid_spawn(const char *env, enum run_mode_request mode, const char *ms, int *fd)
{
	int p[2];
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct tu_opts o = TU_OPTS_DEFAULT;
		const char *args[] = { ms, NULL };
		struct run_record rec;
		const char *out;

		close(p[0]);
		if (env)
			setenv("SHMGRADE_UIDS", env, 1);
		o.mode = mode;
		tu_run(&rec, "progs", "u_whoami", args, &o);
		out = rec.status == RUN_OK ? tu_stdout(&rec) : "failed\n";
		if (write(p[1], out, strlen(out)) < 0)
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	*fd = p[0];
	return pid;
}

/* Wait for the child; parse "uid N dir MODE". */
static void uid_collect(pid_t pid, int fd, unsigned long *uid, unsigned *mode)
{
	char buf[128] = "";
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	int st = -1;

	close(fd);
	waitpid(pid, &st, 0);
	ck_assert_msg(n > 0 && sscanf(buf, "uid %lu dir %o", uid, mode) == 2, "the run said '%s'",
		      buf);
}

static void uid_two_at_once(enum run_mode_request mode)
{
	unsigned long a = 0, b = 0;
	unsigned ma = 0, mb = 0;
	int fa, fb;
	pid_t pa, pb;

	if (geteuid() != 0)
		TU_SKIP("not root: no uid of its own to give each run");
	pa = uid_spawn(NULL, mode, "1500", &fa);
	pb = uid_spawn(NULL, mode, "1500", &fb);
	uid_collect(pa, fa, &a, &ma);
	uid_collect(pb, fb, &b, &mb);
	ck_assert_uint_ne(a, 65534);
	ck_assert_uint_ne(a, 0);
	ck_assert_uint_ne(b, 65534);
	ck_assert_uint_ne(a, b);
	ck_assert_uint_eq(ma, 0700);
	ck_assert_uint_eq(mb, 0700);
}

START_TEST(test_uid_namespace)
{
	if (!tu_namespaces_expected())
		TU_SKIP("no namespaces here");
	uid_two_at_once(RUN_MODE_FORCE_NAMESPACE);
}
END_TEST

START_TEST(test_uid_fallback)
{
	uid_two_at_once(RUN_MODE_FORCE_FALLBACK);
}
END_TEST

/* SHMGRADE_UIDS chooses the range. */
START_TEST(test_uid_env)
{
	unsigned long u = 0;
	unsigned m = 0;
	int fd;
	pid_t pid;

	if (geteuid() != 0)
		TU_SKIP("not root: SHMGRADE_UIDS is not used");
	pid = uid_spawn("3000000:4", RUN_MODE_AUTO, "0", &fd);
	uid_collect(pid, fd, &u, &m);
	ck_assert(u == 3000000 || u == 3000002); /* slots of two uids */
}
END_TEST

/* The range's sources, and malformed values refused. */
START_TEST(test_uid_range)
{
	unsigned start = 0, count = 0;
	const char *src = NULL;

	setenv("SHMGRADE_UIDS", "100000:65536", 1);
	ck_assert_int_eq(run_uid_range(&start, &count, &src), 0);
	ck_assert_uint_eq(start, 100000);
	ck_assert_uint_eq(count, 65536);
	ck_assert_str_eq(src, "SHMGRADE_UIDS");
	setenv("SHMGRADE_UIDS", "0:10", 1);
	ck_assert_int_eq(run_uid_range(&start, &count, &src), -1);
	setenv("SHMGRADE_UIDS", "2147483000:10000", 1);
	ck_assert_int_eq(run_uid_range(&start, &count, &src), -1);
	setenv("SHMGRADE_UIDS", "5000:1", 1); /* a slot is two uids */
	ck_assert_int_eq(run_uid_range(&start, &count, &src), -1);
	setenv("SHMGRADE_UIDS", "12x:3", 1);
	ck_assert_int_eq(run_uid_range(&start, &count, &src), -1);
	unsetenv("SHMGRADE_UIDS");
	ck_assert_int_eq(run_uid_range(&start, &count, &src), 0);
	ck_assert(!strcmp(src, "default") || !strcmp(src, "/etc/subuid"));
}
END_TEST

/* Inside the run the program is an ordinary user, uid and gid 1000, named
 * "student" in its /etc/passwd and /etc/group; its segments are its own.
 * An IPC_SET from a zeroed struct gives the segment to root where the run
 * maps a root (a root caller), and the record shows the new owner; an
 * ordinary caller's run can map only one uid: EINVAL there. */
START_TEST(test_uid_student)
{
	struct tu_opts o = TU_OPTS_DEFAULT;
	struct run_record rec;
	const char *head = "uid 1000 gid 1000 name student\nowner 1000:1000 creator 1000:1000\n";
	const char *out;
	size_t i;

	if (!tu_namespaces_expected())
		TU_SKIP("no namespaces here");
	o.mode = RUN_MODE_FORCE_NAMESPACE;
	tu_run(&rec, "progs", "u_owner", NULL, &o);
	out = tu_stdout(&rec);
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	ck_assert_msg(!strncmp(out, head, strlen(head)), "the program saw: %s", out);
	ck_assert_uint_eq(rec.nsegments, 1);
	ck_assert(rec.segments[0].owner_known);
	if (geteuid() == 0) {
		ck_assert_ptr_nonnull(strstr(out, "set: done\nowner 0:0 mode 640\n"));
		ck_assert_uint_eq(rec.segments[0].uid, 0);
		ck_assert_uint_eq(rec.segments[0].gid, 0);
	} else {
		ck_assert_ptr_nonnull(strstr(out, "set: EINVAL\nowner 1000:1000 mode 600\n"));
		ck_assert_uint_eq(rec.segments[0].uid, 1000);
	}
	ck_assert_uint_eq(rec.segments[0].mode, geteuid() == 0 ? 0640 : 0600);
	/* The kernel's word (kstat.h) shows owners as the program saw them:
	 * no IPC_STAT looks rewritten. */
	for (i = 0; i < rec.nevents; i++)
		ck_assert_msg(rec.events[i].ds_mismatch == 0, "event %zu: the buffer differs", i);
	record_release(&rec);
}
END_TEST

Suite *uid_suite(void);

Suite *uid_suite(void)
{
	Suite *s = suite_create("uid");
	TCase *tc = tcase_create("uid");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_uid_range);
	tcase_add_test(tc, test_uid_env);
	tcase_add_test(tc, test_uid_namespace);
	tcase_add_test(tc, test_uid_fallback);
	tcase_add_test(tc, test_uid_student);
	suite_add_tcase(s, tc);
	return s;
}
