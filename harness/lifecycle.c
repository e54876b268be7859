/*
 * lifecycle.c - per-object lifecycles from events and inventory (the rules
 * are in lifecycle.h).
 */
#include "harness/lifecycle.h"

#include <stdlib.h>
#include <string.h>

#include "harness/lifecycle_mm.h"
#include "util/xalloc.h"

enum { LC_RMID = 0, LC_SET = 1, LC_STAT = 2, LC_SHM_STAT = 13, LC_SHM_STAT_ANY = 15 };
enum { LC_GETALL = 13, LC_SETALL = 17 };

/* ---- objects ---- */

/* The newest object of kind with id (removed or not), or NULL. */
static struct lc_obj *lifecycle_newest(struct lc *lc, enum ipc_kind kind, int id)
{
	size_t i;

	for (i = lc->nobjs; i-- > 0;)
		if (lc->objs[i].kind == kind && lc->objs[i].id == id)
			return &lc->objs[i];
	return NULL;
}

static struct lc_obj *lifecycle_obj_add(struct lc *lc, enum ipc_kind kind, int id)
{
	struct lc_obj *o;

	lc->objs = lc_grow(lc->objs, lc->nobjs, &lc->aobjs, sizeof(*o));
	o = &lc->objs[lc->nobjs++];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->id = id;
	o->when_removed = o->at_end = -1;
	return o;
}

/* The object a call on id refers to; one the trace did not see created is
 * added (created_seq 0) so that what happens to it is still counted. */
static struct lc_obj *lifecycle_ref(struct lc *lc, enum ipc_kind kind, int id)
{
	struct lc_obj *o = lifecycle_newest(lc, kind, id);

	return o ? o : lifecycle_obj_add(lc, kind, id);
}

/* Take key, size and mode from a kernel structure where still unknown. The
 * kernel resets the key to IPC_PRIVATE after IPC_RMID, so a removed
 * object's key is not taken from it. */
static void lifecycle_obj_fill(struct lc_obj *o, const struct ipc_ds *ds)
{
	if (!o->key_known && !o->removed) {
		o->key = ds->key;
		o->key_known = true;
	}
	if (!o->size_known) {
		o->size = ds->size;
		o->size_known = true;
	}
	if (!o->mode_known) {
		o->mode = ds->mode & 0777;
		o->mode_known = true;
	}
}

/* The owner a kernel structure shows (IPC_STAT after the fact, the
 * inventory at the end), or an IPC_SET that succeeded gave. */
static void lifecycle_obj_owner(struct lc_obj *o, const struct ipc_ds *ds)
{
	o->uid = ds->uid;
	o->gid = ds->gid;
	o->owner_known = true;
}

/* The kernel's creator pid (shm only; pids as the record has them). When
 * it is not the traced creator, the "creating" get only opened a segment
 * someone else had made with that key (IPC_CREAT without IPC_EXCL). */
static void lifecycle_obj_cpid(struct lc_obj *o, pid_t cpid)
{
	if (cpid <= 0)
		return;
	if (o->created_seq && cpid != o->creator) {
		o->created_seq = 0;
		o->creator = cpid;
	}
	if (!o->creator)
		o->creator = cpid;
}

/* ---- events ---- */

static void lifecycle_get(struct lc *lc, enum ipc_kind kind, const struct event *ev)
{
	long long key = ev->key;
	struct lc_obj *o = lifecycle_newest(lc, kind, (int)ev->result);

	if (o && !o->removed) {
		if (!o->key_known) {
			o->key = key;
			o->key_known = true;
		}
		return;
	}
	o = lifecycle_obj_add(lc, kind, (int)ev->result);
	o->key = key;
	o->key_known = true;
	if (!ev->may_create)
		return; /* opened an object the trace did not see created */
	o->created_seq = ev->seq;
	o->creator = ev->pid;
	o->mode = o->created_mode = ev->flags & 0777;
	o->mode_known = true;
	if (kind != IPC_KIND_MSG) {
		o->size = ev->size;
		o->size_known = true;
	}
}

