/*
 * test_timeline.c - the readable trace: expected lines, and colour only
 * when asked for.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>

#include "harness/record.h"
#include "harness/timeline.h"
#include "tests/test_util.h"

static struct run_record test_timeline_rec;

/* The sample record (test_util.h): parent 2 creates two segments, forks 3
 * (killed by SIGSEGV), removes one. */
static void test_timeline_setup(void)
{
	tu_sample_record(&test_timeline_rec);
}

static void test_timeline_teardown(void)
{
	record_release(&test_timeline_rec);
}

/* The timeline as a string (owned by the caller). */
static char *render(bool color)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	timeline_write(&test_timeline_rec, f, color);
	fclose(f);
	return buf;
}

static void assert_line(const char *text, const char *line)
{
	const char *p = strstr(text, line);

	ck_assert_msg(p != NULL, "missing \"%s\" in:\n%s", line, text);
	/* The match is a whole line or a line's tail after the time and pid. */
	ck_assert_msg(p[strlen(line)] == '\n', "\"%s\" does not end its line in:\n%s", line, text);
}

START_TEST(test_event_lines)
{
	char *t = render(false);

	assert_line(t, "    0.250 ms  [2] shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600) = 0");
	assert_line(t, "[2] shmat(0, NULL, 0) = 0x7f0000000000");
	assert_line(t, "[2] fork() = 3");
	assert_line(t, "[3] shmctl(0, IPC_STAT, {size=4096, nattch=2, cpid=2, mode=0600}) = 0");
	assert_line(t, "[2] shmget(0x00001234, 4096, IPC_CREAT|IPC_EXCL|0600) = 1");
	assert_line(t, "[2] shmget(0x00001234, 4096, IPC_CREAT|IPC_EXCL|0600) = -1 EEXIST");
	assert_line(t, "[2] semtimedop(0, [{0, -1, SEM_UNDO}], 1, NULL) = 0");
	assert_line(t, "[3] +++ killed by SIGSEGV +++");
	assert_line(t, "[2] shmdt(0x7f0000000000) = 0  [shmid 0]");
	assert_line(t, "[2] shmctl(0, IPC_RMID, NULL) = 0");
	assert_line(t, "[2] +++ exited with 0 +++");
	free(t);
}
END_TEST

START_TEST(test_lifecycle_and_verdict)
{
	char *t = render(false);

	assert_line(
		t,
		"\nsegment 0 key IPC_PRIVATE 4096 B 0600: created by 2, attached 1×, detached 1×, "
		"max nattch 2, removed by 2");
	assert_line(
		t,
		"\nsegment 1 key 0x00001234 4096 B 0600: created by 2, attached 0×, detached 0×, "
		"max nattch 0, LEAKED");
	assert_line(t, "\nok: exit code 0, 1 segment leaked (12.5 ms, namespace)");
	free(t);
}
END_TEST

START_TEST(test_no_color_unless_asked)
{
	char *plain = render(false), *colored = render(true);

	ck_assert_ptr_null(strchr(plain, '\033'));
	ck_assert_ptr_nonnull(strstr(colored, "\033[31m-1 EEXIST\033[0m"));
	ck_assert_ptr_nonnull(strstr(colored, "\033[1;31mLEAKED\033[0m"));
	ck_assert_ptr_nonnull(strstr(colored, "\033[32mok\033[0m"));
	free(plain);
	free(colored);
}
END_TEST

/* A file name the program chose cannot forge lines or colours. */
START_TEST(test_exec_name_escaped)
{
	struct event *ev = record_event_add(&test_timeline_rec);
	char *t;

	ev->pid = 2, ev->call = CALL_EXEC, ev->nargs = 1;
	ev->args[0].name = "filename";
	ev->args[0].kind = ARG_STR;
	ev->args[0].str = strdup("evil\n\033[31mFAKE\"");
	t = render(false);
	assert_line(t, "[2] exec(\"evil\\x0a\\x1b[31mFAKE\\x22\") = 0");
	ck_assert_ptr_null(strchr(t, '\033'));
	free(t);
}
END_TEST

START_TEST(test_failed_run_verdict)
{
	char *t;
	struct event *ev;
	struct sembuf ops[6] = { { 0 } };

	test_timeline_rec.status = RUN_SIGNALED;
	test_timeline_rec.signal = SIGSEGV;
	test_timeline_rec.exit_code = -1;
	test_timeline_rec.inventory.taken = false;
	record_set_message(&test_timeline_rec, "program killed by SIGSEGV");
	ev = tu_call_add(&test_timeline_rec, 2, 65, 0, 0x2000, 6, 0, 0);
	memcpy(ev->sops, ops, sizeof(ev->sops[0]) * 6);
	ev->nsops_read = 6;
	ev = tu_call_add(&test_timeline_rec, 2, 69, 4, 0x3000, 8, 0, -EAGAIN);
	ev->compat32 = true;
	record_finish(&test_timeline_rec, NULL, 0);
	t = render(false);
	assert_line(
		t,
		"\nsignaled: killed by SIGSEGV, leaks unknown (no inventory) (12.5 ms, namespace)");
	assert_line(t, "\nprogram killed by SIGSEGV");
	assert_line(t, "semop(0, [{0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, ...], 6) = 0");
	assert_line(t, "msgsnd(4, 0x3000, 8, 0) = -1 EAGAIN  [i386]");
	assert_line(t, "\nsemaphore set 0: used, but not created by a traced call, not removed");
	free(t);
}
END_TEST

Suite *timeline_suite(void);

Suite *timeline_suite(void)
{
	Suite *s = suite_create("timeline");
	TCase *t = tcase_create("text");

	tcase_add_checked_fixture(t, test_timeline_setup, test_timeline_teardown);
	tcase_add_test(t, test_event_lines);
	tcase_add_test(t, test_lifecycle_and_verdict);
	tcase_add_test(t, test_no_color_unless_asked);
	tcase_add_test(t, test_failed_run_verdict);
	tcase_add_test(t, test_exec_name_escaped);
	suite_add_tcase(s, t);
	return s;
}
