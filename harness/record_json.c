/*
 * record_json.c - the run record as JSON (`trace --json`; doc/shmgrade.1, JSON OUTPUT).
 *
 * Choices the contract leaves open:
 *  - numbers are JSON integers, addresses too (user addresses on x86_64 are
 *    below 2^47, exact even for JavaScript readers); the timeline shows hex;
 *  - stdout/stderr are made valid UTF-8 (an invalid byte becomes U+FFFD):
 *    students print binary by mistake, and jansson refuses invalid strings;
 *  - an IPC_STAT/IPC_SET structure is args.buf as an object (replacing the
 *    address; semctl keeps its arg and gains buf), the semop operations
 *    are args.sops as an array (replacing the address);
 *  - a fork's result is the child's pid; an i386 call has "i386": true;
 *  - extra fields: message, denied_calls, inventory_taken, programs[],
 *    t_us/tid per event, shmid on shmdt events, comm and attached_at_exit
 *    (shmids still mapped when it exited) per process, and
 *    precondition/nattch_at_end/created_seq/removed_seq per object;
 *  - attachments per process: [{shmid, shmaddr, shmflg, how, seq, end,
 *    end_seq}] (record.h's struct attachment; how "shmat" | "fork" |
 *    "shared", end "held" | "shmdt" | "exec" | "exit"); created_mode per
 *    object: the mode its creating get asked for, null when the run did
 *    not create it;
 *  - reaping: wait4/waitid/waitpid events carry "reaped" (the child's pid,
 *    or null when the call reaped none); each process has "reaped_by" (the
 *    pid that reaped it, null when nobody of the program did: a zombie
 *    the harness's init collected), "reaped_seq" (that wait's event, 0)
 *    and "waiting_when_killed" (the run was stopped while it waited).
 */
#include "harness/record_json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness/json_out.h"
#include "harness/record_reap.h"
#include "harness/record_summary.h"
#include "harness/run.h"
#include "util/xalloc.h"
#include "util/xjson.h"
#include "harness/xlat.h"

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t record_json_utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/* A JSON string of the n bytes at s, invalid UTF-8 replaced by U+FFFD. */
static json_t *record_json_bytes(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	char *buf = xmalloc(n * 3 + 1);
	size_t i = 0, o = 0, len;
	json_t *j;

	while (i < n) {
		len = record_json_utf8_len(u + i, n - i);
		if (len) {
			memcpy(buf + o, u + i, len);
			o += len, i += len;
		} else {
			memcpy(buf + o, "\xef\xbf\xbd", 3);
			o += 3, i++;
		}
	}
	j = json_stringn(buf, o);
	free(buf);
	return j;
}

static json_t *record_json_str_or_null(const char *s)
{
	return s ? record_json_bytes(s, strlen(s)) : json_null();
}

static json_t *record_json_signal(int sig)
{
	const char *name = xlat_signal_name(sig);
	char buf[32];

	if (sig <= 0)
		return json_null();
	if (name)
		return json_string(name);
	snprintf(buf, sizeof(buf), "SIG%d", sig);
	return json_string(buf);
}

static json_t *record_json_errno(int err)
{
	const char *name = xlat_errno_name(err);
	char buf[32];

	if (err <= 0)
		return json_null();
	if (name)
		return json_string(name);
	snprintf(buf, sizeof(buf), "E%d", err);
	return json_string(buf);
}

static json_t *record_json_mode(unsigned mode)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%04o", mode & 07777);
	return json_string(buf);
}

/* exit_code: null when killed by a signal or never known. */
static json_t *record_json_exit_code(int code, int sig)
{
	return code < 0 || sig > 0 ? json_null() : json_integer(code);
}

/* ---- outputs ---- */

/* Concatenate one stream of every program, at most cap bytes of it;
 * *omitted gets how many bytes were left out. */
