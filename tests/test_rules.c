/*
 * test_rules.c - every rule of the table on hand-built run records: a pass
 * and a fail case (or more) each, the ERROR cases, empty records, several
 * runs. Parameters come from real YAML through the loader, so the schema,
 * the defaults and the rules are tested together.
 */
#include <check.h>
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include "graders/load/exercise.h"
#include "graders/rules/rules.h"
#include "harness/record_reap.h"
#include "harness/record.h"
#include "tests/test_util.h"

/* ---- building records ---------------------------------------------------------- */

static struct run_record tr_rec;
static struct exercise tr_ex;
static struct rule_result tr_res;

static void tr_setup(void)
{
	record_init(&tr_rec);
	exercise_init(&tr_ex);
	rule_result_init(&tr_res);
}

static void tr_teardown(void)
{
	record_release(&tr_rec);
	exercise_release(&tr_ex);
	rule_result_release(&tr_res);
}

static struct process *tr_proc(pid_t pid, pid_t ppid, int program)
{
	struct process *p = record_process_add(&tr_rec);

	p->pid = p->host_pid = pid;
	p->ppid = ppid;
	p->program = program;
	p->exited = true;
	return p;
}

static void tr_attached_at_exit(struct process *p, int shmid)
{
	p->attached_at_exit = malloc(sizeof(int));
	p->attached_at_exit[0] = shmid;
	p->nattached_at_exit = 1;
}

static struct program_output *tr_output(pid_t pid, const char *out, const char *err, int code)
{
	struct program_output *o;

	tr_rec.outputs = realloc(tr_rec.outputs, (tr_rec.noutputs + 1) * sizeof(*o));
	o = &tr_rec.outputs[tr_rec.noutputs++];
	memset(o, 0, sizeof(*o));
	o->argv0 = strdup("prog");
	o->out = strdup(out);
	o->err = strdup(err);
	o->out_len = strlen(out);
	o->err_len = strlen(err);
	o->pid = pid;
	o->exit_code = code;
	if (tr_rec.noutputs == 1)
		tr_rec.exit_code = code;
	return o;
}

static void tr_arg(struct event *ev, const char *name, enum arg_kind kind, long long num,
		   const char *str)
{
	struct event_arg *a = &ev->args[ev->nargs++];

	a->name = name;
	a->kind = kind;
	a->num = num;
	a->str = str ? strdup(str) : NULL;
}

static struct event *tr_event(pid_t pid, enum ipc_call call, long long result)
{
	struct event *ev = record_event_add(&tr_rec);

	ev->seq = tr_rec.nevents;
	ev->pid = ev->host_pid = ev->tid = pid;
	ev->call = call;
	ev->result = result;
	ev->err = result < 0 ? 22 : 0;
	ev->shmdt_shmid = -1;
	return ev;
}

static struct event *tr_shmget(pid_t pid, long long key, long long size, const char *flg, int mode,
			       int shmid)
{
	struct event *ev = tr_event(pid, CALL_SHMGET, shmid);

	ev->key = key;
	ev->size = (unsigned long long)size;
	ev->flags = IPC_CREAT | (unsigned)mode;
	ev->may_create = true;
	tr_arg(ev, "key", ARG_INT, key, NULL);
	tr_arg(ev, "size", ARG_INT, size, NULL);
	tr_arg(ev, "shmflg", ARG_SYM, 0, flg);
	return ev;
}

static struct event *tr_shmat(pid_t pid, int shmid, bool ro)
{
	struct event *ev = tr_event(pid, CALL_SHMAT, 0x7f0000000000LL);

	ev->id = shmid;
	ev->flags = ro ? SHM_RDONLY : 0;
	tr_arg(ev, "shmid", ARG_INT, shmid, NULL);
	tr_arg(ev, "shmaddr", ARG_HEX, 0, NULL);
	tr_arg(ev, "shmflg", ARG_SYM, 0, ro ? "SHM_RDONLY" : "0");
	return ev;
}

static struct event *tr_shmdt(pid_t pid, int shmid)
{
	struct event *ev = tr_event(pid, CALL_SHMDT, 0);

	ev->shmdt_shmid = shmid;
	tr_arg(ev, "shmaddr", ARG_HEX, 0x7f0000000000LL, NULL);
	return ev;
}

static struct event *tr_shmctl(pid_t pid, int shmid, int cmd, const char *cmdname)
{
	struct event *ev = tr_event(pid, CALL_SHMCTL, 0);

	ev->id = shmid;
	ev->cmd = cmd;
	tr_arg(ev, "shmid", ARG_INT, shmid, NULL);
	tr_arg(ev, "cmd", ARG_SYM, 0, cmdname);
	tr_arg(ev, "buf", ARG_HEX, 0, NULL);
	return ev;
}

static struct event *tr_fork(pid_t parent, pid_t child)
{
	struct event *ev = tr_event(parent, CALL_FORK, child);

	ev->child_pid = child;
	return ev;
}

static struct segment *tr_segment(int shmid, long long key, unsigned long long size, pid_t creator,
				  unsigned long created_seq)
{
	struct segment *s;

	tr_rec.segments = realloc(tr_rec.segments, (tr_rec.nsegments + 1) * sizeof(*s));
	s = &tr_rec.segments[tr_rec.nsegments++];
	memset(s, 0, sizeof(*s));
	s->shmid = shmid;
	s->key = key;
	s->size = size;
	s->mode = s->created_mode = 0600;
	s->creator_pid = creator;
	s->created_seq = created_seq;
	s->max_nattch = 1;
	return s;
}

/* One of pid's attachments as record_finish() publishes them (the events
 * of these hand-made records say the same). */
static void tr_attachment(pid_t pid, int shmid, enum attach_how how, bool ro, unsigned long seq,
			  enum attach_end end, unsigned long end_seq)
{
	struct process *p = NULL;
	size_t i;

	for (i = 0; i < tr_rec.nprocesses; i++)
		if (tr_rec.processes[i].pid == pid)
			p = &tr_rec.processes[i];
	ck_assert_ptr_nonnull(p);
	p->attachments = realloc(p->attachments, (p->nattachments + 1) * sizeof(*p->attachments));
	p->attachments[p->nattachments++] = (struct attachment){
		.shmid = shmid,
		.addr = 0x7f0000000000ULL,
		.shmflg = ro ? SHM_RDONLY : 0,
		.how = how,
		.seq = seq,
		.end = end,
		.end_seq = end_seq,
	};
}

/* The textbook E1 program: pid 1 creates, attaches, detaches, removes. */
static struct segment *tr_e1(void)
{
	struct segment *s;

	tr_proc(1, 0, 0);
	tr_output(1, "hola\n", "", 0);
	tr_shmget(1, 0, 4096, "IPC_CREAT|0600", 0600, 0);
	tr_shmat(1, 0, false);
	tr_shmdt(1, 0);
	tr_shmctl(1, 0, IPC_RMID, "IPC_RMID");
	tr_event(1, CALL_EXIT, 0);
	s = tr_segment(0, 0, 4096, 1, 1);
	tr_attachment(1, 0, ATTACH_SHMAT, false, 2, ATTACH_SHMDT, 3);
	s->attaches = s->detaches = 1;
	s->removed = true;
	s->removed_by_pid = 1;
	s->removed_seq = 4;
	tr_rec.inventory.taken = true;
	return s;
}

