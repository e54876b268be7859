/*
 * test_helpers.c - the helpers layer (util/): whole reads and writes that
 * behave like system calls (short writes, EINTR, errno kept), the EINTR
 * retry, ARRAY_SIZE, the monotonic clock, xvasprintf and the jansson
 * wrapper.
 *
 * The EINTR tests interrupt a blocked call with a SIGALRM whose handler has
 * no SA_RESTART, from an interval timer; each first shows that a plain
 * read() under the same timer does fail with EINTR, so the helper's pass is
 * not luck. Process state (handlers, timers, rlimits) is changed only in a
 * forked child, which reports by its exit status.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "graders/report/report.h"
#include "graders/rules/rules.h"
#include "graders/rules/rules_util.h"
#include "harness/record.h"
#include "harness/run.h"
#include "harness/xlat.h"
#include "util/xjson.h"
#include "util/util.h"
#include "util/xalloc.h"

#define HELPERS_BIG (1 << 20)

static volatile sig_atomic_t helpers_alarms;

static void helpers_on_alarm(int sig)
{
	(void)sig;
	helpers_alarms++;
}

/* SIGALRM every ms, without SA_RESTART: blocked reads and writes fail
 * with EINTR (or return short, when some bytes moved). */
static void helpers_alarm_every_ms(void)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 1000 }, { 0, 1000 } };

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = helpers_on_alarm;
	sa.sa_flags = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

