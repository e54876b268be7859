/*
 * rules_attach.c - following attachments through the events
 * (rules_attach.h).
 */
#include "graders/rules/rules_attach.h"

#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>

#include "graders/rules/rules_util.h"
#include "harness/xalloc.h"

struct rules_attach_seg {
	int shmid;
	bool ro;
};

struct rules_attach_space {
	struct rules_attach_seg *v;
	size_t n, alloc;
};

static long rules_attach_proc_index(const struct run_record *rec, pid_t pid)
{
	size_t i;

	for (i = 0; i < rec->nprocesses; i++)
		if (rec->processes[i].pid == pid)
			return (long)i;
	return -1;
}

static void rules_attach_space_add(struct rules_attach_space *s, int shmid, bool ro)
{
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 4;
		s->v = xrealloc(s->v, s->alloc, sizeof(*s->v));
	}
	s->v[s->n].shmid = shmid;
	s->v[s->n++].ro = ro;
}

static void rules_attach_space_del(struct rules_attach_space *s, int shmid)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].shmid == shmid) {
			s->v[i] = s->v[--s->n];
			return;
		}
}

static void rules_attach_event(const struct run_record *rec, const struct event *ev, int shmid,
			       struct rules_attach_space *sp, unsigned *flags)
{
	long pi = rules_attach_proc_index(rec, ev->pid), ci;
	long long id;
	bool ro;
	size_t i;

	if (pi < 0)
		return;
	if (ev->call == CALL_SHMAT && rules_event_ok(ev)) {
		id = ev->id;
		ro = (ev->flags & SHM_RDONLY) != 0;
		if (shmid >= 0 && id != shmid)
			return;
		rules_attach_space_add(&sp[pi], (int)id, ro);
		flags[pi] |= ATT_DIRECT | (ro ? ATT_RO : ATT_RW);
	} else if (ev->call == CALL_SHMDT && rules_event_ok(ev)) {
		rules_attach_space_del(&sp[pi], ev->shmdt_shmid);
	} else if (ev->call == CALL_EXEC) {
		sp[pi].n = 0;
	} else if (ev->call == CALL_FORK && !ev->clone_thread &&
		   (ci = rules_attach_proc_index(rec, ev->child_pid)) >= 0 && ci != pi) {
		for (i = 0; i < sp[pi].n; i++) {
			rules_attach_space_add(&sp[ci], sp[pi].v[i].shmid, sp[pi].v[i].ro);
			flags[ci] |= ATT_INHERITED | (sp[pi].v[i].ro ? ATT_RO : ATT_RW);
		}
	}
}

void rules_attach_follow(const struct run_record *rec, int shmid, unsigned *flags)
{
	struct rules_attach_space *sp = xcalloc(rec->nprocesses + 1, sizeof(*sp));
	size_t i;

	memset(flags, 0, rec->nprocesses * sizeof(*flags));
	for (i = 0; i < rec->nevents; i++)
		rules_attach_event(rec, &rec->events[i], shmid, sp, flags);
	for (i = 0; i < rec->nprocesses; i++)
		free(sp[i].v);
	free(sp);
}