static json_t *record_json_stream(const struct run_record *rec, bool err, size_t cap,
				  bool *truncated, size_t *omitted)
{
	size_t i, n = 0, len;
	json_t *j;
	char *buf;

	*truncated = false;
	for (i = 0; i < rec->noutputs; i++)
		n += err ? rec->outputs[i].err_len : rec->outputs[i].out_len;
	buf = xmalloc(n + 1);
	for (i = 0, n = 0; i < rec->noutputs; i++) {
		const struct program_output *po = &rec->outputs[i];
		const char *s = err ? po->err : po->out;

		len = err ? po->err_len : po->out_len;
		if (s && len)
			memcpy(buf + n, s, len);
		n += s ? len : 0;
		*truncated |= err ? po->err_truncated : po->out_truncated;
	}
	*omitted = n > cap ? n - cap : 0;
	j = record_json_bytes(buf, n - *omitted);
	free(buf);
	return j;
}

/* One program's stream, at most cap bytes, into o as key (and
 * key_omitted when capped). */
static void record_json_stream_of(json_t *o, const char *key, const char *s, size_t len, size_t cap)
{
	char name[32];

	if (!s)
		len = 0;
	xjson_set(o, key, record_json_bytes(s ? s : "", len < cap ? len : cap));
	if (cap != SIZE_MAX) {
		snprintf(name, sizeof(name), "%s_omitted", key);
		xjson_set(o, name, json_integer((json_int_t)(len > cap ? len - cap : 0)));
	}
}

static json_t *record_json_programs(const struct run_record *rec, size_t cap)
{
	json_t *arr = xjson(json_array());
	size_t i;

	for (i = 0; i < rec->noutputs; i++) {
		const struct program_output *po = &rec->outputs[i];
		json_t *o = xjson(json_object());

		xjson_set(o, "argv0", record_json_str_or_null(po->argv0));
		xjson_set(o, "pid", po->pid ? json_integer(po->pid) : json_null());
		xjson_set(o, "exit_code", record_json_exit_code(po->exit_code, po->signal));
		xjson_set(o, "signal", record_json_signal(po->signal));
		record_json_stream_of(o, "stdout", po->out, po->out_len, cap);
		record_json_stream_of(o, "stderr", po->err, po->err_len, cap);
		xjson_set(o, "stdout_truncated", json_boolean(po->out_truncated));
		xjson_set(o, "stderr_truncated", json_boolean(po->err_truncated));
		xjson_push(arr, o);
	}
	return arr;
}

static json_t *record_json_ints(const int *v, size_t n)
{
	json_t *arr = xjson(json_array());
	size_t i;

	for (i = 0; i < n; i++)
		xjson_push(arr, json_integer(v[i]));
	return arr;
}

static json_t *record_json_attachments(const struct process *p)
{
	json_t *arr = xjson(json_array());
	size_t i;

	for (i = 0; i < p->nattachments; i++) {
		const struct attachment *a = &p->attachments[i];
		json_t *o = xjson(json_object());
		char *flg = xlat_flags(xlat_shmat_flags, a->shmflg, false);

		xjson_set(o, "shmid", json_integer(a->shmid));
		xjson_set(o, "shmaddr", json_integer((json_int_t)a->addr));
		xjson_set(o, "shmflg", json_string(flg));
		free(flg);
		xjson_set(o, "how", json_string(attach_how_name(a->how)));
		xjson_set(o, "seq", json_integer((json_int_t)a->seq));
		xjson_set(o, "end", json_string(attach_end_name(a->end)));
		xjson_set(o, "end_seq",
			  a->end_seq ? json_integer((json_int_t)a->end_seq) : json_null());
		xjson_push(arr, o);
	}
	return arr;
}

static json_t *record_json_processes(const struct run_record *rec)
{
	json_t *arr = xjson(json_array());
	size_t i;

	for (i = 0; i < rec->nprocesses; i++) {
		const struct process *p = &rec->processes[i];
		json_t *o = xjson(json_object());

		xjson_set(o, "pid", json_integer(p->pid));
		xjson_set(o, "ppid", json_integer(p->ppid));
		xjson_set(o, "exit_code",
			  record_json_exit_code(p->exited ? p->exit_code : -1, p->signal));
		xjson_set(o, "signal", record_json_signal(p->signal));
		xjson_set(o, "orphaned", json_boolean(p->orphaned));
		xjson_set(o, "comm", record_json_str_or_null(p->comm));
		xjson_set(o, "attached_at_exit",
			  record_json_ints(p->attached_at_exit, p->nattached_at_exit));
		xjson_set(o, "attachments", record_json_attachments(p));
		xjson_set(o, "reaped_by",
			  p->reaped_by > 0 ? json_integer(p->reaped_by) : json_null());
		xjson_set(o, "reaped_seq", json_integer((json_int_t)p->reaped_seq));
		xjson_set(o, "waiting_when_killed", json_boolean(p->waiting_when_killed));
		xjson_push(arr, o);
	}
	return arr;
}

