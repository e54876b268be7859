/*
 * rules_ipc.c - semaphore sets and message queues like segments (see
 * rules_ipc.h): what the object rules share, and message_queue (created,
 * key, mode, by whom, removed by whom, empty when removed), messages (sent
 * or received, by type, by whom) and precondition (an object the harness
 * made before the run: still there, attached, used).
 */
#include "graders/rules/rules_ipc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>

#include "graders/report/i18n.h"
#include "graders/rules/rules_evidence.h"
#include "graders/rules/rules_util.h"
#include "util/util.h"
#include "util/xalloc.h"

/* ---- what object rules share ----------------------------------------------------- */

void ipc_view_sem(const struct semaphore_set *s, struct ipc_view *v)
{
	*v = (struct ipc_view){ IPC_KIND_SEM,
				s->semid,
				s->key,
				s->creator_pid,
				s->created_seq,
				s->removed_seq,
				s->removed,
				s->precondition,
				s->removed_by_pid,
				s->created_mode & 0777 };
}

void ipc_view_queue(const struct queue *q, struct ipc_view *v)
{
	*v = (struct ipc_view){ IPC_KIND_MSG,
				q->msqid,
				q->key,
				q->creator_pid,
				q->created_seq,
				q->removed_seq,
				q->removed,
				q->precondition,
				q->removed_by_pid,
				q->created_mode & 0777 };
}

const struct semaphore_set *ipc_sem_find(const struct run_record *rec, int semid)
{
	size_t i;

	for (i = rec->nsemaphores; i-- > 0;)
		if (rec->semaphores[i].semid == semid)
			return &rec->semaphores[i];
	return NULL;
}

const struct queue *ipc_queue_find(const struct run_record *rec, int msqid)
{
	size_t i;

	for (i = rec->nqueues; i-- > 0;)
		if (rec->queues[i].msqid == msqid)
			return &rec->queues[i];
	return NULL;
}

int ipc_key_param(const struct rule_run *run, const struct rule_params *p, long long *key,
		  struct rule_result *out)
{
	const struct param_value *v = rule_param(p, "key");
	char *k;

	if (!v->set)
		return 0;
	if (exercise_key_resolve(&v->key, run->dir, key) == 0)
		return 1;
	k = key_spec_format(&v->key);
	rule_result_set(out, "no se pudo calcular la clave %s en el directorio de la ejecución: %s",
			"cannot compute key %s in the run's directory: %s", k,
			run->dir ? strerror(errno) : "no directory");
	free(k);
	return -1;
}

const char *ipc_key_text(long long key, char buf[32])
{
	if (key == 0)
		snprintf(buf, 32, "IPC_PRIVATE");
	else
		snprintf(buf, 32, "0x%08x", (unsigned)key);
	return buf;
}

/* Whether the rule has parameter name and it is set. */
static bool rules_ipc_has(const struct rule_params *p, const char *name)
{
	return rule_param_index(p->rule, name) >= 0 && rules_set(p, name);
}

static const char *rules_ipc_kind_word(enum ipc_kind kind, enum lang l)
{
	if (kind == IPC_KIND_SEM)
		return l == LANG_ES ? "el conjunto de semáforos" : "semaphore set";
	if (kind == IPC_KIND_MSG)
		return l == LANG_ES ? "la cola" : "queue";
	return l == LANG_ES ? "el segmento" : "segment";
}

/* "%s %d of %s", with who it was, in both languages. */
static void rules_ipc_fail_who(struct rule_result *out, const struct rule_run *run,
			       const struct ipc_view *v, pid_t pid, const char *es, const char *en)
{
	enum lang l;

	for (l = 0; l < LANG_COUNT; l++) {
		char *who = evidence_proc(run->rec, pid, l);

		rule_result_setl(out, l, l == LANG_ES ? es : en, rules_ipc_kind_word(v->kind, l),
				 v->id, who);
		free(who);
	}
}

/* The programs of the run (spec or outputs). */
static size_t rules_ipc_nprograms(const struct rule_run *run)
{
	return run->spec ? run->spec->nprograms : run->rec->noutputs;
}

/* Whether a process of program k (index into the run's programs) got the
 * object with its own successful get. */
