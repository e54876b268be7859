/*
 * timeline.c - the run record as readable text, strace style:
 *
 *     0.412 ms  [2] shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600) = 0
 *     0.503 ms  [2] fork() = 3
 *     0.611 ms  [3] shmdt(0x7f3a1c000000) = 0  [shmid 0]
 *     0.702 ms  [3] +++ exited with 0 +++
 *   segment 0 key IPC_PRIVATE 4096 B 0600: created by 2, attached 1×, ...
 *   ok: exit code 0, no leaks
 */
#include "harness/timeline.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "harness/timeline_line.h"
#include "util/xalloc.h"
#include "harness/words.h"
#include "harness/xlat.h"

/* semop operations shown per line; the JSON has them all. */
#define TIMELINE_MAX_SOPS 4

static void timeline_key(struct timeline_line *l, long long key)
{
	if (key == 0)
		timeline_line_str(l, "IPC_PRIVATE");
	else if ((unsigned int)key == 0)
		timeline_line_str(l, "0000000000"); /* printf's "%#010llx" of 0 */
	else
		timeline_line_hex(l, (unsigned long long)(unsigned int)key, 8);
}

/* ---- structures ---- */

static enum ipc_kind timeline_call_kind(enum ipc_call call)
{
	return call == CALL_SEMCTL   ? IPC_KIND_SEM
	       : call == CALL_MSGCTL ? IPC_KIND_MSG
				     : IPC_KIND_SHM;
}

/* Briefly: what a student looks at in an IPC_STAT / what IPC_SET sets. */
static void timeline_ds(struct timeline_line *l, const struct event *ev)
{
	const struct ipc_ds *ds = &ev->ds;
	enum ipc_kind kind = timeline_call_kind(ev->call);
	bool set = false;
	size_t i;

	for (i = 0; i < ev->nargs; i++)
		if (ev->args[i].kind == ARG_SYM && ev->args[i].str &&
		    strstr(ev->args[i].str, "IPC_SET"))
			set = true;
	if (set)
		timeline_line_add(l, "{mode=%04o, uid=%u, gid=%u}", ds->mode & 07777, ds->uid,
				  ds->gid);
	else if (kind == IPC_KIND_SHM)
		timeline_line_add(l, "{size=%llu, nattch=%llu, cpid=%d, mode=%04o}", ds->size,
				  ds->nattch, ds->cpid, ds->mode & 07777);
	else if (kind == IPC_KIND_SEM)
		timeline_line_add(l, "{nsems=%llu, mode=%04o}", ds->size, ds->mode & 07777);
	else
		timeline_line_add(l, "{qnum=%llu, qbytes=%llu, mode=%04o}", ds->nattch, ds->size,
				  ds->mode & 07777);
}

/* One numeric field of ds by its IPC_DS_* bit. */
static long long timeline_ds_field(const struct ipc_ds *ds, unsigned bit)
{
	switch (bit) {
	case IPC_DS_KEY: return ds->key;
	case IPC_DS_UID: return ds->uid;
	case IPC_DS_GID: return ds->gid;
	case IPC_DS_CUID: return ds->cuid;
	case IPC_DS_CGID: return ds->cgid;
	case IPC_DS_SIZE: return (long long)ds->size;
	case IPC_DS_ATIME: return ds->atime;
	case IPC_DS_DTIME: return ds->dtime;
	case IPC_DS_CTIME: return ds->ctime;
	case IPC_DS_NATTCH: return (long long)ds->nattch;
	default: return 0;
	}
}

static void timeline_sops(struct timeline_line *l, const struct event *ev)
{
	size_t i;

	timeline_line_add(l, "[");
	for (i = 0; i < ev->nsops_read; i++) {
		if (i == TIMELINE_MAX_SOPS) {
			timeline_line_add(l, ", ...");
			break;
		}
		char *flg = xlat_flags(xlat_sem_flags, (unsigned short)ev->sops[i].sem_flg, false);

		timeline_line_add(l, "%s{%u, %d, %s}", i ? ", " : "", ev->sops[i].sem_num,
				  ev->sops[i].sem_op, flg);
		free(flg);
	}
	timeline_line_add(l, "]");
}

/* ---- arguments ---- */