/* ---- events ---- */

static enum ipc_kind record_json_call_kind(enum ipc_call call)
{
	if (call == CALL_SEMCTL)
		return IPC_KIND_SEM;
	if (call == CALL_MSGCTL)
		return IPC_KIND_MSG;
	return IPC_KIND_SHM;
}

/* The structure, with the field names of the kind's *id_ds. */
static json_t *record_json_ds(const struct ipc_ds *ds, enum ipc_kind kind)
{
	static const char *const size_names[] = { "segsz", "nsems", "qbytes" };
	json_t *o = xjson(json_object());

	xjson_set(o, "key", json_integer(ds->key));
	xjson_set(o, "uid", json_integer(ds->uid));
	xjson_set(o, "gid", json_integer(ds->gid));
	xjson_set(o, "cuid", json_integer(ds->cuid));
	xjson_set(o, "cgid", json_integer(ds->cgid));
	xjson_set(o, "mode", record_json_mode(ds->mode));
	xjson_set(o, size_names[kind], json_integer((json_int_t)ds->size));
	xjson_set(o, "atime", json_integer(ds->atime));
	xjson_set(o, "ctime", json_integer(ds->ctime));
	if (kind == IPC_KIND_SHM) {
		xjson_set(o, "dtime", json_integer(ds->dtime));
		xjson_set(o, "cpid", json_integer(ds->cpid));
		xjson_set(o, "lpid", json_integer(ds->lpid));
		xjson_set(o, "nattch", json_integer((json_int_t)ds->nattch));
	} else if (kind == IPC_KIND_MSG) {
		xjson_set(o, "dtime", json_integer(ds->dtime));
		xjson_set(o, "qnum", json_integer((json_int_t)ds->nattch));
	}
	return o;
}

static json_t *record_json_sops(const struct event *ev)
{
	json_t *arr = xjson(json_array());
	size_t i;

	for (i = 0; i < ev->nsops_read; i++) {
		char *flg = xlat_flags(xlat_sem_flags, (unsigned short)ev->sops[i].sem_flg, false);

		xjson_push(arr, xjson_pack("{s:i, s:i, s:s}", "sem_num", ev->sops[i].sem_num,
					   "sem_op", ev->sops[i].sem_op, "sem_flg", flg));
		free(flg);
	}
	return arr;
}

static json_t *record_json_arg(const struct event_arg *a)
{
	switch (a->kind) {
	case ARG_INT:
	case ARG_HEX: return json_integer(a->num);
	case ARG_SYM:
	case ARG_STR: return record_json_str_or_null(a->str);
	default: return json_null();
	}
}

/* fork, exec and exit carry their facts in the event, not in args. */
static void record_json_process_args(json_t *args, const struct event *ev)
{
	if (ev->call == CALL_FORK) {
		xjson_set(args, "child_pid", json_integer(ev->child_pid));
		xjson_set(args, "clone_vm", json_boolean(ev->clone_vm));
		xjson_set(args, "clone_thread", json_boolean(ev->clone_thread));
	} else if (ev->call == CALL_EXIT) {
		xjson_set(args, "exit_code", record_json_exit_code(ev->exit_code, ev->signal));
		xjson_set(args, "signal", record_json_signal(ev->signal));
	}
}

static json_t *record_json_semvals(const unsigned short *v, size_t n)
{
	json_t *arr = xjson(json_array());
	size_t i;

	for (i = 0; i < n; i++)
		xjson_push(arr, json_integer(v[i]));
	return arr;
}

static json_t *record_json_args(const struct event *ev)
{
	json_t *args = xjson(json_object());
	size_t i;

	for (i = 0; i < ev->nargs && i < EVENT_MAX_ARGS; i++)
		xjson_set(args, ev->args[i].name, record_json_arg(&ev->args[i]));
	if (ev->has_ds)
		xjson_set(args, "buf", record_json_ds(&ev->ds, record_json_call_kind(ev->call)));
	if (ev->nsops_read)
		xjson_set(args, "sops", record_json_sops(ev));
	if (ev->nsemvals)
		xjson_set(args, "values", record_json_semvals(ev->semvals, ev->nsemvals));
	record_json_process_args(args, ev);
	return args;
}

