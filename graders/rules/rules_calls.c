/*
 * rules_calls.c - rules about the calls a program made: call_made,
 * semaphore_set (created, initialised before the first fork, removed) and
 * ordering (event A before event B).
 */
#include "graders/rules/rules_calls.h"

#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>

#include "graders/rules/rules_evidence.h"
#include "graders/rules/rules_ipc.h"
#include "graders/rules/rules_util.h"
#include "graders/report/i18n.h"
#include "util/util.h"
#include "util/xalloc.h"

static const char *const rules_calls_who[] = { "any", "parent", "child", "creator", NULL };
static const char *const rules_calls_result[] = { "any", "ok", "error", NULL };
static const char *const rules_calls_created_by[] = { "any", "parent", "child", NULL };
static const char *const rules_calls_removed_by[] = { "anyone", "creator", "parent", "child",
						      NULL };

/* ---- call_made ---------------------------------------------------------------------- */

/* The event selector call_made's parameters describe. */
static void rules_calls_selector(const struct rule_params *p, struct event_selector *s)
{
	const struct param_value *args = rule_param(p, "args");

	memset(s, 0, sizeof(*s));
	s->call = (enum ipc_call)rules_int(p, "call", 0);
	s->who = (enum who)rules_int(p, "who", WHO_ANY);
	s->prog = rules_set(p, "program") ? (long)rules_int(p, "program", -1) : -1;
	s->args = args->args;
	s->nargs = args->nargs;
	s->result = (enum sel_result)rules_int(p, "result", SEL_OK);
	s->errno_name = (char *)rules_str(p, "errno");
	if (s->errno_name)
		s->result = SEL_ERROR;
}

static enum rule_verdict rules_calls_made_run(const struct rule_ctx *ctx,
					      const struct rule_run *run,
					      const struct rule_params *p, struct rule_result *out)
{
	struct event_selector sel;
	long long n = 0, want = rules_int(p, "count", -1), least = rules_int(p, "at_least", 1);
	char *desc;
	size_t i;

	(void)ctx;
	rules_calls_selector(p, &sel);
	for (i = 0; i < run->rec->nevents; i++)
		n += rules_selector_match(run, &run->rec->events[i], &sel);
	desc = rules_selector_desc(&sel);
	if ((want >= 0 && n != want) || (want < 0 && n < least)) {
		rule_result_setl(out, LANG_ES, "llamadas a %s%s: %lld; se esperaban %s%lld", desc,
				 sel.errno_name		? " (fallando)"
				 : sel.result == SEL_OK ? " (con éxito)"
							: "",
				 n, want >= 0 ? "" : "al menos ", want >= 0 ? want : least);
		rule_result_setl(out, LANG_EN, "calls to %s%s: %lld; expected %s%lld", desc,
				 sel.errno_name		? " (failing)"
				 : sel.result == SEL_OK ? " (successfully)"
							: "",
				 n, want >= 0 ? "" : "at least ", want >= 0 ? want : least);
		free(desc);
		return RULE_FAIL;
	}
	rule_result_set(out, "llamadas a %s: %lld", "calls to %s: %lld", desc, n);
	free(desc);
	return RULE_PASS;
}

static void rules_calls_made_validate(const struct rule_params *p, struct mark check,
				      struct diag_list *d)
{
	const struct param_value *e = rule_param(p, "errno"), *r = rule_param(p, "result");

	(void)check;
	if (e->set && r->mark.line && r->i != SEL_ERROR)
		diag_error(
			d, r->mark.line, r->mark.col,
			_("'errno' means the call failed: 'result' must be error (or left out)"));
}

static const struct param_schema rules_calls_made_params[] = {
	{ "call", PARAM_ENUM, true, NULL, rule_call_choices, 0, 0,
	  "shmget, shmat, shmdt, shmctl, semget, semop, semctl, msgget, msgsnd, msgrcv, msgctl, "
	  "fork, exec, exit" },
	{ "args", PARAM_ARGS, false, NULL, NULL, 0, 0,
	  "arguments that must match, by the man page's names: {cmd: IPC_STAT}, {shmflg: SHM_RDONLY}" },
	{ "result", PARAM_ENUM, false, "ok", rules_calls_result, 0, 0, "ok, error or any" },
	{ "errno", PARAM_STRING, false, NULL, NULL, 0, 0,
	  "the call failed with this errno (EINVAL...)" },
	{ "count", PARAM_INT, false, NULL, NULL, 0, 100000, "exactly this many matching calls" },
	{ "at_least", PARAM_INT, false, "1", NULL, 0, 100000,
	  "at least this many (when count is not given)" },
	{ "who", PARAM_ENUM, false, "any", rules_calls_who, 0, 0, "any, parent, child or creator" },
	{ "program", PARAM_PROG, false, NULL, NULL, 0, 0, "only calls of this program" },
};