/* shmctl/semctl/msgctl: id, command, and what the kernel said. */
static void lifecycle_ctl(struct lc *lc, enum ipc_kind kind, struct event *ev, int cmd)
{
	bool stat_by_index = kind == IPC_KIND_SHM && (cmd == LC_SHM_STAT || cmd == LC_SHM_STAT_ANY);
	struct lc_obj *o;

	if (kind == IPC_KIND_SEM && (cmd == LC_GETALL || cmd == LC_SETALL)) {
		o = lifecycle_ref(lc, kind, ev->id);
		if (o->size_known && ev->nsemvals > o->size)
			ev->nsemvals = (size_t)o->size; /* the decoder read past the set */
		return;
	}
	if (cmd != LC_RMID && cmd != LC_SET && cmd != LC_STAT && !stat_by_index)
		return;
	o = lifecycle_ref(lc, kind, stat_by_index ? (int)ev->result : ev->id);
	if (cmd == LC_RMID && !o->removed) {
		o->removed = true;
		o->removed_by = ev->pid;
		o->removed_seq = ev->seq;
		if (kind == IPC_KIND_MSG)
			o->when_removed = (long)(o->at_start + o->sent - o->received);
	} else if (cmd == LC_SET && ev->has_ds) {
		o->mode = ev->ds.mode & 0777;
		o->mode_known = true;
		lifecycle_obj_owner(o, &ev->ds);
	} else if (cmd != LC_SET && ev->has_ds) {
		lifecycle_obj_fill(o, &ev->ds);
		lifecycle_obj_owner(o, &ev->ds);
		if (kind == IPC_KIND_SHM) {
			lc_obj_nattch(o, (unsigned)ev->ds.nattch);
			lifecycle_obj_cpid(o, ev->ds.cpid);
		}
	}
}

/* shmat: a mapping in the caller's space, an attachment of every process
 * using that space (the caller's own; the others' shared, as a vfork
 * parent gets what its child attached before it exec'd or exited). */
static void lifecycle_shmat(struct lc *lc, const struct event *ev)
{
	struct lc_obj *o = lifecycle_ref(lc, IPC_KIND_SHM, ev->id);
	size_t obj = (size_t)(o - lc->objs), mmi = lc_mm_of(lc, ev->pid), i;
	struct lc_map m;

	o->attaches++;
	m = *lc_map_add(lc, mmi, (unsigned long long)ev->result, obj, ev->flags);
	lc_att_open(lc, ev->pid, mmi, &m, ATTACH_SHMAT, ev->seq);
	for (i = 0; i < lc->nprocs; i++)
		if (lc->procs[i].mm == mmi && lc->procs[i].pid != ev->pid)
			lc_att_open(lc, lc->procs[i].pid, mmi, &m, ATTACH_SHARED, ev->seq);
}

static void lifecycle_shmdt(struct lc *lc, struct event *ev)
{
	long obj = lc_map_del(lc, lc_mm_of(lc, ev->pid), ev->addr, ev->seq);

	if (obj < 0)
		return; /* not mapped by a traced shmat (or not at its start) */
	ev->shmdt_shmid = lc->objs[obj].id;
	lc->objs[obj].detaches++;
}

static void lifecycle_msg(struct lc *lc, const struct event *ev)
{
	struct lc_obj *o = lifecycle_ref(lc, IPC_KIND_MSG, ev->id);

	if (ev->call == CALL_MSGSND)
		o->sent++;
	else
		o->received++;
}

