/*
 * rules_sem.c - semaphore operations and values (rules_ipc.h):
 * semaphore_ops (which semaphore, up or down, by whom, how many, in what
 * order within each process) and semaphore_value (a semaphore's value at
 * the start, at the end, or right after an event).
 *
 * Values come from the kernel where the record has them: the inventory's
 * GETALL for a set still alive when the run ended, the values the tracer
 * asked the kernel for around each semop (sem_before, sem_after), and the
 * result of every GETVAL. A GETALL's array is the program's buffer (a
 * second thread could rewrite it) and is not used. Elsewhere values are
 * followed through the trace: the SETVAL/SETALL given, then each
 * successful operation, in the order the operations took effect
 * (rules_event_when).
 */
#include "graders/rules/rules_ipc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>

#include "graders/report/i18n.h"
#include "graders/rules/rules_evidence.h"
#include "graders/rules/rules_util.h"
#include "util/util.h"
#include "util/xalloc.h"

static const char *const rules_sem_who[] = { "any", "parent", "child", "creator", NULL };
static const char *const rules_sem_ops[] = { "any", "down", "up", "zero", NULL };

/* Whether the set semid is one the check looks at: with the key when
 * given, else one the run created. */
static bool rules_sem_selected(const struct run_record *rec, int semid, int haskey, long long key)
{
	const struct semaphore_set *s = ipc_sem_find(rec, semid);

	if (!s)
		return !haskey;
	return haskey ? key_equal(s->key, key) : !s->precondition;
}

/* ---- semaphore_ops ----------------------------------------------------------------- */

/* Whether one operation matches semnum, op, value. */
static bool rules_sem_op_match(const struct event_sop *o, const struct rule_params *p)
{
	long long op = rules_int(p, "op", 0);

	if (rules_set(p, "semnum") && o->sem_num != rules_int(p, "semnum", 0))
		return false;
	if (rules_set(p, "value") && o->sem_op != rules_int(p, "value", 0))
		return false;
	return op == 0 || (op == 1 && o->sem_op < 0) || (op == 2 && o->sem_op > 0) ||
	       (op == 3 && o->sem_op == 0);
}

/* Whether ev is a successful semop of the selected sets by the selected
 * processes. */
static bool rules_sem_event_match(const struct rule_run *run, const struct event *ev,
				  const struct rule_params *p, int haskey, long long key)
{
	long prog = rules_set(p, "program") ? (long)rules_int(p, "program", -1) : -1;

	return rules_call_match(ev, CALL_SEMOP) && rules_event_ok(ev) &&
	       rules_who_match(run, ev->pid, (enum who)rules_int(p, "who", 0), prog) &&
	       rules_sem_selected(run->rec, ev->id, haskey, key);
}

/* A sequence "P0 V1 Z2" as (kind, semnum) pairs; kind is 'P', 'V', 'Z'.
 * Returns the count, or -1 when malformed. */
#define RULES_SEM_SEQ_MAX 32
static int rules_sem_seq_parse(const char *s, char kinds[RULES_SEM_SEQ_MAX],
			       int nums[RULES_SEM_SEQ_MAX])
{
	int n = 0;
	char *end;
	long v;

	while (s && *s) {
		if (isspace((unsigned char)*s) || *s == ',') {
			s++;
			continue;
		}
		if (n == RULES_SEM_SEQ_MAX || !strchr("PVZ", toupper((unsigned char)*s)) ||
		    !isdigit((unsigned char)s[1]))
			return -1;
		kinds[n] = (char)toupper((unsigned char)*s);
		v = strtol(s + 1, &end, 10);
		if (v > 65535)
			return -1;
		nums[n++] = (int)v;
		s = end;
	}
	return n;
}

static char rules_sem_op_kind(const struct event_sop *o)
{
	return o->sem_op < 0 ? 'P' : o->sem_op > 0 ? 'V' : 'Z';
}

/* What process pid did, as "P0 V1 ..." (at most ~20 operations). */
static char *rules_sem_proc_ops(const struct rule_run *run, pid_t pid, const struct rule_params *p,
				int haskey, long long key)
{
	char *s = xstrdup(""), *t;
	size_t i, j, shown = 0;

	for (i = 0; i < run->rec->nevents; i++) {
		const struct event *ev = &run->rec->events[i];

		if (ev->pid != pid || !rules_sem_event_match(run, ev, p, haskey, key))
			continue;
		for (j = 0; j < ev->nsops_read && shown < 20; j++, shown++) {
			t = xasprintf("%s%s%c%u", s, *s ? " " : "", rules_sem_op_kind(&ev->sops[j]),
				      (unsigned)ev->sops[j].sem_num);
			free(s);
			s = t;
		}
	}
	return s;
}

