/*
 * test_semq.c - semaphores and queues as first-class evidence: calls that
 * wait are ordered by when they returned, a call still blocked when its
 * process ended is shown as such, evidence names the failed call with its
 * errno's meaning and who made it (program and role), and shows stderr.
 * Real runs of tests/progs/hc_msg_wait.c, and hand-built records.
 */
#include <check.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <unistd.h>

#include "graders/load/exercise.h"
#include "graders/rules/rules.h"
#include "graders/rules/rules_evidence.h"
#include "graders/rules/rules_util.h"
#include "harness/record.h"
#include "harness/run.h"
#include "harness/timeline.h"

static struct run_record test_semq_rec;
static struct exercise test_semq_ex;
static struct rule_result test_semq_res;

static void test_semq_setup(void)
{
	record_init(&test_semq_rec);
	exercise_init(&test_semq_ex);
	rule_result_init(&test_semq_res);
}

static void test_semq_teardown(void)
{
	record_release(&test_semq_rec);
	exercise_release(&test_semq_ex);
	rule_result_release(&test_semq_res);
}

/* Run tests/progs/NAME with one optional argument. */
static void test_semq_run(const char *name, const char *arg, double timeout_s)
{
	char exe[PATH_MAX], path[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *argv[] = { path, (char *)arg, NULL };
	struct run_program prog = { 0 };
	struct run_spec spec = { 0 };

	ck_assert_int_gt(n, 0);
	exe[n] = '\0';
	snprintf(path, sizeof(path), "%s/progs/%s", dirname(exe), name);
	prog.argv = argv;
	spec.programs = &prog;
	spec.nprograms = 1;
	spec.limits.timeout_s = timeout_s;
	spec.quiet = true;
	ck_assert_int_eq(harness_run(&spec, &test_semq_rec), 0);
}

/* Load a one-check exercise "rule: RULE, with: {WITH}" (programs prog and
 * other; runs: RUNS or a plain one) and evaluate it over test_semq_rec. */
static enum rule_verdict test_semq_eval_runs(const char *rule, const char *with, const char *runs)
{
	char yaml[4096];
	struct diag_list d;
	struct rule_run run = { .rec = &test_semq_rec };
	struct rule_ctx ctx = { .runs = &run, .nruns = 1 };

	snprintf(yaml, sizeof(yaml),
		 "id: t\ntitle: t\npoints: 1\n"
		 "submission: {programs: [{name: prog}, {name: other}]}\n"
		 "runs: [%s]\n"
		 "checks: [{id: c, title: t, points: 1, rule: %s, with: {%s}}]\n",
		 runs ? runs : "{id: main, programs: [{program: prog}]}", rule, with);
	exercise_release(&test_semq_ex);
	diag_init(&d, "t.yaml");
	if (exercise_load_buffer(&test_semq_ex, "t.yaml", yaml, strlen(yaml), &d) < 0) {
		char *s = diag_format(&d, 0);

		ck_abort_msg("%s", s);
	}
	diag_release(&d);
	ctx.ex = &test_semq_ex;
	run.spec = &test_semq_ex.runs[0];
	rule_result_release(&test_semq_res);
	return rule_evaluate(&ctx, &test_semq_ex.checks[0].params, &test_semq_res);
}

static enum rule_verdict test_semq_eval(const char *rule, const char *with)
{
	return test_semq_eval_runs(rule, with, NULL);
}

#define ts_msg_has(s)                                                                              \
	ck_assert_msg(strstr(rule_result_msg(&test_semq_res, LANG_EN), s) != NULL,                 \
		      "'%s' not in '%s'", s, rule_result_msg(&test_semq_res, LANG_EN))
#define ts_msg_es_has(s)                                                                           \
	ck_assert_msg(strstr(rule_result_msg(&test_semq_res, LANG_ES), s) != NULL,                 \
		      "'%s' not in '%s'", s, rule_result_msg(&test_semq_res, LANG_ES))

static const struct event *test_semq_find(enum ipc_call call)
{
	size_t i;

	for (i = 0; i < test_semq_rec.nevents; i++)
		if (test_semq_rec.events[i].call == call)
			return &test_semq_rec.events[i];
	return NULL;
}

/* ---- real runs: when a waiting call counts ------------------------------------------- */

START_TEST(test_msgrcv_ordered_by_return)
{
	const struct event *snd, *rcv;

	test_semq_run("hc_msg_wait", NULL, 10);
	ck_assert_str_eq(run_status_name(test_semq_rec.status), "ok");
	snd = test_semq_find(CALL_MSGSND);
	rcv = test_semq_find(CALL_MSGRCV);
	ck_assert_ptr_nonnull(snd);
	ck_assert_ptr_nonnull(rcv);
	/* The child's msgrcv started first (that is what fooled the old
	 * ordering), and returned after the msgsnd started. */
	ck_assert_uint_lt(rcv->seq, snd->seq);
	ck_assert_uint_ge(rcv->seq_at_return, snd->seq);
	ck_assert_uint_gt(rcv->ret_seq, 0);
	ck_assert(!rcv->blocked);
	ck_assert_int_eq(test_semq_eval("ordering", "first: {call: msgsnd}, then: {call: msgrcv}"),
			 RULE_PASS);
	ck_assert_int_eq(test_semq_eval("ordering", "first: {call: msgrcv}, then: {call: msgsnd}"),
			 RULE_FAIL);
	ts_msg_has("it waited and returned at ");
	ts_msg_has("the child (pid 3) of hc_msg_wait");
	/* The queue was removed after the message was received. */
	ck_assert_int_eq(
		test_semq_eval(
			"ordering",
			"first: {call: msgrcv}, then: {call: msgctl, args: {cmd: IPC_RMID}}"),
		RULE_PASS);
}
END_TEST

START_TEST(test_blocked_at_end)
{
	const struct event *rcv;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	test_semq_run("hc_msg_wait", "stuck", 0.6);
	ck_assert_str_eq(run_status_name(test_semq_rec.status), "timeout");
	rcv = test_semq_find(CALL_MSGRCV);
	ck_assert_ptr_nonnull(rcv);
	ck_assert(rcv->blocked);
	ck_assert_int_eq(rcv->err, 0); /* not EINTR: it never returned */
	ck_assert_uint_eq(rcv->ret_seq, 0);
	f = open_memstream(&buf, &len);
	timeline_write(&test_semq_rec, f, false);
	fclose(f);
	ck_assert_msg(strstr(buf, "never returned: still blocked") != NULL, "%s", buf);
	ck_assert_msg(strstr(buf, "EINTR") == NULL, "%s", buf);
	free(buf);
	/* A call that never returned did nothing: not a received message. */
	ck_assert_int_eq(test_semq_eval("ordering", "first: {call: msgsnd}, then: {call: msgrcv}"),
			 RULE_FAIL);
	ts_msg_has("still blocked when its process ended");
	/* Any failed check says so, with who it was. */
	ck_assert_int_eq(test_semq_eval("no_signal", ""), RULE_FAIL);
	ts_msg_has("msgrcv never returned: still blocked when its process ended, in the child");
	ts_msg_has("the child (pid 3) of hc_msg_wait");
	ts_msg_es_has("msgrcv nunca volvió");
}
END_TEST

/* ---- hand-built records: errno, roles, stderr --------------------------------------- */

static struct process *test_semq_proc(pid_t pid, pid_t ppid, int program)
{
	struct process *p = record_process_add(&test_semq_rec);

	p->pid = p->host_pid = pid;
	p->ppid = ppid;
	p->program = program;
	p->exited = true;
	return p;
}

static void test_semq_output(pid_t pid, const char *argv0, const char *err)
{
	struct program_output *o;

	test_semq_rec.outputs =
		realloc(test_semq_rec.outputs, (test_semq_rec.noutputs + 1) * sizeof(*o));
	o = &test_semq_rec.outputs[test_semq_rec.noutputs++];
	memset(o, 0, sizeof(*o));
	o->argv0 = strdup(argv0);
	o->out = strdup("");
	o->err = strdup(err);
	o->err_len = strlen(err);
	o->pid = pid;
}

static struct event *test_semq_event(pid_t pid, enum ipc_call call, long long result, int err)
{
	struct event *ev = record_event_add(&test_semq_rec);

	ev->pid = ev->host_pid = ev->tid = pid;
	ev->call = call;
	ev->result = result;
	ev->err = err;
	return ev;
}

START_TEST(test_errno_meaning)
{
	struct event *ev;
	char *s;

	test_semq_proc(1, 0, 0);
	test_semq_proc(2, 1, 0);
	test_semq_proc(3, 1, 0);
	test_semq_output(1, "consumer", "msgrcv: Argument list too long\n");
	test_semq_event(1, CALL_FORK, 0, 0)->child_pid = 2;
	test_semq_event(1, CALL_FORK, 0, 0)->child_pid = 3;
	ev = test_semq_event(3, CALL_MSGRCV, -1, E2BIG);
	s = evidence_failed_call(ev, LANG_EN);
	ck_assert_str_eq(s, "msgrcv failed with E2BIG: the buffer is smaller than the message "
			    "(and MSG_NOERROR was not given)");
	free(s);
	s = evidence_failed_call(ev, LANG_ES);
	ck_assert_str_eq(s, "msgrcv falló con E2BIG: el buffer es más pequeño que el mensaje "
			    "(y no se pidió MSG_NOERROR)");
	free(s);
	s = evidence_proc(&test_semq_rec, 3, LANG_EN);
	ck_assert_str_eq(s, "the child (pid 3) of consumer");
	free(s);
	s = evidence_proc(&test_semq_rec, 1, LANG_ES);
	ck_assert_str_eq(s, "el programa consumer (pid 1)");
	free(s);
	/* The same errno means something else for another call. */
	ck_assert_str_eq(evidence_errno_meaning(CALL_SEMTIMEDOP, EFBIG, LANG_EN),
			 "sem_num is outside the set");
	ck_assert_str_eq(evidence_errno_meaning(CALL_SHMGET, ENOENT, LANG_EN),
			 "no object has that key, and IPC_CREAT was not given");
	/* A call shmgrade refused is not the kernel's refusal of an IPC call. */
	ev = test_semq_event(3, CALL_DENIED, -1, EACCES);
	ev->args[0].name = "syscall";
	ev->args[0].kind = ARG_STR;
	ev->args[0].str = strdup("mmap");
	ev->nargs = 1;
	s = evidence_failed_call(ev, LANG_EN);
	ck_assert_str_eq(s,
			 "mmap failed with EACCES: shmgrade does not allow it: a graded program "
			 "runs only the program built from your sources and the system's programs");
	free(s);
	ck_assert_str_eq(evidence_errno_meaning(CALL_DENIED, EPERM, LANG_ES),
			 "shmgrade no permite esta llamada a un programa corregido");
	ck_assert_str_eq(evidence_errno_meaning(CALL_SHMCTL, EPERM, LANG_EN),
			 "not allowed: the process is neither the creator nor the owner");
	/* A failed check carries the failed call, who made it, and stderr. */
	ck_assert_int_eq(test_semq_eval("call_made", "call: msgrcv"), RULE_FAIL);
	ts_msg_has("msgrcv failed with E2BIG: the buffer is smaller than the message");
	ts_msg_has("in the child (pid 3) of consumer");
	ts_msg_has("stderr: «msgrcv: Argument list too long\\n»");
	/* A passing one does not. */
	ck_assert_int_eq(test_semq_eval("call_made", "call: msgrcv, result: error"), RULE_PASS);
	ck_assert_ptr_null(strstr(rule_result_msg(&test_semq_res, LANG_EN), "stderr"));
}
END_TEST

/* A semop that waits counts when it returned; one that only adds counts
 * when it started (its waiter may be seen returning first). */
START_TEST(test_semop_when)
{
	struct event *v, *p;

	test_semq_proc(1, 0, 0);
	test_semq_proc(2, 1, 0);
	p = test_semq_event(1, CALL_SEMTIMEDOP, -1, 0); /* P: starts first, waits */
	p->seq = 1;
	p->nsops_read = 1;
	p->sops[0].sem_op = -1;
	v = test_semq_event(2, CALL_SEMTIMEDOP, 0, 0); /* V by the child */
	v->seq = 2;
	v->nsops_read = 1;
	v->sops[0].sem_op = 1;
	p->result = 0;
	p->ret_seq = 1; /* the waiter's return was seen first */
	p->seq_at_return = 2;
	v->ret_seq = 2;
	v->seq_at_return = 2;
	ck_assert(rules_event_may_wait(p));
	ck_assert(!rules_event_may_wait(v));
	ck_assert_int_eq(test_semq_eval("ordering", "first: {call: semop, who: child}, "
						    "then: {call: semop, who: parent}"),
			 RULE_PASS);
	ck_assert_int_eq(test_semq_eval("ordering", "first: {call: semop, who: parent}, "
						    "then: {call: semop, who: child}"),
			 RULE_FAIL);
	p->sops[0].sem_flg = IPC_NOWAIT; /* cannot wait: counts when it started */
	ck_assert_int_eq(test_semq_eval("ordering", "first: {call: semop, who: parent}, "
						    "then: {call: semop, who: child}"),
			 RULE_PASS);
}
END_TEST

/* ---- semaphores and queues first-class (real run) ----------------------------------- */

START_TEST(test_sem_values_and_ops)
{
	test_semq_run("hc_semq_values", NULL, 10);
	ck_assert_str_eq(run_status_name(test_semq_rec.status), "ok");
	ck_assert_uint_eq(test_semq_rec.nsemaphores, 1);
	ck_assert_uint_eq(test_semq_rec.semaphores[0].nvalues_at_end, 3);
	/* Values: as initialised, at the end from the kernel, after an event. */
	ck_assert_int_eq(test_semq_eval("semaphore_value", "value: 1, when: start"), RULE_PASS);
	ck_assert_int_eq(test_semq_eval("semaphore_value", "value: 2, semnum: 2, when: start"),
			 RULE_PASS);
	ck_assert_int_eq(test_semq_eval("semaphore_value", "value: 0"), RULE_PASS);
	ts_msg_has("from the kernel");
	ck_assert_int_eq(test_semq_eval("semaphore_value", "value: 1"), RULE_FAIL);
	ts_msg_has("semaphore 0 of set 0 was 0 at the end (from the kernel); expected 1");
	ck_assert_int_eq(test_semq_eval("semaphore_value", "value: 1, semnum: 1"), RULE_PASS);
	ck_assert_int_eq(test_semq_eval("semaphore_value",
					"value: 0, semnum: 1, when: after, "
					"after: {call: semop, who: child, which: first}"),
			 RULE_PASS);
	ts_msg_has("from the kernel"); /* asked around the semop (kstat) */
	ck_assert_int_eq(test_semq_eval("semaphore_value", "value: 1, semnum: 1, when: after, "
							   "after: {call: semop, who: child}"),
			 RULE_PASS);
	ck_assert_int_eq(test_semq_eval("semaphore_value", "value: 0, semnum: 7"), RULE_FAIL);
	ts_msg_has("has only 3 semaphores");
	/* Operations: which, up or down, by whom, in what order. */
	ck_assert_int_eq(
		test_semq_eval("semaphore_ops", "op: down, semnum: 0, who: child, count: 1"),
		RULE_PASS);
	ck_assert_int_eq(test_semq_eval("semaphore_ops", "op: down, who: parent"), RULE_FAIL);
	ts_msg_has("semaphore operations of kind down: 0; expected at least 1");
	ck_assert_int_eq(test_semq_eval("semaphore_ops", "op: up, semnum: 1, value: 1"), RULE_PASS);
	ck_assert_int_eq(test_semq_eval("semaphore_ops", "sequence: \"P0 V1\""), RULE_PASS);
	ck_assert_int_eq(test_semq_eval("semaphore_ops", "sequence: \"V1 P0\""), RULE_FAIL);
	ts_msg_has(
		"the child (pid 3) of hc_semq_values did \"P0 V1\"; expected \"V1 P0\" in that order");
	/* The same in an ordering, by sem_num and sem_op. */
	ck_assert_int_eq(test_semq_eval("ordering",
					"first: {call: semop, args: {sem_num: 0, sem_op: -1}}, "
					"then: {call: semop, args: {sem_num: 1, sem_op: 1}}"),
			 RULE_PASS);
	ck_assert_int_eq(test_semq_eval("ordering", "first: {call: semop, args: {sem_num: 1}}, "
						    "then: {call: semop, args: {sem_num: 0}}"),
			 RULE_FAIL);
	/* The set: created by the parent, left alive. */
	ck_assert_int_eq(test_semq_eval("semaphore_set",
					"nsems: 3, removed: false, created_by: parent, "
					"key: IPC_PRIVATE, mode: 0600, before_fork: true"),
			 RULE_PASS);
	ck_assert_int_eq(test_semq_eval("semaphore_set", "removed: false, created_by: child"),
			 RULE_FAIL);
	ts_msg_has(
		"wrong creator: semaphore set 0 was created by the program hc_semq_values (pid 2)");
	ck_assert_int_eq(test_semq_eval("semaphore_set", "mode: 0666, removed: false"), RULE_FAIL);
	ts_msg_has("was created with mode 0600; expected 0666");
}
END_TEST

START_TEST(test_queue_and_messages)
{
	test_semq_run("hc_semq_values", NULL, 10);
	ck_assert_uint_eq(test_semq_rec.nqueues, 1);
	ck_assert_uint_eq(test_semq_rec.queues[0].sent, 3);
	ck_assert_uint_eq(test_semq_rec.queues[0].received, 1);
	ck_assert_int_eq(test_semq_rec.queues[0].when_removed, 2);
	ck_assert_int_eq(test_semq_eval("message_queue",
					"count: 1, removed_by: creator, created_by: parent"),
			 RULE_PASS);
	ck_assert_int_eq(test_semq_eval("message_queue", "removed_by: child"), RULE_FAIL);
	ts_msg_has(
		"removed by the wrong process: queue 0 was removed by the program hc_semq_values (pid 2)");
	ck_assert_int_eq(test_semq_eval("message_queue", "empty_when_removed: true"), RULE_FAIL);
	ts_msg_has("queue 0 still held 2 messages when it was removed (3 sent, 1 received)");
	ck_assert_int_eq(test_semq_eval("messages", "direction: sent, who: child, count: 3"),
			 RULE_PASS);
	ck_assert_int_eq(test_semq_eval("messages", "direction: sent, mtype: 2, count: 2"),
			 RULE_PASS);
	ck_assert_int_eq(
		test_semq_eval("messages", "direction: received, mtype: 1, who: parent, count: 1"),
		RULE_PASS);
	ck_assert_int_eq(test_semq_eval("messages", "direction: received, mtype: 2"), RULE_FAIL);
	ts_msg_has("messages received (mtype 2): 0; expected at least 1");
	ck_assert_int_eq(test_semq_eval("messages", "direction: sent, who: parent"), RULE_FAIL);
	/* Each child's exit status, not only the first process's. */
	ck_assert_int_eq(test_semq_eval("exit_status", "who: child"), RULE_PASS);
	ck_assert_int_eq(test_semq_eval("exit_status", "who: child, value: 3"), RULE_FAIL);
	ts_msg_has("the child (pid 3) of hc_semq_values exited with status 0; expected 3");
	ck_assert_int_eq(test_semq_eval("exit_status", "who: every"), RULE_PASS);
}
END_TEST

/* Without the kernel's values (a record made by hand, or beyond the run's
 * budget of questions), values are followed through the trace. */
START_TEST(test_sem_followed)
{
	struct semaphore_set *s;
	struct event *ev;

	test_semq_proc(1, 0, 0);
	test_semq_output(1, "prog", "");
	test_semq_rec.semaphores = calloc(1, sizeof(*s));
	test_semq_rec.nsemaphores = 1;
	s = &test_semq_rec.semaphores[0];
	s->semid = 3;
	s->nsems = 1;
	s->creator_pid = 1;
	s->created_seq = 1;
	s->removed = true;
	s->removed_seq = 5;
	test_semq_event(1, CALL_SEMGET, 3, 0)->seq = 1;
	ev = test_semq_event(1, CALL_SEMCTL, 0, 0);
	ev->seq = 2;
	ev->id = 3;
	ev->cmd = SETVAL;
	ev->args[0] = (struct event_arg){ .name = "arg", .kind = ARG_INT, .num = 2 };
	ev->nargs = 1;
	for (int k = 3; k <= 4; k++) {
		ev = test_semq_event(1, CALL_SEMTIMEDOP, 0, 0);
		ev->seq = (unsigned long)k;
		ev->id = 3;
		ev->nsops_read = 1;
		ev->sops[0].sem_op = -1;
	}
	ck_assert_int_eq(test_semq_eval("semaphore_value", "value: 2, when: start"), RULE_PASS);
	ck_assert_int_eq(test_semq_eval("semaphore_value", "value: 0"), RULE_PASS);
	ts_msg_has("when it was removed (followed through the trace)");
	ck_assert_int_eq(
		test_semq_eval("semaphore_value",
			       "value: 1, when: after, after: {call: semop, which: first}"),
		RULE_PASS);
	/* The kernel's word wins where the tracer asked it. */
	ev->nsem_after = 1;
	ev->sem_after[0] = 7;
	ck_assert_int_eq(test_semq_eval("semaphore_value", "value: 7"), RULE_PASS);
	ts_msg_has("from the kernel");
}
END_TEST

/* A queue removed with nothing left, and one left alive: the kernel's count. */
START_TEST(test_queue_hand_made)
{
	struct queue *q;

	test_semq_proc(1, 0, 0);
	test_semq_output(1, "server", "");
	test_semq_rec.queues = calloc(1, sizeof(*q));
	test_semq_rec.nqueues = 1;
	q = &test_semq_rec.queues[0];
	q->msqid = 4;
	q->key = 0x1234;
	q->creator_pid = 1;
	q->created_seq = 1;
	q->sent = q->received = 2;
	q->removed = true;
	q->removed_by_pid = 1;
	q->when_removed = 0;
	q->at_end = -1;
	ck_assert_int_eq(test_semq_eval("message_queue", "empty_when_removed: true, key: 0x1234"),
			 RULE_PASS);
	ck_assert_int_eq(test_semq_eval("message_queue", "key: 0x1235"), RULE_FAIL);
	ts_msg_has("queue 4 has key 0x00001234; expected 0x00001235");
	q->removed = false;
	q->at_end = 1;
	ck_assert_int_eq(
		test_semq_eval("message_queue", "removed: false, empty_when_removed: true"),
		RULE_FAIL);
	ts_msg_has("still held 1 messages at the end");
	ck_assert_int_eq(test_semq_eval("message_queue", "count: 2"), RULE_FAIL);
	ts_msg_has("message queues created: 1; expected 2");
}
END_TEST

/* Objects made before the run, with content: still there, attached, used,
 * and what they started with. */
START_TEST(test_preconditions_with_content)
{
	static const unsigned short vals[] = { 3, 1 };
	static const long long types[] = { 7, 8 };
	static char *const texts[] = { "primero", "segundo" };
	struct run_precondition pre[3] = {
		{ .kind = IPC_KIND_SHM,
		  .key = 0x5348a001,
		  .size = 4096,
		  .mode = 0600,
		  .content = "hola desde antes" },
		{ .kind = IPC_KIND_SEM,
		  .key = 0x5348a002,
		  .size = 2,
		  .mode = 0600,
		  .values = vals,
		  .nvalues = 2 },
		{ .kind = IPC_KIND_MSG,
		  .key = 0x5348a003,
		  .mode = 0600,
		  .msg_types = types,
		  .msg_texts = texts,
		  .nmsgs = 2 },
	};
	char exe[PATH_MAX], path[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *argv[] = { path, NULL };
	struct run_program prog = { 0 };
	struct run_spec spec = { 0 };

	ck_assert_int_gt(n, 0);
	exe[n] = '\0';
	snprintf(path, sizeof(path), "%s/progs/hc_pre_reader", dirname(exe));
	prog.argv = argv;
	spec.programs = &prog;
	spec.nprograms = 1;
	spec.pre = pre;
	spec.npre = 3;
	spec.limits.timeout_s = 10;
	spec.quiet = true;
	ck_assert_int_eq(harness_run(&spec, &test_semq_rec), 0);
	ck_assert_str_eq(run_status_name(test_semq_rec.status), "ok");
	ck_assert_ptr_nonnull(
		strstr(test_semq_rec.outputs[0].out, "hola desde antes 3 1\n7 primero\n"));
	ck_assert_int_eq(
		test_semq_eval("precondition", "key: 0x5348a001, exists: true, attached: true"),
		RULE_PASS);
	ck_assert_int_eq(
		test_semq_eval("precondition", "key: 0x5348a002, kind: sem, exists: false"),
		RULE_FAIL);
	ts_msg_has("still existed at the end");
	ck_assert_int_eq(test_semq_eval("precondition", "key: 0x5348a003, kind: msg, used: true"),
			 RULE_PASS);
	ck_assert_int_eq(test_semq_eval("precondition", "key: 0x5348a009, exists: true"),
			 RULE_ERROR);
	/* Values: the precondition's, then after the P, from the kernel at the end. */
	ck_assert_int_eq(
		test_semq_eval("semaphore_value", "key: 0x5348a002, value: 3, when: start"),
		RULE_PASS);
	ck_assert_int_eq(test_semq_eval("semaphore_value", "key: 0x5348a002, value: 2"), RULE_PASS);
	ts_msg_has("from the kernel");
	ck_assert_uint_eq(test_semq_rec.nqueues, 1);
	ck_assert_uint_eq(test_semq_rec.queues[0].at_start, 2);
	ck_assert_int_eq(test_semq_rec.queues[0].at_end, 1);
	ck_assert_int_eq(
		test_semq_eval("messages", "direction: received, mtype: 7, key: 0x5348a003"),
		RULE_PASS);
	/* A precondition nobody attached. */
	ck_assert_int_eq(test_semq_eval("precondition", "key: 0x5348a001, attached: false"),
			 RULE_FAIL);
	ts_msg_has("a process attached segment");
}
END_TEST

Suite *semq_suite(void);

Suite *semq_suite(void)
{
	Suite *s = suite_create("semq");
	TCase *tc = tcase_create("evidence");

	tcase_add_checked_fixture(tc, test_semq_setup, test_semq_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_msgrcv_ordered_by_return);
	tcase_add_test(tc, test_blocked_at_end);
	tcase_add_test(tc, test_errno_meaning);
	tcase_add_test(tc, test_semop_when);
	tcase_add_test(tc, test_sem_values_and_ops);
	tcase_add_test(tc, test_queue_and_messages);
	tcase_add_test(tc, test_queue_hand_made);
	tcase_add_test(tc, test_sem_followed);
	tcase_add_test(tc, test_preconditions_with_content);
	suite_add_tcase(s, tc);
	return s;
}