static void lifecycle_event(struct lc *lc, size_t k)
{
	struct event *ev = lc->order[k];

	if (ev->call == CALL_SHMDT)
		ev->shmdt_shmid = -1;
	/* Failed, or never returned: it changed nothing; but a get whose
	 * process was killed inside it may have made its object, and then
	 * has its id as result (fallback_claim_unreturned). */
	if (ev->err || (ev->blocked &&
			!(ev->result >= 0 && (ev->call == CALL_SHMGET || ev->call == CALL_SEMGET ||
					      ev->call == CALL_MSGGET))))
		return;
	switch (ev->call) {
	case CALL_SHMGET: lifecycle_get(lc, IPC_KIND_SHM, ev); break;
	case CALL_SEMGET: lifecycle_get(lc, IPC_KIND_SEM, ev); break;
	case CALL_MSGGET: lifecycle_get(lc, IPC_KIND_MSG, ev); break;
	case CALL_SHMAT: lifecycle_shmat(lc, ev); break;
	case CALL_SHMDT: lifecycle_shmdt(lc, ev); break;
	case CALL_SHMCTL: lifecycle_ctl(lc, IPC_KIND_SHM, ev, ev->cmd); break;
	case CALL_SEMCTL: lifecycle_ctl(lc, IPC_KIND_SEM, ev, ev->cmd); break;
	case CALL_MSGCTL: lifecycle_ctl(lc, IPC_KIND_MSG, ev, ev->cmd); break;
	case CALL_SEMOP:
	case CALL_SEMTIMEDOP: lifecycle_ref(lc, IPC_KIND_SEM, ev->id); break;
	case CALL_MSGSND:
	case CALL_MSGRCV: lifecycle_msg(lc, ev); break;
	case CALL_FORK:
		if (!lc->fork_done[k])
			lc_fork(lc, k);
		break;
	case CALL_EXEC:
		lc_mm_of(lc, ev->pid); /* a pending fork first */
		lc_att_end_proc(lc, ev->pid, ATTACH_EXEC, ev->seq);
		lc_proc_set(lc, ev->pid, lc_mm_new(lc));
		break;
	case CALL_EXIT:
		lc_mm_of(lc, ev->pid);
		lc_att_end_proc(lc, ev->pid, ATTACH_EXIT, ev->seq);
		lc_proc_drop(lc, ev->pid);
		break;
	default: break;
	}
}

/* ---- preconditions and inventory ---- */

static struct lc_obj *lifecycle_pre_add(struct lc *lc, enum ipc_kind kind, int id)
{
	struct lc_obj *o = lifecycle_newest(lc, kind, id);

	if (!o)
		o = lifecycle_obj_add(lc, kind, id);
	o->precondition = true;
	return o;
}

static void lifecycle_preconditions(struct lc *lc, const int *pre_shmids, size_t npre)
{
	const struct run_record *rec = lc->rec;
	size_t i;

	for (i = 0; i < rec->pre.n; i++) {
		const struct inventory_item *it = &rec->pre.items[i];
		struct lc_obj *o = lifecycle_pre_add(lc, it->kind, it->id);

		lifecycle_obj_fill(o, &it->ds);
		if (it->kind == IPC_KIND_MSG)
			o->at_start = (unsigned long)it->ds.nattch;
		memcpy(o->vals_start, it->semvals, sizeof(o->vals_start));
		o->nvals_start = it->nsemvals;
	}
	for (i = 0; i < npre; i++)
		lifecycle_pre_add(lc, IPC_KIND_SHM, pre_shmids[i]);
	if (rec->mode != RUN_MODE_NAMESPACE || !rec->inventory.taken)
		return;
	/* In the run's own namespace, pid 1 is the harness's init. */
	for (i = 0; i < rec->inventory.n; i++) {
		const struct inventory_item *it = &rec->inventory.items[i];

		if (it->kind == IPC_KIND_SHM && it->ds.cpid == 1)
			lifecycle_obj_fill(lifecycle_pre_add(lc, it->kind, it->id), &it->ds);
	}
}

static void lifecycle_inventory_item(struct lc *lc, const struct inventory_item *it)
{
	struct lc_obj *o = lifecycle_newest(lc, it->kind, it->id);

	/* A removed object is gone once nobody has it attached, and everyone
	 * has exited: an object with its id now is another one. */
	if (!o || o->removed)
		o = lifecycle_obj_add(lc, it->kind, it->id);
	o->in_inventory = true;
	lifecycle_obj_fill(o, &it->ds);
	o->mode = it->ds.mode & 0777;
	lifecycle_obj_owner(o, &it->ds);
	if (it->kind == IPC_KIND_MSG)
		o->at_end = (long)it->ds.nattch;
	memcpy(o->vals_end, it->semvals, sizeof(o->vals_end));
	o->nvals_end = it->nsemvals;
	if (it->kind != IPC_KIND_SHM)
		return;
	o->nattch_at_end = (unsigned)it->ds.nattch;
	lc_obj_nattch(o, o->nattch_at_end);
	lifecycle_obj_cpid(o, it->ds.cpid);
}

static void lifecycle_inventory(struct lc *lc)
{
	struct run_record *rec = lc->rec;
	size_t i;

	if (!rec->inventory.taken)
		return;
	for (i = 0; i < rec->inventory.n; i++)
		lifecycle_inventory_item(lc, &rec->inventory.items[i]);
}