/* Whether process pid's operations contain the sequence, in order. */
static bool rules_sem_proc_has_seq(const struct rule_run *run, pid_t pid,
				   const struct rule_params *p, int haskey, long long key,
				   const char *kinds, const int *nums, int n)
{
	int k = 0;
	size_t i, j;

	for (i = 0; i < run->rec->nevents && k < n; i++) {
		const struct event *ev = &run->rec->events[i];

		if (ev->pid != pid || !rules_sem_event_match(run, ev, p, haskey, key))
			continue;
		for (j = 0; j < ev->nsops_read && k < n; j++)
			if (rules_sem_op_kind(&ev->sops[j]) == kinds[k] &&
			    ev->sops[j].sem_num == nums[k])
				k++;
	}
	return k == n;
}

static enum rule_verdict rules_sem_seq_check(const struct rule_run *run,
					     const struct rule_params *p, int haskey, long long key,
					     struct rule_result *out)
{
	char kinds[RULES_SEM_SEQ_MAX];
	int nums[RULES_SEM_SEQ_MAX], n = rules_sem_seq_parse(rules_str(p, "sequence"), kinds, nums);
	size_t i, seen = 0;
	size_t e;

	for (i = 0; i < run->rec->nprocesses; i++) {
		pid_t pid = run->rec->processes[i].pid;
		bool did = false;

		for (e = 0; e < run->rec->nevents && !did; e++)
			did = run->rec->events[e].pid == pid &&
			      rules_sem_event_match(run, &run->rec->events[e], p, haskey, key);
		if (!did)
			continue;
		seen++;
		if (!rules_sem_proc_has_seq(run, pid, p, haskey, key, kinds, nums, n)) {
			char *ops = rules_sem_proc_ops(run, pid, p, haskey, key);
			enum lang l;

			for (l = 0; l < LANG_COUNT; l++) {
				char *who = evidence_proc(run->rec, pid, l);

				rule_result_setl(
					out, l,
					l == LANG_ES
						? "el %s hizo «%s»; se esperaba «%s» en ese orden"
						: "%s did \"%s\"; expected \"%s\" in that order",
					who, ops, rules_str(p, "sequence"));
				free(who);
			}
			free(ops);
			return RULE_FAIL;
		}
	}
	if (!seen) {
		rule_result_set(out, "ningún proceso de los pedidos hizo operaciones con semáforos",
				"no process of those asked for made a semaphore operation");
		return RULE_FAIL;
	}
	rule_result_set(out, "%zu procesos hicieron «%s» en ese orden",
			"%zu processes did \"%s\" in that order", seen, rules_str(p, "sequence"));
	return RULE_PASS;
}

static enum rule_verdict rules_sem_ops_run(const struct rule_ctx *ctx, const struct rule_run *run,
					   const struct rule_params *p, struct rule_result *out)
{
	long long key = 0, n = 0, want = rules_int(p, "count", -1),
		  least = rules_int(p, "at_least", 1);
	int haskey = ipc_key_param(run, p, &key, out);
	size_t i, j;

	(void)ctx;
	if (haskey < 0)
		return RULE_ERROR;
	if (rules_set(p, "sequence"))
		return rules_sem_seq_check(run, p, haskey, key, out);
	for (i = 0; i < run->rec->nevents; i++) {
		const struct event *ev = &run->rec->events[i];

		if (!rules_sem_event_match(run, ev, p, haskey, key))
			continue;
		for (j = 0; j < ev->nsops_read; j++)
			n += rules_sem_op_match(&ev->sops[j], p);
	}
	if ((want >= 0 && n != want) || (want < 0 && n < least)) {
		rule_result_setl(out, LANG_ES,
				 "operaciones con semáforos %s%s: %lld; se esperaban %s%lld",
				 rules_int(p, "op", 0) ? "de tipo " : "",
				 rules_int(p, "op", 0) ? rules_str(p, "op") : "", n,
				 want >= 0 ? "" : "al menos ", want >= 0 ? want : least);
		rule_result_setl(out, LANG_EN, "semaphore operations%s%s: %lld; expected %s%lld",
				 rules_int(p, "op", 0) ? " of kind " : "",
				 rules_int(p, "op", 0) ? rules_str(p, "op") : "", n,
				 want >= 0 ? "" : "at least ", want >= 0 ? want : least);
		return RULE_FAIL;
	}
	rule_result_set(out, "operaciones con semáforos como se pedía: %lld",
			"semaphore operations as asked: %lld", n);
	return RULE_PASS;
}

