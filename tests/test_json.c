/*
 * test_json.c - record_to_json()/record_json_write(): the contract of
 * `trace --json` (doc/shmgrade.1, JSON OUTPUT), parsed back.
 */
#include <check.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/record.h"
#include "harness/record_json.h"
#include "tests/test_util.h"

static struct run_record test_json_rec;

/* The sample record (test_util.h): parent 2 creates two segments, forks 3
 * (killed by SIGSEGV), removes one. */
static void test_json_setup(void)
{
	tu_sample_record(&test_json_rec);
}

static void test_json_teardown(void)
{
	record_release(&test_json_rec);
}

/* Serialize through record_json_write and parse back. */
static json_t *roundtrip(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_error_t err;
	json_t *j;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(record_json_write(&test_json_rec, f), 0);
	fclose(f);
	ck_assert_msg(len > 0 && buf[len - 1] == '\n', "no final newline");
	j = json_loads(buf, JSON_ALLOW_NUL, &err);
	ck_assert_msg(j != NULL, "invalid JSON: %s", err.text);
	free(buf);
	return j;
}

static json_t *at(json_t *arr, size_t i)
{
	json_t *v = json_array_get(arr, i);

	ck_assert_msg(v != NULL, "no element %zu", i);
	return v;
}

static json_t *get(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	ck_assert_msg(v != NULL, "no field %s", key);
	return v;
}

static const char *get_str(json_t *obj, const char *key)
{
	json_t *v = get(obj, key);

	ck_assert_msg(json_is_string(v), "%s is not a string", key);
	return json_string_value(v);
}

static long long get_int(json_t *obj, const char *key)
{
	json_t *v = get(obj, key);

	ck_assert_msg(json_is_integer(v), "%s is not an integer", key);
	return json_integer_value(v);
}

START_TEST(test_top_level)
{
	json_t *j = roundtrip();

	ck_assert_str_eq(get_str(j, "status"), "ok");
	ck_assert_int_eq(get_int(j, "exit_code"), 0);
	ck_assert(json_is_null(get(j, "signal")));
	ck_assert(json_is_number(get(j, "wall_ms")));
	ck_assert(json_number_value(get(j, "wall_ms")) == 12.5);
	ck_assert_str_eq(get_str(j, "mode"), "namespace");
	/* stdout: every program's, in order; invalid UTF-8 replaced. */
	ck_assert_str_eq(get_str(j, "stdout"), "hola\nmundo\xef\xbf\xbd\n");
	ck_assert(json_is_true(get(j, "stdout_truncated")));
	ck_assert_str_eq(get_str(j, "stderr"), "aviso\naviso\n");
	ck_assert(json_is_false(get(j, "stderr_truncated")));
	ck_assert_int_eq(json_array_size(get(j, "programs")), 2);
	ck_assert_str_eq(get_str(at(get(j, "programs"), 1), "argv0"), "./b");
	ck_assert(json_is_false(get(j, "untraced_ipc")));
	ck_assert_int_eq(get_int(get(j, "leaks"), "shm"), 1);
	ck_assert_int_eq(get_int(get(j, "leaks"), "sem"), 0);
	ck_assert_int_eq(get_int(get(j, "leaks"), "msg"), 0);
	ck_assert(json_is_array(get(j, "semaphores")));
	ck_assert(json_is_array(get(j, "queues")));
	json_decref(j);
}
END_TEST