/* ---- semaphore_set ------------------------------------------------------------------- */

/* The seq of the first successful SETVAL/SETALL on semid, 0 if none. */
static unsigned long rules_calls_sem_init(const struct run_record *rec, int semid)
{
	const struct event *ev;
	long long cmd;
	size_t i;

	for (i = 0; i < rec->nevents; i++) {
		ev = &rec->events[i];
		cmd = rules_ctl_cmd(ev);
		if (ev->call == CALL_SEMCTL && rules_event_ok(ev) &&
		    (cmd == SETVAL || cmd == SETALL) && ev->id == semid)
			return ev->seq;
	}
	return 0;
}

/* The seq of the first fork of a new process (not a thread), 0 if none. */
static unsigned long rules_calls_first_fork(const struct run_record *rec)
{
	size_t i;

	for (i = 0; i < rec->nevents; i++)
		if (rec->events[i].call == CALL_FORK && !rec->events[i].clone_thread &&
		    rec->events[i].child_pid > 0)
			return rec->events[i].seq;
	return 0;
}

static enum rule_verdict rules_calls_sem_one(const struct rule_run *run,
					     const struct semaphore_set *s,
					     const struct rule_params *p, long long key, int haskey,
					     struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	unsigned long init = rules_calls_sem_init(rec, s->semid),
		      fork = rules_calls_first_fork(rec);
	struct ipc_view v;

	if (rules_set(p, "nsems") && s->nsems != (unsigned)rules_int(p, "nsems", 0)) {
		rule_result_setl(out, LANG_ES, "el conjunto %d tiene %u %s; se esperaban %lld",
				 s->semid, s->nsems, s->nsems == 1 ? "semáforo" : "semáforos",
				 rules_int(p, "nsems", 0));
		rule_result_setl(out, LANG_EN, "semaphore set %d has %u %s; expected %lld",
				 s->semid, s->nsems, s->nsems == 1 ? "semaphore" : "semaphores",
				 rules_int(p, "nsems", 0));
		return RULE_FAIL;
	}
	if (rules_bool(p, "initialised", true) && !init) {
		rule_result_set(out, "el conjunto %d nunca se inicializó con SETVAL o SETALL",
				"semaphore set %d was never initialised with SETVAL or SETALL",
				s->semid);
		return RULE_FAIL;
	}
	if (rules_bool(p, "before_fork", true) && init && fork && init > fork) {
		rule_result_set(out, "el conjunto %d se inicializó después del primer fork",
				"semaphore set %d was initialised after the first fork", s->semid);
		return RULE_FAIL;
	}
	if (rules_bool(p, "removed", true) && !s->removed) {
		rule_result_set(out, "el conjunto %d nunca se eliminó con IPC_RMID",
				"semaphore set %d was never removed with IPC_RMID", s->semid);
		return RULE_FAIL;
	}
	ipc_view_sem(s, &v);
	return ipc_object_check(run, &v, p, key, haskey, out);
}

