/*
 * test_race.c - the note on a check that failed on a perturbed schedule
 * (rules_race.h), on hand-built records: the race claim only when the
 * control passed, the order of steps the control never took (or took less
 * often), a process's last step, nothing new, the replay command.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "graders/rules/rules.h"
#include "graders/rules/rules_race.h"
#include "harness/record.h"

static struct run_record test_race_bad, test_race_ctl;
static struct rule_result test_race_res;
static struct rule_params test_race_params;

static void test_race_setup(void)
{
	record_init(&test_race_bad);
	record_init(&test_race_ctl);
	rule_result_init(&test_race_res);
	rule_result_set(&test_race_res, "salida distinta", "output differs");
	memset(&test_race_params, 0, sizeof(test_race_params));
	test_race_params.rule = rule_find("output");
	test_race_bad.perturbed = true;
	test_race_bad.seed = 41;
	test_race_bad.switches = 12;
}

static void test_race_teardown(void)
{
	record_release(&test_race_bad);
	record_release(&test_race_ctl);
	rule_result_release(&test_race_res);
}

/* A parent (pid 2) and its child (pid 3). */
static void test_race_procs(struct run_record *rec)
{
	struct process *p = record_process_add(rec);

	p->pid = p->host_pid = 2;
	p->ppid = 1;
	p = record_process_add(rec);
	p->pid = p->host_pid = 3;
	p->ppid = 2;
}

/* Append a step of pid: a semop of sem num by op (op 0: exit). */
static void test_race_step(struct run_record *rec, pid_t pid, int num, int op)
{
	struct event *ev = record_event_add(rec);

	ev->seq = rec->nevents;
	ev->pid = ev->host_pid = ev->tid = pid;
	if (!op) {
		ev->call = CALL_EXIT;
		return;
	}
	ev->call = CALL_SEMOP;
	ev->id = 0;
	ev->sops[0].sem_num = (unsigned short)num;
	ev->sops[0].sem_op = (short)op;
	ev->nsops_read = 1;
}

/* steps: "P0+ C0- ..." (P parent, C child; semaphore; + or -; X: exit). */
static void test_race_steps(struct run_record *rec, const char *steps)
{
	const char *s;

	test_race_procs(rec);
	for (s = steps; *s; s++) {
		pid_t pid = *s == 'P' ? 2 : 3;

		if (*s != 'P' && *s != 'C')
			continue;
		if (s[1] == 'X')
			test_race_step(rec, pid, 0, 0);
		else
			test_race_step(rec, pid, s[1] - '0', s[2] == '+' ? 1 : -1);
	}
}

static const char *test_race_note(enum rules_race_control_outcome outcome)
{
	struct rule_ctx ctx = { .submission = "mine.c" };
	struct rule_run run = { .rec = &test_race_bad };
	struct rules_race_control ctl = { outcome, &test_race_ctl, "it broke" };

	rules_race_note(&ctx, &test_race_params, &run, &ctl, &test_race_res);
	return rule_result_msg(&test_race_res, LANG_EN);
}

START_TEST(test_race_new_order)
{
	const char *msg;

	/* The child's P(0) comes right after the parent's V(0), twice, and
	 * the control never has it. */
	test_race_steps(&test_race_bad, "P0+ C0- C1+ P1- P0+ C0- C1+ P1- PX CX");
	test_race_steps(&test_race_ctl, "P0+ P1- C0- C1+ P0+ P1- C0- C1+ PX CX");
	msg = test_race_note(RACE_CONTROL_PASSED);
	ck_assert_msg(strstr(msg, "output differs [with the schedule of seed 41 this check failed, "
				  "and an unperturbed run of the same program passed it"),
		      "%s", msg);
	ck_assert_msg(strstr(msg,
			     "the program (pid 2) had just made semop(set 0: sem 0 +1) when, "
			     "before its next step, the child (pid 3) made semop(set 0: sem 0 "
			     "-1): an order the unperturbed run never took (2 times in this "
			     "run); replay it: shmgrade check EXERCISE.yaml mine.c --seed 41]"),
		      "%s", msg);
	ck_assert_msg(strstr(rule_result_msg(&test_race_res, LANG_ES),
			     "el programa (pid 2) acababa de hacer semop(conjunto 0: sem 0 +1)"),
		      "%s", rule_result_msg(&test_race_res, LANG_ES));
}
END_TEST

