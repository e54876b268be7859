/*
 * test_integrity.c - a submission cannot forge its grade (issue 7): hostile
 * programs (tests/hostile/h_*.c) graded end to end by the check engine.
 *
 * Kernel values: a writer thread (or a CLONE_VM sibling) rewrites the
 * IPC_STAT buffer in a tight loop (h_forge_stat.c), or IPC_SET's struct and
 * semop's sembuf while the kernel reads them (h_forge_args.c). The record's
 * kernel values, and everything derived from them (max_nattch, the
 * creator, printed_matches_kernel), must be the kernel's; an honest
 * program's record is unchanged. The address i386's ipc(SHMAT) stores in
 * memory is checked against /proc/<pid>/maps (h_forge_shmat.c).
 *
 * ftok keys: an exercise's key ftok(clave.txt, 65) is the one the file gave
 * before the run. A program that deletes or replaces the file during the run
 * never turns a check into ERROR (the grader's failure, exit 2): the key it
 * used is judged against the original one (h_keyfile.c).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include "graders/engine/engine.h"
#include "graders/load/diag.h"
#include "graders/load/exercise_load.h"
#include "graders/report/i18n.h"
#include "harness/kstat.h"
#include "tests/test_util.h"

#define IT_MODES 4
static const char *const it_modes[IT_MODES] = { "keep", "unlink-after", "replace-after",
						"replace-before" };

/* One run per mode of h_keyfile, and three keyed checks on each. */
static char *it_keyfile_yaml(void)
{
	size_t cap = 8192, len = 0, m;
	char *y = malloc(cap);

	ck_assert_ptr_nonnull(y);
	len += (size_t)snprintf(y + len, cap - len,
				"id: keyfile\ntitle: Key file\npoints: %d\nruns:\n", IT_MODES * 3);
	for (m = 0; m < IT_MODES; m++)
		len += (size_t)snprintf(y + len, cap - len,
					"  - id: %s\n    files: [clave.txt]\n"
					"    programs:\n      - args: [%s]\n",
					it_modes[m], it_modes[m]);
	len += (size_t)snprintf(y + len, cap - len, "checks:\n");
	for (m = 0; m < IT_MODES; m++)
		len += (size_t)snprintf(
			y + len, cap - len,
			"  - {id: created-%s, title: c, points: 1, rule: segment_created, runs: [%s],"
			" with: {count: 1, key: \"ftok(clave.txt, 65)\"}}\n"
			"  - {id: removed-%s, title: r, points: 1, rule: removed, runs: [%s],"
			" with: {key: \"ftok(clave.txt, 'A')\"}}\n"
			"  - {id: nattch-%s, title: n, points: 1, rule: max_nattch, runs: [%s],"
			" with: {at_least: 1, key: \"ftok(clave.txt, 65)\"}}\n",
			it_modes[m], it_modes[m], it_modes[m], it_modes[m], it_modes[m],
			it_modes[m]);
	ck_assert_uint_lt(len, cap);
	return y;
}

static const struct grade_item *it_find(const struct grade *g, const char *prefix, const char *mode)
{
	char id[64];
	size_t i;

	snprintf(id, sizeof(id), "%s-%s", prefix, mode);
	for (i = 0; i < g->nchecks; i++)
		if (!strcmp(g->checks[i].id, id))
			return &g->checks[i];
	ck_abort_msg("no check '%s'", id);
	return NULL;
}

