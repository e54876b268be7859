/*
 * fuzz_yaml.c - libFuzzer target for the exercise loader (tools/fuzz.sh).
 *
 * Each input is loaded as an exercise file. When it loads, every check's
 * rule is also evaluated over an empty run record and over a small sample
 * one (parent and child sharing a segment), so fuzzed parameters reach the
 * rules too. Diagnostics are formatted (that
 * code runs on every bad file a user writes). Everything is released:
 * LeakSanitizer turns a forgotten free into a failure.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graders/load/diag.h"
#include "graders/load/exercise.h"
#include "graders/rules/rules.h"
#include "harness/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct event *fuzz_event(struct run_record *rec, pid_t pid, enum ipc_call call,
				long long result, const char *argname, const char *sym)
{
	struct event *ev = record_event_add(rec);

	ev->seq = rec->nevents;
	ev->pid = ev->host_pid = ev->tid = pid;
	ev->call = call;
	ev->result = result;
	ev->shmdt_shmid = call == CALL_SHMDT ? 0 : -1;
	ev->args[0].name = "shmid";
	ev->args[0].kind = ARG_INT;
	ev->args[1].name = argname;
	ev->args[1].kind = ARG_SYM;
	ev->args[1].str = strdup(sym);
	ev->nargs = 2;
	return ev;
}

/* A small parent/child run: create, attach, fork, IPC_STAT, detach, remove,
 * with output to match, so fuzzed parameters reach the rules' real paths. */
static void fuzz_sample(struct run_record *rec)
{
	struct process *p;
	struct event *ev;

	p = record_process_add(rec);
	p->pid = 1;
	p->exited = true;
	p = record_process_add(rec);
	p->pid = 2;
	p->ppid = 1;
	p->exited = true;
	rec->outputs = calloc(1, sizeof(*rec->outputs));
	rec->noutputs = 1;
	rec->outputs[0].pid = 1;
	rec->outputs[0].out = strdup("size=4096 nattch=2 cpid=1 mode=600 total=5050\n");
	rec->outputs[0].err = strdup("");
	ev = fuzz_event(rec, 1, CALL_SHMGET, 0, "shmflg", "IPC_CREAT|0600");
	ev->flags = 01600;
	ev->may_create = true;
	fuzz_event(rec, 1, CALL_SHMAT, 0, "shmflg", "0");
	fuzz_event(rec, 1, CALL_FORK, 2, "x", "")->child_pid = 2;
	ev = fuzz_event(rec, 2, CALL_SHMCTL, 0, "cmd", "IPC_STAT");
	ev->cmd = 2;
	ev->has_ds = true;
	ev->ds.size = 4096;
	ev->ds.nattch = 2;
	ev->ds.cpid = 1;
	ev->ds.mode = 0600;
	fuzz_event(rec, 2, CALL_SHMDT, 0, "x", "");
	fuzz_event(rec, 2, CALL_EXIT, 0, "x", "");
	fuzz_event(rec, 1, CALL_SEMCTL, 0, "cmd", "SETVAL")->cmd = 16;
	fuzz_event(rec, 1, CALL_SHMCTL, 0, "cmd", "IPC_RMID");
	rec->segments = calloc(1, sizeof(*rec->segments));
	rec->nsegments = 1;
	rec->segments[0].size = 4096;
	rec->segments[0].creator_pid = 1;
	rec->segments[0].created_seq = 1;
	rec->segments[0].removed = true;
	rec->segments[0].removed_by_pid = 1;
	rec->segments[0].removed_seq = 8;
	rec->segments[0].max_nattch = 2;
	rec->semaphores = calloc(1, sizeof(*rec->semaphores));
	rec->nsemaphores = 1;
	rec->inventory.taken = true;
}

static void fuzz_rules(const struct exercise *ex, bool sample)
{
	struct run_record rec;
	struct build_result build = { .attempted = true, .ok = true };
	struct rule_run run = { .rec = &rec, .spec = &ex->runs[0], .dir = NULL };
	struct rule_ctx ctx = { .ex = ex, .build = &build, .runs = &run, .nruns = 1 };
	struct rule_result res;
	size_t i;

	record_init(&rec);
	if (sample)
		fuzz_sample(&rec);
	for (i = 0; i < ex->nchecks; i++) {
		rule_result_init(&res);
		(void)rule_evaluate(&ctx, &ex->checks[i].params, &res);
		rule_result_release(&res);
	}
	record_release(&rec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct exercise ex;
	struct diag_list d;
	size_t i;

	diag_init(&d, "fuzz.yaml");
	if (exercise_load_buffer(&ex, "fuzz.yaml", (const char *)data, size, &d) == 0) {
		fuzz_rules(&ex, false);
		fuzz_rules(&ex, true);
		exercise_release(&ex);
	}
	for (i = 0; i < d.n; i++)
		free(diag_format(&d, i));
	diag_release(&d);
	return 0;
}