START_TEST(test_race_less_often)
{
	const char *msg;

	/* The control took the order once, the perturbed run three times. */
	test_race_steps(&test_race_bad, "P0+ C0- P1- P0+ C0- P1- P0+ C0- PX CX");
	test_race_steps(&test_race_ctl, "P0+ C0- P1- P0+ P1- C0- P0+ P1- C0- PX CX");
	msg = test_race_note(RACE_CONTROL_PASSED);
	ck_assert_msg(strstr(msg,
			     "the program (pid 2) had just made semop(set 0: sem 0 +1) when, "
			     "before its next step, the child (pid 3) made semop(set 0: sem 0 "
			     "-1): an order this run took 3 times and the unperturbed run only 1"),
		      "%s", msg);
}
END_TEST

START_TEST(test_race_last_step)
{
	const char *msg;

	/* The parent ends before its child's work. */
	test_race_steps(&test_race_bad, "P0+ PX C0- CX");
	test_race_steps(&test_race_ctl, "P0+ C0- CX PX");
	msg = test_race_note(RACE_CONTROL_PASSED);
	ck_assert_msg(strstr(msg, "after the program (pid 2) made exit, its last step, the child "
				  "(pid 3) made semop(set 0: sem 0 -1)"),
		      "%s", msg);
}
END_TEST

START_TEST(test_race_nothing_new)
{
	const char *msg;

	test_race_steps(&test_race_bad, "P0+ C0- PX CX");
	test_race_steps(&test_race_ctl, "P0+ C0- PX CX");
	test_race_bad.preemptions = 3;
	msg = test_race_note(RACE_CONTROL_PASSED);
	ck_assert_msg(strstr(msg,
			     "(a race). Every order of two steps of different processes in "
			     "this run also occurred, as often, in the unperturbed run; the "
			     "grader switched processes 12 times, 3 of them preempting a process "
			     "inside code without system calls; replay it:"),
		      "%s", msg);
	ck_assert_msg(!strstr(msg, "never took"), "%s", msg);
}
END_TEST

START_TEST(test_race_control_failed)
{
	const char *msg;

	test_race_steps(&test_race_bad, "P0+ C0- PX CX");
	msg = test_race_note(RACE_CONTROL_FAILED);
	ck_assert_msg(strstr(msg, "an unperturbed run of the same program failed this check too: "
				  "the mistake shows without perturbing the schedule; replay it: "
				  "shmgrade check EXERCISE.yaml mine.c --seed 41]"),
		      "%s", msg);
	ck_assert_msg(!strstr(msg, "race") && !strstr(msg, "passed"), "%s", msg);
}
END_TEST

START_TEST(test_race_no_control)
{
	const char *msg;

	test_race_steps(&test_race_bad, "P0+ C0- PX CX");
	msg = test_race_note(RACE_CONTROL_NONE);
	ck_assert_msg(strstr(msg, "no unperturbed run to compare with could be made (it broke); "
				  "replay it:"),
		      "%s", msg);
	ck_assert_msg(!strstr(msg, "passed"), "%s", msg);
}
END_TEST

START_TEST(test_race_only_when_it_matters)
{
	/* Not perturbed, or a rule a race does not change: no note. */
	test_race_steps(&test_race_bad, "P0+ C0- PX CX");
	ck_assert(rules_race_wants_control(&test_race_params, &test_race_bad));
	test_race_bad.perturbed = false;
	ck_assert(!rules_race_wants_control(&test_race_params, &test_race_bad));
	ck_assert_str_eq(test_race_note(RACE_CONTROL_PASSED), "output differs");
	test_race_bad.perturbed = true;
	test_race_params.rule = rule_find("semaphore_set");
	ck_assert(!rules_race_wants_control(&test_race_params, &test_race_bad));
}
END_TEST

Suite *race_suite(void);

Suite *race_suite(void)
{
	Suite *s = suite_create("race");
	TCase *tc = tcase_create("race");

	tcase_add_checked_fixture(tc, test_race_setup, test_race_teardown);
	tcase_add_test(tc, test_race_new_order);
	tcase_add_test(tc, test_race_less_often);
	tcase_add_test(tc, test_race_last_step);
	tcase_add_test(tc, test_race_nothing_new);
	tcase_add_test(tc, test_race_control_failed);
	tcase_add_test(tc, test_race_no_control);
	tcase_add_test(tc, test_race_only_when_it_matters);
	suite_add_tcase(s, tc);
	return s;
}
