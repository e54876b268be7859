/*
 * test_selectors.c - call selectors (sel_args.h, rules_args_match): every
 * argument name the decoder gives is one a selector may use; a selector
 * written in any accepted form matches the event it describes (a key as
 * IPC_PRIVATE, a number or ftok(...), permission bits written "600", NULL
 * pointers, semop's operations, errno aliases), and the golden table of
 * selectors that load but match nothing.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <unistd.h>

#include "graders/load/diag.h"
#include "graders/load/exercise.h"
#include "graders/rules/rules.h"
#include "graders/rules/sel_args.h"
#include "harness/record.h"
#include "util/xalloc.h"
#include "harness/xlat.h"

static struct run_record test_selectors_rec;
static struct exercise test_selectors_ex;
static struct rule_result test_selectors_res;
static char test_selectors_dir[] = "/tmp/shmgrade-sel.XXXXXX";

static void test_selectors_setup(void)
{
	FILE *f;
	char *path;

	record_init(&test_selectors_rec);
	exercise_init(&test_selectors_ex);
	rule_result_init(&test_selectors_res);
	snprintf(test_selectors_dir, sizeof(test_selectors_dir), "/tmp/shmgrade-sel.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(test_selectors_dir));
	path = xasprintf("%s/clave.txt", test_selectors_dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("key\n", f);
	fclose(f);
	free(path);
}

static void test_selectors_teardown(void)
{
	char *path = xasprintf("%s/clave.txt", test_selectors_dir);

	unlink(path);
	rmdir(test_selectors_dir);
	free(path);
	record_release(&test_selectors_rec);
	exercise_release(&test_selectors_ex);
	rule_result_release(&test_selectors_res);
}

static void test_selectors_arg(struct event *ev, const char *name, enum arg_kind kind,
			       long long num, const char *str)
{
	struct event_arg *a = &ev->args[ev->nargs++];

	a->name = name;
	a->kind = kind;
	a->num = num;
	a->str = str ? xstrdup(str) : NULL;
}

static struct event *test_selectors_event(enum ipc_call call, long long result, int err)
{
	struct event *ev = record_event_add(&test_selectors_rec);

	ev->seq = test_selectors_rec.nevents;
	ev->pid = ev->host_pid = ev->tid = 1;
	ev->call = call;
	ev->result = result;
	ev->err = err;
	ev->shmdt_shmid = -1;
	return ev;
}

/* One process; shmget(key, 4096, IPC_CREAT|0600), shmat(0, NULL, 0),
 * semop with {0, -1, SEM_UNDO} and {1, +1, 0}, a msgrcv that failed with
 * EAGAIN, shmctl(0, IPC_64|IPC_STAT). */
static void test_selectors_record(long long key)
{
	struct process *p = record_process_add(&test_selectors_rec);
	struct event *ev;

	p->pid = p->host_pid = 1;
	p->exited = true;
	ev = test_selectors_event(CALL_SHMGET, 0, 0);
	test_selectors_arg(ev, "key", ARG_INT, key, NULL);
	test_selectors_arg(ev, "size", ARG_INT, 4096, NULL);
	test_selectors_arg(ev, "shmflg", ARG_SYM, 0, "IPC_CREAT|0600");
	ev = test_selectors_event(CALL_SHMAT, 0x7f0000000000LL, 0);
	test_selectors_arg(ev, "shmid", ARG_INT, 0, NULL);
	test_selectors_arg(ev, "shmaddr", ARG_HEX, 0, NULL);
	test_selectors_arg(ev, "shmflg", ARG_SYM, 0, "0");
	ev = test_selectors_event(CALL_SEMTIMEDOP, 0, 0);
	test_selectors_arg(ev, "semid", ARG_INT, 3, NULL);
	test_selectors_arg(ev, "sops", ARG_HEX, 0x1000, NULL);
	test_selectors_arg(ev, "nsops", ARG_INT, 2, NULL);
	test_selectors_arg(ev, "timeout", ARG_NULL, 0, NULL);
	ev->sops[0] = (struct event_sop){ 0, -1, 010000 };
	ev->sops[1] = (struct event_sop){ 1, 1, 0 };
	ev->nsops_read = 2;
	ev = test_selectors_event(CALL_MSGRCV, -1, 11 /* EAGAIN */);
	test_selectors_arg(ev, "msqid", ARG_INT, 5, NULL);
	test_selectors_arg(ev, "msgflg", ARG_SYM, 0, "IPC_NOWAIT");
	ev = test_selectors_event(CALL_SHMCTL, 0, 0);
	test_selectors_arg(ev, "shmid", ARG_INT, 0, NULL);
	test_selectors_arg(ev, "cmd", ARG_SYM, 0, "IPC_64|IPC_STAT");
	test_selectors_arg(ev, "buf", ARG_HEX, 0x2000, NULL);
}

