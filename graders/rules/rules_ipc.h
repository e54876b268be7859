/*
 * rules_ipc.h - semaphore sets and message queues as first-class objects:
 * what their rules share (which objects a check looks at, who created and
 * removed them, their key and mode, whether every program got them by
 * key), and the rules of rules_ipc.c (message_queue, messages,
 * precondition) and rules_sem.c (semaphore_ops, semaphore_value), for the
 * table in rules.c. doc/exercise-format.md documents them.
 */
#ifndef GRADERS_RULES_IPC_H
#define GRADERS_RULES_IPC_H

#include <stddef.h>

#include "graders/rules/rules.h"

extern const struct rule rules_ipc[];
extern const size_t rules_ipc_count;
extern const struct rule rules_sem[];
extern const size_t rules_sem_count;

/* One semaphore set or queue (or segment), seen the same way. */
struct ipc_view {
	enum ipc_kind kind;
	int id;
	long long key;
	pid_t creator;
	unsigned long created_seq, removed_seq;
	bool removed, precondition;
	pid_t removed_by;
	unsigned created_mode; /* the creating get's mode; with created_seq only */
};

void ipc_view_sem(const struct semaphore_set *s, struct ipc_view *v);
void ipc_view_queue(const struct queue *q, struct ipc_view *v);

/* Resolve the optional "key" parameter: 1 set (*key), 0 unset, -1 an ftok
 * key that cannot be computed (ERROR message in out). */
int ipc_key_param(const struct rule_run *run, const struct rule_params *p, long long *key,
		  struct rule_result *out);

/* "IPC_PRIVATE" or "0x00001234" into buf. */
const char *ipc_key_text(long long key, char buf[32]);

/*
 * The checks every object rule shares, on one object the run created:
 * "key" (haskey), "mode" (as given to the creating get), "created_by"
 * (any/parent/child) and "program" (the creator's program), "removed"
 * (default true) and "removed_by" (anyone/creator/parent/child), "shared"
 * (every program of the run got it with its own get, by key). Parameters
 * the rule's schema lacks are not checked. PASS, or FAIL with the
 * evidence in out.
 */
enum rule_verdict ipc_object_check(const struct rule_run *run, const struct ipc_view *v,
				   const struct rule_params *p, long long key, int haskey,
				   struct rule_result *out);

/* The set or queue with id (the newest one), or NULL. */
const struct semaphore_set *ipc_sem_find(const struct run_record *rec, int semid);
const struct queue *ipc_queue_find(const struct run_record *rec, int msqid);

#endif /* GRADERS_RULES_IPC_H */