static bool rules_ipc_program_got(const struct rule_run *run, const struct ipc_view *v, size_t k)
{
	enum ipc_call get = v->kind == IPC_KIND_SEM   ? CALL_SEMGET
			    : v->kind == IPC_KIND_MSG ? CALL_MSGGET
						      : CALL_SHMGET;
	size_t i;

	for (i = 0; i < run->rec->nevents; i++) {
		const struct event *ev = &run->rec->events[i];
		const struct process *proc = rules_proc(run->rec, ev->pid);

		if (ev->call == get && rules_event_ok(ev) && ev->result == v->id && proc &&
		    proc->program == (int)k)
			return true;
	}
	return false;
}

static enum rule_verdict rules_ipc_check_creation(const struct rule_run *run,
						  const struct ipc_view *v,
						  const struct rule_params *p, long long key,
						  int haskey, struct rule_result *out)
{
	char b1[32], b2[32];
	long prog = rules_ipc_has(p, "program") ? (long)rules_int(p, "program", -1) : -1;
	enum who by =
		rules_ipc_has(p, "created_by") ? (enum who)rules_int(p, "created_by", 0) : WHO_ANY;

	if (haskey && !key_equal(v->key, key)) {
		rule_result_setl(out, LANG_ES, "%s %d tiene la clave %s; se esperaba %s",
				 rules_ipc_kind_word(v->kind, LANG_ES), v->id,
				 ipc_key_text(v->key, b1), ipc_key_text(key, b2));
		rule_result_setl(out, LANG_EN, "%s %d has key %s; expected %s",
				 rules_ipc_kind_word(v->kind, LANG_EN), v->id, b1, b2);
		return RULE_FAIL;
	}
	/* The mode the creating get asked for (the record's created_mode). */
	if (rules_ipc_has(p, "mode") && v->created_seq &&
	    v->created_mode != (unsigned)rules_int(p, "mode", 0)) {
		rule_result_setl(out, LANG_ES, "%s %d se creó con permisos %04o; se esperaban %04o",
				 rules_ipc_kind_word(v->kind, LANG_ES), v->id, v->created_mode,
				 (unsigned)rules_int(p, "mode", 0));
		rule_result_setl(out, LANG_EN, "%s %d was created with mode %04o; expected %04o",
				 rules_ipc_kind_word(v->kind, LANG_EN), v->id, v->created_mode,
				 (unsigned)rules_int(p, "mode", 0));
		return RULE_FAIL;
	}
	if ((by != WHO_ANY || prog >= 0) && !rules_who_match(run, v->creator, by, prog)) {
		rules_ipc_fail_who(out, run, v, v->creator, "%s %d lo creó el %s",
				   "%s %d was created by %s");
		rules_result_prefix(out, "creador equivocado: ", "wrong creator: ");
		return RULE_FAIL;
	}
	return RULE_PASS;
}

static enum rule_verdict rules_ipc_check_removal(const struct rule_run *run,
						 const struct ipc_view *v,
						 const struct rule_params *p,
						 struct rule_result *out)
{
	long long by = rules_ipc_has(p, "removed_by") ? rules_int(p, "removed_by", 0) : 0;

	if (rules_ipc_has(p, "removed") && !rules_bool(p, "removed", true))
		return RULE_PASS;
	if (!v->removed) {
		rule_result_setl(out, LANG_ES, "%s %d nunca se eliminó con IPC_RMID",
				 rules_ipc_kind_word(v->kind, LANG_ES), v->id);
		rule_result_setl(out, LANG_EN, "%s %d was never removed with IPC_RMID",
				 rules_ipc_kind_word(v->kind, LANG_EN), v->id);
		return RULE_FAIL;
	}
	/* removed_by: anyone, creator, parent, child */
	if ((by == 1 && v->removed_by != v->creator) ||
	    (by == 2 && !rules_who_match(run, v->removed_by, WHO_PARENT, -1)) ||
	    (by == 3 && !rules_who_match(run, v->removed_by, WHO_CHILD, -1))) {
		rules_ipc_fail_who(out, run, v, v->removed_by, "%s %d lo eliminó el %s",
				   "%s %d was removed by %s");
		rules_result_prefix(
			out, "lo eliminó quien no debía: ", "removed by the wrong process: ");
		return RULE_FAIL;
	}
	return RULE_PASS;
}

enum rule_verdict ipc_object_check(const struct rule_run *run, const struct ipc_view *v,
				   const struct rule_params *p, long long key, int haskey,
				   struct rule_result *out)
{
	size_t k;