/*
 * Fallback mode: objects the run used on the host but did not create
 * (rec->foreign, with the kernel's values). A shmget(IPC_CREAT) that found
 * such a segment only opened it: no creation, and the key, size and mode
 * are the kernel's, not the call's.
 */
static void lifecycle_foreign(struct lc *lc)
{
	const struct inventory *f = &lc->rec->foreign;
	size_t i;

	for (i = 0; i < f->n; i++) {
		struct lc_obj *o = lifecycle_newest(lc, f->items[i].kind, f->items[i].id);

		if (!o)
			continue;
		o->created_seq = 0;
		o->creator = f->items[i].ds.cpid;
		o->key_known = o->size_known = o->mode_known = false;
		lifecycle_obj_fill(o, &f->items[i].ds);
	}
}

/* ---- output ---- */

static void lifecycle_put_segment(struct segment *s, const struct lc_obj *o, bool leaked)
{
	*s = (struct segment){
		.shmid = o->id,
		.key = o->key,
		.size = o->size,
		.mode = o->mode,
		.created_mode = o->created_mode,
		.creator_pid = o->creator,
		.attaches = o->attaches,
		.detaches = o->detaches,
		.max_nattch = o->max_nattch,
		.removed = o->removed,
		.removed_by_pid = o->removed_by,
		.removed_seq = o->removed_seq,
		.created_seq = o->created_seq,
		.leaked = leaked,
		.precondition = o->precondition,
		.nattch_at_end = o->nattch_at_end,
		.owner_known = o->owner_known,
		.uid = o->uid,
		.gid = o->gid,
	};
}

static void lifecycle_put_sem(struct semaphore_set *s, const struct lc_obj *o, bool leaked)
{
	*s = (struct semaphore_set){
		.semid = o->id,
		.key = o->key,
		.nsems = (unsigned)o->size,
		.mode = o->mode,
		.created_mode = o->created_mode,
		.creator_pid = o->creator,
		.removed = o->removed,
		.removed_by_pid = o->removed_by,
		.created_seq = o->created_seq,
		.removed_seq = o->removed_seq,
		.leaked = leaked,
		.precondition = o->precondition,
		.owner_known = o->owner_known,
		.uid = o->uid,
		.gid = o->gid,
		.nvalues_at_end = o->nvals_end,
		.nvalues_at_start = o->nvals_start,
	};
	memcpy(s->values_at_end, o->vals_end, sizeof(s->values_at_end));
	memcpy(s->values_at_start, o->vals_start, sizeof(s->values_at_start));
}

static void lifecycle_put_queue(struct queue *q, const struct lc_obj *o, bool leaked)
{
	*q = (struct queue){
		.msqid = o->id,
		.key = o->key,
		.mode = o->mode,
		.created_mode = o->created_mode,
		.creator_pid = o->creator,
		.removed = o->removed,
		.removed_by_pid = o->removed_by,
		.created_seq = o->created_seq,
		.removed_seq = o->removed_seq,
		.leaked = leaked,
		.precondition = o->precondition,
		.owner_known = o->owner_known,
		.uid = o->uid,
		.gid = o->gid,
		.sent = o->sent,
		.received = o->received,
		.at_start = o->at_start,
		.when_removed = o->when_removed,
		.at_end = o->at_end,
	};
}

/* Each process's attachments, in the order it got them. */
static void lifecycle_put_attachments(struct lc *lc)
{
	struct run_record *rec = lc->rec;
	size_t i, k;

	for (k = 0; k < lc->natts; k++) {
		const struct lc_att *at = &lc->atts[k];

		for (i = 0; i < rec->nprocesses && rec->processes[i].pid != at->pid; i++)
			;
		if (i == rec->nprocesses)
			continue; /* not a process of the program (a helper) */
		rec->processes[i].attachments =
			xrealloc(rec->processes[i].attachments, rec->processes[i].nattachments + 1,
				 sizeof(struct attachment));
		rec->processes[i].attachments[rec->processes[i].nattachments++] = at->a;
	}
}