START_TEST(test_processes)
{
	json_t *j = roundtrip(), *ps = get(j, "processes"), *a;

	ck_assert_int_eq(json_array_size(ps), 2);
	ck_assert_int_eq(get_int(at(ps, 0), "pid"), 2);
	ck_assert_int_eq(get_int(at(ps, 0), "exit_code"), 0);
	ck_assert(json_is_null(get(at(ps, 0), "signal")));
	ck_assert(json_is_false(get(at(ps, 0), "orphaned")));
	ck_assert_int_eq(get_int(at(ps, 1), "ppid"), 2);
	ck_assert(json_is_null(get(at(ps, 1), "exit_code")));
	ck_assert_str_eq(get_str(at(ps, 1), "signal"), "SIGSEGV");
	ck_assert(json_is_true(get(at(ps, 1), "orphaned")));
	ck_assert_int_eq(json_array_size(get(at(ps, 0), "attached_at_exit")), 0);
	ck_assert_int_eq(json_integer_value(at(get(at(ps, 1), "attached_at_exit"), 0)), 0);
	/* attachments: the parent's shmat (event 2) until its shmdt (9); the
	 * child's copy from the fork (3) until it exited (8). */
	a = get(at(ps, 0), "attachments");
	ck_assert_int_eq(json_array_size(a), 1);
	ck_assert_int_eq(get_int(at(a, 0), "shmid"), 0);
	ck_assert_int_eq(get_int(at(a, 0), "shmaddr"), (long long)TU_SAMPLE_ADDR);
	ck_assert_str_eq(get_str(at(a, 0), "shmflg"), "0");
	ck_assert_str_eq(get_str(at(a, 0), "how"), "shmat");
	ck_assert_int_eq(get_int(at(a, 0), "seq"), 2);
	ck_assert_str_eq(get_str(at(a, 0), "end"), "shmdt");
	ck_assert_int_eq(get_int(at(a, 0), "end_seq"), 9);
	a = get(at(ps, 1), "attachments");
	ck_assert_int_eq(json_array_size(a), 1);
	ck_assert_str_eq(get_str(at(a, 0), "how"), "fork");
	ck_assert_int_eq(get_int(at(a, 0), "seq"), 3);
	ck_assert_str_eq(get_str(at(a, 0), "end"), "exit");
	ck_assert_int_eq(get_int(at(a, 0), "end_seq"), 8);
	json_decref(j);
}
END_TEST

START_TEST(test_events)
{
	json_t *j = roundtrip(), *evs = get(j, "events"), *e, *args, *buf, *sop;

	ck_assert_int_eq(json_array_size(evs), test_json_rec.nevents);
	e = at(evs, 0);
	ck_assert_int_eq(get_int(e, "seq"), 1);
	ck_assert_int_eq(get_int(e, "pid"), 2);
	ck_assert_str_eq(get_str(e, "call"), "shmget");
	args = get(e, "args");
	ck_assert_int_eq(get_int(args, "key"), 0);
	ck_assert_int_eq(get_int(args, "size"), 4096);
	ck_assert_str_eq(get_str(args, "shmflg"), "IPC_CREAT|0600");
	ck_assert_int_eq(get_int(e, "result"), 0);
	ck_assert(json_is_null(get(e, "errno")));

	ck_assert_int_eq(get_int(at(evs, 1), "result"), (long long)TU_SAMPLE_ADDR);
	ck_assert_str_eq(get_str(at(evs, 2), "call"), "fork");
	ck_assert_int_eq(get_int(get(at(evs, 2), "args"), "child_pid"), 3);
	ck_assert_int_eq(get_int(at(evs, 2), "result"), 3);

	/* IPC_STAT: the structure as args.buf. */
	args = get(at(evs, 3), "args");
	ck_assert_str_eq(get_str(args, "cmd"), "IPC_STAT");
	buf = get(args, "buf");
	ck_assert(json_is_object(buf));
	ck_assert_int_eq(get_int(buf, "nattch"), 2);
	ck_assert_int_eq(get_int(buf, "segsz"), 4096);
	ck_assert_int_eq(get_int(buf, "cpid"), 2);
	ck_assert_str_eq(get_str(buf, "mode"), "0600");

	e = at(evs, 5);
	ck_assert_int_eq(get_int(e, "result"), -1);
	ck_assert_str_eq(get_str(e, "errno"), "EEXIST");
	ck_assert_int_eq(get_int(get(e, "args"), "key"), 0x1234);

	e = at(evs, 6);
	ck_assert_str_eq(get_str(e, "call"), "semtimedop");
	sop = at(get(get(e, "args"), "sops"), 0);
	ck_assert_int_eq(get_int(sop, "sem_num"), 0);
	ck_assert_int_eq(get_int(sop, "sem_op"), -1);
	ck_assert_str_eq(get_str(sop, "sem_flg"), "SEM_UNDO");

	e = at(evs, 7);
	ck_assert_str_eq(get_str(e, "call"), "exit");
	ck_assert_str_eq(get_str(get(e, "args"), "signal"), "SIGSEGV");
	ck_assert(json_is_null(get(get(e, "args"), "exit_code")));

	e = at(evs, 8);
	ck_assert_str_eq(get_str(e, "call"), "shmdt");
	ck_assert_int_eq(get_int(get(e, "args"), "shmaddr"), (long long)TU_SAMPLE_ADDR);
	ck_assert_int_eq(get_int(e, "shmid"), 0);
	ck_assert_str_eq(get_str(get(at(evs, 9), "args"), "cmd"), "IPC_RMID");
	json_decref(j);
}
END_TEST