static void helpers_alarm_stop(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

static int helpers_wait(pid_t pid)
{
	int st;

	ck_assert_int_eq(EINTR_RETRY(waitpid(pid, &st, 0)), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static unsigned char helpers_byte(size_t i)
{
	return (unsigned char)(i * 7 + i / 251);
}

/* A writer blocked on a full pipe is interrupted again and again while
 * the reader drains it slowly: write() returns short counts (and EINTR),
 * and util_write_all must still deliver every byte in order. */
START_TEST(test_write_all_short_writes_pipe)
{
	unsigned char *buf = malloc(HELPERS_BIG), chunk[4096];
	size_t got = 0, i;
	int pfd[2], bad = 0;
	ssize_t n;
	pid_t pid;

	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(pipe2(pfd, O_CLOEXEC), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(pfd[0]);
		for (i = 0; i < HELPERS_BIG; i++)
			buf[i] = helpers_byte(i);
		helpers_alarm_every_ms();
		if (util_write_all(pfd[1], buf, HELPERS_BIG) < 0)
			_exit(10);
		helpers_alarm_stop();
		_exit(helpers_alarms > 0 ? 0 : 11);
	}
	close(pfd[1]);
	while ((n = EINTR_RETRY(read(pfd[0], chunk, sizeof(chunk)))) > 0) {
		for (i = 0; i < (size_t)n; i++)
			bad += chunk[i] != helpers_byte(got + i);
		got += (size_t)n;
		usleep(50);
	}
	close(pfd[0]);
	free(buf);
	ck_assert_int_eq(helpers_wait(pid), 0);
	ck_assert_uint_eq(got, HELPERS_BIG);
	ck_assert_int_eq(bad, 0);
}
END_TEST

/* RLIMIT_FSIZE cuts a write short (to the limit) and fails the next with
 * EFBIG: util_write_all goes on after the short write and returns -1 with
 * the failing write's errno, not a stale one. */
START_TEST(test_write_all_short_then_error_keeps_errno)
{
	char path[] = "/tmp/shmgrade-helpers-XXXXXX", buf[3000];
	struct rlimit rl = { 1000, 1000 };
	struct stat st;
	pid_t pid;
	int fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	memset(buf, 'x', sizeof(buf));
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(10);
		errno = 0;
		if (util_write_all(fd, buf, sizeof(buf)) != -1)
			_exit(11);
		_exit(errno == EFBIG ? 0 : 12);
	}
	ck_assert_int_eq(helpers_wait(pid), 0);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_eq(st.st_size, 1000); /* the short write did land */
	close(fd);
	unlink(path);
}
END_TEST

START_TEST(test_write_all_errno_kept)
{
	int pfd[2];
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);

	ck_assert_int_eq(pipe2(pfd, O_CLOEXEC), 0);
	errno = 0;
	ck_assert_int_eq(util_write_all(pfd[0], "x", 1), -1); /* the read end */
	ck_assert_int_eq(errno, EBADF);
	close(pfd[0]);
	errno = 0;
	ck_assert_int_eq(util_write_all(pfd[1], "x", 1), -1);
	ck_assert_int_eq(errno, EPIPE);
	close(pfd[1]);
	signal(SIGPIPE, old);
	ck_assert_int_eq(util_write_all(-1, "", 0), 0); /* nothing to write */
}
END_TEST

/* A reader blocked on an empty pipe gets EINTR from every alarm; a plain
 * read() shows it, util_read_all and EINTR_RETRY retry until the data or
 * the end comes. The parent writes in two parts, 20 ms apart, once the
 * child says (on a second pipe) it saw the EINTR: under load the child
 * may start late, and its first read must find the pipe empty. Between
 * the two parts the child cannot be anywhere but in util_read_all (it
 * wants 100 bytes, 60 are there), so an alarm of those 20 ms lands there. */
START_TEST(test_read_all_eintr)
{
	int pfd[2], ready[2];
	pid_t pid;
	char c;

	ck_assert_int_eq(pipe2(pfd, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(ready, O_CLOEXEC), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char buf[200];
		ssize_t n;

		close(pfd[1]);
		close(ready[0]);
		helpers_alarm_every_ms();
		errno = 0;
		if (read(pfd[0], &c, 1) != -1 || errno != EINTR)
			_exit(10); /* the setup does interrupt */
		helpers_alarms = 0;
		if (util_write_all(ready[1], "r", 1) < 0)
			_exit(15);
		n = util_read_all(pfd[0], buf, 100);
		if (n != 100 || memcmp(buf, "abcd", 4) || buf[99] != 'z')
			_exit(11);
		if (helpers_alarms == 0)
			_exit(12);
		n = util_read_all(pfd[0], buf, sizeof(buf)); /* 50 left, then the end */
		if (n != 50)
			_exit(13);
		n = EINTR_RETRY(read(pfd[0], buf, sizeof(buf)));
		_exit(n == 0 ? 0 : 14);
	}
	{
		char data[150];

		signal(SIGPIPE, SIG_IGN); /* a child that failed early */
		close(pfd[0]);
		close(ready[1]);
		memset(data, '.', sizeof(data));
		memcpy(data, "abcd", 4);
		data[99] = 'z';
		ck_assert_int_eq(util_read_all(ready[0], &c, 1), 1);
		close(ready[0]);
		usleep(20000);
		ck_assert_int_eq(util_write_all(pfd[1], data, 60), 0);
		usleep(20000);
		ck_assert_int_eq(util_write_all(pfd[1], data + 60, 90), 0);
		usleep(20000);
		close(pfd[1]);
	}
	ck_assert_int_eq(helpers_wait(pid), 0);
}
END_TEST

START_TEST(test_read_all_errno_kept)
{
	char c;

	errno = 0;
	ck_assert_int_eq(util_read_all(-1, &c, 1), -1);
	ck_assert_int_eq(errno, EBADF);
	ck_assert_int_eq(util_read_all(-1, &c, 0), 0);
}
END_TEST

START_TEST(test_write_file_at)
{
	char dir[] = "/tmp/shmgrade-helpers-XXXXXX", buf[16];
	struct stat st;
	int dfd, fd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(dfd, 0);
	ck_assert_int_eq(util_write_file_at(dfd, "f", O_CREAT | O_EXCL, 0600, "hello", 5), 0);
	fd = openat(dfd, "f", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(util_read_all(fd, buf, sizeof(buf)), 5);
	ck_assert_int_eq(memcmp(buf, "hello", 5), 0);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	close(fd);
	errno = 0;
	ck_assert_int_eq(util_write_file_at(dfd, "f", O_CREAT | O_EXCL, 0600, "x", 1), -1);
	ck_assert_int_eq(errno, EEXIST);
	errno = 0;
	ck_assert_int_eq(util_write_file_at(dfd, "none/f", O_CREAT, 0600, "x", 1), -1);
	ck_assert_int_eq(errno, ENOENT);
	errno = 0;
	ck_assert_int_eq(util_write_file_at(dfd, "g", 0, 0, "x", 1), -1); /* no O_CREAT */
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(unlinkat(dfd, "f", 0), 0);
	close(dfd);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

START_TEST(test_array_size_and_clock)
{
	static const char *const names[] = { "a", "b", "c" };
	int nums[7];
	long long t0, t1;

	ck_assert_uint_eq(ARRAY_SIZE(names), 3);
	ck_assert_uint_eq(ARRAY_SIZE(nums), 7);
	t0 = util_monotonic_ns();
	usleep(10000);
	t1 = util_monotonic_ns();
	ck_assert_int_ge(t1 - t0, 10000000LL);
	ck_assert_int_lt(t1 - t0, 10000000000LL);
}
END_TEST

static char *helpers_vfmt(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

START_TEST(test_xvasprintf)
{
	char *s = helpers_vfmt("%s=%d %.1f", "n", 42, 0.5);

	ck_assert_str_eq(s, "n=42 0.5"); /* the "C" locale, always */
	free(s);
	s = xasprintf("%05u", 7u);
	ck_assert_str_eq(s, "00007");
	free(s);
}
END_TEST

START_TEST(test_xjson)
{
	json_t *a = xjson(json_array()), *o = xjson_pack("{s:i, s:s}", "n", 1, "s", "x");
	char *text;

	xjson_push(a, json_integer(2));
	xjson_set(o, "a", a);
	text = xjson_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	ck_assert_str_eq(text, "{\"n\":1,\"s\":\"x\",\"a\":[2]}");
	free(text);
	json_decref(o);
}
END_TEST

/* A NULL from jansson is the grader's failure: exit status 2. */
START_TEST(test_xjson_null_exits_2)
{
	xjson_pack("{s:s}", "k", (const char *)NULL);
}
END_TEST

/* The array in a static (volatile: a store never read would be dropped):
 * LeakSanitizer, at the exit, sees it still reachable (only the exit
 * status is under test). */
static json_t *volatile test_helpers_array;

START_TEST(test_xjson_push_null_exits_2)
{
	test_helpers_array = xjson(json_array());
	xjson_push(test_helpers_array, NULL);
}
END_TEST

START_TEST(test_find_program)
{
	char *sh = util_find_program("sh");

	ck_assert_ptr_nonnull(sh);
	ck_assert_int_eq(sh[0], '/');
	ck_assert_int_eq(access(sh, X_OK), 0);
	free(sh);
	ck_assert_ptr_null(util_find_program("shmgrade-no-such-program"));
	ck_assert_ptr_null(util_find_program(""));
}
END_TEST

/* ---- one owner per fact: each table is read through its one home ---- */

START_TEST(test_one_home_call_names)
{
	int i, k;

	for (i = 0; i < CALL_COUNT_; i++) {
		ck_assert_str_ne(ipc_call_name((enum ipc_call)i), "unknown");
		for (k = 0; k < i; k++)
			ck_assert_str_ne(ipc_call_name((enum ipc_call)i),
					 ipc_call_name((enum ipc_call)k));
	}
	/* The rules' choices are the selectable calls, by the same names. */
	for (i = 0; i <= CALL_EXIT; i++)
		ck_assert_str_eq(rule_call_choices[i], ipc_call_name((enum ipc_call)i));
	ck_assert_ptr_null(rule_call_choices[CALL_EXIT + 1]);
}
END_TEST

START_TEST(test_one_home_report_formats)
{
	char list[256] = "";
	unsigned mask;
	const char *bad;
	int f, k, badlen;

	for (f = 0; f < REPORT_COUNT_; f++) {
		ck_assert_str_ne(report_format_name((enum report_format)f), "?");
		ck_assert_str_ne(report_file_name((enum report_format)f), "?");
		ck_assert_ptr_nonnull(
			strstr(report_formats_known(), report_format_name((enum report_format)f)));
		for (k = 0; k < f; k++)
			ck_assert_str_ne(report_file_name((enum report_format)f),
					 report_file_name((enum report_format)k));
		strcat(list, f ? "," : "");
		strcat(list, report_format_name((enum report_format)f));
	}
	ck_assert_int_eq(report_formats_parse(list, &mask, &bad, &badlen), 0);
	ck_assert_uint_eq(mask, (1u << REPORT_COUNT_) - 1);
	ck_assert_str_eq(report_formats_known(),
			 "text, json, junit, gradescope, github, tap, csv, html");
	ck_assert_int_eq(report_formats_parse("json,nope", &mask, &bad, &badlen), -1);
	ck_assert_int_eq(badlen, 4);
}
END_TEST

START_TEST(test_one_home_signal_names)
{
	char buf[32];

	ck_assert_str_eq(rules_signal_name(SIGSEGV, buf), xlat_signal_name(SIGSEGV));
	ck_assert_str_eq(rules_signal_name(SIGKILL, buf), "SIGKILL");
	ck_assert_str_eq(rules_signal_name(42, buf), "signal 42");
}
END_TEST

START_TEST(test_one_home_default_env)
{
	ck_assert_str_eq(run_default_env[0], "PATH=/usr/bin:/bin");
	ck_assert_str_eq(run_default_env[1], "HOME=/tmp");
	ck_assert_str_eq(run_default_env[2], "LANG=C.UTF-8");
	ck_assert_ptr_null(run_default_env[3]);
}
END_TEST

Suite *helpers_suite(void);

Suite *helpers_suite(void)
{
	Suite *s = suite_create("helpers");
	TCase *io = tcase_create("io"), *misc = tcase_create("misc"), *one;

	tcase_set_timeout(io, 30);
	tcase_add_test(io, test_write_all_short_writes_pipe);
	tcase_add_test(io, test_write_all_short_then_error_keeps_errno);
	tcase_add_test(io, test_write_all_errno_kept);
	tcase_add_test(io, test_read_all_eintr);
	tcase_add_test(io, test_read_all_errno_kept);
	tcase_add_test(io, test_write_file_at);
	suite_add_tcase(s, io);
	tcase_add_test(misc, test_array_size_and_clock);
	tcase_add_test(misc, test_xvasprintf);
	tcase_add_test(misc, test_xjson);
	tcase_add_exit_test(misc, test_xjson_null_exits_2, 2);
	tcase_add_exit_test(misc, test_xjson_push_null_exits_2, 2);
	tcase_add_test(misc, test_find_program);
	suite_add_tcase(s, misc);
	one = tcase_create("one_home");
	tcase_add_test(one, test_one_home_call_names);
	tcase_add_test(one, test_one_home_report_formats);
	tcase_add_test(one, test_one_home_signal_names);
	tcase_add_test(one, test_one_home_default_env);
	suite_add_tcase(s, one);
	return s;
}
