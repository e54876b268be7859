/*
 * test_feedback.c - feedback a student can act on (issue 9): where an
 * output differs (rules_diff), fair comparisons in printed_matches_kernel
 * (raw or masked modes, octal, IPC_SET), and limits named in the evidence
 * of every check they made fail.
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "graders/load/exercise.h"
#include "graders/load/exercise_load.h"
#include "graders/rules/feedback.h"
#include "graders/engine/grade.h"
#include "graders/report/i18n.h"
#include "graders/report/report.h"
#include "graders/rules/rules.h"
#include "graders/rules/rules_diff.h"
#include "util/xalloc.h"

static struct run_record test_feedback_rec;
static struct exercise test_feedback_ex;
static struct rule_result test_feedback_res;

static void test_feedback_setup(void)
{
	record_init(&test_feedback_rec);
	exercise_init(&test_feedback_ex);
	rule_result_init(&test_feedback_res);
}

static void test_feedback_teardown(void)
{
	record_release(&test_feedback_rec);
	exercise_release(&test_feedback_ex);
	rule_result_release(&test_feedback_res);
}

/* ---- rules_diff ------------------------------------------------------------- */

static void test_feedback_diff_is(const char *want, const char *got, bool icase, const char *expect)
{
	char *d = rules_diff(want, got, icase, LANG_EN);

	ck_assert_msg(d && !strcmp(d, expect), "diff of \"%s\" / \"%s\":\n%s\nwanted:\n%s", want,
		      got, d ? d : "(null)", expect);
	free(d);
}

START_TEST(test_diff_first_line)
{
	char *d;

	ck_assert_ptr_null(rules_diff("a\nb", "a\nb", false, LANG_EN));
	ck_assert_ptr_null(rules_diff("A\nb", "a\nB", true, LANG_EN));
	/* The same start, cut at the same length, hid this: line 2 differs. */
	test_feedback_diff_is("suma: 10\nmedia: 2.5", "suma: 10\nmedia: 2.6", false,
			      "first difference at line 2, column 10:\n"
			      "  expected: \"media: 2.5\"\n"
			      "  got:      \"media: 2.6\"\n"
			      "                      ^");
	/* Invisible characters: trailing spaces, tabs, carriage returns. */
	test_feedback_diff_is("total 10", "total 10  ", false,
			      "first difference at line 1, column 9:\n"
			      "  expected: \"total 10\"\n"
			      "  got:      \"total 10\xc2\xb7\xc2\xb7\"\n"
			      "                     ^");
	test_feedback_diff_is("a b", "a\tb", false,
			      "first difference at line 1, column 2:\n"
			      "  expected: \"a b\"\n"
			      "  got:      \"a\\tb\"\n"
			      "              ^");
	test_feedback_diff_is("fin", "fin\r", false,
			      "first difference at line 1, column 4:\n"
			      "  expected: \"fin\"\n"
			      "  got:      \"fin\\r\"\n"
			      "                ^");
	/* One text ends first. */
	test_feedback_diff_is("a\nb", "a", false,
			      "first difference at line 2, column 1:\n"
			      "  expected: \"b\"\n"
			      "  got:      (no more lines)\n"
			      "             ^");
	test_feedback_diff_is("a", "a\nextra", false,
			      "first difference at line 2, column 1:\n"
			      "  expected: (no more lines)\n"
			      "  got:      \"extra\"\n"
			      "             ^");
	/* A long line is cut around the difference, which stays visible. */
	d = rules_diff("0123456789012345678901234567890123456789012345678901234567890123456789"
		       "0123456789X",
		       "0123456789012345678901234567890123456789012345678901234567890123456789"
		       "0123456789Y",
		       false, LANG_EN);
	ck_assert_ptr_nonnull(strstr(d, "column 81"));
	ck_assert_ptr_nonnull(strstr(d, "9Y\""));
	ck_assert_ptr_nonnull(strstr(d, "\xe2\x80\xa6")); /* … */
	free(d);
	/* Spanish, and UTF-8 letters count as one column. */
	d = rules_diff("año: 1", "año: 2", false, LANG_ES);
	ck_assert_str_eq(d, "primera diferencia en la línea 1, columna 6:\n"
			    "  esperado: \"año: 1\"\n"
			    "  obtenido: \"año: 2\"\n"
			    "                  ^");
	free(d);
}
END_TEST