START_TEST(test_segments)
{
	json_t *j = roundtrip(), *segs = get(j, "segments"), *s;

	ck_assert_int_eq(json_array_size(segs), 2);
	s = at(segs, 0);
	ck_assert_int_eq(get_int(s, "shmid"), 0);
	ck_assert_int_eq(get_int(s, "key"), 0);
	ck_assert_int_eq(get_int(s, "size"), 4096);
	ck_assert_str_eq(get_str(s, "mode"), "0600");
	ck_assert_str_eq(get_str(s, "created_mode"), "0600");
	ck_assert_int_eq(get_int(s, "creator_pid"), 2);
	ck_assert_int_eq(get_int(s, "attaches"), 1);
	ck_assert_int_eq(get_int(s, "detaches"), 1);
	ck_assert_int_eq(get_int(s, "max_nattch"), 2);
	ck_assert(json_is_true(get(s, "removed")));
	ck_assert_int_eq(get_int(s, "removed_by_pid"), 2);
	ck_assert(json_is_false(get(s, "leaked")));
	s = at(segs, 1);
	ck_assert_int_eq(get_int(s, "key"), 0x1234);
	ck_assert(json_is_false(get(s, "removed")));
	ck_assert(json_is_null(get(s, "removed_by_pid")));
	ck_assert(json_is_true(get(s, "leaked")));
	json_decref(j);
}
END_TEST

START_TEST(test_signaled_and_empty)
{
	json_t *j;

	record_release(&test_json_rec);
	record_init(&test_json_rec);
	test_json_rec.status = RUN_SIGNALED;
	test_json_rec.signal = SIGSEGV;
	test_json_rec.mode = RUN_MODE_FALLBACK;
	record_set_message(&test_json_rec, "killed by \"SIGSEGV\"");
	record_finish(&test_json_rec, NULL, 0);
	j = roundtrip();
	ck_assert_str_eq(get_str(j, "status"), "signaled");
	ck_assert(json_is_null(get(j, "exit_code")));
	ck_assert_str_eq(get_str(j, "signal"), "SIGSEGV");
	ck_assert_str_eq(get_str(j, "mode"), "fallback");
	ck_assert_str_eq(get_str(j, "message"), "killed by \"SIGSEGV\"");
	ck_assert_str_eq(get_str(j, "stdout"), "");
	ck_assert_int_eq(json_array_size(get(j, "events")), 0);
	ck_assert_int_eq(json_array_size(get(j, "processes")), 0);
	json_decref(j);
}
END_TEST

START_TEST(test_output_with_nul_bytes)
{
	json_t *j;

	free(test_json_rec.outputs[0].out);
	test_json_rec.outputs[0].out = malloc(4);
	memcpy(test_json_rec.outputs[0].out, "a\0b", 4);
	test_json_rec.outputs[0].out_len = 3;
	test_json_rec.noutputs = 1;
	free(test_json_rec.outputs[1].argv0);
	free(test_json_rec.outputs[1].out);
	free(test_json_rec.outputs[1].err);
	j = roundtrip();
	ck_assert_int_eq(json_string_length(get(j, "stdout")), 3);
	ck_assert_int_eq(memcmp(json_string_value(get(j, "stdout")), "a\0b", 3), 0);
	json_decref(j);
}
END_TEST

Suite *json_suite(void);

Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *t = tcase_create("contract");

	tcase_add_checked_fixture(t, test_json_setup, test_json_teardown);
	tcase_add_test(t, test_top_level);
	tcase_add_test(t, test_processes);
	tcase_add_test(t, test_events);
	tcase_add_test(t, test_segments);
	tcase_add_test(t, test_signaled_and_empty);
	tcase_add_test(t, test_output_with_nul_bytes);
	suite_add_tcase(s, t);
	return s;
}