START_TEST(test_keyfile_changed)
{
	static const char *const checks[] = { "created", "removed", "nattch" };
	struct engine_options o = ENGINE_OPTIONS_DEFAULT;
	struct exercise ex;
	struct diag_list d;
	struct grade g;
	char *yaml = it_keyfile_yaml();
	const struct grade_item *c;
	size_t m, k;

	i18n_setup("en", NULL);
	diag_init(&d, "keyfile.yaml");
	exercise_init(&ex);
	if (exercise_load_buffer(&ex, "keyfile.yaml", yaml, strlen(yaml), &d) < 0)
		diag_print(&d, stderr);
	ck_assert_uint_eq(d.errors, 0);
	diag_release(&d);
	grade_init(&g);
	engine_grade(&ex, "tests/hostile/h_keyfile.c", &o, &g);
	ck_assert_msg(g.build.ok, "h_keyfile.c did not build: %s",
		      g.build.output ? g.build.output : "");
	for (m = 0; m < IT_MODES; m++) {
		bool forged = !strcmp(it_modes[m], "replace-before");

		for (k = 0; k < 3; k++) {
			c = it_find(&g, checks[k], it_modes[m]);
			/* Never the grader's failure; the right key passes, a
			 * key from a replaced file does not. */
			ck_assert_msg(c->status == (forged ? ITEM_FAIL : ITEM_PASS),
				      "%s-%s: %s: %s", checks[k], it_modes[m],
				      grade_item_status_name(c->status), c->message);
		}
	}
	c = it_find(&g, "created", "replace-before");
	ck_assert_msg(strstr(c->message, "the program deleted or replaced 'clave.txt'"), "%s",
		      c->message);
	ck_assert_int_eq(g.status, GRADE_FAIL);
	ck_assert_int_eq(grade_exit_code(&g), 1);
	grade_release(&g);
	exercise_release(&ex);
	free(yaml);
}
END_TEST

/* ---- kernel values ---- */

/* kstat in the caller's namespace: an object without read permission is
 * still stat'ed (by index with SHM_STAT_ANY when IPC_STAT is refused). */
START_TEST(test_kstat_host)
{
	struct kstat *k = kstat_start_host();
	unsigned short vals[4];
	struct ipc_ds ds;
	unsigned nsems = 0;
	int shmid = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0000);
	int semid = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	int rc_shm, n;

	ck_assert_ptr_nonnull(k);
	if (shmid < 0 || semid < 0) { /* no SysV IPC here */
		if (shmid >= 0)
			shmctl(shmid, IPC_RMID, NULL);
		if (semid >= 0)
			semctl(semid, 0, IPC_RMID);
		kstat_stop(k);
		TU_SKIP("no SysV IPC here");
	}
	semctl(semid, 1, SETVAL, 5);
	rc_shm = kstat_ds(k, IPC_KIND_SHM, shmid, &ds);
	n = kstat_semvals(k, semid, vals, 4, &nsems);
	shmctl(shmid, IPC_RMID, NULL);
	semctl(semid, 0, IPC_RMID);
	ck_assert_int_eq(rc_shm, 0);
	ck_assert_uint_eq(ds.size, 8192);
	ck_assert_int_eq(ds.cpid, getpid());
	ck_assert_uint_eq(ds.mode & 0777, 0);
	ck_assert_int_eq(n, 2);
	ck_assert_uint_eq(nsems, 2);
	ck_assert(vals[0] == 0 && vals[1] == 5);
	ck_assert_int_eq(kstat_ds(k, IPC_KIND_SHM, shmid, &ds), -1); /* gone */
	kstat_stop(k);
}
END_TEST

static const struct event *it_nth(const struct run_record *rec, enum ipc_call call, int cmd,
				  size_t *n)
{
	const struct event *last = NULL;
	size_t i;

	*n = 0;
	for (i = 0; i < rec->nevents; i++) {
		const struct event *ev = &rec->events[i];

		if (ev->call == call && (cmd < 0 || ev->cmd == cmd)) {
			(*n)++;
			last = ev;
		}
	}
	return last;
}

/* One run of h_forge_stat MODE: the kernel's values are believed,
 * whatever the buffer held. Returns how many IPC_STATs show the rewritten
 * buffer as evidence (ds_mismatch). */
