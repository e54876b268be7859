/*
 * rules_fault.h - what a program does after one of its calls failed on
 * purpose (fault injection, harness/inject.h): the rules handles_fault (a
 * run whose exercise injects a fault) and survives_faults (the fault
 * sweep), and what the grading engine needs to make the sweep's runs.
 *
 * "Ending cleanly" after an injected failure means, in this order: the run
 * ended by itself (no limit, no hang), no process died of a signal, the
 * process whose call failed exited with a non-zero status (or the status
 * the exercise asks), no IPC object was left behind (except the one whose
 * removal was the call that failed) and it said something on stderr (the
 * program of that process).
 */
#ifndef GRADERS_RULES_FAULT_H
#define GRADERS_RULES_FAULT_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/rules/rules.h"
#include "harness/inject.h"

extern const struct rule rules_fault[];
extern const size_t rules_fault_count;

/* What a clean ending is (the rules' parameters). */
struct fault_expect {
	long long exit_code; /* -1: any non-zero status */
	bool stderr_needed;  /* something on stderr */
};

/* The expectation that the parameters p of handles_fault or
 * survives_faults describe. */
struct fault_expect rules_fault_expect(const struct rule_params *p);

/*
 * Judge one run with an injected fault against x. *reached: a call was
 * injected at all (false: the program never made it; the verdict is then
 * FAIL with a message saying so). ERROR when the run broke in the harness.
 */
enum rule_verdict rules_fault_judge(const struct rule_ctx *ctx, const struct rule_run *run,
				    const struct fault_expect *x, bool *reached,
				    struct rule_result *out);

/* One call site of a normal run, to be failed in a run of its own. */
struct fault_site {
	struct run_inject inject; /* the call, its errno, where or which one */
	unsigned position;	  /* its first call is the position-th IPC call
				     of the normal run (1-based) */
};

/*
 * The distinct IPC call sites of rec (a run made with sites noted), in the
 * order of their first call, at most max of them into out, as the sweep
 * of the parameters p fails them (its errno and calls). A call whose site
 * is unknown is a site of its own. Returns how many sites there are in all
 * (may exceed max).
 */
size_t rules_fault_sites(const struct run_record *rec, const struct rule_params *p,
			 struct fault_site *out, size_t max);

/* The sweep's cases, filled by the grading engine (engine_sweep.c): one
 * faulted run per site. */
struct fault_case {
	struct fault_site site;
	bool reached;	       /* the call was made, and failed */
	enum rule_verdict v;   /* rules_fault_judge()'s */
	char *msg[LANG_COUNT]; /* its evidence, owned */
	char kinds[192];
};

struct fault_sweep {
	struct fault_case *cases; /* owned */
	size_t n;
	size_t sites;	    /* sites found (n is at most the limit) */
	const char *run_id; /* the normal run swept */
	char *error;	    /* owned; the engine could not make the runs */
};

void rules_fault_sweep_release(struct fault_sweep *s);

#endif /* GRADERS_RULES_FAULT_H */