static json_t *record_json_shorts(const unsigned short *v, size_t n)
{
	json_t *arr = xjson(json_array());
	size_t i;

	for (i = 0; i < n; i++)
		xjson_push(arr, json_integer(v[i]));
	return arr;
}

/*
 * What the kernel said versus what the program's memory held (record.h),
 * beside args.buf (the kernel's): buf_program (the program's buffer),
 * buf_mismatch (its fields the kernel never reported), semvals {before,
 * after} (semop: the kernel's semaphore values), sops_rewritten and
 * mtype_rewritten (inputs changed while the kernel used them),
 * shmaddr_rewritten (i386 ipc(SHMAT)'s stored address). Present
 * only when there is something to say.
 */
static void record_json_kernel(json_t *o, const struct event *ev)
{
	enum ipc_kind kind = record_json_call_kind(ev->call);
	json_t *k = xjson(json_object()), *m;
	unsigned bit;

	if (ev->has_ds_buf)
		xjson_set(o, "buf_program", record_json_ds(&ev->ds_buf, kind));
	if (ev->ds_mismatch) {
		m = xjson(json_array());
		for (bit = 1; bit < 1U << IPC_DS_FIELDS_; bit <<= 1)
			if (ev->ds_mismatch & bit)
				xjson_push(m, json_string(ipc_ds_field_name(bit, kind)));
		xjson_set(o, "buf_mismatch", m);
	}
	if (ev->nsem_before)
		xjson_set(k, "before", record_json_shorts(ev->sem_before, ev->nsem_before));
	if (ev->nsem_after)
		xjson_set(k, "after", record_json_shorts(ev->sem_after, ev->nsem_after));
	if (json_object_size(k))
		xjson_set(o, "semvals", k);
	else
		json_decref(k);
	if (ev->sops_changed)
		xjson_set(o, "sops_rewritten", json_true());
	if (ev->mtype_changed)
		xjson_set(o, "mtype_rewritten", json_true());
	if (ev->shmaddr_rewritten)
		xjson_set(o, "shmaddr_rewritten", json_true());
}

static json_t *record_json_event(const struct event *ev)
{
	json_t *o = xjson(json_object());

	xjson_set(o, "seq", json_integer((json_int_t)ev->seq));
	xjson_set(o, "t_us", json_integer(ev->t_us));
	xjson_set(o, "pid", json_integer(ev->pid));
	xjson_set(o, "tid", json_integer(ev->tid ? ev->tid : ev->pid));
	xjson_set(o, "call", json_string(ipc_call_name(ev->call)));
	xjson_set(o, "args", record_json_args(ev));
	/* The tracer sees a fork from the parent's side: its result is the
	 * child, as fork() returns it. */
	xjson_set(o, "result",
		  json_integer(ev->call == CALL_FORK && !ev->err ? ev->child_pid : ev->result));
	xjson_set(o, "errno", record_json_errno(ev->err));
	xjson_set(o, "ret_seq", ev->ret_seq ? json_integer((json_int_t)ev->ret_seq) : json_null());
	xjson_set(o, "seq_at_return",
		  ev->ret_seq ? json_integer((json_int_t)ev->seq_at_return) : json_null());
	if (ev->blocked)
		xjson_set(o, "blocked", json_true());
	if (ev->compat32)
		xjson_set(o, "i386", json_true());
	if (ev->injected)
		xjson_set(o, "injected", json_true());
	record_json_kernel(o, ev);
	if (record_is_wait(ev->call))
		xjson_set(o, "reaped", ev->reaped ? json_integer(ev->child_pid) : json_null());
	if (ev->call == CALL_SHMDT)
		xjson_set(o, "shmid",
			  ev->shmdt_shmid >= 0 ? json_integer(ev->shmdt_shmid) : json_null());
	return o;
}

static json_t *record_json_events(const struct run_record *rec)
{
	json_t *arr = xjson(json_array());
	size_t i;

	for (i = 0; i < rec->nevents; i++)
		xjson_push(arr, record_json_event(&rec->events[i]));
	return arr;
}