	if (rules_ipc_check_creation(run, v, p, key, haskey, out) != RULE_PASS)
		return RULE_FAIL;
	if (rule_param_index(p->rule, "removed") >= 0 &&
	    rules_ipc_check_removal(run, v, p, out) != RULE_PASS)
		return RULE_FAIL;
	if (!rules_ipc_has(p, "shared") || !rules_bool(p, "shared", false))
		return RULE_PASS;
	for (k = 0; k < rules_ipc_nprograms(run); k++)
		if (!rules_ipc_program_got(run, v, k)) {
			const char *name =
				k < run->rec->noutputs ? run->rec->outputs[k].argv0 : NULL;

			if (name && strrchr(name, '/'))
				name = strrchr(name, '/') + 1;

			rule_result_setl(
				out, LANG_ES,
				"el programa %s nunca obtuvo %s %d con su propia llamada get (por su clave)",
				name ? name : "?", rules_ipc_kind_word(v->kind, LANG_ES), v->id);
			rule_result_setl(
				out, LANG_EN,
				"program %s never got %s %d with a get of its own (by its key)",
				name ? name : "?", rules_ipc_kind_word(v->kind, LANG_EN), v->id);
			return RULE_FAIL;
		}
	return RULE_PASS;
}

/* ---- message_queue ----------------------------------------------------------------- */

static enum rule_verdict rules_ipc_queue_one(const struct rule_run *run, const struct queue *q,
					     const struct rule_params *p, long long key, int haskey,
					     struct rule_result *out)
{
	struct ipc_view v;
	long left;

	ipc_view_queue(q, &v);
	if (ipc_object_check(run, &v, p, key, haskey, out) != RULE_PASS)
		return RULE_FAIL;
	if (!rules_bool(p, "empty_when_removed", false))
		return RULE_PASS;
	left = q->removed ? q->when_removed : q->at_end;
	if (left > 0) {
		rule_result_setl(
			out, LANG_ES,
			"la cola %d tenía aún %ld mensajes %s (enviados %lu, recibidos %lu)",
			q->msqid, left, q->removed ? "al eliminarla" : "al final", q->sent,
			q->received);
		rule_result_setl(out, LANG_EN,
				 "queue %d still held %ld messages %s (%lu sent, %lu received)",
				 q->msqid, left, q->removed ? "when it was removed" : "at the end",
				 q->sent, q->received);
		return RULE_FAIL;
	}
	return RULE_PASS;
}

static enum rule_verdict rules_ipc_queue_run(const struct rule_ctx *ctx, const struct rule_run *run,
					     const struct rule_params *p, struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	long long key = 0, n = 0, want = rules_int(p, "count", -1),
		  least = rules_int(p, "at_least", 1);
	int haskey = ipc_key_param(run, p, &key, out);
	size_t i;

	(void)ctx;
	if (haskey < 0)
		return RULE_ERROR;
	for (i = 0; i < rec->nqueues; i++)
		n += !rec->queues[i].precondition;
	if ((want >= 0 && n != want) || (want < 0 && n < least)) {
		rule_result_setl(out, LANG_ES,
				 "colas de mensajes creadas: %lld; se esperaban %s%lld", n,
				 want >= 0 ? "" : "al menos ", want >= 0 ? want : least);
		rule_result_setl(out, LANG_EN, "message queues created: %lld; expected %s%lld", n,
				 want >= 0 ? "" : "at least ", want >= 0 ? want : least);
		return RULE_FAIL;
	}
	for (i = 0; i < rec->nqueues; i++)
		if (!rec->queues[i].precondition &&
		    rules_ipc_queue_one(run, &rec->queues[i], p, key, haskey, out) != RULE_PASS)
			return RULE_FAIL;
	rule_result_set(out, "colas de mensajes creadas y eliminadas como se pedía: %lld",
			"message queues created and removed as asked: %lld", n);
	return RULE_PASS;
}

static const char *const rules_ipc_created_by[] = { "any", "parent", "child", NULL };
static const char *const rules_ipc_removed_by[] = { "anyone", "creator", "parent", "child", NULL };