static bool timeline_is_buf(const struct event *ev, const struct event_arg *a)
{
	if (!ev->has_ds)
		return false;
	return strcmp(a->name, "buf") == 0 ||
	       (ev->call == CALL_SEMCTL && strcmp(a->name, "arg") == 0);
}

static void timeline_arg(struct timeline_line *l, const struct event *ev, const struct event_arg *a)
{
	if (timeline_is_buf(ev, a))
		timeline_ds(l, ev);
	else if (strcmp(a->name, "sops") == 0 && ev->nsops_read)
		timeline_sops(l, ev);
	else if (strcmp(a->name, "key") == 0 && a->kind == ARG_INT)
		timeline_key(l, a->num);
	else if (a->kind == ARG_INT)
		timeline_line_int(l, a->num);
	else if (a->kind == ARG_HEX && a->num)
		timeline_line_hex(l, (unsigned long long)a->num, 1);
	else if (a->kind == ARG_HEX)
		timeline_line_str(l, "NULL");
	else if (a->kind == ARG_STR)
		timeline_line_quoted(l, a->str ? a->str : "");
	else if (a->kind == ARG_SYM)
		timeline_line_str(l, a->str ? a->str : "?");
	else
		timeline_line_str(l, "?");
}

/* The mtype of msgsnd/msgrcv is shown after the result, not as an argument. */
static const struct event_arg *timeline_mtype(const struct event *ev)
{
	size_t i;

	for (i = 0; i < ev->nargs; i++)
		if (strcmp(ev->args[i].name, "mtype") == 0 && ev->args[i].kind == ARG_INT)
			return &ev->args[i];
	return NULL;
}

static void timeline_call(struct timeline_line *l, const struct event *ev)
{
	size_t i, shown = 0;

	timeline_line_str(l, ipc_call_name(ev->call));
	timeline_line_str(l, "(");
	for (i = 0; i < ev->nargs && i < EVENT_MAX_ARGS; i++) {
		if (strcmp(ev->args[i].name, "mtype") == 0)
			continue;
		timeline_line_str(l, shown++ ? ", " : "");
		timeline_arg(l, ev, &ev->args[i]);
	}
	timeline_line_str(l, ")");
}

static void timeline_result(struct timeline_line *l, const struct event *ev)
{
	const char *name;
	char buf[64];

	if (ev->blocked) {
		timeline_line_str(l, " = ? ");
		timeline_line_color(l, TIMELINE_RED,
				    W_("(never returned: still blocked when its process ended)"));
	} else if (ev->err) {
		name = xlat_errno_name(ev->err);
		snprintf(buf, sizeof(buf), "-1 %s", name ? name : "?");
		if (!name)
			snprintf(buf, sizeof(buf), "-1 errno %d", ev->err);
		timeline_line_add(l, " = ");
		timeline_line_color(l, TIMELINE_RED, buf);
	} else if (ev->call == CALL_SHMAT) {
		timeline_line_str(l, " = ");
		timeline_line_hex(l, (unsigned long long)ev->result, 1);
	} else {
		timeline_line_str(l, " = ");
		timeline_line_int(l, ev->result);
	}
}

/* ---- process events ---- */

static void timeline_process_event(struct timeline_line *l, const struct event *ev)
{
	const char *sig;
	char buf[64];

	switch (ev->call) {
	case CALL_FORK:
		timeline_line_add(l, "%s",
				  ev->clone_thread ? "clone(thread)"
				  : ev->clone_vm   ? "vfork()"
						   : "fork()");
		if (ev->err)
			timeline_result(l, ev);
		else
			timeline_line_add(l, " = %d", (int)ev->child_pid);
		break;
	case CALL_EXEC:
		timeline_call(l, ev);
		timeline_line_add(l, " = 0");
		break;
	case CALL_EXIT:
		sig = xlat_signal_name(ev->signal);
		if (ev->signal > 0) {
			snprintf(buf, sizeof(buf), "+++ killed by %s +++", sig ? sig : "a signal");
			timeline_line_color(l, TIMELINE_RED, buf);
		} else {
			timeline_line_add(l, "+++ exited with %d +++", ev->exit_code);
		}
		break;
	case CALL_WAIT4:
	case CALL_WAITID:
	case CALL_WAITPID:
		timeline_call(l, ev);
		timeline_result(l, ev);
		if (!ev->reaped)
			break;
		if (ev->signal > 0) {
			sig = xlat_signal_name(ev->signal);
			timeline_line_add(l, W_("  [reaped %d: killed by %s]"), (int)ev->child_pid,
					  sig ? sig : W_("a signal"));
		} else {
			timeline_line_add(l, W_("  [reaped %d: exited with %d]"),
					  (int)ev->child_pid, ev->exit_code);
		}
		break;
	default: /* CALL_DENIED */
		timeline_call(l, ev);
		timeline_result(l, ev);
		timeline_line_color(l, TIMELINE_RED, "  (refused by the sandbox)");
		break;
	}
}