static unsigned it_forge_stat_once(const char *mode, bool forged)
{
	const char *args[] = { mode, NULL };
	struct run_record rec;
	const struct segment *s;
	const struct process *parent, *child;
	unsigned mismatches = 0;
	char want[64];
	size_t i, n;

	tu_run(&rec, "hostile", "h_forge_stat", args, NULL);
	ck_assert_msg(rec.status == RUN_OK, "%s: %s", mode, rec.message ? rec.message : "");
	ck_assert_uint_ge(rec.nprocesses, 2);
	parent = &rec.processes[0];
	child = &rec.processes[1];
	ck_assert_uint_eq(rec.nsegments, 1);
	s = &rec.segments[0];
	/* The parent created it, nobody had it attached at once, the child
	 * (not its creator) removed it. */
	ck_assert_msg(s->created_seq && s->creator_pid == parent->pid, "%s: creator %d, not %d",
		      mode, (int)s->creator_pid, (int)parent->pid);
	ck_assert_msg(s->max_nattch == 1, "%s: max_nattch %u", mode, s->max_nattch);
	ck_assert_int_eq(s->removed_by_pid, child->pid);
	it_nth(&rec, CALL_SHMCTL, IPC_STAT, &n);
	ck_assert_uint_eq(n, 50);
	for (i = 0; i < rec.nevents; i++) {
		const struct event *ev = &rec.events[i];

		if (ev->call != CALL_SHMCTL || ev->cmd != IPC_STAT)
			continue;
		ck_assert(ev->has_ds);
		ck_assert_int_eq(ev->ds.cpid, parent->pid);
		ck_assert_int_eq(ev->ds.nattch, 0);
		ck_assert_int_eq(ev->ds.size, 4096);
		ck_assert(ev->has_ds_buf);
		if (ev->ds_mismatch) {
			mismatches++;
			ck_assert_uint_eq(ev->ds_mismatch, IPC_DS_CPID | IPC_DS_NATTCH);
			ck_assert_int_eq(ev->ds_buf.cpid, child->pid);
		}
	}
	snprintf(want, sizeof(want), "nattch=%d cpid=%d\n", forged ? 2 : 0,
		 forged ? (int)child->pid : (int)parent->pid);
	ck_assert_str_eq(tu_stdout(&rec), want);
	record_release(&rec);
	return mismatches;
}

/*
 * The forged buffer shows as evidence; an honest one never does. Whether
 * the writer rewrites the buffer before shmgrade looks at it depends on the
 * scheduler (on a busy machine with one free core the tracer often runs
 * first): a forged run is tried up to 5 times until it leaves evidence.
 */
static void it_forge_stat(const char *mode, bool forged)
{
	unsigned tries = 0, mismatches;

	do
		mismatches = it_forge_stat_once(mode, forged);
	while (forged && !mismatches && ++tries < 5);
	if (forged)
		ck_assert_msg(mismatches > 0, "%s: the rewritten buffer left no evidence", mode);
	else
		ck_assert_uint_eq(mismatches, 0);
}

START_TEST(test_forge_stat_honest)
{
	it_forge_stat("honest", false);
}
END_TEST

START_TEST(test_forge_stat_thread)
{
	it_forge_stat("thread", true);
}
END_TEST

START_TEST(test_forge_stat_clonevm)
{
	it_forge_stat("clonevm", true);
}
END_TEST

START_TEST(test_forge_stat_vfork)
{
	it_forge_stat("vfork", true);
}
END_TEST

