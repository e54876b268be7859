/*
 * lifecycle_mm.c - memory spaces and processes of the lifecycle model
 * (lifecycle_mm.h).
 */
#include "harness/lifecycle_mm.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void *lc_grow(void *arr, size_t n, size_t *alloc, size_t sz)
{
	if (n < *alloc)
		return arr;
	*alloc = *alloc ? *alloc * 2 : 16;
	return xrealloc(arr, *alloc, sz);
}

void lc_obj_nattch(struct lc_obj *o, unsigned n)
{
	if (n > o->max_nattch)
		o->max_nattch = n;
}

/* ---- memory spaces ---- */

size_t lc_mm_new(struct lc *lc)
{
	struct lc_mm *mm;

	lc->mms = lc_grow(lc->mms, lc->nmms, &lc->amms, sizeof(*mm));
	mm = &lc->mms[lc->nmms];
	memset(mm, 0, sizeof(*mm));
	mm->users = 1;
	return lc->nmms++;
}

const struct lc_map *lc_map_add(struct lc *lc, size_t mmi, unsigned long long addr, size_t obj,
				unsigned shmflg)
{
	struct lc_mm *mm = &lc->mms[mmi];
	struct lc_obj *o = &lc->objs[obj];

	mm->maps = lc_grow(mm->maps, mm->n, &mm->alloc, sizeof(*mm->maps));
	mm->maps[mm->n].addr = addr;
	mm->maps[mm->n].obj = obj;
	mm->maps[mm->n].shmflg = shmflg;
	o->nattch++;
	lc_obj_nattch(o, o->nattch);
	return &mm->maps[mm->n++];
}

/* End open attachment k of space mmi (its k-th open one) at event seq. */
static void lifecycle_mm_att_end(struct lc *lc, size_t mmi, size_t k, enum attach_end end,
				 unsigned long seq)
{
	struct lc_mm *mm = &lc->mms[mmi];
	struct lc_att *at = &lc->atts[mm->open[k]];

	at->a.end = end;
	at->a.end_seq = seq;
	mm->open[k] = mm->open[--mm->nopen];
}

/* Remove the mapping at addr; return the object's index, or -1. */
long lc_map_del(struct lc *lc, size_t mmi, unsigned long long addr, unsigned long seq)
{
	struct lc_mm *mm = &lc->mms[mmi];
	size_t i, k, obj;

	for (i = 0; i < mm->n; i++) {
		if (mm->maps[i].addr != addr)
			continue;
		obj = mm->maps[i].obj;
		lc->objs[obj].nattch--;
		mm->maps[i] = mm->maps[--mm->n];
		for (k = mm->nopen; k-- > 0;) {
			const struct lc_att *at = &lc->atts[mm->open[k]];

			if (at->obj == obj && at->a.addr == addr)
				lifecycle_mm_att_end(lc, mmi, k, ATTACH_SHMDT, seq);
		}
		return (long)obj;
	}
	return -1;
}

/* ---- attachments per process ---- */

void lc_att_open(struct lc *lc, pid_t pid, size_t mmi, const struct lc_map *m, enum attach_how how,
		 unsigned long seq)
{
	struct lc_mm *mm = &lc->mms[mmi];
	struct lc_att *at;

	lc->atts = lc_grow(lc->atts, lc->natts, &lc->aatts, sizeof(*at));
	at = &lc->atts[lc->natts];
	*at = (struct lc_att){
		.pid = pid,
		.obj = m->obj,
		.a = { .shmid = lc->objs[m->obj].id,
		       .addr = m->addr,
		       .shmflg = m->shmflg,
		       .how = how,
		       .seq = seq,
		       .end = ATTACH_HELD },
	};
	mm->open = lc_grow(mm->open, mm->nopen, &mm->aopen, sizeof(*mm->open));
	mm->open[mm->nopen++] = lc->natts++;
}

