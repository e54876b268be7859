/*
 * record.c - the run record: lifecycle of the record and its arrays, names.
 * The derived lifecycles behind record_finish() are in lifecycle.c.
 */
#include "harness/record.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/lifecycle.h"
#include "harness/record_reap.h"
#include "util/xalloc.h"
#include "util/util.h"

static const char *const record_status_names[] = {
	[RUN_OK] = "ok",
	[RUN_RUNTIME_ERROR] = "runtime_error",
	[RUN_SIGNALED] = "signaled",
	[RUN_TIMEOUT] = "timeout",
	[RUN_MEMORY_LIMIT] = "memory_limit",
	[RUN_PROCESS_LIMIT] = "process_limit",
	[RUN_OUTPUT_LIMIT] = "output_limit",
	[RUN_INTERNAL_ERROR] = "internal_error",
};

static const char *const record_call_names[CALL_COUNT_] = {
	IPC_CALL_NAMES_SELECTABLE,
	IPC_CALL_NAMES_OTHER,
};

const char *run_status_name(enum run_status status)
{
	size_t n = ARRAY_SIZE(record_status_names);

	if ((size_t)status >= n || !record_status_names[status])
		return "internal_error";
	return record_status_names[status];
}

const char *ipc_call_name(enum ipc_call call)
{
	size_t n = ARRAY_SIZE(record_call_names);

	if ((size_t)call >= n || !record_call_names[call])
		return "unknown";
	return record_call_names[call];
}

const char *attach_how_name(enum attach_how how)
{
	static const char *const names[] = {
		[ATTACH_SHMAT] = "shmat",
		[ATTACH_FORK] = "fork",
		[ATTACH_SHARED] = "shared",
	};

	return (size_t)how < ARRAY_SIZE(names) ? names[how] : "unknown";
}

const char *attach_end_name(enum attach_end end)
{
	static const char *const names[] = {
		[ATTACH_HELD] = "held",
		[ATTACH_SHMDT] = "shmdt",
		[ATTACH_EXEC] = "exec",
		[ATTACH_EXIT] = "exit",
	};

	return (size_t)end < ARRAY_SIZE(names) ? names[end] : "unknown";
}

void record_init(struct run_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->status = RUN_OK;
	rec->exit_code = -1;
	rec->mode = RUN_MODE_NAMESPACE;
}

void event_clear(struct event *ev)
{
	size_t i;

	for (i = 0; i < ev->nargs && i < EVENT_MAX_ARGS; i++) {
		free(ev->args[i].str);
		ev->args[i].str = NULL;
	}
	ev->nargs = 0;
}

static void record_outputs_release(struct run_record *rec)
{
	size_t i;

	for (i = 0; i < rec->noutputs; i++) {
		free(rec->outputs[i].argv0);
		free(rec->outputs[i].out);
		free(rec->outputs[i].err);
	}
	free(rec->outputs);
}

void record_release(struct run_record *rec)
{
	size_t i;

	free(rec->message);
	record_outputs_release(rec);
	for (i = 0; i < rec->nprocesses; i++) {
		free(rec->processes[i].comm);
		free(rec->processes[i].attached_at_exit);
		free(rec->processes[i].attachments);
	}
	free(rec->processes);
	for (i = 0; i < rec->nevents; i++)
		event_clear(&rec->events[i]);
	free(rec->events);
	free(rec->segments);
	free(rec->semaphores);
	free(rec->queues);
	for (i = 0; i < rec->nseg_data; i++)
		free(rec->seg_data[i].bytes);
	free(rec->seg_data);
	inventory_release(&rec->inventory);
	inventory_release(&rec->pre);
	inventory_release(&rec->foreign);
	record_init(rec);
}

/* Grow an array of *alloc elements of size sz so that it holds n + 1. */
static void *record_grow(void *arr, size_t n, size_t *alloc, size_t sz)
{
	if (n < *alloc)
		return arr;
	*alloc = *alloc ? *alloc * 2 : 16;
	return xrealloc(arr, *alloc, sz);
}

/*
 * The new event is zeroed except: seq = its position (1-based; the tracer
 * may overwrite it) and shmdt_shmid = -1 (0 is a valid shmid).
 */
struct event *record_event_add(struct run_record *rec)
{
	struct event *ev;

