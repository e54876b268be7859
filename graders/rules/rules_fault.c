/*
 * rules_fault.c - what a program did after an injected failure
 * (rules_fault.h): handles_fault and survives_faults.
 */
#include "graders/rules/rules_fault.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "graders/report/i18n.h"
#include "graders/rules/rules_evidence.h"
#include "graders/rules/rules_limit.h"
#include "graders/rules/rules_names.h"
#include "graders/rules/rules_util.h"
#include "util/xalloc.h"
#include "harness/xlat.h"
#include "util/util.h"

struct fault_expect rules_fault_expect(const struct rule_params *p)
{
	struct fault_expect x;

	x.exit_code = rules_set(p, "exit_code") ? rules_int(p, "exit_code", 1) : -1;
	x.stderr_needed = rules_bool(p, "stderr", true);
	return x;
}

/* ---- judging one faulted run ------------------------------------------------- */

static const struct event *rules_fault_injected(const struct run_record *rec)
{
	size_t i;

	for (i = 0; i < rec->nevents; i++)
		if (rec->events[i].injected)
			return &rec->events[i];
	return NULL;
}

/* The id an injected IPC_RMID was about (its object may stay), or -2. */
static long long rules_fault_excused(const struct event *ev, enum ipc_call ctl)
{
	if (ev->call != ctl || rules_ctl_cmd(ev) != 0 /* IPC_RMID */)
		return -2;
	return ev->id;
}

/* The first object the run left behind, named in both languages; false
 * when none (but the one whose removal failed on purpose). */
static bool rules_fault_leak(const struct run_record *rec, const struct event *ev,
			     struct rule_result *out)
{
	size_t i;

	for (i = 0; i < rec->nsegments; i++) {
		const struct segment *s = &rec->segments[i];

		if (!s->leaked || s->precondition ||
		    s->shmid == rules_fault_excused(ev, CALL_SHMCTL))
			continue;
		rules_set_segment(out, rec, s->shmid, xstrdup(" quedó sin eliminar"),
				  xstrdup(" was left behind: nobody removed it"));
		return true;
	}
	for (i = 0; i < rec->nsemaphores; i++) {
		const struct semaphore_set *s = &rec->semaphores[i];

		if (s->leaked && !s->precondition &&
		    s->semid != rules_fault_excused(ev, CALL_SEMCTL)) {
			rule_result_set(out,
					"el conjunto de semáforos (semid %d) quedó sin eliminar",
					"the semaphore set (semid %d) was left behind: nobody "
					"removed it",
					s->semid);
			return true;
		}
	}
	for (i = 0; i < rec->nqueues; i++) {
		const struct queue *q = &rec->queues[i];

		if (q->leaked && !q->precondition &&
		    q->msqid != rules_fault_excused(ev, CALL_MSGCTL)) {
			rule_result_set(out, "la cola de mensajes (msqid %d) quedó sin eliminar",
					"the message queue (msqid %d) was left behind: nobody "
					"removed it",
					q->msqid);
			return true;
		}
	}
	return false;
}

/* How the process that made the failed call ended; PASS or FAIL. */
static enum rule_verdict rules_fault_exit(const struct run_record *rec, const struct process *p,
					  const struct fault_expect *x, struct rule_result *out)
{
	char *who;
	int l;

	if (p->exited && !p->signal &&
	    (x->exit_code < 0 ? p->exit_code != 0 : p->exit_code == x->exit_code))
		return RULE_PASS;
	rule_result_kind(out, "exit_status");
	for (l = 0; l < LANG_COUNT; l++) {
		bool es = l == LANG_ES;

		who = rules_who(rec, p->pid, (enum lang)l);
		if (!p->exited)
			rule_result_setl(out, (enum lang)l, es ? "%s no terminó" : "%s never ended",
					 who);
		else if (x->exit_code < 0)
			rule_result_setl(out, (enum lang)l,
					 es ? "%s siguió como si nada y terminó con estado 0"
					    : "%s went on as if nothing happened and exited with "
					      "status 0",
					 who);
		else
			rule_result_setl(out, (enum lang)l,
					 es ? "%s terminó con estado %d; se esperaba %lld"
					    : "%s exited with status %d; expected %lld",
					 who, p->exit_code, x->exit_code);
		free(who);
	}
	return RULE_FAIL;
}