/* ---- rules over a record ------------------------------------------------------ */

static struct process *test_feedback_proc(pid_t pid, pid_t ppid)
{
	struct process *p = record_process_add(&test_feedback_rec);

	p->pid = p->host_pid = pid;
	p->ppid = ppid;
	p->exited = true;
	return p;
}

static void test_feedback_output(pid_t pid, const char *out)
{
	struct program_output *o;

	test_feedback_rec.outputs =
		realloc(test_feedback_rec.outputs, (test_feedback_rec.noutputs + 1) * sizeof(*o));
	o = &test_feedback_rec.outputs[test_feedback_rec.noutputs++];
	memset(o, 0, sizeof(*o));
	o->argv0 = strdup("prog");
	o->out = strdup(out);
	o->err = strdup("");
	o->out_len = strlen(out);
	o->pid = pid;
}

static struct event *test_feedback_shmctl(pid_t pid, int cmd, const char *cmdname, int err)
{
	struct event *ev = record_event_add(&test_feedback_rec);

	ev->seq = test_feedback_rec.nevents;
	ev->pid = ev->host_pid = ev->tid = pid;
	ev->call = CALL_SHMCTL;
	ev->result = err ? -1 : 0;
	ev->err = err;
	ev->cmd = cmd;
	ev->args[0] = (struct event_arg){ "shmid", ARG_INT, 0, NULL };
	ev->args[1] = (struct event_arg){ "cmd", ARG_SYM, 0, strdup(cmdname) };
	ev->nargs = 2;
	ev->shmdt_shmid = -1;
	return ev;
}

static void test_feedback_stat(pid_t pid, unsigned mode)
{
	struct event *ev = test_feedback_shmctl(pid, IPC_STAT, "IPC_STAT", 0);

	ev->has_ds = true;
	ev->ds.size = 4096;
	ev->ds.mode = mode;
	ev->ds.key = 0x1234abcd;
}

static const struct build_result *test_feedback_build;

static enum rule_verdict test_feedback_eval(const char *rule, const char *with, const char *limits)
{
	char yaml[4096];
	struct diag_list d;
	struct rule_run run = { .rec = &test_feedback_rec };
	struct rule_ctx ctx = { .runs = &run,
				.nruns = 1,
				.build = test_feedback_build,
				.submission = "entregas/ana/mi_practica.c" };

	snprintf(yaml, sizeof(yaml),
		 "id: t\ntitle: t\npoints: 1\n%s"
		 "submission: {programs: [{name: prog}]}\n"
		 "runs: [{id: main, programs: [{program: prog}]}]\n"
		 "checks: [{id: c, title: t, points: 1, rule: %s, with: {%s}}]\n",
		 limits ? limits : "", rule, with);
	exercise_release(&test_feedback_ex);
	diag_init(&d, "t.yaml");
	ck_assert_int_eq(exercise_load_buffer(&test_feedback_ex, "t.yaml", yaml, strlen(yaml), &d),
			 0);
	diag_release(&d);
	ctx.ex = &test_feedback_ex;
	run.spec = &test_feedback_ex.runs[0];
	return rule_evaluate(&ctx, &test_feedback_ex.checks[0].params, &test_feedback_res);
}

#define fb_msg_is(s)                                                                               \
	ck_assert_msg(!strcmp(rule_result_msg(&test_feedback_res, LANG_EN), s),                    \
		      "'%s' is not '%s'", rule_result_msg(&test_feedback_res, LANG_EN), s)
#define fb_msg_has(s)                                                                              \
	ck_assert_msg(strstr(rule_result_msg(&test_feedback_res, LANG_EN), s) != NULL,             \
		      "'%s' not in '%s'", s, rule_result_msg(&test_feedback_res, LANG_EN))