	rec->events = record_grow(rec->events, rec->nevents, &rec->aevents, sizeof(*ev));
	ev = &rec->events[rec->nevents++];
	memset(ev, 0, sizeof(*ev));
	ev->seq = rec->nevents;
	ev->shmdt_shmid = -1;
	return ev;
}

/* The new process is zeroed except exit_code = -1 (still running). */
struct process *record_process_add(struct run_record *rec)
{
	struct process *p;

	rec->processes = record_grow(rec->processes, rec->nprocesses, &rec->aprocesses, sizeof(*p));
	p = &rec->processes[rec->nprocesses++];
	memset(p, 0, sizeof(*p));
	p->exit_code = -1;
	return p;
}

/*
 * Host pids can be reused within one run (a child exits, a later fork gets
 * the same number), so the newest process with that host pid wins, and a
 * live one is preferred over an exited one.
 */
struct process *record_process_find(struct run_record *rec, pid_t host_pid)
{
	struct process *found = NULL;
	size_t i;

	for (i = rec->nprocesses; i-- > 0;) {
		struct process *p = &rec->processes[i];

		if (p->host_pid != host_pid)
			continue;
		if (!p->exited)
			return p;
		if (!found)
			found = p;
	}
	return found;
}

struct inventory_item *inventory_add(struct inventory *inv)
{
	struct inventory_item *it;

	inv->items = record_grow(inv->items, inv->n, &inv->alloc, sizeof(*it));
	it = &inv->items[inv->n++];
	memset(it, 0, sizeof(*it));
	return it;
}

void inventory_release(struct inventory *inv)
{
	free(inv->items);
	memset(inv, 0, sizeof(*inv));
}

void record_set_message(struct run_record *rec, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	free(rec->message);
	rec->message = msg;
}

void record_finish(struct run_record *rec, const int *pre_shmids, size_t npre_shm)
{
	size_t i;

	rec->denied_calls = 0;
	for (i = 0; i < rec->nevents; i++)
		if (rec->events[i].call == CALL_DENIED)
			rec->denied_calls++;
	lifecycle_derive(rec, pre_shmids, npre_shm);
	record_reap_derive(rec);
}

unsigned ipc_ds_diff(const struct ipc_ds *a, const struct ipc_ds *b)
{
	unsigned d = 0;

	d |= a->key != b->key ? IPC_DS_KEY : 0;
	d |= a->uid != b->uid ? IPC_DS_UID : 0;
	d |= a->gid != b->gid ? IPC_DS_GID : 0;
	d |= a->cuid != b->cuid ? IPC_DS_CUID : 0;
	d |= a->cgid != b->cgid ? IPC_DS_CGID : 0;
	d |= a->mode != b->mode ? IPC_DS_MODE : 0;
	d |= a->size != b->size ? IPC_DS_SIZE : 0;
	d |= a->atime != b->atime ? IPC_DS_ATIME : 0;
	d |= a->dtime != b->dtime ? IPC_DS_DTIME : 0;
	d |= a->ctime != b->ctime ? IPC_DS_CTIME : 0;
	d |= a->cpid != b->cpid ? IPC_DS_CPID : 0;
	d |= a->lpid != b->lpid ? IPC_DS_LPID : 0;
	d |= a->nattch != b->nattch ? IPC_DS_NATTCH : 0;
	return d;
}

const char *ipc_ds_field_name(unsigned bit, enum ipc_kind kind)
{
	static const char *const names[IPC_DS_FIELDS_] = {
		"key",	 "uid",	  "gid",   "cuid", "cgid", "mode",   "size",
		"atime", "dtime", "ctime", "cpid", "lpid", "nattch",
	};
	static const char *const sizes[] = { "segsz", "nsems", "qbytes" };
	static const char *const times[][3] = {
		{ "atime", "dtime", "ctime" },
		{ "otime", "dtime", "ctime" },
		{ "stime", "rtime", "ctime" },
	};
	unsigned i;

	for (i = 0; i < IPC_DS_FIELDS_; i++)
		if (bit == 1U << i)
			break;
	if (i == IPC_DS_FIELDS_ || (unsigned)kind > IPC_KIND_MSG)
		return "?";
	if (bit == IPC_DS_SIZE)
		return sizes[kind];
	if (bit == IPC_DS_NATTCH && kind == IPC_KIND_MSG)
		return "qnum";
	if (bit >= IPC_DS_ATIME && bit <= IPC_DS_CTIME)
		return times[kind][i - 7];
	return names[i];
}