static void rules_sem_ops_validate(const struct rule_params *p, struct mark check,
				   struct diag_list *d)
{
	const struct param_value *s = rule_param(p, "sequence");
	char kinds[RULES_SEM_SEQ_MAX];
	int nums[RULES_SEM_SEQ_MAX];

	(void)check;
	if (s->set && rules_sem_seq_parse(s->s, kinds, nums) <= 0)
		diag_error(
			d, s->mark.line, s->mark.col,
			_("'sequence' must be operations like \"P0 V1\": P (down), V (up) or Z (wait for zero), each with its semaphore number"));
	if (s->set &&
	    (rules_set(p, "count") || rules_set(p, "op") || rules_set(p, "value") ||
	     rules_set(p, "semnum")) &&
	    (rule_param(p, "count")->mark.line || rule_param(p, "op")->mark.line ||
	     rule_param(p, "value")->mark.line || rule_param(p, "semnum")->mark.line))
		diag_error(d, s->mark.line, s->mark.col,
			   _("'sequence' goes alone: not with 'count', 'op', 'value' or 'semnum'"));
}

static const struct param_schema rules_sem_ops_params[] = {
	{ "semnum", PARAM_INT, false, NULL, NULL, 0, 65535,
	  "only operations on this semaphore of the set (sem_num)" },
	{ "op", PARAM_ENUM, false, "any", rules_sem_ops, 0, 0,
	  "any, down (sem_op < 0: P, wait), up (sem_op > 0: V, signal) or zero (wait for zero)" },
	{ "value", PARAM_INT, false, NULL, NULL, -32768, 32767,
	  "only operations with this sem_op" },
	{ "who", PARAM_ENUM, false, "any", rules_sem_who, 0, 0, "any, parent, child or creator" },
	{ "program", PARAM_PROG, false, NULL, NULL, 0, 0, "only operations of this program" },
	{ "key", PARAM_KEY, false, NULL, NULL, 0, 0,
	  "only on the set with this key (default: the sets the run created)" },
	{ "count", PARAM_INT, false, NULL, NULL, 0, 100000, "exactly this many operations" },
	{ "at_least", PARAM_INT, false, "1", NULL, 0, 100000,
	  "at least this many (when count is not given)" },
	{ "sequence", PARAM_STRING, false, NULL, NULL, 0, 0,
	  "\"P0 V1\": every process (of who and program) that operated on the set did these, in "
	  "this order (others may come between)" },
};

/* ---- semaphore_value ----------------------------------------------------------------- */

/* A value and where it came from. */
struct rules_sem_val {
	long long v;
	bool known, kernel; /* kernel: read from the kernel, not followed */
};