/* E2: parent 1 creates and attaches, forks child 2 (inherits), both detach,
 * the parent waits and removes. */
static struct segment *tr_e2(void)
{
	struct segment *s;

	tr_proc(1, 0, 0);
	tr_proc(2, 1, 0);
	tr_output(1, "leído: 42\n", "", 0);
	tr_shmget(1, 0, 4096, "IPC_CREAT|0600", 0600, 0);
	tr_shmat(1, 0, false);
	tr_fork(1, 2);
	tr_shmdt(2, 0);
	tr_event(2, CALL_EXIT, 0);
	tr_shmdt(1, 0);
	tr_shmctl(1, 0, IPC_RMID, "IPC_RMID");
	tr_event(1, CALL_EXIT, 0);
	s = tr_segment(0, 0, 4096, 1, 1);
	tr_attachment(1, 0, ATTACH_SHMAT, false, 2, ATTACH_SHMDT, 6);
	tr_attachment(2, 0, ATTACH_FORK, false, 3, ATTACH_SHMDT, 4);
	s->attaches = 1;
	s->detaches = 2;
	s->max_nattch = 2;
	s->removed = true;
	s->removed_by_pid = 1;
	s->removed_seq = 7;
	tr_rec.inventory.taken = true;
	return s;
}

/* ---- evaluating ------------------------------------------------------------------- */

/* Load a one-check exercise (programs writer and reader) whose check is
 * "rule: RULE, with: {WITH}" and evaluate it over tr_rec. */
static enum rule_verdict tr_eval_with(const char *rule, const char *with,
				      const struct build_result *build, const char *dir)
{
	char yaml[4096];
	struct diag_list d;
	struct rule_run run = { .rec = &tr_rec, .dir = dir };
	struct rule_ctx ctx = { .build = build, .runs = &run, .nruns = 1 };
	int r;

	snprintf(
		yaml, sizeof(yaml),
		"id: t\ntitle: t\npoints: 1\n"
		"submission: {programs: [{name: writer}, {name: reader}]}\n"
		"runs: [{id: main, files: [clave.txt], programs: [{program: writer}, {program: reader}]}]\n"
		"checks: [{id: c, title: t, points: 1, rule: %s, with: {%s}}]\n",
		rule, with);
	exercise_release(&tr_ex);
	diag_init(&d, "t.yaml");
	r = exercise_load_buffer(&tr_ex, "t.yaml", yaml, strlen(yaml), &d);
	if (r < 0 && d.n) {
		char *s = diag_format(&d, 0);

		ck_abort_msg("%s", s);
	}
	diag_release(&d);
	ctx.ex = &tr_ex;
	run.spec = &tr_ex.runs[0];
	return rule_evaluate(&ctx, &tr_ex.checks[0].params, &tr_res);
}

static enum rule_verdict tr_eval(const char *rule, const char *with)
{
	return tr_eval_with(rule, with, NULL, NULL);
}

#define tr_msg_has(s)                                                                              \
	ck_assert_msg(strstr(rule_result_msg(&tr_res, LANG_EN), s) != NULL, "'%s' not in '%s'", s, \
		      rule_result_msg(&tr_res, LANG_EN))

/* Both messages are there and differ (one per language). */
static void tr_both_langs(void)
{
	ck_assert_ptr_nonnull(tr_res.msg[LANG_ES]);
	ck_assert_ptr_nonnull(tr_res.msg[LANG_EN]);
	ck_assert(tr_res.msg[LANG_EN][0] != '\0');
}

/* ---- compiles ---------------------------------------------------------------------- */

START_TEST(test_compiles)
{
	struct build_result ok = { .attempted = true, .ok = true };
	struct build_result warn = { .attempted = true,
				     .ok = true,
				     .warnings = 2,
				     .output = "a.c:3:5: warning: unused variable 'x'\n" };
	struct build_result bad = {
		.attempted = true,
		.ok = false,
		.errors = 1,
		.output = "a.c: In function 'main':\na.c:4:1: error: expected ';'\n"
	};
	struct build_result binary = { .attempted = false };

	ck_assert_int_eq(tr_eval_with("compiles", "", &ok, NULL), RULE_PASS);
	tr_both_langs();
	ck_assert_int_eq(tr_eval_with("compiles", "", &warn, NULL), RULE_PASS);
	tr_msg_has("2 warnings");
	ck_assert_int_eq(tr_eval_with("compiles", "no_warnings: true", &warn, NULL), RULE_FAIL);
	tr_msg_has("unused variable");
	ck_assert_int_eq(tr_eval_with("compiles", "", &bad, NULL), RULE_FAIL);
	tr_msg_has("a.c:4:1: error: expected ';'");
	ck_assert_int_eq(tr_eval_with("compiles", "", &binary, NULL), RULE_PASS);
	ck_assert_int_eq(tr_eval_with("compiles", "", NULL, NULL), RULE_ERROR);
}
END_TEST

/* ---- exit_status, no_signal, children_waited ----------------------------------------- */

START_TEST(test_exit_status)
{
	struct program_output *o;

	tr_proc(1, 0, 0);
	tr_proc(5, 0, 1);
	tr_output(1, "", "", 0);
	o = tr_output(5, "", "", 3);
	ck_assert_int_eq(tr_eval("exit_status", ""), RULE_FAIL);
	tr_msg_has("'reader' exited with status 3; expected 0");
	ck_assert_int_eq(tr_eval("exit_status", "program: writer"), RULE_PASS);
	ck_assert_int_eq(tr_eval("exit_status", "value: 3, program: reader"), RULE_PASS);
	o->signal = 11;
	o->exit_code = -1;
	ck_assert_int_eq(tr_eval("exit_status", "program: reader"), RULE_FAIL);
	tr_msg_has("SIGSEGV");
	o->pid = 0;
	ck_assert_int_eq(tr_eval("exit_status", "program: reader"), RULE_FAIL);
	tr_msg_has("never ran");
}
END_TEST

START_TEST(test_no_signal)
{
	struct process *p;

	tr_proc(1, 0, 0);
	p = tr_proc(2, 1, 0);
	tr_output(1, "", "", 0);
	ck_assert_int_eq(tr_eval("no_signal", ""), RULE_PASS);
	p->signal = 11;
	ck_assert_int_eq(tr_eval("no_signal", ""), RULE_FAIL);
	tr_msg_has("the child (pid 2) was killed by SIGSEGV");
	p->signal = 9;
	tr_rec.status = RUN_TIMEOUT;
	record_set_message(&tr_rec, "timeout after 5 s");
	ck_assert_int_eq(tr_eval("no_signal", ""), RULE_FAIL);
	tr_msg_has("stopped after 10 s (time limit): the child (pid 2) never ended");
	/* With limits: false, the harness's SIGKILL is not the program's doing. */
	ck_assert_int_eq(tr_eval("no_signal", "limits: false"), RULE_PASS);
}
END_TEST