/* The run ended by itself and nothing died of a signal; PASS or FAIL. */
static enum rule_verdict rules_fault_ended(const struct rule_run *run, struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	char sig[32], *who;
	size_t i;
	int l;

	if (rules_limit_hit(rec)) {
		rule_result_set(out, "no terminó por sí mismo (%s)",
				"it did not end by itself (%s)",
				rec->message ? rec->message : run_status_name(rec->status));
		rules_fail_kinds(run, out);
		return RULE_FAIL;
	}
	for (i = 0; i < rec->nprocesses; i++) {
		const struct process *p = &rec->processes[i];

		if (!p->signal)
			continue;
		rules_signal_name(p->signal, sig);
		for (l = 0; l < LANG_COUNT; l++) {
			who = rules_who(rec, p->pid, (enum lang)l);
			rule_result_setl(out, (enum lang)l,
					 l == LANG_ES ? "%s murió por la señal %s"
						      : "%s was killed by %s",
					 who, sig);
			free(who);
		}
		rule_result_kind(out, "signal");
		return RULE_FAIL;
	}
	return RULE_PASS;
}

enum rule_verdict rules_fault_judge(const struct rule_ctx *ctx, const struct rule_run *run,
				    const struct fault_expect *x, bool *reached,
				    struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	const struct event *ev = rules_fault_injected(rec);
	const struct process *p;
	const struct program_output *o;

	(void)ctx;
	*reached = ev != NULL;
	if (rec->status == RUN_INTERNAL_ERROR) {
		rule_result_set(out, "la ejecución falló en shmgrade: %s",
				"the run failed in shmgrade: %s",
				rec->message ? rec->message : "?");
		return RULE_ERROR;
	}
	if (!ev) {
		rule_result_set(out, "el programa no llegó a hacer la llamada que debía fallar",
				"the program never made the call that was to fail");
		rule_result_kind(out, "not_reached");
		return RULE_FAIL;
	}
	if (rules_fault_ended(run, out) != RULE_PASS)
		return RULE_FAIL;
	p = rules_proc(rec, ev->pid);
	if (p && rules_fault_exit(rec, p, x, out) != RULE_PASS)
		return RULE_FAIL;
	if (!rec->inventory.taken) {
		rule_result_set(out, "no se pudo inventariar lo que quedó: no se sabe si dejó algo",
				"the inventory could not be taken: whether it left anything is "
				"unknown");
		return RULE_ERROR;
	}
	if (rules_fault_leak(rec, ev, out)) {
		rule_result_kind(out, "leaked");
		return RULE_FAIL;
	}
	o = p ? rules_output(run, rules_proc_prog(run, p)) : NULL;
	if (x->stderr_needed && (!o || !o->err_len)) {
		rule_result_set(out, "no dijo nada en stderr (perror lo haría)",
				"it said nothing on stderr (perror would)");
		rule_result_kind(out, "silent");
		return RULE_FAIL;
	}
	rule_result_set(out, "lo notificó y terminó con estado %d sin dejar nada",
			"it reported it and exited with status %d, leaving nothing behind",
			p ? p->exit_code : rec->exit_code);
	return RULE_PASS;
}

/* ---- handles_fault ----------------------------------------------------------- */

/* The failed call itself is named by the evidence's context
 * (evidence_add_context: "shmat failed with ENOMEM, injected by shmgrade"). */
static enum rule_verdict rules_fault_handles_run(const struct rule_ctx *ctx,
						 const struct rule_run *run,
						 const struct rule_params *p,
						 struct rule_result *out)
{
	struct fault_expect x = rules_fault_expect(p);
	bool reached;

	if (run->spec && !run->spec->ninject) {
		rule_result_set(out, "la ejecución '%s' no inyecta ningún fallo (inject:)",
				"run '%s' injects no fault (inject:)", run->spec->id);
		return RULE_ERROR;
	}
	return rules_fault_judge(ctx, run, &x, &reached, out);
}

/* ---- survives_faults: the sites ------------------------------------------------ */

/* Whether the calls parameter ("shmget, shmat") lets call be swept. */
static bool rules_fault_call_swept(const struct rule_params *p, enum ipc_call call)
{
	const char *list = rules_str(p, "calls"), *name = ipc_call_name(call);
	size_t len;

	if (!list)
		return true;
	if (call == CALL_SEMTIMEDOP && rules_fault_call_swept(p, CALL_SEMOP))
		return true;
	len = strlen(name);
	for (; *list; list++) {
		list += strspn(list, ", ");
		if (!strncmp(list, name, len) && (!list[len] || strchr(", ", list[len])))
			return true;
		list += strcspn(list, ", ");
		if (!*list)
			break;
	}
	return false;
}

