/*
 * rules_race.h - what the evidence says when a check that a race can change
 * failed on a run whose schedule was perturbed (issue 13): the seed and the
 * command that replays it, whether an unperturbed run of the same program
 * passed the same check (a "control" run the check engine makes, only for a
 * submission that failed), and, when it did, the first order of the
 * processes' steps that the perturbed run took and the control never did.
 *
 * A step is one recorded event of a process (an IPC call, fork, exec, exit,
 * a wait). After each step of a process, up to its next step, the other
 * processes may take steps of their own: that is the step's "window" (calls
 * that may wait count when they returned, rules_event_when()). Two steps
 * are compared by what they are, not by who made them or on which object:
 * the call, its semaphore operations (sem_num and sem_op), its command, its
 * message type, whether it failed. A pair "X, then before the same
 * process's next step another process's Y" that the perturbed run has and
 * the control has not is an order only the perturbed schedule took; the
 * one that happened most often (the first of them on a tie) is described.
 * Comparing by what steps are, never by pid or id, can only hide a new
 * order, never invent one.
 */
#ifndef GRADERS_RULES_RACE_H
#define GRADERS_RULES_RACE_H

#include <stdbool.h>

#include "graders/rules/rules.h"

/* What the unperturbed control run(s) gave for the check that failed. */
enum rules_race_control_outcome {
	RACE_CONTROL_NONE,   /* none was asked for or could be made (why) */
	RACE_CONTROL_PASSED, /* an unperturbed run passed the check (rec) */
	RACE_CONTROL_FAILED, /* every unperturbed run made failed it too */
};

struct rules_race_control {
	enum rules_race_control_outcome outcome;
	const struct run_record *rec; /* PASSED: the run that passed */
	const char *why;	      /* NONE: why, in English; may be NULL */
};

/* Whether a FAIL of the check p on the record failed deserves a control
 * run: the record's schedule was perturbed and the rule is one whose
 * verdict a race can change (output, exit status, signals, waits,
 * semaphore values, messages, ordering). */
bool rules_race_wants_control(const struct rule_params *p, const struct run_record *failed);

/*
 * Append to out the note about run (perturbed; the record the check failed
 * on): its seed, what the control said, the new order of steps when the
 * control passed (or what is true instead), and the replay command
 * "shmgrade check EXERCISE SUBMISSION --seed S" (ctx's exercise path and
 * submission). Nothing is appended unless rules_race_wants_control() holds.
 */
void rules_race_note(const struct rule_ctx *ctx, const struct rule_params *p,
		     const struct rule_run *run, const struct rules_race_control *ctl,
		     struct rule_result *out);

#endif /* GRADERS_RULES_RACE_H */
