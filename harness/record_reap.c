/*
 * record_reap.c - who reaped whom (record_reap.h).
 */
#include "harness/record_reap.h"

#include <errno.h>

bool record_is_wait(enum ipc_call call)
{
	return call == CALL_WAIT4 || call == CALL_WAITID || call == CALL_WAITPID;
}

/* The newest process with this pid (pids may be reused in a long run). */
static struct process *record_reap_find(struct run_record *rec, pid_t pid)
{
	size_t i;

	for (i = rec->nprocesses; i-- > 0;)
		if (rec->processes[i].pid == pid)
			return &rec->processes[i];
	return NULL;
}

/* The seq of the fork event that made child, 0 when none is recorded. */
static unsigned long record_reap_fork_seq(const struct run_record *rec, const struct process *child)
{
	size_t i;

	for (i = 0; i < rec->nevents; i++)
		if (rec->events[i].call == CALL_FORK && rec->events[i].child_pid == child->pid &&
		    rec->events[i].pid == child->ppid && !rec->events[i].clone_thread)
			return rec->events[i].seq;
	return 0;
}

/* Does the pid selector of this wait event (which failed) cover child? */
static bool record_reap_selects(const struct event *ev, const struct process *child)
{
	if (ev->call == CALL_WAITID) /* waitid(idtype, id, ...): P_PID is 1 */
		return ev->wait_idtype != 1 || ev->wait_id == child->pid;
	return ev->wait_id <= 0 || ev->wait_id == child->pid;
}

/* ECHILD: every selected child forked before the call was reaped. */
static void record_reap_echild(struct run_record *rec, const struct event *ev)
{
	size_t i;

	for (i = 0; i < rec->nprocesses; i++) {
		struct process *c = &rec->processes[i];

		if (c->ppid != ev->pid || c->reaped_by || !c->exited || !record_reap_selects(ev, c))
			continue;
		if (record_reap_fork_seq(rec, c) < ev->seq) {
			c->reaped_by = ev->pid;
			c->reaped_seq = ev->seq;
		}
	}
}

void record_reap_derive(struct run_record *rec)
{
	struct process *c;
	size_t i;

	for (i = 0; i < rec->nprocesses; i++)
		rec->processes[i].reaped_by = 0, rec->processes[i].reaped_seq = 0;
	for (i = 0; i < rec->nevents; i++) {
		const struct event *ev = &rec->events[i];

		if (!record_is_wait(ev->call))
			continue;
		if (ev->reaped && ev->child_pid > 0 &&
		    (c = record_reap_find(rec, ev->child_pid)) != NULL && !c->reaped_by) {
			c->reaped_by = ev->pid;
			c->reaped_seq = ev->seq;
		} else if (ev->result < 0 && ev->err == ECHILD) {
			record_reap_echild(rec, ev);
		}
	}
}
