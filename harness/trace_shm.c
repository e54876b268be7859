/*
 * trace_shm.c - SysV memory accounting and limits of the tracer
 * (trace_shm.h).
 */
#include "harness/trace_shm.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <unistd.h>

#include "harness/words.h"
#include "util/xalloc.h"

static unsigned long long trace_shm_pages(unsigned long long bytes)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned long long p = page > 0 ? (unsigned long long)page : 4096;

	return (bytes + p - 1) / p;
}

static void trace_shm_add(struct trace *t, int id, long long key, unsigned long long size,
			  bool pre);

/* Bytes of the run's segments (reservations included); with_pre: the
 * preconditions too. */
static unsigned long long trace_shm_total(const struct trace *t, bool with_pre)
{
	unsigned long long sum = 0;
	size_t i;

	for (i = 0; i < t->nsegs; i++)
		if (with_pre || !t->segs[i].pre)
			sum += t->segs[i].size;
	return sum;
}

/* Can this shmget create a segment (decode.c's may_create)? */
static bool trace_shm_creates(const struct event *ev)
{
	return ev->call == CALL_SHMGET && ev->may_create;
}

/* The id under which a creating call's size is reserved between its entry
 * and its exit: threads calling shmget at once must not each fit alone. */
static int trace_shm_reserved_id(const struct event *ev)
{
	return -1 - (int)(ev->seq & 0x3fffffff);
}

/* A keyed shmget of a key the run already has opens that segment (the
 * kernel makes nothing new when the size fits). */
static bool trace_shm_opens(const struct trace *t, const struct event *ev)
{
	size_t i;

	for (i = 0; ev->key != IPC_PRIVATE && i < t->nsegs; i++)
		if (t->segs[i].key == ev->key && ev->size <= t->segs[i].size)
			return true;
	return false;
}

/* Fallback mode: the run's kernel.shmmni and shmall, emulated. */
static bool trace_shm_host_full(const struct trace *t, const struct event *ev)
{
	unsigned long long size = ev->size;
	unsigned long long cap = trace_shm_pages(t->cfg.mem_cap);
	size_t limit = t->cfg.shm_segments < 0 ? 0 : (size_t)t->cfg.shm_segments;
	unsigned long long used = 0;
	size_t i;

	if (t->cfg.namespaces)
		return false;
	if (t->cfg.shm_segments && t->nsegs >= limit)
		return true;
	for (i = 0; i < t->nsegs; i++)
		used += trace_shm_pages(t->segs[i].size);
	return used + trace_shm_pages(size) > cap;
}

enum trace_shm_verdict trace_shm_check(struct trace *t, const struct event *ev, int *err)
{
	unsigned long long size = ev->size;
	unsigned long long cap = t->cfg.mem_cap;

	if (!trace_shm_creates(ev) || trace_shm_opens(t, ev))
		return TRACE_SHM_OK;
	if (size > cap || trace_shm_total(t, false) + size > cap) {
		trace_stop(t, RUN_MEMORY_LIMIT,
			   W_("shmget of %llu bytes goes over the memory limit (%llu MiB)"), size,
			   cap >> 20);
		return TRACE_SHM_KILL;
	}
	if (trace_shm_host_full(t, ev)) {
		*err = ENOSPC;
		return TRACE_SHM_FAIL;
	}
	trace_shm_add(t, trace_shm_reserved_id(ev), ev->key, size, false);
	return TRACE_SHM_OK;
}

static void trace_shm_add(struct trace *t, int id, long long key, unsigned long long size, bool pre)
{
	size_t i;

	for (i = 0; i < t->nsegs; i++)
		if (t->segs[i].id == id)
			return;
	t->segs = xrealloc(t->segs, t->nsegs + 1, sizeof(*t->segs));
	t->segs[t->nsegs].id = id;
	t->segs[t->nsegs].key = key;
	t->segs[t->nsegs].size = size;
	t->segs[t->nsegs++].pre = pre;
}

static void trace_shm_drop(struct trace *t, long long id)
{
	size_t i;

	for (i = 0; i < t->nsegs; i++)
		if (t->segs[i].id == id)
			t->segs[i--] = t->segs[--t->nsegs];
}

void trace_shm_note(struct trace *t, const struct event *ev)
{
	if (trace_shm_creates(ev))
		trace_shm_drop(t, trace_shm_reserved_id(ev)); /* the call is over */
	if (ev->result < 0)
		return;
	if (trace_shm_creates(ev)) {
		trace_shm_add(t, (int)ev->result, ev->key, ev->size, false);
	} else if (ev->call == CALL_SHMCTL && ev->cmd == IPC_RMID) {
		trace_shm_drop(t, ev->id);
	}
}

void trace_shm_note_pre(struct trace *t, int id, long long key, unsigned long long size)
{
	trace_shm_add(t, id, key, size, true);
}