static const char test_feedback_mode_pat[] = "pattern: \"mode=(?<mode>[0-9]+)\"";

static void test_feedback_set_output(const char *out)
{
	free(test_feedback_rec.outputs[0].out);
	test_feedback_rec.outputs[0].out = strdup(out);
}

/* printed_in_segment: a printed value must be in what a segment held (as
 * read from an attached process); a constant printed without passing
 * through the segment fails, saying so. */
static void test_feedback_seg_data(pid_t pid, const void *bytes, size_t len)
{
	struct seg_data *d;

	test_feedback_rec.seg_data =
		realloc(test_feedback_rec.seg_data, (test_feedback_rec.nseg_data + 1) * sizeof(*d));
	d = &test_feedback_rec.seg_data[test_feedback_rec.nseg_data++];
	memset(d, 0, sizeof(*d));
	d->pid = pid;
	d->bytes = malloc(len);
	memcpy(d->bytes, bytes, len);
	d->len = len;
}

START_TEST(test_printed_in_segment)
{
	int32_t ints[2] = { 41538, 499979 };
	int64_t longs[2] = { 7, 2001000 };
	const char pat[] = "pattern: 'primos=([0-9]+) mayor=([0-9]+)'";

	test_feedback_proc(1, 0);
	test_feedback_proc(2, 1);
	test_feedback_output(1, "primos=41538 mayor=499979\n");
	/* Nothing was read from any segment. */
	ck_assert_int_eq(test_feedback_eval("printed_in_segment", pat, NULL), RULE_FAIL);
	fb_msg_has("no process had a segment attached");
	test_feedback_seg_data(2, ints, sizeof(ints));
	ck_assert_int_eq(test_feedback_eval("printed_in_segment", pat, NULL), RULE_PASS);
	ck_assert_int_eq(test_feedback_eval("printed_in_segment",
					    "pattern: 'primos=([0-9]+)', by: child", NULL),
			 RULE_PASS);
	/* The child's view only: the parent's is not asked. */
	ck_assert_int_eq(test_feedback_eval("printed_in_segment",
					    "pattern: 'primos=([0-9]+)', by: parent", NULL),
			 RULE_FAIL);
	/* A 32-bit value is not found as a 64-bit one. */
	ck_assert_int_eq(test_feedback_eval("printed_in_segment",
					    "pattern: 'mayor=([0-9]+)', as: long", NULL),
			 RULE_FAIL);
	test_feedback_set_output("primos=41538 mayor=500000\n");
	ck_assert_int_eq(test_feedback_eval("printed_in_segment", pat, NULL), RULE_FAIL);
	fb_msg_has("printed \"500000\", which no segment held");
	fb_msg_has("segment 0, pid 2: 42 a2 00 00");
	test_feedback_seg_data(1, longs, sizeof(longs));
	test_feedback_set_output("total=2001000\n");
	ck_assert_int_eq(test_feedback_eval("printed_in_segment",
					    "pattern: 'total=([0-9]+)', as: long", NULL),
			 RULE_PASS);
	test_feedback_set_output("contenido=Hola\n");
	ck_assert_int_eq(test_feedback_eval("printed_in_segment",
					    "pattern: 'contenido=(.*)', as: text", NULL),
			 RULE_FAIL);
	test_feedback_seg_data(1, "Hola\0", 5);
	ck_assert_int_eq(test_feedback_eval("printed_in_segment",
					    "pattern: 'contenido=(.*)', as: text", NULL),
			 RULE_PASS);
	test_feedback_set_output("otra cosa\n");
	ck_assert_int_eq(test_feedback_eval("printed_in_segment",
					    "pattern: 'contenido=(.*)', as: text", NULL),
			 RULE_FAIL);
	fb_msg_has("nothing in the output matches");
}
END_TEST

/* A program that prints the raw shm_perm.mode after IPC_RMID (SHM_DEST
 * set) agrees with the kernel's raw value; a masked print with the
 * masked one; a wrong one is told the raw value, explained. */