void lc_att_end_proc(struct lc *lc, pid_t pid, enum attach_end end, unsigned long seq)
{
	struct lc_proc *p = lc_proc_find(lc, pid);
	size_t k;

	if (!p)
		return;
	for (k = lc->mms[p->mm].nopen; k-- > 0;)
		if (lc->atts[lc->mms[p->mm].open[k]].pid == pid)
			lifecycle_mm_att_end(lc, p->mm, k, end, seq);
}

/* One user fewer; the last one leaving unmaps everything (exit, exec). */
void lc_mm_put(struct lc *lc, size_t mmi)
{
	struct lc_mm *mm = &lc->mms[mmi];
	size_t i;

	if (mm->users && --mm->users)
		return;
	for (i = 0; i < mm->n; i++)
		lc->objs[mm->maps[i].obj].nattch--;
	mm->n = 0;
}

/* ---- processes ---- */

struct lc_proc *lc_proc_find(struct lc *lc, pid_t pid)
{
	size_t i;

	for (i = 0; i < lc->nprocs; i++)
		if (lc->procs[i].pid == pid)
			return &lc->procs[i];
	return NULL;
}

void lc_proc_set(struct lc *lc, pid_t pid, size_t mm)
{
	struct lc_proc *p = lc_proc_find(lc, pid);

	if (!p) {
		lc->procs = lc_grow(lc->procs, lc->nprocs, &lc->aprocs, sizeof(*p));
		p = &lc->procs[lc->nprocs++];
		p->pid = pid;
	} else {
		lc_mm_put(lc, p->mm);
	}
	p->mm = mm;
}

void lc_proc_drop(struct lc *lc, pid_t pid)
{
	struct lc_proc *p = lc_proc_find(lc, pid);

	if (!p)
		return;
	lc_mm_put(lc, p->mm);
	*p = lc->procs[--lc->nprocs];
}

/* Fork event k: the child gets the parent's space (CLONE_VM) or a copy. */
void lc_fork(struct lc *lc, size_t k)
{
	const struct event *ev = lc->order[k];
	size_t parent, child, i;

	lc->fork_done[k] = true;
	if (ev->clone_thread || ev->child_pid <= 0 || ev->err)
		return;
	parent = lc_mm_of(lc, ev->pid);
	if (ev->clone_vm) {
		lc->mms[parent].users++;
		lc_proc_set(lc, ev->child_pid, parent);
		for (i = 0; i < lc->mms[parent].n; i++)
			lc_att_open(lc, ev->child_pid, parent, &lc->mms[parent].maps[i],
				    ATTACH_SHARED, ev->seq);
		return;
	}
	child = lc_mm_new(lc);
	lc_proc_set(lc, ev->child_pid, child);
	for (i = 0; i < lc->mms[parent].n; i++) {
		const struct lc_map *pm = &lc->mms[parent].maps[i];

		lc_att_open(lc, ev->child_pid, child,
			    lc_map_add(lc, child, pm->addr, pm->obj, pm->shmflg), ATTACH_FORK,
			    ev->seq);
	}
}

/*
 * The space of pid. A child can show up before the event of the fork that
 * made it (the tracer may see the child's first stop first): the pending
 * fork is applied then, so that inherited mappings are right.
 */
size_t lc_mm_of(struct lc *lc, pid_t pid)
{
	struct lc_proc *p = lc_proc_find(lc, pid);
	size_t lo = 0, hi = lc->nforks, k;

	if (p)
		return p->mm;
	while (lo < hi) { /* the first fork of a child pid >= pid */
		size_t mid = lo + (hi - lo) / 2;

		if (lc->order[lc->forks[mid]]->child_pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < lc->nforks && lc->order[k = lc->forks[lo]]->child_pid == pid; lo++) {
		if (lc->fork_done[k] || lc->order[k]->pid == pid)
			continue;
		lc_fork(lc, k);
		p = lc_proc_find(lc, pid);
		if (p)
			return p->mm;
	}
	lc_proc_set(lc, pid, lc_mm_new(lc));
	return lc_proc_find(lc, pid)->mm;
}