static bool rules_fault_same_site(const struct run_inject *a, const struct event *ev)
{
	return inject_call_matches(a, ev->call) && a->site.offset && a->site.offset == ev->site &&
	       a->site.ino == ev->site_ino;
}

size_t rules_fault_sites(const struct run_record *rec, const struct rule_params *p,
			 struct fault_site *out, size_t max)
{
	const char *name = rules_str(p, "errno");
	int err = name ? xlat_errno_value(name) : -1;
	unsigned position = 0, nth;
	size_t i, k, n = 0, kept = 0;

	for (i = 0; i < rec->nevents; i++) {
		const struct event *ev = &rec->events[i];
		struct fault_site fs;
		bool known = false;

		if (ev->call >= CALL_FORK)
			continue;
		position++;
		if (ev->injected || !rules_fault_call_swept(p, ev->call))
			continue;
		for (k = 0; k < kept && !known; k++)
			known = rules_fault_same_site(&out[k].inject, ev);
		if (known)
			continue;
		memset(&fs, 0, sizeof(fs));
		fs.position = position;
		fs.inject.call = ev->call;
		fs.inject.err = err > 0 ? err : inject_default_errno(ev->call);
		fs.inject.nth = 1;
		if (ev->site) {
			fs.inject.site.offset = ev->site;
			fs.inject.site.ino = ev->site_ino;
		} else {
			/* Unknown site: the same call, by its rank among its kind. */
			for (nth = 0, k = 0; k <= i; k++)
				nth += rec->events[k].call == ev->call;
			fs.inject.nth = nth;
		}
		n++;
		if (kept < max)
			out[kept++] = fs;
	}
	return n;
}

void rules_fault_sweep_release(struct fault_sweep *s)
{
	size_t i;
	int l;

	for (i = 0; i < s->n; i++)
		for (l = 0; l < LANG_COUNT; l++)
			free(s->cases[i].msg[l]);
	free(s->cases);
	free(s->error);
	memset(s, 0, sizeof(*s));
}

/* ---- survives_faults: the verdict ------------------------------------------------ */

/* "the 2nd IPC call" / "la 2.ª llamada IPC". */
static char *rules_fault_ordinal(unsigned k, enum lang lang)
{
	const char *suf = "th";

	if (lang == LANG_ES)
		return xasprintf("la %u.ª llamada IPC", k);
	if (k % 100 < 11 || k % 100 > 13)
		suf = k % 10 == 1 ? "st" : k % 10 == 2 ? "nd" : k % 10 == 3 ? "rd" : "th";
	return xasprintf("the %u%s IPC call", k, suf);
}

static void rules_fault_case_evidence(const struct fault_case *c, size_t good, size_t total,
				      struct rule_result *out)
{
	const char *e = xlat_errno_name(c->site.inject.err);
	char *nth;
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		bool es = l == LANG_ES;

		nth = rules_fault_ordinal(c->site.position, (enum lang)l);
		rule_result_setl(out, (enum lang)l,
				 es ? "cuando %s (%s) falló con %s, %s; %zu de %zu caminos de "
				      "error bien llevados"
				    : "when %s (%s) failed with %s, %s; %zu of %zu error paths "
				      "handled",
				 ipc_call_name(c->site.inject.call), nth, e ? e : "?",
				 c->msg[l] ? c->msg[l] : "", good, total);
		free(nth);
	}
}