static void lifecycle_output(struct lc *lc)
{
	struct run_record *rec = lc->rec;
	size_t i;

	rec->segments = xcalloc(lc->nobjs, sizeof(*rec->segments));
	rec->semaphores = xcalloc(lc->nobjs, sizeof(*rec->semaphores));
	rec->queues = xcalloc(lc->nobjs, sizeof(*rec->queues));
	for (i = 0; i < lc->nobjs; i++) {
		const struct lc_obj *o = &lc->objs[i];
		bool leaked = o->in_inventory && !o->precondition;

		if (o->in_inventory && !o->precondition && !o->created_seq)
			rec->untraced_ipc = true;
		if (o->kind == IPC_KIND_SHM) {
			lifecycle_put_segment(&rec->segments[rec->nsegments++], o, leaked);
			rec->leaks.shm += leaked;
		} else if (o->kind == IPC_KIND_SEM) {
			lifecycle_put_sem(&rec->semaphores[rec->nsemaphores++], o, leaked);
			rec->leaks.sem += leaked;
		} else {
			lifecycle_put_queue(&rec->queues[rec->nqueues++], o, leaked);
			rec->leaks.msg += leaked;
		}
	}
}

/* ---- driver ---- */

static int lifecycle_seq_cmp(const void *a, const void *b)
{
	const struct event *x = *(struct event *const *)a, *y = *(struct event *const *)b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Whether order[] is sorted by lifecycle_seq_cmp already: the tracer appends
 * events in seq order, and sorting a long trace that is sorted costs more
 * than walking it. */
static bool lifecycle_sorted(struct event *const *order, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (lifecycle_seq_cmp(&order[i - 1], &order[i]) > 0)
			return false;
	return true;
}

/* qsort_r context: the events by seq. */
static int lifecycle_fork_cmp(const void *a, const void *b, void *ctx)
{
	struct event **order = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (order[x]->child_pid != order[y]->child_pid)
		return order[x]->child_pid < order[y]->child_pid ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Forks sorted by child pid, then seq: lc_mm_of() finds a child's quickly
 * (a run can have thousands of processes). */
static void lifecycle_index_forks(struct lc *lc)
{
	size_t k;

	lc->forks = xcalloc(lc->nev, sizeof(*lc->forks));
	for (k = 0; k < lc->nev; k++)
		if (lc->order[k]->call == CALL_FORK)
			lc->forks[lc->nforks++] = k;
	qsort_r(lc->forks, lc->nforks, sizeof(*lc->forks), lifecycle_fork_cmp, lc->order);
}

static void lifecycle_release(struct lc *lc)
{
	size_t i;

	for (i = 0; i < lc->nmms; i++) {
		free(lc->mms[i].maps);
		free(lc->mms[i].open);
	}
	free(lc->mms);
	free(lc->objs);
	free(lc->procs);
	free(lc->order);
	free(lc->fork_done);
	free(lc->forks);
	free(lc->atts);
}

void lifecycle_derive(struct run_record *rec, const int *pre_shmids, size_t npre_shm)
{
	struct lc lc = { .rec = rec };
	size_t i;

	free(rec->segments);
	free(rec->semaphores);
	free(rec->queues);
	rec->segments = NULL, rec->semaphores = NULL, rec->queues = NULL;
	rec->nsegments = rec->nsemaphores = rec->nqueues = 0;
	memset(&rec->leaks, 0, sizeof(rec->leaks));
	rec->untraced_ipc = false;
	for (i = 0; i < rec->nprocesses; i++) {
		free(rec->processes[i].attachments);
		rec->processes[i].attachments = NULL;
		rec->processes[i].nattachments = 0;
	}

	lc.nev = rec->nevents;
	lc.order = xcalloc(lc.nev, sizeof(*lc.order));
	lc.fork_done = xcalloc(lc.nev, sizeof(*lc.fork_done));
	for (i = 0; i < lc.nev; i++)
		lc.order[i] = &rec->events[i];
	if (!lifecycle_sorted(lc.order, lc.nev))
		qsort(lc.order, lc.nev, sizeof(*lc.order), lifecycle_seq_cmp);
	lifecycle_index_forks(&lc);

	lifecycle_preconditions(&lc, pre_shmids, npre_shm);
	for (i = 0; i < lc.nev; i++)
		lifecycle_event(&lc, i);
	lifecycle_inventory(&lc);
	lifecycle_foreign(&lc);
	lifecycle_output(&lc);
	lifecycle_put_attachments(&lc);
	lifecycle_release(&lc);
}