START_TEST(test_kernel_mode_raw_or_masked)
{
	test_feedback_proc(1, 0);
	test_feedback_output(1, "mode=1600\n");
	test_feedback_stat(1, 0600 | SHM_DEST);
	ck_assert_int_eq(test_feedback_eval("printed_matches_kernel", test_feedback_mode_pat, NULL),
			 RULE_PASS);
	test_feedback_set_output("mode=600\n");
	ck_assert_int_eq(test_feedback_eval("printed_matches_kernel", test_feedback_mode_pat, NULL),
			 RULE_PASS);
	test_feedback_set_output("mode=1644\n");
	ck_assert_int_eq(test_feedback_eval("printed_matches_kernel", test_feedback_mode_pat, NULL),
			 RULE_FAIL);
	fb_msg_is("printed mode=1644, but the kernel says 1600 (permissions 0600, with SHM_DEST: "
		  "marked for removal)");
	test_feedback_set_output("mode=644\n");
	ck_assert_int_eq(test_feedback_eval("printed_matches_kernel", test_feedback_mode_pat, NULL),
			 RULE_FAIL);
	fb_msg_has("the kernel says 1600");
}
END_TEST

START_TEST(test_kernel_not_octal)
{
	test_feedback_proc(1, 0);
	test_feedback_output(1, "mode=384\n");
	test_feedback_stat(1, 0600);
	ck_assert_int_eq(test_feedback_eval("printed_matches_kernel", test_feedback_mode_pat, NULL),
			 RULE_FAIL);
	fb_msg_is("printed mode=384, which is not octal (it has an 8 or a 9): as a decimal it is "
		  "0600; print the mode with %o");
	/* Decimal without an 8 or a 9: 420 is 0644. */
	test_feedback_set_output("mode=420\n");
	test_feedback_rec.events[0].ds.mode = 0644;
	ck_assert_int_eq(test_feedback_eval("printed_matches_kernel", test_feedback_mode_pat, NULL),
			 RULE_FAIL);
	fb_msg_is("printed mode=420 in decimal: 420 is 0644 in octal; print the mode with %o");
	/* Not a number at all: said so, with what was printed. */
	test_feedback_set_output("mode=rw\n");
	ck_assert_int_eq(test_feedback_eval("printed_matches_kernel",
					    "pattern: \"mode=(?<mode>[a-z]+)\"", NULL),
			 RULE_FAIL);
	fb_msg_is("what was printed as mode (\"rw\") is not a number");
	/* A key printed with %x, without 0x, is a number. */
	test_feedback_set_output("key=1234abcd\n");
	ck_assert_int_eq(test_feedback_eval("printed_matches_kernel",
					    "pattern: \"key=(?<key>[0-9a-f]+)\"", NULL),
			 RULE_PASS);
}
END_TEST

/* After IPC_SET the program's report is compared with the IPC_STAT that
 * followed; when that one failed, the evidence says so. */
START_TEST(test_kernel_after_ipc_set)
{
	test_feedback_proc(1, 0);
	test_feedback_output(1, "mode=600\nmode=640\n");
	test_feedback_stat(1, 0600);
	test_feedback_shmctl(1, IPC_SET, "IPC_SET", 0);
	test_feedback_shmctl(1, IPC_STAT, "IPC_STAT", 13 /* EACCES */);
	ck_assert_int_eq(test_feedback_eval("printed_matches_kernel", test_feedback_mode_pat, NULL),
			 RULE_FAIL);
	fb_msg_has("after IPC_SET, the shmctl(IPC_STAT) of process 1 failed with EACCES: there are "
		   "no kernel values to compare the printed ones with");
	test_feedback_stat(1, 0640);
	ck_assert_int_eq(test_feedback_eval("printed_matches_kernel", test_feedback_mode_pat, NULL),
			 RULE_PASS);
	test_feedback_set_output("mode=600\nmode=660\n");
	ck_assert_int_eq(test_feedback_eval("printed_matches_kernel", test_feedback_mode_pat, NULL),
			 RULE_FAIL);
	fb_msg_has("printed mode=0660, but the kernel says 0640");
}
END_TEST

/* A run stopped by a limit: the checks it made fail say which limit, and
 * what never ended, instead of "killed by SIGKILL". */