static enum rule_verdict rules_calls_sem_run(const struct rule_ctx *ctx, const struct rule_run *run,
					     const struct rule_params *p, struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	long long n = 0, want = rules_int(p, "count", -1), key = 0;
	int haskey = ipc_key_param(run, p, &key, out);
	size_t i;

	(void)ctx;
	if (haskey < 0)
		return RULE_ERROR;
	for (i = 0; i < rec->nsemaphores; i++)
		n += !rec->semaphores[i].precondition;
	if (!n || (want >= 0 && n != want)) {
		rule_result_setl(out, LANG_ES,
				 "conjuntos de semáforos creados: %lld; se esperaban %s%lld", n,
				 want >= 0 ? "" : "al menos ", want >= 0 ? want : 1);
		rule_result_setl(out, LANG_EN, "semaphore sets created: %lld; expected %s%lld", n,
				 want >= 0 ? "" : "at least ", want >= 0 ? want : 1);
		return RULE_FAIL;
	}
	for (i = 0; i < rec->nsemaphores; i++)
		if (!rec->semaphores[i].precondition &&
		    rules_calls_sem_one(run, &rec->semaphores[i], p, key, haskey, out) != RULE_PASS)
			return RULE_FAIL;
	rule_result_setl(out, LANG_ES, "%lld %s de semáforos %s como se pedía", n,
			 n == 1 ? "conjunto" : "conjuntos",
			 n == 1 ? "creado, inicializado y eliminado"
				: "creados, inicializados y eliminados");
	rule_result_setl(out, LANG_EN,
			 "%lld semaphore %s created, initialised and removed as asked", n,
			 n == 1 ? "set" : "sets");
	return RULE_PASS;
}

static const struct param_schema rules_calls_sem_params[] = {
	{ "count", PARAM_INT, false, NULL, NULL, 1, 1000,
	  "exactly this many sets created (default: at least one)" },
	{ "nsems", PARAM_INT, false, NULL, NULL, 1, 65536, "semaphores in every set" },
	{ "initialised", PARAM_BOOL, false, "true", NULL, 0, 0,
	  "every set got a SETVAL or SETALL" },
	{ "before_fork", PARAM_BOOL, false, "true", NULL, 0, 0,
	  "that initialisation came before the first fork" },
	{ "removed", PARAM_BOOL, false, "true", NULL, 0, 0, "every set was removed with IPC_RMID" },
	{ "key", PARAM_KEY, false, NULL, NULL, 0, 0,
	  "every created set's key: IPC_PRIVATE, a number, or ftok(file, id)" },
	{ "mode", PARAM_MODE, false, NULL, NULL, 0, 0,
	  "every created set's permission bits, as given to semget" },
	{ "created_by", PARAM_ENUM, false, "any", rules_calls_created_by, 0, 0,
	  "who created every set: any, parent or child" },
	{ "program", PARAM_PROG, false, NULL, NULL, 0, 0, "the program whose process created it" },
	{ "removed_by", PARAM_ENUM, false, "anyone", rules_calls_removed_by, 0, 0,
	  "who made the IPC_RMID: anyone, creator, parent or child" },
	{ "shared", PARAM_BOOL, false, "false", NULL, 0, 0,
	  "every program of the run got the set with its own semget (so, by its key)" },
};

/* ---- ordering ------------------------------------------------------------------------- */

/* The first or last event sel picks by when it took effect
 * (rules_event_when), or NULL. A call that never returned did nothing and
 * is not picked; *blocked counts those sel would otherwise pick. */
static const struct event *rules_calls_pick(const struct rule_run *run,
					    const struct event_selector *sel, bool last,
					    unsigned *blocked)
{
	const struct event *found = NULL, *ev;
	int c;
	size_t i;

	for (i = 0; i < run->rec->nevents; i++) {
		ev = &run->rec->events[i];
		if (!rules_selector_match(run, ev, sel))
			continue;
		if (ev->blocked) {
			(*blocked)++;
			continue;
		}
		if (found)
			c = rules_when_cmp(rules_event_when(ev), rules_event_when(found));
		if (!found || (last ? c > 0 : c < 0))
			found = ev;
	}
	return found;
}

/* "(at 16.232 ms, the child (pid 3) of reader; it waited and returned at
 * 25.010 ms)": times since the run started, as the timeline of `shmgrade
 * trace` shows them, so a student can find the call there. */
static char *rules_calls_event_desc(const struct rule_run *run, const struct event *ev, enum lang l)
{
	char *who = evidence_proc(run->rec, ev->pid, l), *s;
	bool es = l == LANG_ES;
	double t = (double)ev->t_us / 1000.0, r = (double)ev->t_exit_us / 1000.0;

	if (rules_event_may_wait(ev) && ev->ret_seq && ev->seq_at_return > ev->seq)
		s = xasprintf(es ? "(a los %.3f ms, %s; esperó y volvió a los %.3f ms)"
				 : "(at %.3f ms, %s; it waited and returned at %.3f ms)",
			      t, who, r);
	else
		s = xasprintf(es ? "(a los %.3f ms, %s)" : "(at %.3f ms, %s)", t, who);
	free(who);
	return s;
}