static const struct param_schema rules_ipc_queue_params[] = {
	{ "count", PARAM_INT, false, NULL, NULL, 0, 1000,
	  "exactly this many queues created (default: at least one)" },
	{ "at_least", PARAM_INT, false, "1", NULL, 0, 1000,
	  "at least this many (when count is not given)" },
	{ "key", PARAM_KEY, false, NULL, NULL, 0, 0,
	  "every created queue's key: IPC_PRIVATE, a number, or ftok(file, id)" },
	{ "mode", PARAM_MODE, false, NULL, NULL, 0, 0,
	  "every created queue's permission bits, as given to msgget" },
	{ "created_by", PARAM_ENUM, false, "any", rules_ipc_created_by, 0, 0,
	  "who created every queue: any, parent or child" },
	{ "program", PARAM_PROG, false, NULL, NULL, 0, 0, "the program whose process created it" },
	{ "removed", PARAM_BOOL, false, "true", NULL, 0, 0,
	  "every queue was removed with IPC_RMID" },
	{ "removed_by", PARAM_ENUM, false, "anyone", rules_ipc_removed_by, 0, 0,
	  "who made the IPC_RMID: anyone, creator, parent or child" },
	{ "empty_when_removed", PARAM_BOOL, false, "false", NULL, 0, 0,
	  "no message was left in it when it was removed (or at the end, with removed: false)" },
	{ "shared", PARAM_BOOL, false, "false", NULL, 0, 0,
	  "every program of the run got the queue with its own msgget (so, by its key)" },
};

/* ---- messages ----------------------------------------------------------------------- */

static const char *const rules_ipc_directions[] = { "sent", "received", NULL };
static const char *const rules_ipc_who[] = { "any", "parent", "child", "creator", NULL };
static const char *const rules_ipc_who_es[] = { "", "padre", "hijo", "creador", NULL };

static bool rules_ipc_msg_match(const struct rule_run *run, const struct event *ev,
				const struct rule_params *p, long long key, int haskey)
{
	bool received = rules_int(p, "direction", 0) == 1;
	long prog = rules_set(p, "program") ? (long)rules_int(p, "program", -1) : -1;
	const struct queue *q;

	if (ev->call != (received ? CALL_MSGRCV : CALL_MSGSND) || !rules_event_ok(ev))
		return false;
	if (!rules_who_match(run, ev->pid, (enum who)rules_int(p, "who", 0), prog))
		return false;
	if (rules_set(p, "mtype") && rules_event_num(ev, "mtype", 0) != rules_int(p, "mtype", 0))
		return false;
	if (!haskey)
		return true;
	q = ipc_queue_find(run->rec, ev->id);
	return q && key_equal(q->key, key);
}

static enum rule_verdict rules_ipc_messages_run(const struct rule_ctx *ctx,
						const struct rule_run *run,
						const struct rule_params *p,
						struct rule_result *out)
{
	long long key = 0, n = 0, want = rules_int(p, "count", -1),
		  least = rules_int(p, "at_least", 1);
	int haskey = ipc_key_param(run, p, &key, out);
	bool received = rules_int(p, "direction", 0) == 1;
	char what[64] = "";
	size_t i;

	(void)ctx;
	if (haskey < 0)
		return RULE_ERROR;
	for (i = 0; i < run->rec->nevents; i++)
		n += rules_ipc_msg_match(run, &run->rec->events[i], p, key, haskey);
	if (rules_set(p, "mtype"))
		snprintf(what, sizeof(what), " (mtype %lld)", rules_int(p, "mtype", 0));
	if ((want >= 0 && n != want) || (want < 0 && n < least)) {
		rule_result_setl(out, LANG_ES, "mensajes %s%s%s%s: %lld; se esperaban %s%lld",
				 received ? "recibidos" : "enviados", what,
				 rules_int(p, "who", 0) ? " por el " : "",
				 rules_ipc_who_es[rules_int(p, "who", 0)], n,
				 want >= 0 ? "" : "al menos ", want >= 0 ? want : least);
		rule_result_setl(out, LANG_EN, "messages %s%s%s%s: %lld; expected %s%lld",
				 received ? "received" : "sent", what,
				 rules_int(p, "who", 0) ? " by the " : "",
				 rules_int(p, "who", 0) ? rules_ipc_who[rules_int(p, "who", 0)]
							: "",
				 n, want >= 0 ? "" : "at least ", want >= 0 ? want : least);
		return RULE_FAIL;
	}
	rule_result_setl(out, LANG_EN, "messages %s%s: %lld", received ? "received" : "sent", what,
			 n);
	rule_result_setl(out, LANG_ES, "mensajes %s%s: %lld", received ? "recibidos" : "enviados",
			 what, n);
	return RULE_PASS;
}

