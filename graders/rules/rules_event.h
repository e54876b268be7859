/*
 * rules_event.h - a recorded event as the rules read it: which call, whether
 * it succeeded, when it took effect, its decoded arguments, an xxxctl's
 * command; and whether an object is the run's own.
 */
#ifndef GRADERS_RULES_EVENT_H
#define GRADERS_RULES_EVENT_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/rules/rules.h"

/* Whether ev is a call named call ("semop" also covers semtimedop). */
bool rules_call_match(const struct event *ev, enum ipc_call call);

/* Whether the call succeeded (for fork/exec/exit: always). */
bool rules_event_ok(const struct event *ev);

/*
 * When a call took effect, for ordering events. A call that may wait for
 * another process (msgrcv, and semop/semtimedop with a wait-for-zero or a
 * decrement, without IPC_NOWAIT) takes effect when it returns: a msgrcv that
 * started before the msgsnd it waits for still receives after it. Every
 * other call, and fork/exec/exit, takes effect when it starts. Entries and
 * returns are put on one scale with seq, ret_seq and seq_at_return
 * (record.h). A call that never returned (blocked) never took effect: it
 * compares after everything.
 */
struct rules_when {
	unsigned long seq; /* the newest entry seen by then */
	int ret;	   /* 0: at that entry; 1: a return after it */
	unsigned long ret_seq;
};

bool rules_event_may_wait(const struct event *ev);
struct rules_when rules_event_when(const struct event *ev);
int rules_when_cmp(struct rules_when a, struct rules_when b);

/* The decoded argument called name, or NULL. */
const struct event_arg *rules_event_arg(const struct event *ev, const char *name);

/* The number of the argument name, or dflt. */
long long rules_event_num(const struct event *ev, const char *name, long long dflt);

/* The command of an xxxctl event (IPC_64 stripped), or -1. */
long long rules_ctl_cmd(const struct event *ev);

/* Segments, semaphore sets and queues the run created itself (not the
 * harness's preconditions). */
bool rules_segment_ours(const struct segment *s);

#endif /* GRADERS_RULES_EVENT_H */
