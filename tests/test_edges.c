/*
 * test_edges.c - what each rule does at the edges (issue 15, point 5): the
 * golden table behind "At the edges" in doc/exercise-format.md.
 *
 * Every rule of the table is evaluated, with typical parameters, over four
 * hand-built records of one program that exited with status 0:
 *
 *   none      it made no IPC call and created nothing: nothing matches,
 *             nothing was created, nothing printed;
 *   limit     the same run stopped by a limit (timeout: the process killed
 *             by SIGKILL, status "timeout");
 *   fallback  "none" in fallback mode (no namespaces: the record holds only
 *             what the trace attributes to the run);
 *   leftover  the run stopped by the limit after creating and attaching a
 *             segment it never removed (what a limit leaves behind).
 *
 * A rule added to the table without a row here fails test_edges_complete.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graders/load/exercise.h"
#include "graders/rules/rules.h"
#include "harness/record.h"
#include "util/xalloc.h"

enum te_edge { TE_NONE, TE_LIMIT, TE_FALLBACK, TE_LEFTOVER, TE_NEDGES };

static const char *const te_edge_names[TE_NEDGES] = { "none", "limit", "fallback", "leftover" };

#define P RULE_PASS
#define F RULE_FAIL
#define E RULE_ERROR

static const struct te_row {
	const char *rule, *with;
	enum rule_verdict v[TE_NEDGES]; /* none, limit, fallback, leftover */
} te_rows[] = {
	{ "attached_by", "who: parent", { F, F, F, P } },
	{ "call_made", "call: shmget", { F, F, F, P } },
	{ "call_made", "call: shmget, args: {shmflg: IPC_CREAT}, count: 0", { P, P, P, F } },
	{ "children_waited", "", { F, F, F, F } },
	{ "compiles", "", { P, P, P, P } },
	{ "detached", "", { F, F, F, F } },
	{ "exit_status", "", { P, F, P, F } },
	{ "handles_fault", "", { E, E, E, E } },
	{ "max_nattch", "at_least: 1", { F, F, F, P } },
	{ "no_leaks", "", { P, P, P, F } },
	{ "no_signal", "", { P, F, P, F } },
	{ "no_signal", "limits: false", { P, P, P, P } },
	{ "ordering",
	  "first: {call: shmdt}, then: {call: shmctl, args: {cmd: IPC_RMID}}",
	  { F, F, F, F } },
	{ "ordering",
	  "first: {call: shmdt}, then: {call: shmctl, args: {cmd: IPC_RMID}}, if_missing: pass",
	  { P, P, P, P } },
	{ "output", "value: hola", { F, F, F, F } },
	{ "output", "value: error, absent: true", { P, P, P, P } },
	{ "survives_faults", "", { E, E, E, E } },
	{ "printed_matches_kernel", "pattern: \"size=(?<size>[0-9]+)\"", { F, F, F, F } },
	{ "printed_in_segment", "pattern: \"n=([0-9]+)\"", { F, F, F, F } },
	{ "removed", "", { F, F, F, F } },
	{ "segment_created", "", { F, F, F, P } },
	{ "semaphore_set", "", { F, F, F, F } },
	{ "semaphore_ops", "op: down", { F, F, F, F } },
	{ "semaphore_ops", "op: down, count: 0", { P, P, P, P } },
	{ "semaphore_value", "value: 1", { F, F, F, F } },
	{ "message_queue", "", { F, F, F, F } },
	{ "messages", "direction: sent", { F, F, F, F } },
	{ "messages", "direction: received, count: 0", { P, P, P, P } },
	{ "precondition", "key: 0x1234, exists: true", { E, E, E, E } },
};

#undef P
#undef F
#undef E

static struct run_record te_rec;
static struct exercise te_ex;
static struct rule_result te_res;

static void te_setup(void)
{
	record_init(&te_rec);
	exercise_init(&te_ex);
	rule_result_init(&te_res);
}

static void te_teardown(void)
{
	record_release(&te_rec);
	exercise_release(&te_ex);
	rule_result_release(&te_res);
}

static void te_arg(struct event *ev, const char *name, enum arg_kind kind, long long num,
		   const char *str)
{
	struct event_arg *a = &ev->args[ev->nargs++];

	a->name = name;
	a->kind = kind;
	a->num = num;
	a->str = str ? xstrdup(str) : NULL;
}

static struct event *te_event(enum ipc_call call, long long result)
{
	struct event *ev = record_event_add(&te_rec);

	ev->seq = te_rec.nevents;
	ev->pid = ev->host_pid = ev->tid = 1;
	ev->call = call;
	ev->result = result;
	ev->shmdt_shmid = -1;
	return ev;
}

/* A segment created and attached, never detached nor removed, alive at
 * the end (the inventory lists it). */