static const struct param_schema rules_ipc_messages_params[] = {
	{ "direction", PARAM_ENUM, true, NULL, rules_ipc_directions, 0, 0,
	  "sent (successful msgsnd) or received (successful msgrcv)" },
	{ "mtype", PARAM_INT, false, NULL, NULL, -(1LL << 62), 1LL << 62,
	  "only messages of this type (sent: the type in the buffer; received: the type of the "
	  "message received)" },
	{ "who", PARAM_ENUM, false, "any", rules_ipc_who, 0, 0, "any, parent, child or creator" },
	{ "program", PARAM_PROG, false, NULL, NULL, 0, 0, "only messages of this program" },
	{ "key", PARAM_KEY, false, NULL, NULL, 0, 0, "only on the queue with this key" },
	{ "count", PARAM_INT, false, NULL, NULL, 0, 100000, "exactly this many messages" },
	{ "at_least", PARAM_INT, false, "1", NULL, 0, 100000,
	  "at least this many (when count is not given)" },
};

/* ---- precondition -------------------------------------------------------------------- */

static const char *const rules_ipc_kinds[] = { "shm", "sem", "msg", NULL };

/* Whether the inventory (when taken) still lists the object. */
static bool rules_ipc_in_inventory(const struct run_record *rec, enum ipc_kind kind, int id)
{
	size_t i;

	for (i = 0; i < rec->inventory.n; i++)
		if (rec->inventory.items[i].kind == kind && rec->inventory.items[i].id == id)
			return true;
	return false;
}

/* Whether a successful traced call (of program prog, -1: any) used id. */
static bool rules_ipc_used(const struct rule_run *run, enum ipc_kind kind, int id, long prog,
			   bool attach)
{
	static const enum ipc_call calls[][4] = {
		[IPC_KIND_SHM] = { CALL_SHMGET, CALL_SHMAT, CALL_SHMCTL, CALL_SHMAT },
		[IPC_KIND_SEM] = { CALL_SEMGET, CALL_SEMOP, CALL_SEMCTL, CALL_SEMTIMEDOP },
		[IPC_KIND_MSG] = { CALL_MSGGET, CALL_MSGSND, CALL_MSGCTL, CALL_MSGRCV },
	};
	size_t i;

	for (i = 0; i < run->rec->nevents; i++) {
		const struct event *ev = &run->rec->events[i];
		bool get = ev->call == calls[kind][0];

		if (!rules_event_ok(ev) || !rules_who_match(run, ev->pid, WHO_ANY, prog))
			continue;
		if (attach ? ev->call == CALL_SHMAT && ev->id == id
			   : (get && ev->result == id) ||
				     (!get &&
				      (ev->call == calls[kind][1] || ev->call == calls[kind][2] ||
				       ev->call == calls[kind][3]) &&
				      ev->id == id))
			return true;
	}
	return false;
}

/* The precondition object of kind with key: its id, removed flag. */
static bool rules_ipc_pre_find(const struct run_record *rec, enum ipc_kind kind, long long key,
			       int *id, bool *removed)
{
	size_t i;

	for (i = 0; kind == IPC_KIND_SHM && i < rec->nsegments; i++)
		if (rec->segments[i].precondition && key_equal(rec->segments[i].key, key)) {
			*id = rec->segments[i].shmid, *removed = rec->segments[i].removed;
			return true;
		}
	for (i = 0; kind == IPC_KIND_SEM && i < rec->nsemaphores; i++)
		if (rec->semaphores[i].precondition && key_equal(rec->semaphores[i].key, key)) {
			*id = rec->semaphores[i].semid, *removed = rec->semaphores[i].removed;
			return true;
		}
	for (i = 0; kind == IPC_KIND_MSG && i < rec->nqueues; i++)
		if (rec->queues[i].precondition && key_equal(rec->queues[i].key, key)) {
			*id = rec->queues[i].msqid, *removed = rec->queues[i].removed;
			return true;
		}
	return false;
}

