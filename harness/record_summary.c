/*
 * record_summary.c - which events a summary keeps (record_summary.h).
 *
 * Events are grouped by process, call and outcome (ok, failed with one
 * errno, never returned); the tiers of the header are filled one after the
 * other until the cap, so a loop of a million failing calls cannot push
 * the forks and exits out.
 */
#include "harness/record_summary.h"

#include <stdlib.h>

#include "util/xalloc.h"

struct record_summary_state {
	const struct run_record *rec;
	unsigned char *keep;
	size_t kept;
	size_t *order; /* event indexes sorted by group, then seq */
};

/* What an event says beyond a plain successful call. */
static bool record_summary_anomaly(const struct event *ev)
{
	return ev->err || ev->blocked || ev->injected || ev->call == CALL_DENIED ||
	       ev->ds_mismatch || ev->sops_changed || ev->mtype_changed || ev->shmaddr_rewritten;
}

/* The outcome part of an event's group. */
static int record_summary_outcome(const struct event *ev)
{
	if (ev->blocked)
		return -1;
	if (ev->injected)
		return -3;
	if (ev->ds_mismatch || ev->sops_changed || ev->mtype_changed || ev->shmaddr_rewritten)
		return -2;
	return ev->err;
}

static int record_summary_cmp(const void *a, const void *b, void *arg)
{
	const struct run_record *rec = arg;
	const struct event *x = &rec->events[*(const size_t *)a];
	const struct event *y = &rec->events[*(const size_t *)b];

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->call != y->call)
		return x->call < y->call ? -1 : 1;
	if (record_summary_outcome(x) != record_summary_outcome(y))
		return record_summary_outcome(x) < record_summary_outcome(y) ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool record_summary_same_group(const struct event *x, const struct event *y)
{
	return x->pid == y->pid && x->call == y->call &&
	       record_summary_outcome(x) == record_summary_outcome(y);
}

static void record_summary_keep(struct record_summary_state *s, size_t i)
{
	if (i < s->rec->nevents && !s->keep[i] && s->kept < RECORD_SUMMARY_MAX) {
		s->keep[i] = 1;
		s->kept++;
	}
}

/* The event with sequence number seq (events are in seq order, but a
 * record made by hand may not be: fall back to a scan). */
static void record_summary_keep_seq(struct record_summary_state *s, unsigned long seq)
{
	const struct run_record *rec = s->rec;
	size_t i;

	if (!seq)
		return;
	if (seq <= rec->nevents && rec->events[seq - 1].seq == seq) {
		record_summary_keep(s, seq - 1);
		return;
	}
	for (i = 0; i < rec->nevents; i++)
		if (rec->events[i].seq == seq)
			record_summary_keep(s, i);
}

static void record_summary_referenced(struct record_summary_state *s)
{
	const struct run_record *rec = s->rec;
	size_t i;

	for (i = 0; i < rec->nsegments; i++) {
		record_summary_keep_seq(s, rec->segments[i].created_seq);
		record_summary_keep_seq(s, rec->segments[i].removed_seq);
	}
	for (i = 0; i < rec->nsemaphores; i++) {
		record_summary_keep_seq(s, rec->semaphores[i].created_seq);
		record_summary_keep_seq(s, rec->semaphores[i].removed_seq);
	}
	for (i = 0; i < rec->nqueues; i++) {
		record_summary_keep_seq(s, rec->queues[i].created_seq);
		record_summary_keep_seq(s, rec->queues[i].removed_seq);
	}
	for (i = 0; i < rec->nprocesses; i++)
		record_summary_keep_seq(s, rec->processes[i].reaped_seq);
}

/* The first (last false) or the last event of each group: of the groups
 * of anomalies only, or of every group. */
static void record_summary_group_ends(struct record_summary_state *s, bool last, bool anomalies)
{
	const struct event *ev = s->rec->events;
	size_t k, n = s->rec->nevents;

	for (k = 0; k < n; k++) {
		size_t i = s->order[k];
		bool first_of = k == 0 || !record_summary_same_group(&ev[s->order[k - 1]], &ev[i]);
		bool last_of =
			k + 1 == n || !record_summary_same_group(&ev[s->order[k + 1]], &ev[i]);

		if ((last ? last_of : first_of) && (!anomalies || record_summary_anomaly(&ev[i])))
			record_summary_keep(s, i);
	}
}

size_t record_summary_select(const struct run_record *rec, unsigned char *keep)
{
	struct record_summary_state s = { rec, keep, 0, NULL };
	size_t i;

	if (!rec->nevents)
		return 0;
	s.order = xcalloc(rec->nevents, sizeof(*s.order));
	for (i = 0; i < rec->nevents; i++)
		s.order[i] = i;
	qsort_r(s.order, rec->nevents, sizeof(*s.order), record_summary_cmp, (void *)rec);
	record_summary_referenced(&s);
	record_summary_group_ends(&s, false, true);
	for (i = 0; i < rec->nevents; i++) {
		enum ipc_call c = rec->events[i].call;

		if (c == CALL_FORK || c == CALL_EXEC || c == CALL_EXIT)
			record_summary_keep(&s, i);
	}
	record_summary_group_ends(&s, false, false);
	record_summary_group_ends(&s, true, false);
	record_summary_group_ends(&s, true, true);
	free(s.order);
	return s.kept;
}