static void te_leftover(struct process *p)
{
	struct segment *s;

	te_arg(te_event(CALL_SHMGET, 0), "key", ARG_INT, 0, NULL);
	te_arg(&te_rec.events[0], "size", ARG_INT, 4096, NULL);
	te_arg(&te_rec.events[0], "shmflg", ARG_SYM, 0, "IPC_CREAT|0600");
	te_arg(te_event(CALL_SHMAT, 0x7f0000000000LL), "shmid", ARG_INT, 0, NULL);
	te_arg(&te_rec.events[1], "shmaddr", ARG_HEX, 0, NULL);
	te_arg(&te_rec.events[1], "shmflg", ARG_SYM, 0, "0");
	te_rec.segments = xcalloc(1, sizeof(*te_rec.segments));
	te_rec.nsegments = 1;
	s = &te_rec.segments[0];
	s->shmid = 0;
	s->size = 4096;
	s->mode = s->created_mode = 0600;
	s->creator_pid = 1;
	s->created_seq = 1;
	s->attaches = 1;
	s->max_nattch = 1;
	s->leaked = true;
	s->nattch_at_end = 0;
	te_rec.inventory.items = xcalloc(1, sizeof(*te_rec.inventory.items));
	te_rec.inventory.n = te_rec.inventory.alloc = 1;
	te_rec.inventory.items[0].kind = IPC_KIND_SHM;
	te_rec.inventory.items[0].id = 0;
	te_rec.leaks.shm = 1;
	p->attached_at_exit = xcalloc(1, sizeof(int));
	p->nattached_at_exit = 1;
	/* As record_finish() publishes the shmat (event 2), never detached. */
	p->attachments = xcalloc(1, sizeof(*p->attachments));
	p->attachments[0] = (struct attachment){ .shmid = 0, .how = ATTACH_SHMAT, .seq = 2 };
	p->nattachments = 1;
}

static void te_record(enum te_edge edge)
{
	struct process *p = record_process_add(&te_rec);
	struct program_output *o;

	p->pid = p->host_pid = 1;
	p->exited = true;
	te_rec.inventory.taken = true;
	te_rec.outputs = xcalloc(1, sizeof(*te_rec.outputs));
	te_rec.noutputs = 1;
	o = &te_rec.outputs[0];
	o->argv0 = xstrdup("prog");
	o->out = xstrdup("");
	o->err = xstrdup("");
	o->pid = 1;
	if (edge == TE_LIMIT || edge == TE_LEFTOVER) {
		te_rec.status = RUN_TIMEOUT;
		record_set_message(&te_rec, "timeout after %g s", 2.0);
		p->exit_code = o->exit_code = te_rec.exit_code = -1;
		p->signal = o->signal = te_rec.signal = SIGKILL;
	}
	if (edge == TE_FALLBACK)
		te_rec.mode = RUN_MODE_FALLBACK;
	if (edge == TE_LEFTOVER)
		te_leftover(p);
	te_event(CALL_EXIT, 0)->exit_code = p->exit_code;
}

static enum rule_verdict te_eval(const struct te_row *row)
{
	char yaml[1024];
	struct diag_list d;
	struct build_result build = { .attempted = true, .ok = true, .output = "" };
	struct rule_run run = { .rec = &te_rec };
	struct rule_ctx ctx = { .build = &build, .runs = &run, .nruns = 1 };

	snprintf(yaml, sizeof(yaml),
		 "id: t\ntitle: t\npoints: 1\nruns: [{id: r}]\n"
		 "checks: [{id: c, title: t, points: 1, rule: %s, with: {%s}}]\n",
		 row->rule, row->with);
	diag_init(&d, "t.yaml");
	if (exercise_load_buffer(&te_ex, "t.yaml", yaml, strlen(yaml), &d) < 0) {
		char *s = diag_format(&d, 0);

		ck_abort_msg("%s {%s}: %s", row->rule, row->with, s);
	}
	diag_release(&d);
	ctx.ex = &te_ex;
	run.spec = &te_ex.runs[0];
	return rule_evaluate(&ctx, &te_ex.checks[0].params, &te_res);
}

START_TEST(test_edges)
{
	const struct te_row *row = &te_rows[_i / TE_NEDGES];
	enum te_edge edge = (enum te_edge)(_i % TE_NEDGES);
	enum rule_verdict v;

	te_record(edge);
	v = te_eval(row);
	ck_assert_msg(v == row->v[edge], "%s {%s} on '%s': %s, not %s (%s)", row->rule, row->with,
		      te_edge_names[edge], rule_verdict_name(v), rule_verdict_name(row->v[edge]),
		      rule_result_msg(&te_res, LANG_EN));
	/* Never a verdict without evidence. */
	ck_assert(*rule_result_msg(&te_res, LANG_EN) && *rule_result_msg(&te_res, LANG_ES));
}
END_TEST

/* No inventory (it could not be taken): a leak verdict would be a guess. */
START_TEST(test_edges_no_inventory)
{
	static const struct te_row row = { "no_leaks", "", { RULE_ERROR } };

	te_record(TE_NONE);
	te_rec.inventory.taken = false;
	ck_assert_int_eq(te_eval(&row), RULE_ERROR);
}
END_TEST

/* Every rule has at least one row. */
START_TEST(test_edges_complete)
{
	size_t n, i, k;
	const struct rule *t = rule_table(&n);
	bool found;

	for (i = 0; i < n; i++) {
		for (found = false, k = 0; k < sizeof(te_rows) / sizeof(te_rows[0]) && !found; k++)
			found = !strcmp(te_rows[k].rule, t[i].name);
		ck_assert_msg(found, "rule '%s' has no row in te_rows (its edges are undocumented)",
			      t[i].name);
	}
}
END_TEST

Suite *edges_suite(void);
Suite *edges_suite(void)
{
	Suite *s = suite_create("edges");
	TCase *tc = tcase_create("rules");

	tcase_add_checked_fixture(tc, te_setup, te_teardown);
	tcase_add_loop_test(tc, test_edges, 0,
			    (int)(sizeof(te_rows) / sizeof(te_rows[0])) * TE_NEDGES);
	tcase_add_test(tc, test_edges_no_inventory);
	tcase_add_test(tc, test_edges_complete);
	suite_add_tcase(s, tc);
	return s;
}