/* IPC_SET records the mode the kernel set, semop the kernel's values. */
START_TEST(test_forge_args)
{
	struct run_record rec;
	const struct event *set, *stat;
	long long sum = 0;
	unsigned mode;
	int semval;
	size_t i, n;

	tu_run(&rec, "hostile", "h_forge_args", NULL, NULL);
	ck_assert_msg(rec.status == RUN_OK, "%s", rec.message ? rec.message : "");
	ck_assert_int_eq(sscanf(tu_stdout(&rec), "mode=%o semval=%d", &mode, &semval), 2);
	set = it_nth(&rec, CALL_SHMCTL, IPC_SET, &n);
	ck_assert_uint_eq(n, 100);
	stat = it_nth(&rec, CALL_SHMCTL, IPC_STAT, &n);
	ck_assert(set->has_ds && stat->has_ds);
	/* Nothing changed the mode after the last IPC_SET but itself. */
	ck_assert_uint_eq(set->ds.mode & 0777, stat->ds.mode & 0777);
	ck_assert_uint_eq(stat->ds.mode & 0777, mode);
	ck_assert_uint_eq(rec.nsegments, 1);
	ck_assert_uint_eq(rec.segments[0].mode, mode);
	for (i = 0; i < rec.nevents; i++) {
		const struct event *ev = &rec.events[i];

		if (ev->call == CALL_SHMCTL && ev->cmd == IPC_SET)
			ck_assert_msg(!ev->ds_mismatch ==
					      ((ev->ds_buf.mode & 0777) == (ev->ds.mode & 0777)),
				      "IPC_SET: buffer %o, kernel %o, mismatch %x", ev->ds_buf.mode,
				      ev->ds.mode, ev->ds_mismatch);
		if (ev->call != CALL_SEMOP && ev->call != CALL_SEMTIMEDOP)
			continue;
		/* What each semop did, from the kernel's values around it
		 * (one process: nothing else changes them). */
		ck_assert_uint_eq(ev->nsem_before, 1);
		ck_assert_uint_eq(ev->nsem_after, 1);
		ck_assert(ev->sem_after[0] - ev->sem_before[0] == 1 ||
			  ev->sem_after[0] - ev->sem_before[0] == 3);
		sum += ev->sem_after[0] - ev->sem_before[0];
	}
	ck_assert_int_eq(sum, semval);
	record_release(&rec);
}
END_TEST

/* i386 ipc(SHMAT): the address stored in memory is believed only where the
 * segment is mapped. Returns how many attaches show the rewrite. */
static unsigned it_forge_shmat_once(bool *skipped)
{
	struct run_record rec;
	unsigned long b = 0;
	unsigned rewritten = 0;
	size_t i;

	tu_run(&rec, "hostile", "h_forge_shmat", NULL, NULL);
	*skipped = rec.exit_code == 77;
	if (*skipped) {
		record_release(&rec);
		return 0;
	}
	ck_assert_msg(rec.status == RUN_OK, "%s", rec.message ? rec.message : "");
	ck_assert_int_eq(sscanf(tu_stdout(&rec), "B=%lx", &b), 1);
	ck_assert_uint_eq(rec.nsegments, 2);
	/* What really happened: A attached and detached 20 times, one at a
	 * time; B's one shmdt is B's. */
	ck_assert_uint_eq(rec.segments[0].attaches, 20);
	ck_assert_uint_eq(rec.segments[0].detaches, 20);
	ck_assert_uint_eq(rec.segments[0].max_nattch, 1);
	ck_assert_uint_eq(rec.segments[1].detaches, 1);
	for (i = 0; i < rec.nevents; i++) {
		const struct event *ev = &rec.events[i];

		if (ev->call != CALL_SHMAT || !ev->compat32)
			continue;
		ck_assert_uint_ne((unsigned long)ev->result, b & 0xffffffffUL);
		rewritten += ev->shmaddr_rewritten;
	}
	record_release(&rec);
	return rewritten;
}

START_TEST(test_forge_shmat)
{
	unsigned tries = 0, rewritten;
	bool skipped;

	/* The forging thread must run between the kernel's store and the
	 * tracer's read: on a loaded machine (the suite beside a measurement)
	 * five runs of 20 attaches missed it twice; each run is short. */
	do
		rewritten = it_forge_shmat_once(&skipped);
	while (!skipped && !rewritten && ++tries < 20);
	ck_assert_msg(skipped || rewritten, "the rewritten address left no evidence");
}
END_TEST

/* Graded end to end, one set of checks per run: the forged runs get
 * exactly the honest run's verdicts (on a tracer that believed the buffer,
 * "created" failed and "removed by its creator", "attached by 2 at once"
 * and "printed what the kernel said" passed). */