static enum rule_verdict rules_ipc_pre_run(const struct rule_ctx *ctx, const struct rule_run *run,
					   const struct rule_params *p, struct rule_result *out)
{
	enum ipc_kind kind = (enum ipc_kind)rules_int(p, "kind", 0);
	long prog = rules_set(p, "program") ? (long)rules_int(p, "program", -1) : -1;
	long long key = 0;
	int id = -1;
	bool removed = false, exists;
	char kb[32];

	(void)ctx;
	if (ipc_key_param(run, p, &key, out) < 0)
		return RULE_ERROR;
	ipc_key_text(key, kb);
	if (!rules_ipc_pre_find(run->rec, kind, key, &id, &removed)) {
		rule_result_set(
			out, "la ejecución no tiene ninguna precondición %s con la clave %s",
			"the run has no %s precondition with key %s", rules_str(p, "kind"), kb);
		return RULE_ERROR; /* the exercise asks about an object it never made */
	}
	exists = run->rec->inventory.taken ? rules_ipc_in_inventory(run->rec, kind, id) : !removed;
	if (rules_set(p, "exists") && exists != rules_bool(p, "exists", true)) {
		if (exists)
			rule_result_set(out, "el objeto %d (clave %s) seguía existiendo al final",
					"object %d (key %s) still existed at the end", id, kb);
		else
			rule_result_set(out, "el objeto %d (clave %s) ya no existía al final%s",
					"object %d (key %s) no longer existed at the end%s", id, kb,
					removed ? " (IPC_RMID)" : "");
		return RULE_FAIL;
	}
	if (rules_set(p, "attached") &&
	    rules_ipc_used(run, kind, id, prog, true) != rules_bool(p, "attached", true)) {
		rule_result_set(out,
				rules_bool(p, "attached", true)
					? "ningún proceso vinculó el segmento %d (clave %s)"
					: "un proceso vinculó el segmento %d (clave %s)",
				rules_bool(p, "attached", true)
					? "no process attached segment %d (key %s)"
					: "a process attached segment %d (key %s)",
				id, kb);
		return RULE_FAIL;
	}
	if (rules_set(p, "used") &&
	    rules_ipc_used(run, kind, id, prog, false) != rules_bool(p, "used", true)) {
		rule_result_set(out,
				rules_bool(p, "used", true)
					? "ninguna llamada usó el objeto %d (clave %s)"
					: "una llamada usó el objeto %d (clave %s)",
				rules_bool(p, "used", true) ? "no call used object %d (key %s)"
							    : "a call used object %d (key %s)",
				id, kb);
		return RULE_FAIL;
	}
	rule_result_set(out, "el objeto %d (clave %s) está como se pedía",
			"object %d (key %s) is as asked", id, kb);
	return RULE_PASS;
}

static void rules_ipc_pre_validate(const struct rule_params *p, struct mark check,
				   struct diag_list *d)
{
	const struct param_value *a = rule_param(p, "attached");

	if (a->set && a->mark.line && rules_int(p, "kind", 0) != IPC_KIND_SHM)
		diag_error(d, a->mark.line, a->mark.col,
			   _("'attached' is about segments: it needs kind: shm"));
	if (!rules_set(p, "exists") && !a->set && !rules_set(p, "used"))
		diag_error(d, check.line, check.col,
			   _("rule 'precondition' needs one of 'exists', 'attached' or 'used'"));
}

static const struct param_schema rules_ipc_pre_params[] = {
	{ "key", PARAM_KEY, true, NULL, NULL, 0, 0, "the precondition's key, as the run gives it" },
	{ "kind", PARAM_ENUM, false, "shm", rules_ipc_kinds, 0, 0, "shm, sem or msg" },
	{ "exists", PARAM_BOOL, false, NULL, NULL, 0, 0,
	  "true: it still existed when the run ended; false: it was removed" },
	{ "attached", PARAM_BOOL, false, NULL, NULL, 0, 0,
	  "shm: true: some process attached it; false: none did" },
	{ "used", PARAM_BOOL, false, NULL, NULL, 0, 0,
	  "true: some successful call got or used it; false: none did" },
	{ "program", PARAM_PROG, false, NULL, NULL, 0, 0, "attached or used by this program" },
};

const struct rule rules_ipc[] = {
	{ "message_queue", "message queues created (key, mode, by whom), removed (by whom, empty)",
	  rules_ipc_queue_params, ARRAY_SIZE(rules_ipc_queue_params), NULL, NULL,
	  rules_ipc_queue_run },
	{ "messages", "messages sent or received (by type, by whom, on which queue)",
	  rules_ipc_messages_params, ARRAY_SIZE(rules_ipc_messages_params), NULL, NULL,
	  rules_ipc_messages_run },
	{ "precondition", "an object the harness made before the run: still there, attached, used",
	  rules_ipc_pre_params, ARRAY_SIZE(rules_ipc_pre_params), NULL, rules_ipc_pre_validate,
	  rules_ipc_pre_run },
};
const size_t rules_ipc_count = ARRAY_SIZE(rules_ipc);