/* The program's memory said something the kernel did not (record.h):
 * the buffer's values beside the kernel's, which the call shows. */
static void timeline_tampered(struct timeline_line *l, const struct event *ev)
{
	enum ipc_kind kind = timeline_call_kind(ev->call);
	unsigned bit;

	if (ev->ds_mismatch && ev->has_ds_buf) {
		timeline_line_color(l, TIMELINE_RED,
				    W_("  [the program's buffer differs from the kernel:"));
		for (bit = 1; bit < 1U << IPC_DS_FIELDS_; bit <<= 1) {
			if (!(ev->ds_mismatch & bit))
				continue;
			timeline_line_add(l, " %s=", ipc_ds_field_name(bit, kind));
			if (bit == IPC_DS_MODE)
				timeline_line_add(l, "%04o", ev->ds_buf.mode & 07777);
			else if (bit == IPC_DS_CPID || bit == IPC_DS_LPID)
				timeline_line_add(l, "%d",
						  bit == IPC_DS_CPID ? ev->ds_buf.cpid
								     : ev->ds_buf.lpid);
			else
				timeline_line_add(l, "%lld", timeline_ds_field(&ev->ds_buf, bit));
		}
		timeline_line_str(l, "]");
	}
	if (ev->sops_changed)
		timeline_line_color(l, TIMELINE_RED, W_("  [sops rewritten during the call]"));
	if (ev->mtype_changed)
		timeline_line_color(l, TIMELINE_RED, W_("  [mtype rewritten during the call]"));
	if (ev->shmaddr_rewritten)
		timeline_line_color(l, TIMELINE_RED,
				    W_("  [the address shmat stored was rewritten]"));
}

static void timeline_event(FILE *out, const struct event *ev, bool color)
{
	struct timeline_line l = { .len = 0, .color = color };
	const struct event_arg *mtype;
	char when[32];

	timeline_line_time(when, ev->t_us);
	timeline_line_color(&l, TIMELINE_DIM, when);
	timeline_line_str(&l, "  [");
	timeline_line_int(&l, (int)ev->pid);
	timeline_line_str(&l, "] ");
	if (ev->call >= CALL_FORK) {
		timeline_process_event(&l, ev);
	} else {
		timeline_call(&l, ev);
		timeline_result(&l, ev);
	}
	if (ev->call == CALL_SHMDT && ev->shmdt_shmid >= 0) {
		timeline_line_str(&l, "  [shmid ");
		timeline_line_int(&l, ev->shmdt_shmid);
		timeline_line_str(&l, "]");
	}
	mtype = timeline_mtype(ev);
	if (mtype && (ev->call == CALL_MSGSND || !ev->err))
		timeline_line_add(&l, "  [mtype %lld]", mtype->num);
	if (ev->tid && ev->tid != ev->pid)
		timeline_line_add(&l, "  [tid %d]", (int)ev->tid);
	if (ev->compat32)
		timeline_line_str(&l, "  [i386]");
	if (ev->injected)
		timeline_line_color(&l, TIMELINE_RED, W_("  (injected)"));
	timeline_tampered(&l, ev);
	fwrite(l.buf, 1, l.len, out);
	putc('\n', out);
}

/* ---- lifecycles ---- */

/* "created by 2", "precondition", or who the kernel says made it. */
static void timeline_origin(struct timeline_line *l, unsigned long created_seq, bool pre,
			    pid_t creator)
{
	if (pre)
		timeline_line_add(l, "%s", W_("precondition (made by the harness)"));
	else if (created_seq)
		timeline_line_add(l, W_("created by %d"), (int)creator);
	else if (creator > 0)
		timeline_line_add(l, W_("created outside the trace by %d"), (int)creator);
	else
		timeline_line_add(l, "%s", W_("used, but not created by a traced call"));
}