#define IT_FORGE_CHECKS(m)                                                                         \
	"  - {id: " m "-created, title: c, points: 1, rule: segment_created, runs: [" m "],"       \
	" with: {count: 1}}\n"                                                                     \
	"  - {id: " m "-removed, title: r, points: 1, rule: removed, runs: [" m "],"               \
	" with: {by: creator}}\n"                                                                  \
	"  - {id: " m "-nattch, title: n, points: 1, rule: max_nattch, runs: [" m "],"             \
	" with: {at_least: 2}}\n"                                                                  \
	"  - {id: " m "-printed, title: p, points: 1, rule: printed_matches_kernel, runs: [" m     \
	"],"                                                                                       \
	" with: {pattern: \"nattch=(?<nattch>[0-9]+) cpid=(?<cpid>[0-9]+)\"}}\n"
static const char it_forge_yaml[] =
	"id: forge\ntitle: Forge\npoints: 12\nruns:\n"
	"  - {id: honest, programs: [{args: [honest]}]}\n"
	"  - {id: thread, programs: [{args: [thread]}]}\n"
	"  - {id: clonevm, programs: [{args: [clonevm]}]}\n"
	"checks:\n" IT_FORGE_CHECKS("honest") IT_FORGE_CHECKS("thread") IT_FORGE_CHECKS("clonevm");

static const struct grade_item *it_check(const struct grade *g, const char *id)
{
	size_t i;

	for (i = 0; i < g->nchecks; i++)
		if (!strcmp(g->checks[i].id, id))
			return &g->checks[i];
	ck_abort_msg("no check '%s'", id);
	return NULL;
}

START_TEST(test_forge_graded)
{
	static const char *const modes[] = { "honest", "thread", "clonevm" };
	static const struct {
		const char *check;
		enum grade_item_status want;
	} expect[] = {
		{ "created", ITEM_PASS },
		{ "removed", ITEM_FAIL },
		{ "nattch", ITEM_FAIL },
		{ "printed", ITEM_PASS },
	};
	char id[64];
	size_t m;
	struct engine_options o = ENGINE_OPTIONS_DEFAULT;
	const struct grade_item *c;
	struct exercise ex;
	struct diag_list d;
	struct grade g;
	size_t i;

	i18n_setup("en", NULL);
	diag_init(&d, "forge.yaml");
	exercise_init(&ex);
	if (exercise_load_buffer(&ex, "forge.yaml", it_forge_yaml, strlen(it_forge_yaml), &d) < 0)
		diag_print(&d, stderr);
	ck_assert_uint_eq(d.errors, 0);
	diag_release(&d);
	grade_init(&g);
	engine_grade(&ex, "tests/hostile/h_forge_stat.c", &o, &g);
	ck_assert_msg(g.build.ok, "h_forge_stat.c did not build: %s",
		      g.build.output ? g.build.output : "");
	for (m = 0; m < 3; m++)
		for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
			bool forged_print = m > 0 && !strcmp(expect[i].check, "printed");

			snprintf(id, sizeof(id), "%s-%s", modes[m], expect[i].check);
			c = it_check(&g, id);
			ck_assert_msg(c->status == (forged_print ? ITEM_FAIL : expect[i].want),
				      "%s: %s: %s", id, grade_item_status_name(c->status),
				      c->message);
		}
	ck_assert_ptr_nonnull(
		strstr(it_check(&g, "thread-printed")->message, "but the kernel says"));
	grade_release(&g);
	exercise_release(&ex);
}
END_TEST

Suite *integrity_suite(void);
Suite *integrity_suite(void)
{
	Suite *s = suite_create("integrity");
	TCase *tc = tcase_create("integrity");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_keyfile_changed);
	tcase_add_test(tc, test_kstat_host);
	tcase_add_test(tc, test_forge_stat_honest);
	tcase_add_test(tc, test_forge_stat_thread);
	tcase_add_test(tc, test_forge_stat_clonevm);
	tcase_add_test(tc, test_forge_stat_vfork);
	tcase_add_test(tc, test_forge_args);
	tcase_add_test(tc, test_forge_shmat);
	tcase_add_test(tc, test_forge_graded);
	suite_add_tcase(s, tc);
	return s;
}
