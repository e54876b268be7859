/*
 * lifecycle_mm.h - inside lifecycle_derive(): its working state, and the
 * model of memory spaces and processes behind attach counts (lifecycle_mm.c).
 * Not an interface for other modules: lifecycle.h is.
 *
 * A memory space (lc_mm) holds the attachments of the processes sharing it
 * (threads, a vfork child until it execs): shmat adds one, shmdt, exec and
 * the last user's exit take them away, and fork copies them. The number of
 * attachments of an object across all spaces is its nattch.
 *
 * Beside it, per process, what it had attached and when (lc_att, published
 * as struct attachment): a mapping added to a space is an attachment of
 * every process using that space (the caller's own shmat, the others'
 * "shared"); a fork's copy is the child's ("fork"); a CLONE_VM child gets
 * every mapping of the space it joins ("shared"). shmdt ends the mapping's
 * attachments in every process of the space; exec and exit end the
 * process's own.
 */
#ifndef HARNESS_LIFECYCLE_MM_H
#define HARNESS_LIFECYCLE_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "harness/record.h"

struct lc_obj {
	enum ipc_kind kind;
	int id;
	long long key;
	unsigned long long size;
	unsigned mode;
	unsigned uid, gid; /* owner, as the programs see it */
	bool key_known, size_known, mode_known, owner_known;
	pid_t creator;
	unsigned long created_seq, removed_seq;
	unsigned created_mode;
	pid_t removed_by;
	bool removed, precondition, in_inventory;
	unsigned attaches, detaches, nattch, max_nattch, nattch_at_end;
	/* Queues: messages; sets: values (see struct queue, semaphore_set). */
	unsigned long sent, received, at_start;
	long when_removed, at_end;
	unsigned short vals_start[IPC_MAX_SEMVALS], vals_end[IPC_MAX_SEMVALS];
	size_t nvals_start, nvals_end;
};

struct lc_map {
	unsigned long long addr;
	size_t obj;
	unsigned shmflg;
};

/* An attachment of process pid, made in memory space mm; open (listed in
 * its space's open[]) until its end is known (a.end, a.end_seq). */
struct lc_att {
	pid_t pid;
	size_t obj;
	struct attachment a;
};

/* A memory space: the mappings of the processes that share it, and the
 * open attachments made in it (indexes into lc->atts). */
struct lc_mm {
	struct lc_map *maps;
	size_t n, alloc;
	unsigned users;
	size_t *open;
	size_t nopen, aopen;
};

struct lc_proc {
	pid_t pid;
	size_t mm;
};

struct lc {
	struct run_record *rec;
	struct lc_obj *objs;
	size_t nobjs, aobjs;
	struct lc_mm *mms;
	size_t nmms, amms;
	struct lc_proc *procs;
	size_t nprocs, aprocs;
	struct event **order; /* events by seq */
	bool *fork_done;      /* per order[] index: fork already applied */
	size_t nev;
	size_t *forks; /* order[] indexes of fork events, by child pid */
	size_t nforks;
	struct lc_att *atts;
	size_t natts, aatts;
};

/* Grow arr (n used of *alloc) to hold one more element of sz bytes. */
void *lc_grow(void *arr, size_t n, size_t *alloc, size_t sz);
/* Note a nattch the object reached (its maximum so far). */
void lc_obj_nattch(struct lc_obj *o, unsigned n);

size_t lc_mm_new(struct lc *lc);
/* Map obj at addr in space mmi; returns the mapping (valid until the next
 * change of that space). */
const struct lc_map *lc_map_add(struct lc *lc, size_t mmi, unsigned long long addr, size_t obj,
				unsigned shmflg);
/* Remove the mapping at addr; returns its object index, or -1. Ends the
 * attachments of it in every process of the space (event seq). */
long lc_map_del(struct lc *lc, size_t mmi, unsigned long long addr, unsigned long seq);
/* Open an attachment of mapping m (in space mmi) for pid. */
void lc_att_open(struct lc *lc, pid_t pid, size_t mmi, const struct lc_map *m, enum attach_how how,
		 unsigned long seq);
/* End pid's open attachments (exec, exit) at event seq. */
void lc_att_end_proc(struct lc *lc, pid_t pid, enum attach_end end, unsigned long seq);
/* One user fewer; the last one's mappings go (detach by exit or exec). */
void lc_mm_put(struct lc *lc, size_t mmi);
struct lc_proc *lc_proc_find(struct lc *lc, pid_t pid);
void lc_proc_set(struct lc *lc, pid_t pid, size_t mm);
void lc_proc_drop(struct lc *lc, pid_t pid);
/* Apply the fork event order[k]: the child gets a copy of, or a share in,
 * its parent's memory space. */
void lc_fork(struct lc *lc, size_t k);
/* The memory space of pid (a new one for a process first seen). */
size_t lc_mm_of(struct lc *lc, pid_t pid);

#endif /* HARNESS_LIFECYCLE_MM_H */