static void timeline_end(struct timeline_line *l, bool removed, pid_t removed_by, bool leaked,
			 bool pre)
{
	if (removed)
		timeline_line_add(l, W_(", removed by %d"), (int)removed_by);
	else if (leaked) {
		timeline_line_add(l, ", ");
		timeline_line_color(l, TIMELINE_BOLD_RED, W_("LEAKED"));
	} else if (pre)
		timeline_line_add(l, "%s", W_(", left in place"));
	else
		timeline_line_add(l, "%s", W_(", not removed"));
}

/*
 * An object only used in the trace (neither created by a traced call, nor a
 * precondition, nor in the inventory): its key, size and mode are unknown
 * unless a call showed them, so they are not printed.
 */
static bool timeline_seen_only(unsigned long created_seq, bool pre, bool leaked)
{
	return !created_seq && !pre && !leaked;
}

static void timeline_segment(FILE *out, const struct segment *s, bool color)
{
	struct timeline_line l = { .len = 0, .color = color };

	timeline_line_add(&l, W_("segment %d"), s->shmid);
	if (timeline_seen_only(s->created_seq, s->precondition, s->leaked)) {
		timeline_line_add(&l, ": ");
	} else {
		timeline_line_add(&l, "%s", W_(" key "));
		timeline_key(&l, s->key);
		timeline_line_add(&l, " %llu B %04o: ", s->size, s->mode);
	}
	timeline_origin(&l, s->created_seq, s->precondition, s->creator_pid);
	timeline_line_add(&l, W_(", attached %u×, detached %u×, max nattch %u"), s->attaches,
			  s->detaches, s->max_nattch);
	timeline_end(&l, s->removed, s->removed_by_pid, s->leaked, s->precondition);
	if (s->leaked && s->nattch_at_end)
		timeline_line_add(&l, W_(" (nattch %u at end)"), s->nattch_at_end);
	fprintf(out, "%s\n", l.buf);
}

static void timeline_semaphore(FILE *out, const struct semaphore_set *s, bool color)
{
	struct timeline_line l = { .len = 0, .color = color };

	timeline_line_add(&l, W_("semaphore set %d"), s->semid);
	if (timeline_seen_only(s->created_seq, s->precondition, s->leaked)) {
		timeline_line_add(&l, ": ");
	} else {
		timeline_line_add(&l, "%s", W_(" key "));
		timeline_key(&l, s->key);
		timeline_line_add(&l, " %u sem %04o: ", s->nsems, s->mode);
	}
	timeline_origin(&l, s->created_seq, s->precondition, s->creator_pid);
	timeline_end(&l, s->removed, s->removed_by_pid, s->leaked, s->precondition);
	if (s->nvalues_at_end) {
		size_t i;

		timeline_line_add(&l, "%s", W_(" (values at end:"));
		for (i = 0; i < s->nvalues_at_end; i++)
			timeline_line_add(&l, " %u", (unsigned)s->values_at_end[i]);
		timeline_line_add(&l, ")");
	}
	fprintf(out, "%s\n", l.buf);
}

static void timeline_queue(FILE *out, const struct queue *q, bool color)
{
	struct timeline_line l = { .len = 0, .color = color };

	timeline_line_add(&l, W_("queue %d"), q->msqid);
	if (timeline_seen_only(q->created_seq, q->precondition, q->leaked)) {
		timeline_line_add(&l, ": ");
	} else {
		timeline_line_add(&l, "%s", W_(" key "));
		timeline_key(&l, q->key);
		timeline_line_add(&l, " %04o: ", q->mode);
	}
	timeline_origin(&l, q->created_seq, q->precondition, q->creator_pid);
	timeline_line_add(&l, W_(", %lu sent, %lu received"), q->sent, q->received);
	timeline_end(&l, q->removed, q->removed_by_pid, q->leaked, q->precondition);
	if (q->when_removed > 0)
		timeline_line_add(&l, W_(" (%ld messages left in it)"), q->when_removed);
	else if (q->at_end > 0)
		timeline_line_add(&l, W_(" (%ld messages in it at end)"), q->at_end);
	fprintf(out, "%s\n", l.buf);
}