START_TEST(test_limit_named)
{
	struct process *p, *c;

	p = test_feedback_proc(2, 1);
	c = test_feedback_proc(3, 2);
	p->signal = c->signal = SIGKILL;
	p->exit_code = c->exit_code = -1;
	test_feedback_output(2, "");
	test_feedback_rec.outputs[0].signal = SIGKILL;
	test_feedback_rec.outputs[0].exit_code = -1;
	test_feedback_rec.status = RUN_TIMEOUT;
	record_set_message(&test_feedback_rec, "timeout after 5 s");
	ck_assert_int_eq(test_feedback_eval("exit_status", "", "limits: {timeout: 5}\n"),
			 RULE_FAIL);
	fb_msg_is("stopped after 5 s (time limit): the program (pid 2) and the child (pid 3) never "
		  "ended");
	ck_assert_int_eq(test_feedback_eval("no_signal", "", "limits: {timeout: 5}\n"), RULE_FAIL);
	fb_msg_is("stopped after 5 s (time limit): the program (pid 2) and the child (pid 3) never "
		  "ended");
	ck_assert_int_eq(test_feedback_eval("output", "value: hola", "limits: {timeout: 5}\n"),
			 RULE_FAIL);
	fb_msg_has("stopped after 5 s (time limit): the program (pid 2) and the child (pid 3) "
		   "never ended; stdout does not contain \"hola\"");
	ck_assert_ptr_nonnull(
		strstr(rule_result_msg(&test_feedback_res, LANG_ES), "detenido tras 5 s"));
	p->signal = 0;
	p->exit_code = 0;
	test_feedback_rec.status = RUN_MEMORY_LIMIT;
	ck_assert_int_eq(test_feedback_eval("no_signal", "", "limits: {memory: 64}\n"), RULE_FAIL);
	fb_msg_is("stopped: over the memory limit (64 MiB): the child (pid 3) had to be killed");
	/* Not stopped: the rule's own evidence. */
	test_feedback_rec.status = RUN_SIGNALED;
	ck_assert_int_eq(test_feedback_eval("no_signal", "", NULL), RULE_FAIL);
	fb_msg_has("was killed by SIGKILL");
}
END_TEST

/* ---- hints per kind of failure --------------------------------------------- */

static int test_feedback_load(const char *feedback, struct diag_list *d)
{
	char yaml[4096];

	snprintf(yaml, sizeof(yaml),
		 "id: t\ntitle: t\npoints: 1\n"
		 "submission: {programs: [{name: prog}]}\n"
		 "runs: [{id: main, programs: [{program: prog}]}]\n"
		 "checks: [{id: c, title: t, points: 1, rule: no_signal, feedback: %s}]\n",
		 feedback);
	exercise_release(&test_feedback_ex);
	diag_init(d, "t.yaml");
	return exercise_load_buffer(&test_feedback_ex, "t.yaml", yaml, strlen(yaml), d);
}

