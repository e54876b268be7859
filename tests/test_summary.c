/*
 * test_summary.c - record_summary_select() and the summary JSON
 * (record_json_out with RECORD_TRACE_SUMMARY): bounded whatever the run
 * did, the events the record points at and the lifecycles kept first,
 * and the counts of what was left out.
 */
#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/json_out.h"
#include "harness/record.h"
#include "harness/record_json.h"
#include "harness/record_summary.h"
#include "util/xalloc.h"

static struct event *ev_add(struct run_record *rec, pid_t pid, enum ipc_call call, int err)
{
	struct event *ev = record_event_add(rec);

	ev->pid = ev->tid = pid;
	ev->call = call;
	ev->err = err;
	ev->result = err ? -1 : 0;
	return ev;
}

/* A loop: pid 2 creates a segment, forks 3; 3 makes n semops, the middle
 * one failing with EINVAL, the last ten with EIDRM; both exit. */
static void loop_record(struct run_record *rec, size_t n)
{
	size_t i;

	record_init(rec);
	ev_add(rec, 2, CALL_SHMGET, 0);
	ev_add(rec, 2, CALL_FORK, 0)->child_pid = 3;
	for (i = 0; i < n; i++)
		ev_add(rec, 3, CALL_SEMTIMEDOP, i == n / 2 ? EINVAL : i + 10 >= n ? EIDRM : 0);
	ev_add(rec, 3, CALL_EXIT, 0);
	ev_add(rec, 2, CALL_SHMCTL, 0);
	ev_add(rec, 2, CALL_EXIT, 0);
	rec->segments = xcalloc(1, sizeof(*rec->segments));
	rec->nsegments = 1;
	rec->segments[0].created_seq = 1;
	rec->segments[0].removed_seq = rec->nevents - 1;
}

static size_t select_into(const struct run_record *rec, unsigned char **keep)
{
	*keep = xcalloc(rec->nevents + 1, 1);
	return record_summary_select(rec, *keep);
}

START_TEST(test_summary_loop)
{
	struct run_record rec;
	unsigned char *keep;
	size_t n = 10000, kept = 0, i, semops = 0;
	bool einval = false, eidrm = false;

	loop_record(&rec, n);
	ck_assert_uint_le(select_into(&rec, &keep), RECORD_SUMMARY_MAX);
	for (i = 0; i < rec.nevents; i++) {
		const struct event *ev = &rec.events[i];

		if (!keep[i])
			continue;
		kept++;
		semops += ev->call == CALL_SEMTIMEDOP;
		einval |= ev->err == EINVAL;
		eidrm |= ev->err == EIDRM;
	}
	ck_assert_uint_le(kept, 12);
	ck_assert_msg(keep[0] && keep[1], "the creating shmget and the fork");
	ck_assert_msg(keep[rec.nevents - 1] && keep[rec.nevents - 2] && keep[rec.nevents - 3],
		      "the exits and the removing shmctl");
	ck_assert_msg(keep[2] && keep[2 + n - 11], "first and last successful semop");
	ck_assert_msg(einval && eidrm, "the first failure of each errno");
	ck_assert_uint_le(semops, 6);
	free(keep);
	record_release(&rec);
}
END_TEST

/* A fork bomb: the cap holds, and the events the record points at come
 * before the lifecycles. */
START_TEST(test_summary_cap)
{
	struct run_record rec;
	unsigned char *keep;
	size_t i;

	record_init(&rec);
	for (i = 0; i < 300; i++)
		ev_add(&rec, 2, CALL_FORK, 0)->child_pid = (pid_t)(3 + i);
	ev_add(&rec, 2, CALL_SHMGET, 0);
	for (i = 0; i < 300; i++)
		ev_add(&rec, (pid_t)(3 + i), CALL_EXIT, 0);
	rec.segments = xcalloc(1, sizeof(*rec.segments));
	rec.nsegments = 1;
	rec.segments[0].created_seq = 301;
	ck_assert_uint_eq(select_into(&rec, &keep), RECORD_SUMMARY_MAX);
	ck_assert_msg(keep[300], "the shmget the segment points at");
	free(keep);
	record_release(&rec);

	record_init(&rec);
	ck_assert_uint_eq(record_summary_select(&rec, NULL), 0);
	record_release(&rec);
}
END_TEST

static json_t *summary_json(const struct run_record *rec, enum record_trace trace)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json_out o;
	json_t *j;

	json_out_init(&o, f);
	record_json_out(&o, rec, 0, trace, NULL);
	ck_assert_int_eq(json_out_finish(&o), 0);
	fclose(f);
	j = json_loads(buf, 0, NULL);
	ck_assert_ptr_nonnull(j);
	free(buf);
	return j;
}

static long long jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	ck_assert_msg(json_is_integer(v), "%s is not an integer", key);
	return json_integer_value(v);
}

START_TEST(test_summary_json)
{
	struct run_record rec;
	struct program_output *po;
	json_t *s, *f;
	size_t n = 5000;

	loop_record(&rec, n);
	rec.outputs = po = xcalloc(1, sizeof(*po));
	rec.noutputs = 1;
	po->argv0 = xstrdup("./prog");
	po->out_len = 100000;
	po->out = xmalloc(po->out_len + 1);
	memset(po->out, 'x', po->out_len);
	po->out[po->out_len] = '\0';
	s = summary_json(&rec, RECORD_TRACE_SUMMARY);
	ck_assert_str_eq(json_string_value(json_object_get(s, "trace")), "summary");
	ck_assert_int_eq(jint(s, "events_total"), (long long)rec.nevents);
	ck_assert_int_eq(jint(s, "events_omitted") +
				 (long long)json_array_size(json_object_get(s, "events")),
			 (long long)rec.nevents);
	ck_assert_int_eq(jint(json_object_get(s, "event_counts"), "semtimedop"), (long long)n);
	ck_assert_uint_eq(strlen(json_string_value(json_object_get(s, "stdout"))),
			  RECORD_SUMMARY_OUTPUT);
	ck_assert_int_eq(jint(s, "stdout_omitted"), 100000 - RECORD_SUMMARY_OUTPUT);
	ck_assert_int_eq(jint(json_array_get(json_object_get(s, "programs"), 0), "stdout_omitted"),
			 100000 - RECORD_SUMMARY_OUTPUT);
	f = summary_json(&rec, RECORD_TRACE_FULL);
	ck_assert_str_eq(json_string_value(json_object_get(f, "trace")), "full");
	ck_assert_int_eq(jint(f, "events_omitted"), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(f, "events")), rec.nevents);
	ck_assert_uint_eq(strlen(json_string_value(json_object_get(f, "stdout"))), 100000);
	ck_assert_ptr_null(json_object_get(f, "stdout_omitted"));
	json_decref(s);
	json_decref(f);
	record_release(&rec);
}
END_TEST

Suite *summary_suite(void);
Suite *summary_suite(void)
{
	Suite *s = suite_create("summary");
	TCase *tc = tcase_create("summary");

	tcase_add_test(tc, test_summary_loop);
	tcase_add_test(tc, test_summary_cap);
	tcase_add_test(tc, test_summary_json);
	suite_add_tcase(s, tc);
	return s;
}