/* ---- verdict ---- */

static void timeline_leaks(struct timeline_line *l, const struct run_record *rec)
{
	unsigned n[] = { rec->leaks.shm, rec->leaks.sem, rec->leaks.msg };
	const char *what[3];
	char buf[96];
	size_t i;

	if (!rec->inventory.taken) {
		timeline_line_add(l, "%s", W_(", leaks unknown (no inventory)"));
		return;
	}
	if (!n[0] && !n[1] && !n[2]) {
		timeline_line_add(l, "%s", W_(", no leaks"));
		return;
	}
	for (i = 0; i < 3; i++) {
		if (!n[i])
			continue;
		what[0] = W_N(", %u segment leaked", ", %u segments leaked", n[0]);
		what[1] = W_N(", %u semaphore set leaked", ", %u semaphore sets leaked", n[1]);
		what[2] = W_N(", %u queue leaked", ", %u queues leaked", n[2]);
		snprintf(buf, sizeof(buf), what[i], n[i]);
		timeline_line_color(l, TIMELINE_BOLD_RED, buf);
	}
}

/* Children their parent never reaped (zombies the harness's init
 * collected, or children still running when their parent ended). */
static void timeline_unreaped(FILE *out, const struct run_record *rec, bool color)
{
	size_t i, k;

	for (i = 0; i < rec->nprocesses; i++) {
		const struct process *c = &rec->processes[i];
		struct timeline_line l = { .len = 0, .color = color };

		for (k = 0; k < rec->nprocesses; k++)
			if (rec->processes[k].pid == c->ppid)
				break;
		if (k == rec->nprocesses || c->reaped_by)
			continue;
		timeline_line_add(&l, W_("process %d: its parent %d never reaped it with wait()"),
				  (int)c->pid, (int)c->ppid);
		if (rec->processes[k].waiting_when_killed)
			timeline_line_add(&l, "%s", W_(" (the parent was killed while waiting)"));
		fprintf(out, "%s\n", l.buf);
	}
}

static void timeline_verdict(FILE *out, const struct run_record *rec, bool color)
{
	struct timeline_line l = { .len = 0, .color = color };
	const char *sig = xlat_signal_name(rec->signal);
	bool good = rec->status == RUN_OK;

	timeline_line_color(&l, good ? TIMELINE_GREEN : TIMELINE_RED, run_status_name(rec->status));
	if (rec->signal > 0)
		timeline_line_add(&l, W_(": killed by %s"), sig ? sig : W_("a signal"));
	else if (rec->exit_code >= 0)
		timeline_line_add(&l, W_(": exit code %d"), rec->exit_code);
	else
		timeline_line_add(&l, "%s", W_(": no exit code"));
	timeline_leaks(&l, rec);
	if (rec->untraced_ipc)
		timeline_line_color(&l, TIMELINE_RED, W_(", IPC objects the trace cannot explain"));
	if (rec->denied_calls)
		timeline_line_add(&l,
				  W_N(", %u call refused", ", %u calls refused", rec->denied_calls),
				  rec->denied_calls);
	timeline_line_add(&l, " (%.1f ms, %s)", rec->wall_ms,
			  rec->mode == RUN_MODE_FALLBACK ? "fallback" : "namespace");
	fprintf(out, "%s\n", l.buf);
	if (rec->message)
		fprintf(out, "%s\n", rec->message);
}

void timeline_write(const struct run_record *rec, FILE *out, bool color)
{
	size_t i;

	for (i = 0; i < rec->nevents; i++)
		timeline_event(out, &rec->events[i], color);
	if (rec->nevents)
		fputc('\n', out);
	for (i = 0; i < rec->nsegments; i++)
		timeline_segment(out, &rec->segments[i], color);
	for (i = 0; i < rec->nsemaphores; i++)
		timeline_semaphore(out, &rec->semaphores[i], color);
	for (i = 0; i < rec->nqueues; i++)
		timeline_queue(out, &rec->queues[i], color);
	timeline_unreaped(out, rec, color);
	timeline_verdict(out, rec, color);
}