/* Load "rule: call_made, with: {WITH}" and evaluate it over test_selectors_rec. */
static enum rule_verdict test_selectors_eval(const char *with)
{
	char yaml[2048];
	struct diag_list d;
	struct rule_run run = { .rec = &test_selectors_rec, .dir = test_selectors_dir };
	struct rule_ctx ctx = { .runs = &run, .nruns = 1 };

	snprintf(yaml, sizeof(yaml),
		 "id: t\ntitle: t\npoints: 1\nruns: [{id: r, files: [clave.txt]}]\n"
		 "checks: [{id: c, title: t, points: 1, rule: call_made, with: {%s}}]\n",
		 with);
	exercise_release(&test_selectors_ex);
	diag_init(&d, "t.yaml");
	if (exercise_load_buffer(&test_selectors_ex, "t.yaml", yaml, strlen(yaml), &d) < 0) {
		char *s = diag_format(&d, 0);

		ck_abort_msg("%s: %s", with, s);
	}
	diag_release(&d);
	ctx.ex = &test_selectors_ex;
	run.spec = &test_selectors_ex.runs[0];
	return rule_evaluate(&ctx, &test_selectors_ex.checks[0].params, &test_selectors_res);
}

struct test_selectors_case {
	const char *with;
	enum rule_verdict want;
};

/* Each selector form against test_selectors_record(0): what matches, and what must not. */
static const struct test_selectors_case test_selectors_cases[] = {
	/* keys: IPC_PRIVATE is 0, and a key never matches another */
	{ "call: shmget, args: {key: IPC_PRIVATE}", RULE_PASS },
	{ "call: shmget, args: {key: 0}", RULE_PASS },
	{ "call: shmget, args: {key: 0x1234}", RULE_FAIL },
	{ "call: shmget, args: {key: IPC_PRIVATE}, count: 0", RULE_FAIL },
	/* flags: subset, spaces and permission bits spelt any octal way */
	{ "call: shmget, args: {shmflg: IPC_CREAT}", RULE_PASS },
	{ "call: shmget, args: {shmflg: \"IPC_CREAT | 600\"}", RULE_PASS },
	{ "call: shmget, args: {shmflg: 0o600}", RULE_PASS },
	{ "call: shmget, args: {shmflg: IPC_CREAT|0644}", RULE_FAIL },
	{ "call: shmget, args: {shmflg: IPC_EXCL}", RULE_FAIL },
	{ "call: shmget, args: {shmflg: IPC_CREAT}, count: 0", RULE_FAIL },
	/* pointers: NULL, null, 0 */
	{ "call: shmat, args: {shmaddr: NULL, shmflg: 0}", RULE_PASS },
	{ "call: shmat, args: {shmaddr: null}", RULE_PASS },
	{ "call: shmat, args: {shmflg: SHM_RDONLY}", RULE_FAIL },
	/* semop: sem_num, sem_op and sem_flg of one same operation */
	{ "call: semop, args: {sem_op: -1, sem_flg: SEM_UNDO}", RULE_PASS },
	{ "call: semop, args: {sem_num: 1, sem_op: 1}", RULE_PASS },
	{ "call: semop, args: {sem_op: 1, sem_flg: SEM_UNDO}", RULE_FAIL },
	{ "call: semop, args: {timeout: NULL, nsops: 2}", RULE_PASS },
	/* errno: aliases are the name the trace prints */
	{ "call: msgrcv, errno: EWOULDBLOCK", RULE_PASS },
	{ "call: msgrcv, errno: EAGAIN, args: {msgflg: IPC_NOWAIT}", RULE_PASS },
	{ "call: msgrcv, errno: ENOMSG", RULE_FAIL },
	/* commands: IPC_64 does not hide the command */
	{ "call: shmctl, args: {cmd: IPC_STAT}", RULE_PASS },
	{ "call: shmctl, args: {cmd: IPC_RMID}", RULE_FAIL },
};