/* ---- objects ---- */

static json_t *record_json_pid_or_null(pid_t pid)
{
	return pid > 0 ? json_integer(pid) : json_null();
}

/* "uid", "gid": the owner last known, null when never seen. */
static void record_json_owner(json_t *o, bool known, unsigned uid, unsigned gid)
{
	xjson_set(o, "uid", known ? json_integer(uid) : json_null());
	xjson_set(o, "gid", known ? json_integer(gid) : json_null());
}

static json_t *record_json_segments(const struct run_record *rec)
{
	json_t *arr = xjson(json_array());
	size_t i;

	for (i = 0; i < rec->nsegments; i++) {
		const struct segment *s = &rec->segments[i];
		json_t *o = xjson(json_object());

		xjson_set(o, "shmid", json_integer(s->shmid));
		xjson_set(o, "key", json_integer(s->key));
		xjson_set(o, "size", json_integer((json_int_t)s->size));
		xjson_set(o, "mode", record_json_mode(s->mode));
		xjson_set(o, "created_mode",
			  s->created_seq ? record_json_mode(s->created_mode) : json_null());
		xjson_set(o, "creator_pid", record_json_pid_or_null(s->creator_pid));
		xjson_set(o, "attaches", json_integer(s->attaches));
		xjson_set(o, "detaches", json_integer(s->detaches));
		xjson_set(o, "max_nattch", json_integer(s->max_nattch));
		xjson_set(o, "removed", json_boolean(s->removed));
		xjson_set(o, "removed_by_pid", record_json_pid_or_null(s->removed_by_pid));
		xjson_set(o, "leaked", json_boolean(s->leaked));
		xjson_set(o, "precondition", json_boolean(s->precondition));
		xjson_set(o, "nattch_at_end", json_integer(s->nattch_at_end));
		xjson_set(o, "created_seq", json_integer((json_int_t)s->created_seq));
		xjson_set(o, "removed_seq", json_integer((json_int_t)s->removed_seq));
		record_json_owner(o, s->owner_known, s->uid, s->gid);
		xjson_push(arr, o);
	}
	return arr;
}

/* Semaphore sets and queues share every field but the id and nsems. */
static json_t *record_json_other(const char *idname, int id, long long key, unsigned mode,
				 pid_t creator, bool removed, pid_t removed_by, bool leaked,
				 bool pre)
{
	json_t *o = xjson(json_object());

	xjson_set(o, idname, json_integer(id));
	xjson_set(o, "key", json_integer(key));
	xjson_set(o, "mode", record_json_mode(mode));
	xjson_set(o, "creator_pid", record_json_pid_or_null(creator));
	xjson_set(o, "removed", json_boolean(removed));
	xjson_set(o, "removed_by_pid", record_json_pid_or_null(removed_by));
	xjson_set(o, "leaked", json_boolean(leaked));
	xjson_set(o, "precondition", json_boolean(pre));
	return o;
}

static json_t *record_json_semaphores(const struct run_record *rec)
{
	json_t *arr = xjson(json_array());
	size_t i;

	for (i = 0; i < rec->nsemaphores; i++) {
		const struct semaphore_set *s = &rec->semaphores[i];
		json_t *o = record_json_other("semid", s->semid, s->key, s->mode, s->creator_pid,
					      s->removed, s->removed_by_pid, s->leaked,
					      s->precondition);

		xjson_set(o, "nsems", json_integer(s->nsems));
		xjson_set(o, "created_mode",
			  s->created_seq ? record_json_mode(s->created_mode) : json_null());
		record_json_owner(o, s->owner_known, s->uid, s->gid);
		xjson_set(o, "values_at_end",
			  s->nvalues_at_end
				  ? record_json_semvals(s->values_at_end, s->nvalues_at_end)
				  : json_null());
		if (s->precondition && s->nvalues_at_start)
			xjson_set(o, "values_at_start",
				  record_json_semvals(s->values_at_start, s->nvalues_at_start));
		xjson_push(arr, o);
	}
	return arr;
}