START_TEST(test_hint_per_kind)
{
	struct diag_list d;
	const struct exercise_check *c;
	char *s;

	ck_assert_int_eq(
		test_feedback_load("{fail: [{when: timeout, es: 'se bloquea', en: 'it blocks'}, "
				   "{when: [signal, memory_limit], text: 'crash'}]}",
				   &d),
		0);
	diag_release(&d);
	c = &test_feedback_ex.checks[0];
	ck_assert_str_eq(feedback_pick(c, " timeout ", LANG_EN), "it blocks");
	ck_assert_str_eq(feedback_pick(c, " timeout ", LANG_ES), "se bloquea");
	ck_assert_str_eq(feedback_pick(c, " signal ", LANG_EN), "crash");
	/* A failure no hint explains gets none. */
	ck_assert_str_eq(feedback_pick(c, " differs ", LANG_EN), "");
	ck_assert_str_eq(feedback_pick(c, " not_built ", LANG_EN), "");
	/* A catch-all entry, and "limit" for every limit. */
	ck_assert_int_eq(test_feedback_load("{fail: [{when: limit, text: L}, {text: other}]}", &d),
			 0);
	diag_release(&d);
	c = &test_feedback_ex.checks[0];
	ck_assert_str_eq(feedback_pick(c, " output_limit ", LANG_EN), "L");
	ck_assert_str_eq(feedback_pick(c, " orphan ", LANG_EN), "other");
	ck_assert_str_eq(feedback_pick(c, " not_built ", LANG_EN), "");
	/* unless: any failure but these. */
	ck_assert_int_eq(
		test_feedback_load("{fail: [{unless: [limit, never_created], text: U}]}", &d), 0);
	diag_release(&d);
	c = &test_feedback_ex.checks[0];
	ck_assert_str_eq(feedback_pick(c, " differs ", LANG_EN), "U");
	ck_assert_str_eq(feedback_pick(c, " differs timeout ", LANG_EN), "");
	ck_assert_str_eq(feedback_pick(c, " never_created ", LANG_EN), "");
	/* One plain text: every failure but a failed build. */
	ck_assert_int_eq(test_feedback_load("{fail: 'wait for it'}", &d), 0);
	diag_release(&d);
	c = &test_feedback_ex.checks[0];
	ck_assert_str_eq(feedback_pick(c, " differs ", LANG_EN), "wait for it");
	ck_assert_str_eq(feedback_pick(c, " not_built ", LANG_EN), "");
	/* An unknown kind is the author's mistake, reported with a suggestion. */
	ck_assert_int_lt(test_feedback_load("{fail: [{when: timout, text: x}]}", &d), 0);
	s = diag_format(&d, 0);
	ck_assert_msg(strstr(s, "unknown kind of failure 'timout'") && strstr(s, "timeout"), "%s",
		      s);
	free(s);
	diag_release(&d);
}
END_TEST

/* The rules say what kind of failure theirs was. */
START_TEST(test_fail_kinds)
{
	struct process *p;

	p = test_feedback_proc(2, 1);
	test_feedback_output(2, "hola\n");
	ck_assert_int_eq(test_feedback_eval("output", "value: adios, match: exact", NULL),
			 RULE_FAIL);
	ck_assert_str_eq(test_feedback_res.kinds, " differs ");
	ck_assert_int_eq(test_feedback_eval("output", "value: adios", NULL), RULE_FAIL);
	ck_assert_str_eq(test_feedback_res.kinds, " missing ");
	p->signal = SIGSEGV;
	ck_assert_int_eq(test_feedback_eval("no_signal", "", NULL), RULE_FAIL);
	ck_assert_str_eq(test_feedback_res.kinds, " signal ");
	p->signal = SIGKILL;
	test_feedback_rec.status = RUN_TIMEOUT;
	ck_assert_int_eq(test_feedback_eval("output", "value: adios", NULL), RULE_FAIL);
	ck_assert_str_eq(test_feedback_res.kinds, " missing timeout ");
	test_feedback_proc(3, 2);
	test_feedback_rec.status = RUN_OK;
	p->signal = 0;
	ck_assert_int_eq(test_feedback_eval("children_waited", "", NULL), RULE_FAIL);
	ck_assert_str_eq(test_feedback_res.kinds, " never_waited unreaped ");
}
END_TEST

/* ---- words a student reads -------------------------------------------------- */

/* Plurals agree with their number; processes, segments and programs are
 * named the way the student knows them. */