static void rules_calls_order_say(const struct rule_run *run, const struct event *ea,
				  const struct event *eb, const char *da, const char *db, bool pass,
				  struct rule_result *out)
{
	enum lang l;

	for (l = 0; l < LANG_COUNT; l++) {
		char *wa = rules_calls_event_desc(run, ea, l),
		     *wb = rules_calls_event_desc(run, eb, l);

		rule_result_setl(out, l,
				 l == LANG_ES ? (pass ? "%s %s vino antes que %s %s"
						      : "%s %s no vino antes que %s %s")
					      : (pass ? "%s %s came before %s %s"
						      : "%s %s did not come before %s %s"),
				 da, wa, db, wb);
		free(wa);
		free(wb);
	}
}

static enum rule_verdict rules_calls_order_run(const struct rule_ctx *ctx,
					       const struct rule_run *run,
					       const struct rule_params *p, struct rule_result *out)
{
	const struct event_selector *a = rule_param(p, "first")->ev, *b = rule_param(p, "then")->ev;
	unsigned ba = 0, bb = 0;
	const struct event *ea = rules_calls_pick(run, a, a->which != 0, &ba);
	const struct event *eb = rules_calls_pick(run, b, b->which == 1, &bb);
	bool pass_missing = rules_int(p, "if_missing", 0) == 1;
	char *da = rules_selector_desc(a), *db = rules_selector_desc(b);
	enum rule_verdict v;

	(void)ctx;
	if (!ea || !eb) {
		unsigned nb = ea ? bb : ba;

		if (nb)
			rule_result_set(
				out,
				"no hubo ningún %s que terminara (%u seguía bloqueado cuando su proceso terminó)",
				"there was no %s that returned (%u still blocked when its process ended)",
				ea ? db : da, nb);
		else
			rule_result_set(out, "no hubo ningún %s", "there was no %s", ea ? db : da);
		v = pass_missing ? RULE_PASS : RULE_FAIL;
	} else {
		bool before = rules_when_cmp(rules_event_when(ea), rules_event_when(eb)) < 0;

		rules_calls_order_say(run, ea, eb, da, db, before, out);
		v = before ? RULE_PASS : RULE_FAIL;
	}
	free(da);
	free(db);
	return v;
}

static const char *const rules_calls_missing[] = { "fail", "pass", NULL };

static void rules_calls_order_validate(const struct rule_params *p, struct mark check,
				       struct diag_list *d)
{
	const struct param_value *v[2] = { rule_param(p, "first"), rule_param(p, "then") };
	int i;

	(void)check;
	for (i = 0; i < 2; i++)
		if (v[i]->ev && v[i]->ev->who == WHO_EVERY)
			diag_error(d, v[i]->mark.line, v[i]->mark.col,
				   _("an event selector's 'who' cannot be 'every'"));
}

static const struct param_schema rules_calls_order_params[] = {
	{ "first", PARAM_EVENT, true, NULL, NULL, 0, 0,
	  "the event that must come first: {call, args, who, program, result, errno, which} "
	  "(which defaults to last: every such event)" },
	{ "then", PARAM_EVENT, true, NULL, NULL, 0, 0,
	  "the event that must come after (which defaults to first: before any such event)" },
	{ "if_missing", PARAM_ENUM, false, "fail", rules_calls_missing, 0, 0,
	  "the verdict when either event never happened: fail or pass" },
};

const struct rule rules_calls[] = {
	{ "call_made", "a call was made (with these arguments, this result, this many times)",
	  rules_calls_made_params, ARRAY_SIZE(rules_calls_made_params), NULL,
	  rules_calls_made_validate, rules_calls_made_run },
	{ "semaphore_set", "semaphore sets created, initialised before the first fork, removed",
	  rules_calls_sem_params, ARRAY_SIZE(rules_calls_sem_params), NULL, NULL,
	  rules_calls_sem_run },
	{ "ordering", "one event happened before another (e.g. IPC_RMID after the last shmdt)",
	  rules_calls_order_params, ARRAY_SIZE(rules_calls_order_params), NULL,
	  rules_calls_order_validate, rules_calls_order_run },
};
const size_t rules_calls_count = ARRAY_SIZE(rules_calls);