static json_t *record_json_queues(const struct run_record *rec)
{
	json_t *arr = xjson(json_array());
	size_t i;

	for (i = 0; i < rec->nqueues; i++) {
		const struct queue *q = &rec->queues[i];
		json_t *o = record_json_other("msqid", q->msqid, q->key, q->mode, q->creator_pid,
					      q->removed, q->removed_by_pid, q->leaked,
					      q->precondition);

		record_json_owner(o, q->owner_known, q->uid, q->gid);
		xjson_set(o, "created_mode",
			  q->created_seq ? record_json_mode(q->created_mode) : json_null());
		xjson_set(o, "sent", json_integer((json_int_t)q->sent));
		xjson_set(o, "received", json_integer((json_int_t)q->received));
		if (q->precondition)
			xjson_set(o, "at_start", json_integer((json_int_t)q->at_start));
		xjson_set(o, "when_removed",
			  q->when_removed >= 0 ? json_integer(q->when_removed) : json_null());
		xjson_set(o, "at_end", q->at_end >= 0 ? json_integer(q->at_end) : json_null());
		xjson_push(arr, o);
	}
	return arr;
}

/* ---- the record ---- */

static const char *const record_json_modes[] = {
	[RUN_MODE_NAMESPACE] = "namespace", [RUN_MODE_FALLBACK] = "fallback"
};

/* The members before "events"; outputs of at most cap bytes each (a
 * summary), SIZE_MAX for whole. */
static json_t *record_json_head(const struct run_record *rec, size_t cap)
{
	json_t *o = xjson(json_object());
	bool out_trunc, err_trunc;
	size_t out_omit, err_omit;

	xjson_set(o, "status", json_string(run_status_name(rec->status)));
	xjson_set(o, "exit_code", record_json_exit_code(rec->exit_code, rec->signal));
	xjson_set(o, "signal", record_json_signal(rec->signal));
	xjson_set(o, "wall_ms", json_real(rec->wall_ms));
	xjson_set(o, "mode", json_string(record_json_modes[rec->mode == RUN_MODE_FALLBACK]));
	xjson_set(o, "message", record_json_str_or_null(rec->message));
	if (rec->perturbed) {
		xjson_set(o, "seed", json_integer((json_int_t)rec->seed));
		xjson_set(o, "schedule",
			  json_pack("{s:s, s:I, s:s, s:b, s:I, s:I, s:i, s:I, s:I}", "mode",
				    "perturb", "seed", (json_int_t)rec->seed, "strategy",
				    run_schedule_strategy(rec->seed), "exact",
				    run_schedule_exact(rec->seed), "preemptions",
				    (json_int_t)rec->preemptions, "switches",
				    (json_int_t)rec->switches, "cpu", rec->cpu, "cpu_wait_ms",
				    (json_int_t)rec->cpu_wait_ms, "grace_ms",
				    (json_int_t)rec->grace_ms));
	}
	xjson_set(o, "stdout", record_json_stream(rec, false, cap, &out_trunc, &out_omit));
	xjson_set(o, "stdout_truncated", json_boolean(out_trunc));
	if (cap != SIZE_MAX)
		xjson_set(o, "stdout_omitted", json_integer((json_int_t)out_omit));
	xjson_set(o, "stderr", record_json_stream(rec, true, cap, &err_trunc, &err_omit));
	xjson_set(o, "stderr_truncated", json_boolean(err_trunc));
	if (cap != SIZE_MAX)
		xjson_set(o, "stderr_omitted", json_integer((json_int_t)err_omit));
	xjson_set(o, "programs", record_json_programs(rec, cap));
	xjson_set(o, "processes", record_json_processes(rec));
	return o;
}

/* The members after "events". */
static json_t *record_json_tail(const struct run_record *rec)
{
	json_t *o = xjson(json_object());

	xjson_set(o, "segments", record_json_segments(rec));
	xjson_set(o, "semaphores", record_json_semaphores(rec));
	xjson_set(o, "queues", record_json_queues(rec));
	xjson_set(o, "leaks",
		  xjson_pack("{s:i, s:i, s:i}", "shm", (int)rec->leaks.shm, "sem",
			     (int)rec->leaks.sem, "msg", (int)rec->leaks.msg));
	xjson_set(o, "untraced_ipc", json_boolean(rec->untraced_ipc));
	xjson_set(o, "inventory_taken", json_boolean(rec->inventory.taken));
	xjson_set(o, "denied_calls", json_integer(rec->denied_calls));
	return o;
}