START_TEST(test_student_words)
{
	struct build_result one = { .attempted = true,
				    .ok = true,
				    .warnings = 1,
				    .output = "p.c:3:5: warning: unused variable 'x'\n" };
	struct process *c;

	test_feedback_build = &one;
	ck_assert_int_eq(test_feedback_eval("compiles", "", NULL), RULE_PASS);
	fb_msg_is("compiles (1 warning)");
	ck_assert_str_eq(rule_result_msg(&test_feedback_res, LANG_ES), "compila (1 aviso)");
	test_feedback_build = NULL;
	test_feedback_proc(2, 1);
	c = test_feedback_proc(3, 2);
	c->signal = SIGSEGV;
	test_feedback_output(2, "");
	test_feedback_rec.outputs[0].exit_code = 3;
	ck_assert_int_eq(test_feedback_eval("no_signal", "", NULL), RULE_FAIL);
	fb_msg_is("the child (pid 3) was killed by SIGSEGV");
	ck_assert_str_eq(rule_result_msg(&test_feedback_res, LANG_ES),
			 "el hijo (pid 3) murió por la señal SIGSEGV");
	ck_assert_int_eq(test_feedback_eval("exit_status", "", NULL), RULE_FAIL);
	fb_msg_is("'mi_practica.c' exited with status 3; expected 0");
	test_feedback_rec.segments = calloc(1, sizeof(*test_feedback_rec.segments));
	test_feedback_rec.nsegments = 1;
	test_feedback_rec.segments[0].shmid = 0;
	test_feedback_rec.segments[0].creator_pid = 2;
	test_feedback_rec.segments[0].size = 4096;
	test_feedback_rec.segments[0].max_nattch = 1;
	ck_assert_int_eq(test_feedback_eval("removed", "", NULL), RULE_FAIL);
	fb_msg_is("the segment (shmid 0) created by the program (pid 2) was never removed with "
		  "IPC_RMID");
	ck_assert_int_eq(test_feedback_eval("max_nattch", "at_least: 2", NULL), RULE_FAIL);
	fb_msg_is("at most 1 process had the segment attached at once; expected 2");
}
END_TEST

/* Spanish scores have a decimal comma in the text report, and only there. */
START_TEST(test_spanish_points)
{
	struct report_style st = { .color = false };
	struct grade g;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	i18n_setup("es", NULL);
	grade_init(&g);
	g.lang = LANG_ES;
	g.exercise_id = xstrdup("x");
	g.submission = xstrdup("entregas/ana/mi_practica.c");
	g.checks = xcalloc(2, sizeof(*g.checks));
	g.nchecks = 2;
	g.checks[0] = (struct grade_item){ .id = xstrdup("a"),
					   .title = xstrdup("A"),
					   .points = 0.5,
					   .max_points = 0.5,
					   .status = ITEM_PASS,
					   .message = xstrdup(""),
					   .feedback = xstrdup("") };
	g.checks[1] = (struct grade_item){ .id = xstrdup("b"),
					   .title = xstrdup("B"),
					   .points = 0,
					   .max_points = 8,
					   .status = ITEM_FAIL,
					   .message = xstrdup("m"),
					   .feedback = xstrdup("") };
	grade_finish(&g);
	out = open_memstream(&buf, &len);
	ck_assert_int_eq(report_write(REPORT_TEXT, &g, &st, out), 0);
	fclose(out);
	ck_assert_msg(strstr(buf, "0,5/0,5") && strstr(buf, "0,5/8,5"), "%s", buf);
	free(buf);
	buf = NULL;
	out = open_memstream(&buf, &len);
	ck_assert_int_eq(report_write(REPORT_JSON, &g, &st, out), 0);
	fclose(out);
	ck_assert_msg(strstr(buf, "0.5") && !strstr(buf, "0,5"), "%s", buf);
	free(buf);
	grade_release(&g);
	i18n_setup("en", NULL);
}
END_TEST

Suite *feedback_suite(void);

Suite *feedback_suite(void)
{
	Suite *s = suite_create("feedback");
	TCase *tc = tcase_create("feedback");

	tcase_add_checked_fixture(tc, test_feedback_setup, test_feedback_teardown);
	tcase_add_test(tc, test_diff_first_line);
	tcase_add_test(tc, test_kernel_mode_raw_or_masked);
	tcase_add_test(tc, test_kernel_not_octal);
	tcase_add_test(tc, test_kernel_after_ipc_set);
	tcase_add_test(tc, test_limit_named);
	tcase_add_test(tc, test_hint_per_kind);
	tcase_add_test(tc, test_fail_kinds);
	tcase_add_test(tc, test_student_words);
	tcase_add_test(tc, test_spanish_points);
	tcase_add_test(tc, test_printed_in_segment);
	suite_add_tcase(s, tc);
	return s;
}
