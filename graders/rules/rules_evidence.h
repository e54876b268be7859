/*
 * rules_evidence.h - what a rule's evidence says about who did what: a
 * process by its role and program ("the child (pid 3) of consumer"), a
 * failed call with its errno and what that errno means for that call
 * ("msgrcv failed with E2BIG: the buffer is smaller than the message"), a
 * call that never returned, and the program's stderr.
 *
 * Strings returned are malloc'ed (the caller frees them); messages come in
 * both languages of enum lang.
 */
#ifndef GRADERS_RULES_EVIDENCE_H
#define GRADERS_RULES_EVIDENCE_H

#include "graders/rules/rules.h"

/* How a student reads a process: "the program (pid 2)", "the child
 * (pid 3)"; with the program's name where the exercise has several
 * ("the program server (pid 2)", "the child (pid 4) of client"): its last
 * exec'd name, else its program's argv[0]. The parent is the process the
 * harness started. A pid the record does not list gives "process 3".
 * rules_who() (rules_names.h) is this same name. */
char *evidence_proc(const struct run_record *rec, pid_t pid, enum lang lang);

/* What errno err means when call fails ("the buffer is smaller than the
 * message"); never NULL (a generic text, or strerror's, when the table has
 * nothing more precise). Static storage. */
const char *evidence_errno_meaning(enum ipc_call call, int err, enum lang lang);

/* "msgrcv failed with E2BIG: the buffer is smaller than the message". */
char *evidence_failed_call(const struct event *ev, enum lang lang);

/*
 * Add to out (after what it says) what may explain a failed check in this
 * run: the first IPC call that failed and the first one that never
 * returned, each with who made it, and the start of every program's
 * stderr when not empty. Nothing is added when the run has none of them.
 */
void evidence_add_context(struct rule_result *out, const struct run_record *rec);

#endif /* GRADERS_RULES_EVIDENCE_H */