static json_t *record_json_trace_info(const struct run_record *rec, bool summary, size_t kept);

json_t *record_to_json(const struct run_record *rec)
{
	json_t *o = record_json_head(rec, SIZE_MAX), *tail = record_json_tail(rec);
	json_t *info = record_json_trace_info(rec, false, rec->nevents);

	xjson_set(o, "events", record_json_events(rec));
	/* Appends the members in their order. */
	if (json_object_update(o, info) < 0 || json_object_update(o, tail) < 0)
		xjson(NULL);
	json_decref(info);
	json_decref(tail);
	return o;
}

/* The events array inside an object at depth, one event built, written
 * and freed at a time: a long trace is never held twice (as events and as
 * a tree). keep: NULL for every event, else only those marked. */
static void record_json_write_events(struct json_out *o, const struct run_record *rec, int depth,
				     const unsigned char *keep)
{
	json_t *ev;
	size_t i;
	bool first = true;

	for (i = 0; i < rec->nevents; i++) {
		if (keep && !keep[i])
			continue;
		json_out_raw(o, first ? "[" : ",", 1);
		first = false;
		json_out_indent(o, depth + 2);
		ev = record_json_event(&rec->events[i]);
		json_out_value(o, ev, depth + 2);
		json_decref(ev);
	}
	if (first) {
		json_out_raw(o, "[]", 2);
		return;
	}
	json_out_indent(o, depth + 1);
	json_out_raw(o, "]", 1);
}

/* The members that say how much of the trace "events" holds: "trace"
 * ("full" or "summary"), "events_total", "events_omitted", and
 * "event_counts" (events per call, of the whole trace). */
static json_t *record_json_trace_info(const struct run_record *rec, bool summary, size_t kept)
{
	json_t *o = xjson(json_object()), *counts = xjson(json_object());
	size_t n[CALL_COUNT_] = { 0 }, i;

	for (i = 0; i < rec->nevents; i++)
		if ((unsigned)rec->events[i].call < CALL_COUNT_)
			n[rec->events[i].call]++;
	for (i = 0; i < CALL_COUNT_; i++)
		if (n[i])
			xjson_set(counts, ipc_call_name((enum ipc_call)i),
				  json_integer((json_int_t)n[i]));
	xjson_set(o, "trace", json_string(summary ? "summary" : "full"));
	xjson_set(o, "events_total", json_integer((json_int_t)rec->nevents));
	xjson_set(o, "events_omitted", json_integer((json_int_t)(rec->nevents - kept)));
	xjson_set(o, "event_counts", counts);
	return o;
}

void record_json_out(struct json_out *o, const struct run_record *rec, int depth,
		     enum record_trace trace, const json_t *extra)
{
	json_t *head, *tail = record_json_tail(rec), *info;
	unsigned char *keep = NULL;
	size_t kept = rec->nevents;

	if (trace == RECORD_TRACE_SUMMARY) {
		keep = xcalloc(rec->nevents + 1, 1);
		kept = record_summary_select(rec, keep);
	}
	head = record_json_head(rec, keep ? RECORD_SUMMARY_OUTPUT : SIZE_MAX);
	info = record_json_trace_info(rec, keep != NULL, kept);
	json_out_raw(o, "{", 1);
	json_out_members(o, head, depth, true);
	json_out_raw(o, ",", 1);
	json_out_indent(o, depth + 1);
	json_out_raw(o, "\"events\": ", 10);
	record_json_write_events(o, rec, depth, keep);
	json_out_members(o, info, depth, false);
	json_out_members(o, tail, depth, false);
	if (extra)
		json_out_members(o, extra, depth, false);
	json_out_indent(o, depth);
	json_out_raw(o, "}", 1);
	json_decref(head);
	json_decref(tail);
	json_decref(info);
	free(keep);
}

int record_json_write(const struct run_record *rec, FILE *out)
{
	struct json_out o;
	int rc;

	json_out_init(&o, out);
	record_json_out(&o, rec, 0, RECORD_TRACE_FULL, NULL);
	json_out_raw(&o, "\n", 1);
	rc = json_out_finish(&o);
	if (fflush(out) == EOF)
		rc = -1;
	return rc;
}