/* A wait event of pid that reaped child (0: none; -ECHILD: failed). */
static struct event *tr_wait(pid_t pid, pid_t child)
{
	struct event *ev = tr_event(pid, CALL_WAIT4, child < 0 ? -1 : child);

	ev->wait_idtype = -1;
	ev->wait_id = -1;
	ev->err = child < 0 ? -child : 0;
	ev->child_pid = child > 0 ? child : 0;
	ev->reaped = child > 0;
	return ev;
}

START_TEST(test_children_waited)
{
	struct process *c, *d, *p;

	p = tr_proc(1, 0, 0);
	tr_output(1, "", "", 0);
	/* No child at all is no evidence of waiting (red team: an empty
	 * main earned "waits for its children"); children: 0 accepts it. */
	ck_assert_int_eq(tr_eval("children_waited", ""), RULE_FAIL);
	tr_msg_has("no child process was made");
	ck_assert_int_eq(tr_eval("children_waited", "children: 0"), RULE_PASS);
	c = tr_proc(2, 1, 0);
	d = tr_proc(3, 1, 0);
	/* Observed, not guessed: the children ended first, but nobody waited. */
	ck_assert_int_eq(tr_eval("children_waited", ""), RULE_FAIL);
	tr_msg_has("the parent (pid 1) never called wait()/waitpid(): its child (pid 2) ended");
	tr_wait(1, 2);
	record_reap_derive(&tr_rec);
	ck_assert_int_eq(tr_eval("children_waited", ""), RULE_FAIL);
	tr_msg_has("the parent (pid 1) reaped 1 child with wait(), but not the child (pid 3)");
	tr_wait(1, 3);
	record_reap_derive(&tr_rec);
	ck_assert_int_eq(c->reaped_by, 1);
	ck_assert_int_eq(d->reaped_by, 1);
	ck_assert_int_eq(tr_eval("children_waited", ""), RULE_PASS);
	ck_assert_int_eq(tr_eval("children_waited", "children: 2"), RULE_PASS);
	ck_assert_int_eq(tr_eval("children_waited", "children: 3"), RULE_FAIL);
	tr_msg_has("child processes created: 2; expected 3");
	d->reaped_by = 0;
	d->orphaned = true;
	ck_assert_int_eq(tr_eval("children_waited", ""), RULE_FAIL);
	tr_msg_has("the child (pid 3) was still running when its parent (pid 1) exited");
	/* Killed by the time limit while it waited: not charged. */
	p->waiting_when_killed = true;
	ck_assert_int_eq(tr_eval("children_waited", ""), RULE_PASS);
}
END_TEST

/* SIGCHLD ignored: the kernel reaps, and wait() fails with ECHILD once
 * every child ended; a parent that made that call waited for them. */
START_TEST(test_children_waited_echild)
{
	struct event *fork_ev;

	tr_proc(1, 0, 0);
	tr_proc(2, 1, 0);
	tr_output(1, "", "", 0);
	fork_ev = tr_event(1, CALL_FORK, 2);
	fork_ev->child_pid = 2;
	record_reap_derive(&tr_rec);
	ck_assert_int_eq(tr_eval("children_waited", ""), RULE_FAIL);
	tr_wait(1, -ECHILD);
	record_reap_derive(&tr_rec);
	ck_assert_int_eq(tr_eval("children_waited", ""), RULE_PASS);
}
END_TEST

/* ---- output ------------------------------------------------------------------------- */

START_TEST(test_output_text)
{
	tr_proc(1, 0, 0);
	tr_proc(2, 0, 1);
	tr_output(1, "Hola,   mundo\nsuma = 5050\n", "aviso: nada\n", 0);
	tr_output(2, "leído: hola\n", "", 0);
	ck_assert_int_eq(tr_eval("output", "value: mundo"), RULE_PASS);
	tr_both_langs();
	ck_assert_int_eq(tr_eval("output", "value: MUNDO"), RULE_FAIL);
	tr_msg_has("stdout does not contain \"MUNDO\"; it was \"Hola,   mundo\\nsuma");
	ck_assert_int_eq(tr_eval("output", "value: MUNDO, ignore_case: true"), RULE_PASS);
	ck_assert_int_eq(tr_eval("output", "value: \"Hola, mundo\""), RULE_FAIL);
	ck_assert_int_eq(tr_eval("output", "value: \"Hola, mundo suma = 5050\", match: exact, "
					   "ignore_whitespace: true"),
			 RULE_PASS);
	ck_assert_int_eq(tr_eval("output", "value: \"Hola,   mundo\\nsuma = 5050\", match: exact"),
			 RULE_PASS); /* the trailing newline does not count */
	ck_assert_int_eq(tr_eval("output", "value: \"Hola\", match: exact"), RULE_FAIL);
	ck_assert_int_eq(tr_eval("output", "value: \"^suma = [0-9]+$\", match: regex"), RULE_PASS);
	ck_assert_int_eq(tr_eval("output", "value: \"^mundo\", match: regex"), RULE_FAIL);
	ck_assert_int_eq(tr_eval("output", "value: aviso, stream: stderr"), RULE_PASS);
	ck_assert_int_eq(tr_eval("output", "value: aviso"), RULE_FAIL);
	ck_assert_int_eq(tr_eval("output", "value: error, absent: true"), RULE_PASS);
	ck_assert_int_eq(tr_eval("output", "value: mundo, absent: true"), RULE_FAIL);
	ck_assert_int_eq(tr_eval("output", "value: \"leído: hola\", program: reader"), RULE_PASS);
	ck_assert_int_eq(tr_eval("output", "value: \"leído\""), RULE_FAIL);
}
END_TEST

START_TEST(test_output_number)
{
	tr_proc(1, 0, 0);
	tr_output(1, "media: 3.14159, total=5050 (x2)\n", "", 0);
	/* The last number standing alone: "x2" is part of a word, not a number. */
	ck_assert_int_eq(tr_eval("output", "value: 5050, match: number"), RULE_PASS);
	ck_assert_int_eq(tr_eval("output", "value: 2, match: number"), RULE_FAIL);
	ck_assert_int_eq(
		tr_eval("output", "value: 5050, match: number, pattern: \"total=([0-9]+)\""),
		RULE_PASS);
	ck_assert_int_eq(
		tr_eval("output", "value: 5049, match: number, pattern: \"total=([0-9]+)\""),
		RULE_FAIL);
	tr_msg_has("printed 5050; expected 5049");
	ck_assert_int_eq(tr_eval("output", "value: 3.14, match: number, tolerance: 0.01, "
					   "pattern: \"media: ([0-9.]+)\""),
			 RULE_PASS);
	ck_assert_int_eq(tr_eval("output", "value: 3.14, match: number, "
					   "pattern: \"media: ([0-9.]+)\""),
			 RULE_FAIL);
	ck_assert_int_eq(tr_eval("output", "value: 1, match: number, pattern: \"nada=([0-9]+)\""),
			 RULE_FAIL);
	tr_msg_has("no number found");
}
END_TEST