static int rules_sem_when_cmp(const void *a, const void *b)
{
	const struct event *x = *(const struct event *const *)a,
			   *y = *(const struct event *const *)b;
	int c = rules_when_cmp(rules_event_when(x), rules_event_when(y));

	return c ? c : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

/* Apply one event of set s to semaphore n's value. */
static void rules_sem_apply(const struct event *ev, unsigned n, struct rules_sem_val *val,
			    bool *initialised)
{
	long long cmd = rules_ctl_cmd(ev);
	size_t j;

	if (ev->call == CALL_SEMCTL) {
		if (cmd == SETVAL && (unsigned)ev->semnum == n) {
			*val = (struct rules_sem_val){ rules_event_num(ev, "arg", 0), true, false };
			*initialised = true;
		} else if (cmd == SETALL && n < ev->nsemvals) {
			*val = (struct rules_sem_val){ ev->semvals[n], true, false };
			*initialised = true;
		} else if (cmd == GETVAL && (unsigned)ev->semnum == n) {
			*val = (struct rules_sem_val){ ev->result, true, true };
		}
		return;
	}
	if (n < ev->nsem_after) {
		*val = (struct rules_sem_val){ ev->sem_after[n], true, true };
		return;
	}
	for (j = 0; j < ev->nsops_read; j++)
		if (ev->sops[j].sem_num == n) {
			val->v += ev->sops[j].sem_op;
			val->kernel = false;
		}
}

/*
 * Semaphore n of set s: its initial value (*init, whether the program set
 * one), and its value after the event upto (NULL: after every event; a
 * removed set: just before the IPC_RMID).
 */
static struct rules_sem_val rules_sem_follow(const struct run_record *rec,
					     const struct semaphore_set *s, unsigned n,
					     const struct event *upto, struct rules_sem_val *init,
					     bool *initialised)
{
	const struct event **evs = xcalloc(rec->nevents + 1, sizeof(*evs));
	struct rules_sem_val val = { 0, true, s->precondition };
	size_t i, k = 0;

	*initialised = false;
	if (s->precondition && n < s->nvalues_at_start) {
		val.v = s->values_at_start[n];
		*initialised = true;
	}
	for (i = 0; i < rec->nevents; i++) {
		const struct event *ev = &rec->events[i];

		if ((rules_call_match(ev, CALL_SEMOP) || ev->call == CALL_SEMCTL) &&
		    rules_event_ok(ev) && ev->id == s->semid &&
		    (!s->created_seq || ev->seq >= s->created_seq) &&
		    (!s->removed_seq || ev->seq < s->removed_seq))
			evs[k++] = ev;
	}
	qsort(evs, k, sizeof(*evs), rules_sem_when_cmp);
	*init = val;
	for (i = 0; i < k; i++) {
		bool was = *initialised;

		if (upto && rules_sem_when_cmp(&evs[i], &upto) > 0)
			break;
		/* The kernel's value as the first operation after the
		 * initialisation found it: the initial value, from the kernel. */
		if (i > 0 && init->known && !init->kernel && *initialised &&
		    evs[i - 1]->call == CALL_SEMCTL && n < evs[i]->nsem_before)
			*init = (struct rules_sem_val){ evs[i]->sem_before[n], true, true };
		rules_sem_apply(evs[i], n, &val, initialised);
		if (!was && *initialised)
			*init = val;
	}
	free(evs);
	return val;
}

/* The event "after" picks (which: default last), or NULL. */
static const struct event *rules_sem_after_event(const struct rule_run *run,
						 const struct event_selector *sel)
{
	const struct event *found = NULL;
	size_t i;

	for (i = 0; i < run->rec->nevents; i++) {
		const struct event *ev = &run->rec->events[i];

		if (ev->blocked || !rules_selector_match(run, ev, sel))
			continue;
		if (!found || (sel->which == 0 ? rules_sem_when_cmp(&ev, &found) < 0
					       : rules_sem_when_cmp(&ev, &found) > 0))
			found = ev;
	}
	return found;
}

static enum rule_verdict rules_sem_value_one(const struct rule_run *run,
					     const struct semaphore_set *s,
					     const struct rule_params *p, struct rule_result *out)
{
	unsigned n = (unsigned)rules_int(p, "semnum", 0);
	long long when = rules_int(p, "when", 1), want = rules_int(p, "value", 0);
	const struct event *after = NULL;
	struct rules_sem_val init, val;
	bool initialised;
	const char *src_es, *src_en, *at_es, *at_en;

	if (n >= s->nsems && s->nsems) {
		rule_result_set(out, "el conjunto %d solo tiene %u semáforos; no existe el %u",
				"set %d has only %u semaphores; there is no semaphore %u", s->semid,
				s->nsems, n);
		return RULE_FAIL;
	}
	if (when == 2) {
		after = rules_sem_after_event(run, rule_param(p, "after")->ev);
		if (!after) {
			char *d = rules_selector_desc(rule_param(p, "after")->ev);

			rule_result_set(out, "no hubo ningún %s", "there was no %s", d);
			free(d);
			return RULE_FAIL;
		}
	}
	val = rules_sem_follow(run->rec, s, n, after, &init, &initialised);
	if (when == 0) {
		val = init;
		at_es = "al principio", at_en = "at the start";
	} else if (when == 1) {
		at_es = s->removed ? "al eliminarlo" : "al final";
		at_en = s->removed ? "when it was removed" : "at the end";
		if (!s->removed && n < s->nvalues_at_end)
			val = (struct rules_sem_val){ s->values_at_end[n], true, true };
	} else {
		at_es = "tras el evento elegido", at_en = "after the chosen event";
	}
	src_es = val.kernel ? "según el núcleo" : "según la traza";
	src_en = val.kernel ? "from the kernel" : "followed through the trace";
	if (val.v != want) {
		rule_result_set(
			out,
			"el semáforo %u del conjunto %d valía %lld %s (%s%s); se esperaba %lld",
			"semaphore %u of set %d was %lld %s (%s%s); expected %lld", n, s->semid,
			val.v, at_es, src_es, initialised ? "" : ", nunca inicializado: 0 en Linux",
			want);
		rule_result_setl(out, LANG_EN,
				 "semaphore %u of set %d was %lld %s (%s%s); expected %lld", n,
				 s->semid, val.v, at_en, src_en,
				 initialised ? "" : ", never initialised: 0 on Linux", want);
		return RULE_FAIL;
	}
	rule_result_setl(out, LANG_ES, "el semáforo %u del conjunto %d valía %lld %s (%s)", n,
			 s->semid, val.v, at_es, src_es);
	rule_result_setl(out, LANG_EN, "semaphore %u of set %d was %lld %s (%s)", n, s->semid,
			 val.v, at_en, src_en);
	return RULE_PASS;
}

static enum rule_verdict rules_sem_value_run(const struct rule_ctx *ctx, const struct rule_run *run,
					     const struct rule_params *p, struct rule_result *out)
{
	long long key = 0;
	int haskey = ipc_key_param(run, p, &key, out);
	size_t i, seen = 0;

	(void)ctx;
	if (haskey < 0)
		return RULE_ERROR;
	for (i = 0; i < run->rec->nsemaphores; i++) {
		const struct semaphore_set *s = &run->rec->semaphores[i];

		if (haskey ? !key_equal(s->key, key) : s->precondition)
			continue;
		seen++;
		if (rules_sem_value_one(run, s, p, out) != RULE_PASS)
			return RULE_FAIL;
	}
	if (!seen) {
		rule_result_set(out, "no hay ningún conjunto de semáforos que examinar",
				"there is no semaphore set to look at");
		return RULE_FAIL;
	}
	return RULE_PASS;
}

static const char *const rules_sem_whens[] = { "start", "end", "after", NULL };

static void rules_sem_value_validate(const struct rule_params *p, struct mark check,
				     struct diag_list *d)
{
	const struct param_value *a = rule_param(p, "after"), *w = rule_param(p, "when");

	if (w->i == 2 && !a->set)
		diag_error(d, w->mark.line ? w->mark.line : check.line,
			   w->mark.line ? w->mark.col : check.col,
			   _("'when: after' needs 'after', the event to look after"));
	if (w->i != 2 && a->set)
		diag_error(d, a->mark.line, a->mark.col, _("'after' goes with 'when: after'"));
	if (a->ev && a->ev->who == WHO_EVERY)
		diag_error(d, a->mark.line, a->mark.col,
			   _("an event selector's 'who' cannot be 'every'"));
}

static const struct param_schema rules_sem_value_params[] = {
	{ "value", PARAM_INT, true, NULL, NULL, 0, 32767, "the value the semaphore must have" },
	{ "semnum", PARAM_INT, false, "0", NULL, 0, 65535, "which semaphore of the set" },
	{ "when", PARAM_ENUM, false, "end", rules_sem_whens, 0, 0,
	  "start (as first initialised, or as the precondition made it), end (when the run ended, "
	  "or when the set was removed) or after (right after the event 'after')" },
	{ "after", PARAM_EVENT, false, NULL, NULL, 0, 0,
	  "with when: after, the event (which defaults to last)" },
	{ "key", PARAM_KEY, false, NULL, NULL, 0, 0,
	  "the set with this key, a precondition's too (default: every set the run created)" },
};

const struct rule rules_sem[] = {
	{ "semaphore_ops",
	  "semaphore operations: which semaphore, up or down, by whom, in what order",
	  rules_sem_ops_params, ARRAY_SIZE(rules_sem_ops_params), NULL, rules_sem_ops_validate,
	  rules_sem_ops_run },
	{ "semaphore_value", "a semaphore's value at the start, at the end, or after an event",
	  rules_sem_value_params, ARRAY_SIZE(rules_sem_value_params), NULL,
	  rules_sem_value_validate, rules_sem_value_run },
};
const size_t rules_sem_count = ARRAY_SIZE(rules_sem);