START_TEST(test_selector_forms)
{
	const struct test_selectors_case *c = &test_selectors_cases[_i];

	test_selectors_record(0);
	ck_assert_msg(test_selectors_eval(c->with) == c->want, "{%s}: %s (%s)", c->with,
		      c->want == RULE_PASS ? "should pass" : "should fail",
		      rule_result_msg(&test_selectors_res, LANG_EN));
}
END_TEST

/* An ftok key names the key its file gives in the run's directory. */
START_TEST(test_selector_ftok)
{
	char *path = xasprintf("%s/clave.txt", test_selectors_dir);
	key_t k = ftok(path, 'A');

	ck_assert_int_ne(k, -1);
	test_selectors_record(k);
	ck_assert_int_eq(test_selectors_eval("call: shmget, args: {key: \"ftok(clave.txt, 'A')\"}"),
			 RULE_PASS);
	ck_assert_int_eq(test_selectors_eval("call: shmget, args: {key: \"ftok(clave.txt, 65)\"}"),
			 RULE_PASS);
	ck_assert_int_eq(test_selectors_eval("call: shmget, args: {key: \"ftok(clave.txt, 'B')\"}"),
			 RULE_FAIL);
	ck_assert_int_eq(test_selectors_eval("call: shmget, args: {key: IPC_PRIVATE}"), RULE_FAIL);
	free(path);
}
END_TEST

/* Every argument name the decoder gives a call is in xlat_call_args (the
 * names of test_decode's real traces are checked there; these are the
 * decoder's own literals, listed by call). */
START_TEST(test_decoder_names_known)
{
	static const struct {
		enum ipc_call call;
		const char *names;
	} decoded[] = {
		{ CALL_SHMGET, "key size shmflg" },
		{ CALL_SHMAT, "shmid shmaddr shmflg" },
		{ CALL_SHMDT, "shmaddr" },
		{ CALL_SHMCTL, "shmid cmd buf" },
		{ CALL_SEMGET, "key nsems semflg" },
		{ CALL_SEMOP, "semid sops nsops timeout" },
		{ CALL_SEMTIMEDOP, "semid sops nsops timeout" },
		{ CALL_SEMCTL, "semid semnum cmd arg" },
		{ CALL_MSGGET, "key msgflg" },
		{ CALL_MSGSND, "msqid msgp msgsz msgflg mtype" },
		{ CALL_MSGRCV, "msqid msgp msgsz msgtyp msgflg mtype" },
		{ CALL_MSGCTL, "msqid cmd buf" },
		{ CALL_EXEC, "filename" },
	};
	char buf[128], *tok, *save;
	size_t i;

	for (i = 0; i < sizeof(decoded) / sizeof(decoded[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", decoded[i].names);
		for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
			ck_assert_msg(sel_arg_find(decoded[i].call, tok),
				      "%s's '%s' is not selectable", ipc_call_name(decoded[i].call),
				      tok);
	}
	ck_assert_ptr_null(xlat_call_args(CALL_FORK)->name);
	ck_assert_ptr_null(xlat_call_args(CALL_EXIT)->name);
}
END_TEST

/* Normalised values, as the selector's description shows them. */
START_TEST(test_selector_normalised)
{
	struct param_arg a[2] = { { .name = xstrdup("shmflg"),
				    .value = xstrdup(" IPC_CREAT |600") },
				  { .name = xstrdup("key"), .value = xstrdup("IPC_PRIVATE") } };
	struct diag_list d;

	diag_init(&d, "t.yaml");
	ck_assert_int_eq(sel_args_check(CALL_SHMGET, a, 2, &d), 0);
	ck_assert_str_eq(a[0].value, "IPC_CREAT|0600");
	ck_assert_int_eq(a[1].key.kind, KEY_PRIVATE);
	diag_release(&d);
	free(a[0].name);
	free(a[0].value);
	free(a[1].name);
	free(a[1].value);
	key_spec_release(&a[1].key);
}
END_TEST

Suite *selectors_suite(void);
Suite *selectors_suite(void)
{
	Suite *s = suite_create("selectors");
	TCase *tc = tcase_create("match");

	tcase_add_checked_fixture(tc, test_selectors_setup, test_selectors_teardown);
	tcase_add_loop_test(tc, test_selector_forms, 0,
			    sizeof(test_selectors_cases) / sizeof(test_selectors_cases[0]));
	tcase_add_test(tc, test_selector_ftok);
	tcase_add_test(tc, test_decoder_names_known);
	tcase_add_test(tc, test_selector_normalised);
	suite_add_tcase(s, tc);
	return s;
}