static enum rule_verdict rules_fault_survives(const struct rule_ctx *ctx,
					      const struct rule_params *p, struct rule_result *out)
{
	const struct fault_sweep *sw = ctx->sweep;
	const struct fault_case *first = NULL;
	size_t i, good = 0, total = 0;

	if (ctx->nruns && ctx->runs[0].rec->status == RUN_INTERNAL_ERROR) {
		rule_result_set(out, "el corrector falló: %s", "the grader failed: %s",
				ctx->runs[0].rec->message ? ctx->runs[0].rec->message
							  : "internal error");
		return RULE_ERROR;
	}
	if (!sw || sw->error) {
		rule_result_set(out, "no se pudo hacer el barrido de fallos: %s",
				"the fault sweep could not be made: %s",
				sw && sw->error ? sw->error : "no sweep");
		return RULE_ERROR;
	}
	for (i = 0; i < sw->n; i++) {
		const struct fault_case *c = &sw->cases[i];

		if (c->v == RULE_ERROR) {
			rule_result_set(out, "%s", "%s", c->msg[LANG_ES] ? c->msg[LANG_ES] : "?");
			rule_result_setl(out, LANG_EN, "%s",
					 c->msg[LANG_EN] ? c->msg[LANG_EN] : "?");
			return RULE_ERROR;
		}
		if (!c->reached)
			continue; /* another path this time: nothing to judge */
		total++;
		if (c->v == RULE_PASS)
			good++;
		else if (!first)
			first = c;
	}
	(void)p;
	if (first) {
		rules_fault_case_evidence(first, good, total, out);
		out->fraction = (double)good / (double)total;
		snprintf(out->kinds, sizeof(out->kinds), "%s", first->kinds);
		return RULE_FAIL;
	}
	/* Doing nothing earns nothing: no call made, no error path shown. */
	if (!sw->sites) {
		rule_result_set(out, "el programa no hizo ninguna llamada IPC que hacer fallar",
				"the program made no IPC call to fail");
		rule_result_kind(out, "not_reached");
		return RULE_FAIL;
	}
	rule_result_set(out, "sobrevive a un fallo en cada una de sus %zu llamadas IPC distintas",
			"survives a failure of each of its %zu distinct IPC calls", total);
	return RULE_PASS;
}

/* ---- the table --------------------------------------------------------------------- */

static const struct param_schema rules_fault_handles_params[] = {
	{ "exit_code", PARAM_INT, false, NULL, NULL, 1, 255,
	  "the status the process whose call failed must exit with (default: any but 0)" },
	{ "stderr", PARAM_BOOL, false, "true", NULL, 0, 0,
	  "its program must write something on stderr (perror)" },
};

static const struct param_schema rules_fault_survives_params[] = {
	{ "limit", PARAM_INT, false, "20", NULL, 1, 200,
	  "sweep at most this many call sites (the first ones, in order)" },
	{ "errno", PARAM_STRING, false, NULL, NULL, 0, 0,
	  "the errno every call fails with (default: per call, ENOSPC for the gets, ENOMEM for "
	  "shmat, EIDRM for semop and msgsnd/msgrcv, EINVAL for the rest)" },
	{ "calls", PARAM_STRING, false, NULL, NULL, 0, 0,
	  "only these calls, comma-separated (\"shmget, shmat\"; default: every IPC call)" },
	{ "exit_code", PARAM_INT, false, NULL, NULL, 1, 255,
	  "the status the process whose call failed must exit with (default: any but 0)" },
	{ "stderr", PARAM_BOOL, false, "true", NULL, 0, 0,
	  "its program must write something on stderr (perror)" },
};

/* errno must name an errno, calls only IPC calls. */
static void rules_fault_survives_validate(const struct rule_params *p, struct mark check,
					  struct diag_list *d)
{
	const struct param_value *v = rule_param(p, "errno");
	const char *list;
	char name[32];
	size_t len;

	(void)check;
	if (v->set && (xlat_errno_value(v->s) <= 0))
		diag_error(d, v->mark.line, v->mark.col, _("unknown errno '%s' (e.g. ENOMEM)"),
			   v->s);
	v = rule_param(p, "calls");
	for (list = v->set ? v->s : ""; *list;) {
		list += strspn(list, ", ");
		len = strcspn(list, ", ");
		if (!len)
			break;
		snprintf(name, sizeof(name), "%.*s", (int)len, list);
		if (inject_call_find(name) == CALL_COUNT_ || !strcmp(name, "fork"))
			diag_error(d, v->mark.line, v->mark.col,
				   _("'calls' names '%s', which is not an IPC call"), name);
		list += len;
	}
}

const struct rule rules_fault[] = {
	{ "handles_fault",
	  "after the call the run injects fails, the program reports it, exits with a non-zero "
	  "status, leaves no object behind and is not killed",
	  rules_fault_handles_params, ARRAY_SIZE(rules_fault_handles_params), NULL, NULL,
	  rules_fault_handles_run },
	{ "survives_faults",
	  "the program ends cleanly when any one of its IPC call sites fails (a run per site)",
	  rules_fault_survives_params, ARRAY_SIZE(rules_fault_survives_params),
	  rules_fault_survives, rules_fault_survives_validate, NULL },
};
const size_t rules_fault_count = ARRAY_SIZE(rules_fault);