/* Under a decimal-comma locale the student's "3.14159" is still 3.14159 and
 * the evidence still says "3.14159" (issue 15). */
START_TEST(test_output_number_es)
{
	ck_assert_msg(setlocale(LC_ALL, "es_ES.UTF-8") != NULL,
		      "es_ES.UTF-8 is missing: 'tools/deps.sh check' generates it");
	tr_proc(1, 0, 0);
	tr_output(1, "media: 3.14159, total=5050 (x2)\n", "", 0);
	ck_assert_int_eq(tr_eval("output", "value: 3.14, match: number, tolerance: 0.01, "
					   "pattern: \"media: ([0-9.]+)\""),
			 RULE_PASS);
	ck_assert_int_eq(tr_eval("output", "value: 3.5, match: number, "
					   "pattern: \"media: ([0-9.]+)\""),
			 RULE_FAIL);
	tr_msg_has("printed 3.14159; expected 3.5");
	setlocale(LC_ALL, "C");
}
END_TEST

/* ---- segments ---------------------------------------------------------------------- */

START_TEST(test_segment_created)
{
	struct segment *s = tr_e1();
	struct segment *pre;

	ck_assert_int_eq(
		tr_eval("segment_created", "count: 1, size: 4096, mode: 0600, key: IPC_PRIVATE"),
		RULE_PASS);
	tr_both_langs();
	ck_assert_int_eq(tr_eval("segment_created", "size: 4097"), RULE_FAIL);
	tr_msg_has(
		"the segment (shmid 0) created by the program (pid 1) has 4096 bytes; expected 4097");
	ck_assert_int_eq(tr_eval("segment_created", "mode: 0666"), RULE_FAIL);
	tr_msg_has("created with mode 0600; expected 0666");
	/* The mode given to shmget counts, not the one after an IPC_SET. */
	s->mode = 0644;
	ck_assert_int_eq(tr_eval("segment_created", "mode: 0600"), RULE_PASS);
	ck_assert_int_eq(tr_eval("segment_created", "key: 0x1234"), RULE_FAIL);
	tr_msg_has(
		"(shmid 0) created by the program (pid 1) has key IPC_PRIVATE; expected 0x00001234");
	ck_assert_int_eq(tr_eval("segment_created", "count: 2"), RULE_FAIL);
	tr_msg_has("segments created: 1; expected 2");
	/* A precondition is not the student's segment. */
	pre = tr_segment(7, 0x1234, 100, 0, 0);
	pre->precondition = true;
	ck_assert_int_eq(tr_eval("segment_created", "count: 1"), RULE_PASS);
}
END_TEST

START_TEST(test_segment_created_empty_and_ftok)
{
	char tmpl[] = "/tmp/shmgrade-rules-XXXXXX", path[256];
	char *dir = mkdtemp(tmpl);
	struct segment *s;
	key_t k;
	FILE *f;

	tr_proc(1, 0, 0);
	tr_output(1, "", "", 0);
	ck_assert_int_eq(tr_eval("segment_created", ""), RULE_FAIL);
	tr_msg_has("segments created: 0; expected at least 1");
	ck_assert_ptr_nonnull(dir);
	snprintf(path, sizeof(path), "%s/clave.txt", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	k = ftok(path, 65);
	s = tr_segment(3, k, 64, 1, 0);
	ck_assert_int_eq(
		tr_eval_with("segment_created", "key: \"ftok(clave.txt, 'A')\"", NULL, dir),
		RULE_PASS);
	s->key = k + 1;
	ck_assert_int_eq(tr_eval_with("segment_created", "key: \"ftok(clave.txt, 65)\"", NULL, dir),
			 RULE_FAIL);
	/* The key cannot be computed: the grader's problem, not the student's. */
	ck_assert_int_eq(
		tr_eval_with("segment_created", "key: \"ftok(clave.txt, 65)\"", NULL, NULL),
		RULE_ERROR);
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(test_attached_by)
{
	tr_e2();
	ck_assert_int_eq(tr_eval("attached_by", ""), RULE_PASS); /* the creator */
	tr_both_langs();
	ck_assert_int_eq(tr_eval("attached_by", "who: child"), RULE_PASS); /* inherited */
	ck_assert_int_eq(tr_eval("attached_by", "who: child, inherited: false"), RULE_FAIL);
	tr_msg_has("no child process attached a segment");
	ck_assert_int_eq(tr_eval("attached_by", "who: every"), RULE_PASS);
	ck_assert_int_eq(tr_eval("attached_by", "who: every, inherited: false"), RULE_FAIL);
	tr_msg_has("the child (pid 2) never attached the segment");
	ck_assert_int_eq(tr_eval("attached_by", "readonly: false"), RULE_PASS);
	ck_assert_int_eq(tr_eval("attached_by", "readonly: true"), RULE_FAIL);
	tr_msg_has("(pid 1) attached read-write; expected SHM_RDONLY");
	ck_assert_int_eq(tr_eval("attached_by", "who: any, program: reader"), RULE_FAIL);
}
END_TEST

START_TEST(test_attached_readonly)
{
	tr_proc(1, 0, 0);
	tr_proc(9, 0, 1);
	tr_output(1, "", "", 0);
	tr_output(9, "", "", 0);
	tr_shmget(1, 0x1234, 100, "IPC_CREAT|0600", 0600, 0);
	tr_shmat(1, 0, false);
	tr_shmat(9, 0, true);
	tr_segment(0, 0x1234, 100, 1, 1);
	tr_attachment(1, 0, ATTACH_SHMAT, false, 2, ATTACH_HELD, 0);
	tr_attachment(9, 0, ATTACH_SHMAT, true, 3, ATTACH_HELD, 0);
	ck_assert_int_eq(tr_eval("attached_by", "who: any, program: reader, readonly: true"),
			 RULE_PASS);
	ck_assert_int_eq(tr_eval("attached_by", "who: any, program: writer, readonly: true"),
			 RULE_FAIL);
	ck_assert_int_eq(tr_eval("attached_by", "who: any, program: reader, readonly: false"),
			 RULE_FAIL);
	tr_msg_has("the program (pid 9) attached read-only; expected read-write");
}
END_TEST

START_TEST(test_detached)
{
	struct segment *s = tr_e2();

	ck_assert_int_eq(tr_eval("detached", ""), RULE_PASS);
	tr_both_langs();
	tr_attached_at_exit(&tr_rec.processes[1], 0);
	ck_assert_int_eq(tr_eval("detached", ""), RULE_FAIL);
	tr_msg_has(
		"the child (pid 2) exited with the segment (shmid 0) created by the program (pid 1) still attached");
	ck_assert_int_eq(tr_eval("detached", "who: parent"), RULE_PASS);
	ck_assert_int_eq(tr_eval("detached", "who: child"), RULE_FAIL);
	free(tr_rec.processes[1].attached_at_exit);
	tr_rec.processes[1].attached_at_exit = NULL;
	tr_rec.processes[1].nattached_at_exit = 0;
	/* An attachment dropped by exec never shows at exit: count them. */
	s->attaches = 3;
	ck_assert_int_eq(tr_eval("detached", ""), RULE_FAIL);
	tr_msg_has("(shmid 0) created by the program (pid 1): 3 shmat but only 2 shmdt");
}
END_TEST

START_TEST(test_removed)
{
	struct segment *s = tr_e2();

	ck_assert_int_eq(tr_eval("removed", ""), RULE_PASS);
	tr_both_langs();
	ck_assert_int_eq(tr_eval("removed", "after_last_detach: true"), RULE_PASS);
	ck_assert_int_eq(tr_eval("removed", "by: parent"), RULE_PASS);
	ck_assert_int_eq(tr_eval("removed", "by: child"), RULE_FAIL);
	s->removed_by_pid = 2;
	ck_assert_int_eq(tr_eval("removed", ""), RULE_FAIL);
	tr_msg_has(
		"the segment (shmid 0) created by the program (pid 1) was removed by the child (pid 2), not by its creator");
	ck_assert_int_eq(tr_eval("removed", "by: anyone"), RULE_PASS);
	s->removed_seq = 3; /* before the child's shmdt (event 4) */
	ck_assert_int_eq(tr_eval("removed", "by: anyone, after_last_detach: true"), RULE_FAIL);
	tr_msg_has("was removed with IPC_RMID before its last shmdt");
	ck_assert_int_eq(tr_eval("removed", "by: anyone, key: 0x99"), RULE_FAIL); /* none with it */
	s->removed = false;
	ck_assert_int_eq(tr_eval("removed", "by: anyone"), RULE_FAIL);
	tr_msg_has(
		"the segment (shmid 0) created by the program (pid 1) was never removed with IPC_RMID");
}
END_TEST

START_TEST(test_no_leaks)
{
	struct segment *s = tr_e1();

	ck_assert_int_eq(tr_eval("no_leaks", ""), RULE_PASS);
	tr_both_langs();
	s->leaked = true;
	tr_rec.leaks.shm = 1;
	ck_assert_int_eq(tr_eval("no_leaks", ""), RULE_FAIL);
	tr_msg_has("shared memory segments left behind: 1 (e.g. shmid 0, key IPC_PRIVATE)");
	ck_assert_int_eq(tr_eval("no_leaks", "shm: false"), RULE_PASS);
	tr_rec.leaks.sem = 2;
	ck_assert_int_eq(tr_eval("no_leaks", "shm: false"), RULE_FAIL);
	tr_msg_has("semaphore sets left behind: 2");
	ck_assert_int_eq(tr_eval("no_leaks", "shm: false, sem: false"), RULE_PASS);
	tr_rec.inventory.taken = false;
	ck_assert_int_eq(tr_eval("no_leaks", ""), RULE_ERROR);
}
END_TEST

START_TEST(test_max_nattch)
{
	tr_e2();
	ck_assert_int_eq(tr_eval("max_nattch", "at_least: 2"), RULE_PASS);
	tr_both_langs();
	ck_assert_int_eq(tr_eval("max_nattch", "at_least: 3"), RULE_FAIL);
	tr_msg_has("at most 2 processes had the segment attached at once; expected 3");
	ck_assert_int_eq(tr_eval("max_nattch", "at_least: 1, key: 0x42"), RULE_FAIL);
	tr_msg_has("no segment was created");
}
END_TEST

/* ---- calls, semaphores, ordering ---------------------------------------------------------- */

START_TEST(test_call_made)
{
	struct event *ev;

	tr_e1();
	tr_shmctl(1, 0, IPC_STAT, "IPC_STAT");
	ev = tr_shmget(1, 0x1234, 4096, "IPC_CREAT|IPC_EXCL|0600", 0600, -1);
	ev->err = EEXIST;
	ck_assert_int_eq(tr_eval("call_made", "call: shmctl, args: {cmd: IPC_STAT}"), RULE_PASS);
	tr_both_langs();
	ck_assert_int_eq(tr_eval("call_made", "call: shmctl, args: {cmd: IPC_SET}"), RULE_FAIL);
	tr_msg_has("calls to shmctl(cmd=IPC_SET) (successfully): 0; expected at least 1");
	ck_assert_int_eq(tr_eval("call_made", "call: shmctl, count: 2"), RULE_PASS);
	ck_assert_int_eq(tr_eval("call_made", "call: shmctl, count: 1"), RULE_FAIL);
	ck_assert_int_eq(
		tr_eval("call_made", "call: shmget, args: {shmflg: IPC_EXCL}, errno: EEXIST"),
		RULE_PASS);
	ck_assert_int_eq(tr_eval("call_made", "call: shmget, errno: ENOENT"), RULE_FAIL);
	ck_assert_int_eq(
		tr_eval("call_made", "call: shmget, args: {shmflg: \"IPC_CREAT|0600\", key: 0}"),
		RULE_PASS);
	ck_assert_int_eq(
		tr_eval("call_made", "call: shmget, args: {size: 0x1000}, result: any, count: 2"),
		RULE_PASS);
	ck_assert_int_eq(tr_eval("call_made", "call: shmdt, who: child"), RULE_FAIL);
	ck_assert_int_eq(tr_eval("call_made", "call: shmat, count: 0, args: {shmflg: SHM_RDONLY}"),
			 RULE_PASS);
	ck_assert_int_eq(tr_eval("call_made", "call: shmdt, program: reader"), RULE_FAIL);
}
END_TEST

static struct event *tr_semctl(pid_t pid, int semid, int cmd, const char *name)
{
	struct event *ev = tr_event(pid, CALL_SEMCTL, 0);

	ev->id = semid;
	ev->cmd = cmd;
	tr_arg(ev, "semid", ARG_INT, semid, NULL);
	tr_arg(ev, "semnum", ARG_INT, 0, NULL);
	tr_arg(ev, "cmd", ARG_SYM, 0, name);
	return ev;
}

static struct semaphore_set *tr_semset(int semid, pid_t creator)
{
	struct semaphore_set *s;

	tr_rec.semaphores = realloc(tr_rec.semaphores, (tr_rec.nsemaphores + 1) * sizeof(*s));
	s = &tr_rec.semaphores[tr_rec.nsemaphores++];
	memset(s, 0, sizeof(*s));
	s->semid = semid;
	s->nsems = 1;
	s->creator_pid = creator;
	s->removed = true;
	s->removed_by_pid = creator;
	return s;
}

START_TEST(test_semaphore_set)
{
	struct semaphore_set *s;
	struct event *init;

	tr_proc(1, 0, 0);
	tr_proc(2, 1, 0);
	tr_output(1, "", "", 0);
	ck_assert_int_eq(tr_eval("semaphore_set", ""), RULE_FAIL);
	tr_msg_has("semaphore sets created: 0; expected at least 1");
	tr_event(1, CALL_SEMGET, 0);
	init = tr_semctl(1, 0, SETVAL, "SETVAL");
	tr_fork(1, 2);
	tr_event(2, CALL_SEMTIMEDOP, 0);
	tr_semctl(1, 0, IPC_RMID, "IPC_RMID");
	s = tr_semset(0, 1);
	ck_assert_int_eq(tr_eval("semaphore_set", ""), RULE_PASS);
	tr_both_langs();
	ck_assert_int_eq(tr_eval("semaphore_set", "count: 1, nsems: 1"), RULE_PASS);
	ck_assert_int_eq(tr_eval("semaphore_set", "nsems: 3"), RULE_FAIL);
	/* glibc's semop() arrives as semtimedop: "semop" covers both. */
	ck_assert_int_eq(tr_eval("call_made", "call: semop, who: child"), RULE_PASS);
	init->seq = 10; /* now after the fork (seq 3) */
	ck_assert_int_eq(tr_eval("semaphore_set", ""), RULE_FAIL);
	tr_msg_has("semaphore set 0 was initialised after the first fork");
	ck_assert_int_eq(tr_eval("semaphore_set", "before_fork: false"), RULE_PASS);
	init->cmd = GETVAL;
	ck_assert_int_eq(tr_eval("semaphore_set", "before_fork: false"), RULE_FAIL);
	tr_msg_has("never initialised");
	ck_assert_int_eq(tr_eval("semaphore_set", "initialised: false"), RULE_PASS);
	s->removed = false;
	ck_assert_int_eq(tr_eval("semaphore_set", "initialised: false"), RULE_FAIL);
	tr_msg_has("never removed");
}
END_TEST

START_TEST(test_ordering)
{
	static const char rmid_after_dt[] =
		"first: {call: shmdt}, then: {call: shmctl, args: {cmd: IPC_RMID}}";
	struct segment *s = tr_e2();

	ck_assert_int_eq(tr_eval("ordering", rmid_after_dt), RULE_PASS);
	tr_both_langs();
	tr_msg_has("shmdt (at ");
	tr_msg_has(" ms, the program (pid 1)) came before shmctl(cmd=IPC_RMID) (at ");
	/* The parent detaches only after the child exited. */
	ck_assert_int_eq(tr_eval("ordering", "first: {call: exit, who: child}, "
					     "then: {call: shmdt, who: parent}"),
			 RULE_PASS);
	ck_assert_int_eq(tr_eval("ordering", "first: {call: shmdt, who: parent}, "
					     "then: {call: exit, who: child}"),
			 RULE_FAIL);
	tr_msg_has("did not come before");
	/* which: first - the first shmdt (event 4) is before the fork? no: after. */
	ck_assert_int_eq(
		tr_eval("ordering", "first: {call: fork}, then: {call: shmdt, which: last}"),
		RULE_PASS);
	ck_assert_int_eq(
		tr_eval("ordering", "first: {call: shmdt, which: first}, then: {call: fork}"),
		RULE_FAIL);
	ck_assert_int_eq(tr_eval("ordering", "first: {call: msgsnd}, then: {call: msgrcv}"),
			 RULE_FAIL);
	tr_msg_has("there was no msgsnd");
	ck_assert_int_eq(tr_eval("ordering", "first: {call: msgsnd}, then: {call: msgrcv}, "
					     "if_missing: pass"),
			 RULE_PASS);
	/* IPC_RMID before the child's detach. */
	tr_rec.events[6].seq = 4;
	tr_rec.events[3].seq = 7;
	(void)s;
	ck_assert_int_eq(tr_eval("ordering", rmid_after_dt), RULE_FAIL);
}
END_TEST

/* ---- printed_matches_kernel ---------------------------------------------------------------- */

static void tr_stat(pid_t pid, int shmid, unsigned long long size, unsigned long long nattch,
		    int cpid, unsigned mode)
{
	struct event *ev = tr_shmctl(pid, shmid, IPC_STAT, "IPC_STAT");

	ev->has_ds = true;
	ev->ds.size = size;
	ev->ds.nattch = nattch;
	ev->ds.cpid = cpid;
	ev->ds.mode = mode;
	ev->ds.key = 0x1234;
}

START_TEST(test_printed_matches_kernel)
{
	static const char pat[] =
		"pattern: \"size=(?<size>[0-9]+) nattch=(?<nattch>[0-9]+) cpid=(?<cpid>[0-9]+) "
		"mode=(?<mode>[0-7]+)\"";

	tr_proc(1, 0, 0);
	tr_output(1, "size=4096 nattch=1 cpid=1 mode=600\nsize=4096 nattch=2 cpid=1 mode=0600\n",
		  "", 0);
	ck_assert_int_eq(tr_eval("printed_matches_kernel", pat), RULE_FAIL);
	tr_msg_has("shmctl(IPC_STAT) was never called");
	tr_stat(1, 0, 4096, 1, 1, 0600);
	tr_stat(1, 0, 4096, 2, 1, 0600 | SHM_DEST);
	ck_assert_int_eq(tr_eval("printed_matches_kernel", pat), RULE_PASS);
	tr_both_langs();
	tr_msg_has("printed reports that match the kernel's values: 2");
	tr_rec.events[1].ds.size = 100;
	tr_rec.events[0].ds.size = 100;
	ck_assert_int_eq(tr_eval("printed_matches_kernel", pat), RULE_FAIL);
	tr_msg_has("printed size=4096, but the kernel says 100");
	ck_assert_int_eq(tr_eval("printed_matches_kernel", "pattern: \"key=(?<key>0x[0-9a-f]+)\""),
			 RULE_FAIL);
	tr_msg_has("nothing in the output matches");
	free(tr_rec.outputs[0].out);
	tr_rec.outputs[0].out = strdup("key=0x00001234 perms=rw-------\n");
	ck_assert_int_eq(tr_eval("printed_matches_kernel",
				 "pattern: \"key=(?<key>0x[0-9a-f]+) perms=(?<mode>[-rwx]{9})\""),
			 RULE_PASS);
}
END_TEST

/* The program's buffer (ds_buf) is believed only where the kernel reported
 * the same around the call: a forged cpid never passes, a nattch that
 * changed between the program's call and shmgrade's look does. */
START_TEST(test_printed_forged_buffer)
{
	static const char pat[] = "pattern: \"nattch=(?<nattch>[0-9]+) cpid=(?<cpid>[0-9]+)\"";
	struct event *ev;

	tr_proc(1, 0, 0);
	tr_proc(2, 1, 0);
	tr_output(1, "nattch=2 cpid=2\n", "", 0);
	tr_stat(2, 0, 4096, 0, 1, 0600);
	ev = &tr_rec.events[tr_rec.nevents - 1];
	ev->has_ds_buf = true;
	ev->ds_buf = ev->ds;
	ev->ds_buf.nattch = 2;
	ev->ds_buf.cpid = 2;
	ev->ds_mismatch = IPC_DS_NATTCH | IPC_DS_CPID;
	ck_assert_int_eq(tr_eval("printed_matches_kernel", pat), RULE_FAIL);
	tr_msg_has("printed nattch=2, but the kernel says 0");
	/* cpid forged, nattch a value the kernel gave at the entry. */
	ev->ds_mismatch = IPC_DS_CPID;
	ck_assert_int_eq(tr_eval("printed_matches_kernel", pat), RULE_FAIL);
	tr_msg_has("printed cpid=2, but the kernel says 1");
	free(tr_rec.outputs[0].out);
	tr_rec.outputs[0].out = strdup("nattch=2 cpid=1\n");
	ck_assert_int_eq(tr_eval("printed_matches_kernel", pat), RULE_PASS);
}
END_TEST

START_TEST(test_printed_segment_source)
{
	tr_e1();
	free(tr_rec.outputs[0].out);
	tr_rec.outputs[0].out = strdup("segmento 0 de 4096 bytes\n");
	ck_assert_int_eq(
		tr_eval("printed_matches_kernel",
			"pattern: \"segmento (?<shmid>[0-9]+) de (?<size>[0-9]+)\", source: segment"),
		RULE_PASS);
	ck_assert_int_eq(tr_eval("printed_matches_kernel",
				 "pattern: \"segmento (?<cpid>[0-9]+) de\", source: segment"),
			 RULE_FAIL);
	tr_msg_has("printed cpid=0, but the kernel says 1");
}
END_TEST

/* ---- every rule: empty records, broken runs, several runs -------------------------------------
 */

/* The smallest valid parameters of each rule. */
static const char *const tr_min_with[][2] = {
	{ "attached_by", "" },
	{ "call_made", "call: shmget" },
	{ "children_waited", "" },
	{ "compiles", "" },
	{ "detached", "" },
	{ "exit_status", "" },
	{ "handles_fault", "" },
	{ "max_nattch", "at_least: 1" },
	{ "message_queue", "" },
	{ "messages", "direction: sent" },
	{ "no_leaks", "" },
	{ "no_signal", "" },
	{ "ordering", "first: {call: shmdt}, then: {call: exit}" },
	{ "output", "value: x" },
	{ "precondition", "key: 0x1234, exists: true" },
	{ "printed_in_segment", "pattern: \"n=([0-9]+)\"" },
	{ "printed_matches_kernel", "pattern: \"(?<size>[0-9]+)\"" },
	{ "removed", "" },
	{ "segment_created", "" },
	{ "semaphore_ops", "" },
	{ "semaphore_set", "" },
	{ "semaphore_value", "value: 0" },
	{ "survives_faults", "" },
};

#define TR_NRULES (sizeof(tr_min_with) / sizeof(tr_min_with[0]))

/* The verdict of each rule (same order) on an empty record whose build
 * passed: nothing was seen, so what needs something fails; no_leaks and
 * precondition cannot tell without the inventory/preconditions: error. */
static const enum rule_verdict tr_empty_verdict[] = {
	RULE_FAIL,  /* attached_by */
	RULE_FAIL,  /* call_made */
	RULE_FAIL,  /* children_waited */
	RULE_PASS,  /* compiles */
	RULE_FAIL,  /* detached */
	RULE_FAIL,  /* exit_status */
	RULE_ERROR, /* handles_fault */
	RULE_FAIL,  /* max_nattch */
	RULE_FAIL,  /* message_queue */
	RULE_FAIL,  /* messages */
	RULE_ERROR, /* no_leaks */
	RULE_PASS,  /* no_signal */
	RULE_FAIL,  /* ordering */
	RULE_FAIL,  /* output */
	RULE_ERROR, /* precondition */
	RULE_FAIL,  /* printed_in_segment */
	RULE_FAIL,  /* printed_matches_kernel */
	RULE_FAIL,  /* removed */
	RULE_FAIL,  /* segment_created */
	RULE_FAIL,  /* semaphore_ops */
	RULE_FAIL,  /* semaphore_set */
	RULE_FAIL,  /* semaphore_value */
	RULE_ERROR, /* survives_faults */
};
_Static_assert(sizeof(tr_empty_verdict) / sizeof(tr_empty_verdict[0]) == TR_NRULES,
	       "a rule added to tr_min_with needs its verdict in tr_empty_verdict");

START_TEST(test_table)
{
	const struct rule *t;
	size_t n, i, k;

	t = rule_table(&n);
	ck_assert_uint_eq(n, TR_NRULES);
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(t[i].name, tr_min_with[i][0]); /* sorted */
		ck_assert_msg((t[i].eval != NULL) != (t[i].each_run != NULL),
			      "%s: not exactly one of eval and each_run", t[i].name);
		ck_assert_ptr_nonnull(t[i].summary);
		ck_assert_ptr_eq(rule_find(t[i].name), &t[i]);
		for (k = 0; k < t[i].nparams; k++) {
			ck_assert_ptr_nonnull(t[i].params[k].help);
			ck_assert(!(t[i].params[k].required && t[i].params[k].def));
			ck_assert(t[i].params[k].type != PARAM_ENUM || t[i].params[k].choices);
		}
	}
	ck_assert_ptr_null(rule_find("segment_create"));
	ck_assert_str_eq(rule_verdict_name(RULE_ERROR), "error");
}
END_TEST

/* No events, no processes, no outputs: a verdict and two messages, no crash. */
START_TEST(test_empty_record)
{
	struct build_result b = { .attempted = true, .ok = true };
	enum rule_verdict v = tr_eval_with(tr_min_with[_i][0], tr_min_with[_i][1], &b, NULL);

	ck_assert_msg(v == tr_empty_verdict[_i], "%s on an empty record: %s, expected %s",
		      tr_min_with[_i][0], rule_verdict_name(v),
		      rule_verdict_name(tr_empty_verdict[_i]));
	tr_both_langs();
	ck_assert_ptr_nonnull(tr_res.msg[LANG_ES]);
}
END_TEST

/* A run the harness could not make is the grader's ERROR, for every rule
 * that looks at runs. */
START_TEST(test_internal_error)
{
	struct build_result b = { .attempted = true, .ok = true };
	enum rule_verdict v;

	tr_rec.status = RUN_INTERNAL_ERROR;
	record_set_message(&tr_rec, "cannot create the namespace");
	v = tr_eval_with(tr_min_with[_i][0], tr_min_with[_i][1], &b, NULL);
	if (!strcmp(tr_min_with[_i][0], "compiles")) {
		ck_assert_int_eq(v, RULE_PASS);
		return;
	}
	ck_assert_int_eq(v, RULE_ERROR);
	tr_msg_has("cannot create the namespace");
}
END_TEST

/* Several records (repeat: 3): the third fails, and says so. */
START_TEST(test_several_runs)
{
	struct run_record recs[3];
	struct rule_run runs[3];
	struct rule_ctx ctx = { .runs = runs, .nruns = 3 };
	struct exercise_run spec = { .id = "main", .repeat = 3 };
	struct diag_list d;
	static const char y[] = "id: t\ntitle: t\npoints: 1\nruns: [{}]\n"
				"checks: [{id: c, title: t, points: 1, rule: exit_status}]\n";
	int i;

	diag_init(&d, "t.yaml");
	ck_assert_int_eq(exercise_load_buffer(&tr_ex, "t.yaml", y, sizeof(y) - 1, &d), 0);
	diag_release(&d);
	for (i = 0; i < 3; i++) {
		record_init(&recs[i]);
		recs[i].exit_code = i == 2 ? 1 : 0;
		record_process_add(&recs[i])->pid = 1;
		runs[i] = (struct rule_run){ .rec = &recs[i],
					     .spec = &spec,
					     .repetition = (unsigned)i };
	}
	ck_assert_int_eq(rule_evaluate(&ctx, &tr_ex.checks[0].params, &tr_res), RULE_FAIL);
	tr_msg_has("run 'main' #3: ");
	ck_assert(strstr(rule_result_msg(&tr_res, LANG_ES), "ejecución 'main' nº 3") != NULL);
	recs[2].exit_code = 0;
	ck_assert_int_eq(rule_evaluate(&ctx, &tr_ex.checks[0].params, &tr_res), RULE_PASS);
	tr_msg_has("in all 3 runs");
	ctx.nruns = 0;
	ck_assert_int_eq(rule_evaluate(&ctx, &tr_ex.checks[0].params, &tr_res), RULE_ERROR);
	for (i = 0; i < 3; i++)
		record_release(&recs[i]);
}
END_TEST

START_TEST(test_regex_named)
{
	char *names[RULE_MAX_GROUPS], why[128];
	regex_t re;
	regmatch_t m[4];
	int i;

	ck_assert_int_eq(rule_regex_compile("a=(?<size>[0-9]+) ([(]x[)]) b=(?<cpid>[0-9]+)", false,
					    &re, names, why, sizeof(why)),
			 0);
	ck_assert_str_eq(names[0], "size");
	ck_assert_ptr_null(names[1]);
	ck_assert_str_eq(names[2], "cpid");
	ck_assert_int_eq(regexec(&re, "a=12 (x) b=7", 4, m, 0), 0);
	ck_assert_int_eq(m[3].rm_so, 11);
	regfree(&re);
	for (i = 0; i < RULE_MAX_GROUPS; i++)
		free(names[i]);
	ck_assert_int_eq(rule_regex_compile("(?:x)", false, &re, names, why, sizeof(why)), -1);
	ck_assert_int_eq(rule_regex_compile("(?<Size>x)", false, &re, names, why, sizeof(why)), -1);
	ck_assert_int_eq(rule_regex_compile("a(", false, &re, names, why, sizeof(why)), -1);
	ck_assert_int_eq(rule_regex_compile("[abc", false, &re, names, why, sizeof(why)), -1);
}
END_TEST

/*
 * A real vfork: the child attaches read-only in the memory it shares with
 * its parent and _exits; the parent detaches it from its own memory (the
 * kernel agrees: that shmdt succeeds). The harness's model says the parent
 * had it ("shared") and the rule reads that one answer: before, the rules
 * replayed the events and gave the vfork child a copy, so the parent had
 * never attached anything and who: parent failed.
 */
START_TEST(test_attached_vfork_agrees)
{
	const struct process *parent = NULL, *child = NULL;
	const struct event *dt;
	size_t i;

	record_release(&tr_rec);
	tu_run(&tr_rec, "progs", "g_vfork_attach", NULL, NULL);
	ck_assert_str_eq(tu_stdout(&tr_rec), "ok\n");
	for (i = 0; i < tr_rec.nprocesses; i++) {
		if (tr_rec.processes[i].pid == tr_rec.outputs[0].pid)
			parent = &tr_rec.processes[i];
		else
			child = &tr_rec.processes[i];
	}
	ck_assert_ptr_nonnull(parent);
	ck_assert_ptr_nonnull(child);
	/* The kernel: the parent's shmdt detached the child's attachment. */
	dt = tu_event_nth(&tr_rec, CALL_SHMDT, 0);
	ck_assert_ptr_nonnull(dt);
	ck_assert_int_eq(dt->pid, parent->pid);
	ck_assert_int_eq(dt->result, 0);
	ck_assert_int_eq(dt->shmdt_shmid, tr_rec.segments[0].shmid);
	ck_assert_uint_eq(tr_rec.segments[0].attaches, 1);
	ck_assert_uint_eq(tr_rec.segments[0].detaches, 1);
	/* The record: one mapping, in both processes. */
	ck_assert_uint_eq(child->nattachments, 1);
	ck_assert_int_eq(child->attachments[0].how, ATTACH_SHMAT);
	ck_assert_int_eq(child->attachments[0].end, ATTACH_EXIT);
	ck_assert_uint_eq(parent->nattachments, 1);
	ck_assert_int_eq(parent->attachments[0].how, ATTACH_SHARED);
	ck_assert_uint_eq(parent->attachments[0].shmflg, SHM_RDONLY);
	ck_assert_int_eq(parent->attachments[0].end, ATTACH_SHMDT);
	ck_assert_uint_eq(parent->attachments[0].end_seq, dt->seq);
	/* The rules: the same answer. */
	ck_assert_int_eq(tr_eval("attached_by", "who: parent"), RULE_PASS);
	ck_assert_int_eq(tr_eval("attached_by", "who: parent, readonly: true"), RULE_PASS);
	ck_assert_int_eq(tr_eval("attached_by", "who: every, readonly: true"), RULE_PASS);
	ck_assert_int_eq(tr_eval("attached_by", "who: parent, inherited: false"), RULE_FAIL);
	ck_assert_int_eq(tr_eval("attached_by", "who: child, inherited: false"), RULE_PASS);
}
END_TEST

Suite *rules_suite(void);
Suite *rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("rules");

	tcase_add_checked_fixture(tc, tr_setup, tr_teardown);
	tcase_add_test(tc, test_compiles);
	tcase_add_test(tc, test_exit_status);
	tcase_add_test(tc, test_no_signal);
	tcase_add_test(tc, test_children_waited);
	tcase_add_test(tc, test_children_waited_echild);
	tcase_add_test(tc, test_output_text);
	tcase_add_test(tc, test_output_number);
	tcase_add_test(tc, test_output_number_es);
	tcase_add_test(tc, test_segment_created);
	tcase_add_test(tc, test_segment_created_empty_and_ftok);
	tcase_add_test(tc, test_attached_by);
	tcase_add_test(tc, test_attached_readonly);
	tcase_add_test(tc, test_detached);
	tcase_add_test(tc, test_removed);
	tcase_add_test(tc, test_no_leaks);
	tcase_add_test(tc, test_max_nattch);
	tcase_add_test(tc, test_call_made);
	tcase_add_test(tc, test_semaphore_set);
	tcase_add_test(tc, test_ordering);
	tcase_add_test(tc, test_printed_matches_kernel);
	tcase_add_test(tc, test_printed_forged_buffer);
	tcase_add_test(tc, test_printed_segment_source);
	tcase_add_test(tc, test_table);
	tcase_add_loop_test(tc, test_empty_record, 0, TR_NRULES);
	tcase_add_loop_test(tc, test_internal_error, 0, TR_NRULES);
	tcase_add_test(tc, test_several_runs);
	tcase_add_test(tc, test_regex_named);
	suite_add_tcase(s, tc);
	tc = tcase_create("real");
	tcase_add_checked_fixture(tc, tr_setup, tr_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_attached_vfork_agrees);
	suite_add_tcase(s, tc);
	return s;
}
