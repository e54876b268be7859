/*
 * rules_race.c - the note on a check that failed on a perturbed schedule
 * (rules_race.h).
 */
#include "graders/rules/rules_race.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>

#include "graders/rules/rules_names.h"
#include "graders/rules/rules_util.h"
#include "harness/record_reap.h"
#include "harness/xlat.h"
#include "util/xalloc.h"

/* Rules about what the program computed or when it ended: what a race
 * changes. (Which calls a program makes does not depend on the schedule
 * in lab programs; their evidence gets no note.) */
static const char *const rules_race_sensitive[] = {
	"output",   "exit_status", "no_signal",	      "semaphore_value",
	"messages", "ordering",	   "children_waited", "printed_matches_kernel",
	NULL,
};

/* New orders described at most (a bound on the work, not on the truth). */
#define RACE_MAX_NEW 256
/* Steps of the others listed in the description. */
#define RACE_MAX_LISTED 4

bool rules_race_wants_control(const struct rule_params *p, const struct run_record *failed)
{
	size_t i;

	if (!failed || !failed->perturbed || !p || !p->rule)
		return false;
	for (i = 0; rules_race_sensitive[i]; i++)
		if (!strcmp(rules_race_sensitive[i], p->rule->name))
			return true;
	return false;
}

/* s as one shell word: as is when it is plain, else in single quotes. */
static char *rules_race_shell_word(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			     "_-./,+=:@");
	char *out, *o;

	if (s[n] == '\0' && n > 0)
		return xstrdup(s);
	out = o = xmalloc(strlen(s) * 4 + 3);
	*o++ = '\'';
	for (; *s; s++) {
		if (*s == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = *s;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return out;
}

/* ---- steps and their order ------------------------------------------------ */

static uint64_t rules_race_mix(uint64_t h, long long v)
{
	size_t i;

	for (i = 0; i < sizeof(v); i++) {
		h ^= (uint64_t)((unsigned long long)v >> (8 * i)) & 0xff;
		h *= 0x100000001b3ULL; /* FNV-1a */
	}
	return h;
}

/* A process's role: its program and how deep in the program's tree of
 * processes it is (0: the process the harness started, 1: a child...).
 * Children of one parent share it. */
static long long rules_race_role(const struct run_record *rec, pid_t pid)
{
	const struct process *pr = rules_proc(rec, pid);
	long long depth = 0;

	if (!pr)
		return -1;
	while (depth < 16 && !rules_is_parent(rec, pr) && (pr = rules_proc(rec, pr->ppid)))
		depth++;
	return (long long)rules_proc(rec, pid)->program * 32 + depth;
}

/* What a step is, as a number: the call, whether it failed, and what
 * tells two calls of one kind apart in a lab program (the semaphore
 * operations, the command, the message type) and the role of the
 * process that made it. Never which pid or object: rules_race.h says why. */
static uint64_t rules_race_sig(const struct run_record *rec, const struct event *ev)
{
	enum ipc_call call = ev->call == CALL_SEMTIMEDOP ? CALL_SEMOP : ev->call;
	uint64_t h = rules_race_mix(0xcbf29ce484222325ULL, call);
	size_t i;

	h = rules_race_mix(h, rules_race_role(rec, ev->pid));
	h = rules_race_mix(h, ev->err != 0);
	switch (call) {
	case CALL_SEMOP:
		for (i = 0; i < ev->nsops_read && i < EVENT_MAX_SOPS; i++) {
			h = rules_race_mix(h, ev->sops[i].sem_num);
			h = rules_race_mix(h, ev->sops[i].sem_op);
			h = rules_race_mix(h, (ev->sops[i].sem_flg & IPC_NOWAIT) != 0);
		}
		break;
	case CALL_SHMCTL:
	case CALL_SEMCTL:
	case CALL_MSGCTL: h = rules_race_mix(h, rules_ctl_cmd(ev)); break;
	case CALL_MSGSND: h = rules_race_mix(h, rules_event_num(ev, "mtype", -1)); break;
	case CALL_MSGRCV: h = rules_race_mix(h, ev->msgtyp); break;
	default: break;
	}
	return h;
}

/* When a step took effect (rules_event_when), a wait when it returned:
 * it reaps then. */
static struct rules_when rules_race_when(const struct event *ev)
{
	if (record_is_wait(ev->call) && !ev->blocked && ev->ret_seq)
		return (struct rules_when){ ev->seq_at_return, 1, ev->ret_seq };
	return rules_event_when(ev);
}

/* A record's events in the order they took effect. */
struct rules_race_order {
	const struct run_record *rec;
	uint64_t *sig;	 /* rules_race_sig() of each event */
	size_t *by_when; /* event indexes */
	size_t *pos;	 /* pos[i]: where event i is in by_when */
};

/* qsort() takes no argument: the record being sorted. */
static const struct run_record *rules_race_sort_rec;

static int rules_race_cmp(const void *a, const void *b)
{
	const struct event *x = &rules_race_sort_rec->events[*(const size_t *)a];
	const struct event *y = &rules_race_sort_rec->events[*(const size_t *)b];
	int c = rules_when_cmp(rules_race_when(x), rules_race_when(y));

	return c ? c : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

static void rules_race_order_init(struct rules_race_order *o, const struct run_record *rec)
{
	size_t i;

	o->rec = rec;
	o->by_when = xcalloc(rec->nevents + 1, sizeof(*o->by_when));
	o->pos = xcalloc(rec->nevents + 1, sizeof(*o->pos));
	o->sig = xcalloc(rec->nevents + 1, sizeof(*o->sig));
	for (i = 0; i < rec->nevents; i++) {
		o->by_when[i] = i;
		o->sig[i] = rules_race_sig(rec, &rec->events[i]);
	}
	rules_race_sort_rec = rec;
	qsort(o->by_when, rec->nevents, sizeof(*o->by_when), rules_race_cmp);
	for (i = 0; i < rec->nevents; i++)
		o->pos[o->by_when[i]] = i;
}

static void rules_race_order_release(struct rules_race_order *o)
{
	free(o->by_when);
	free(o->pos);
	free(o->sig);
}

/* The next step of a's process after event index a, or (size_t)-1. */
static size_t rules_race_next_step(const struct run_record *rec, size_t a)
{
	size_t i;

	for (i = a + 1; i < rec->nevents; i++)
		if (rec->events[i].pid == rec->events[a].pid)
			return i;
	return (size_t)-1;
}

/*
 * Call fn on every step e of another process in the window of step a
 * (after a took effect, before its process's next step started, or up to
 * the end of the run after its last step): in the order they took effect.
 * Stops early when fn returns false.
 */
typedef bool (*rules_race_window_fn)(void *arg, size_t a, size_t e);

static void rules_race_window(const struct rules_race_order *o, size_t a, rules_race_window_fn fn,
			      void *arg)
{
	const struct run_record *rec = o->rec;
	size_t b = rules_race_next_step(rec, a), k;
	struct rules_when end;

	if (rec->events[a].blocked)
		return;
	/* After a process's last step, its window runs to the end of the
	 * run: the others went on without it. */
	end = b == (size_t)-1 ? (struct rules_when){ (unsigned long)-1, 0, 0 }
			      : (struct rules_when){ rec->events[b].seq, 0, 0 };
	for (k = o->pos[a] + 1; k < rec->nevents; k++) {
		const struct event *e = &rec->events[o->by_when[k]];

		if (rules_when_cmp(rules_race_when(e), end) >= 0)
			break;
		if (e->pid == rec->events[a].pid || e->blocked)
			continue;
		if (!fn(arg, a, o->by_when[k]))
			return;
	}
}

static uint64_t rules_race_pair(const struct rules_race_order *o, size_t a, size_t e)
{
	return rules_race_mix(o->sig[a], (long long)o->sig[e]);
}

/* The pairs (a step, a step of another process in its window) of a run,
 * each once per window it is in. */
struct rules_race_pairs {
	const struct rules_race_order *o;
	uint64_t *v;
	size_t n, alloc;
	size_t win_a, win_start; /* the window being collected: v[win_start..n) */
};

static bool rules_race_pairs_add(void *arg, size_t a, size_t e)
{
	struct rules_race_pairs *ps = arg;
	uint64_t h = rules_race_pair(ps->o, a, e);
	size_t i;

	if (ps->win_a != a || !ps->n) {
		ps->win_a = a;
		ps->win_start = ps->n;
	}
	for (i = ps->win_start; i < ps->n; i++)
		if (ps->v[i] == h)
			return true;
	if (ps->n == ps->alloc) {
		ps->alloc = ps->alloc ? 2 * ps->alloc : 256;
		ps->v = xrealloc(ps->v, ps->alloc, sizeof(*ps->v));
	}
	ps->v[ps->n++] = h;
	return true;
}

static int rules_race_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void rules_race_pairs_collect(const struct run_record *rec, struct rules_race_pairs *ps)
{
	struct rules_race_order o;
	size_t a;

	memset(ps, 0, sizeof(*ps));
	rules_race_order_init(&o, rec);
	ps->o = &o;
	for (a = 0; a < rec->nevents; a++)
		rules_race_window(&o, a, rules_race_pairs_add, ps);
	ps->o = NULL; /* o ends here */
	rules_race_order_release(&o);
	if (ps->n)
		qsort(ps->v, ps->n, sizeof(*ps->v), rules_race_u64_cmp);
}

/* In how many windows of the collected run the pair h is. */
static size_t rules_race_pairs_count(const struct rules_race_pairs *ps, uint64_t h)
{
	size_t lo = 0, hi = ps->n, mid, n = 0;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ps->v[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + n < ps->n && ps->v[lo + n] == h)
		n++;
	return n;
}

/* A pair of the perturbed run, how often it and the control have it. */
struct rules_race_new {
	uint64_t pair;
	size_t count, control; /* windows it is in, here and in the control */
	size_t a, e;	       /* its first occurrence */
};

struct rules_race_search {
	struct rules_race_pairs here; /* collected as rules_race_pairs_add does */
	struct rules_race_new found[RACE_MAX_NEW];
	size_t nfound;
};

static bool rules_race_search_add(void *arg, size_t a, size_t e)
{
	struct rules_race_search *s = arg;
	size_t n = s->here.n, i;
	uint64_t h;

	rules_race_pairs_add(&s->here, a, e);
	if (s->here.n == n)
		return true; /* already in this window */
	h = s->here.v[n];
	for (i = 0; i < s->nfound; i++)
		if (s->found[i].pair == h) {
			s->found[i].count++;
			return true;
		}
	if (s->nfound < RACE_MAX_NEW)
		s->found[s->nfound++] = (struct rules_race_new){ h, 1, 0, a, e };
	return true;
}

/*
 * The order to describe: of the pairs rec has more often than control,
 * the one with the most more (the first, in the order steps took effect,
 * on a tie); its control count says whether control never had it.
 * Returns false when control has every pair of rec as often or more.
 */
static bool rules_race_find_new(const struct run_record *rec, const struct run_record *control,
				struct rules_race_new *out)
{
	struct rules_race_pairs old;
	struct rules_race_search *s = xcalloc(1, sizeof(*s));
	struct rules_race_order o;
	size_t i, best = (size_t)-1;

	rules_race_pairs_collect(control, &old);
	rules_race_order_init(&o, rec);
	s->here.o = &o;
	/* Windows in the order their steps took effect: "first" means that. */
	for (i = 0; i < rec->nevents; i++)
		rules_race_window(&o, o.by_when[i], rules_race_search_add, s);
	rules_race_order_release(&o);
	for (i = 0; i < s->nfound; i++) {
		struct rules_race_new *f = &s->found[i];

		f->control = rules_race_pairs_count(&old, f->pair);
		if (f->count > f->control &&
		    (best == (size_t)-1 ||
		     f->count - f->control > s->found[best].count - s->found[best].control))
			best = i;
	}
	if (best != (size_t)-1)
		*out = s->found[best];
	free(old.v);
	free(s->here.v);
	free(s);
	return best != (size_t)-1;
}

/* ---- words ------------------------------------------------------------------- */

/* A step as the report writes it: "semop(set 0: sem 1 -1)",
 * "semctl(set 0, SETALL)", "fork"; malloc'ed. */
static char *rules_race_step_text(const struct event *ev, enum lang lang)
{
	bool es = lang == LANG_ES;
	const char *name = ipc_call_name(ev->call == CALL_SEMTIMEDOP ? CALL_SEMOP : ev->call);
	const struct event_arg *cmd = rules_event_arg(ev, "cmd");
	char buf[256], *out;
	size_t i, len;

	switch (ev->call) {
	case CALL_SEMOP:
	case CALL_SEMTIMEDOP:
		len = (size_t)snprintf(buf, sizeof(buf), es ? "semop(conjunto %d" : "semop(set %d",
				       ev->id);
		for (i = 0; i < ev->nsops_read && i < 4 && len < sizeof(buf) - 32; i++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%ssem %u %+d",
						i ? ", " : ": ", ev->sops[i].sem_num,
						ev->sops[i].sem_op);
		snprintf(buf + len, sizeof(buf) - len, "%s)", ev->nsops_read > 4 ? ", ..." : "");
		break;
	case CALL_SEMCTL:
	case CALL_SHMCTL:
	case CALL_MSGCTL:
		snprintf(buf, sizeof(buf), "%s(%s %d, %s)", name,
			 ev->call == CALL_SEMCTL   ? (es ? "conjunto" : "set")
			 : ev->call == CALL_SHMCTL ? "shmid"
						   : (es ? "cola" : "queue"),
			 ev->id, cmd && cmd->str ? cmd->str : "?");
		break;
	case CALL_SHMAT: snprintf(buf, sizeof(buf), "shmat(shmid %d)", ev->id); break;
	case CALL_MSGSND:
		snprintf(buf, sizeof(buf),
			 es ? "msgsnd(cola %d, tipo %lld)" : "msgsnd(queue %d, type %lld)", ev->id,
			 rules_event_num(ev, "mtype", 0));
		break;
	case CALL_MSGRCV:
		snprintf(buf, sizeof(buf),
			 es ? "msgrcv(cola %d, msgtyp %lld)" : "msgrcv(queue %d, msgtyp %lld)",
			 ev->id, ev->msgtyp);
		break;
	default: snprintf(buf, sizeof(buf), "%s", name); break;
	}
	if (ev->err) {
		const char *en = xlat_errno_name(ev->err);

		out = xasprintf(es ? "%s (falló con %s)" : "%s (failed with %s)", buf,
				en ? en : "?");
		return out;
	}
	return xstrdup(buf);
}

/* Append s to *acc (both malloc'ed; s is freed). */
static void rules_race_cat(char **acc, char *s)
{
	char *n = xasprintf("%s%s", *acc ? *acc : "", s);

	free(*acc);
	free(s);
	*acc = n;
}

/*
 * What the others did in nw's window up to its new step, in lang: "the
 * program (pid 2) made semop(...), semop(...), then the child (pid 4) made
 * exit" (the last RACE_MAX_LISTED steps, "..." before them when more).
 */
struct rules_race_listing {
	const struct rules_race_new *nw;
	size_t steps[64];
	size_t n, total;
	bool reached;
};

static bool rules_race_listing_add(void *arg, size_t a, size_t e)
{
	struct rules_race_listing *l = arg;

	(void)a;
	if (l->n == sizeof(l->steps) / sizeof(l->steps[0])) {
		memmove(l->steps, l->steps + 1, (l->n - 1) * sizeof(l->steps[0]));
		l->n--;
	}
	l->steps[l->n++] = e;
	l->total++;
	l->reached = e == l->nw->e;
	return !l->reached;
}

static char *rules_race_others_text(const struct run_record *rec,
				    const struct rules_race_listing *l, enum lang lang)
{
	bool es = lang == LANG_ES;
	size_t first = l->n > RACE_MAX_LISTED ? l->n - RACE_MAX_LISTED : 0, k;
	pid_t who = 0;
	char *acc = NULL;

	for (k = first; k < l->n; k++) {
		const struct event *ev = &rec->events[l->steps[k]];

		if (k == first || ev->pid != who) {
			char *name = rules_who(rec, ev->pid, lang);

			if (k == first)
				rules_race_cat(
					&acc, xasprintf(es ? "%s hizo %s" : "%s made %s", name,
							l->total > RACE_MAX_LISTED ? "..., " : ""));
			else
				rules_race_cat(&acc, xasprintf(es ? ", y luego %s hizo "
								  : ", then %s made ",
							       name));
			free(name);
			who = ev->pid;
		} else {
			rules_race_cat(&acc, xstrdup(", "));
		}
		rules_race_cat(&acc, rules_race_step_text(ev, lang));
	}
	return acc ? acc : xstrdup("");
}

/* " In that schedule X had just made Y when, before its next step, Z: an
 * order the unperturbed run never took (N times in this run)" ("an order
 * this run took N times and the unperturbed run only M"; "after X made Y,
 * its last step, Z: ..."). */
static void rules_race_describe(const struct run_record *rec, const struct rules_race_order *o,
				const struct rules_race_new *nw, struct rule_result *out)
{
	struct rules_race_listing l = { .nw = nw };
	int lang;

	rules_race_window(o, nw->a, rules_race_listing_add, &l);
	if (!l.reached)
		return; /* cannot happen: the pair was found in this window */
	for (lang = 0; lang < LANG_COUNT; lang++) {
		bool es = lang == LANG_ES;
		char *who = rules_who(rec, rec->events[nw->a].pid, (enum lang)lang);
		char *step = rules_race_step_text(&rec->events[nw->a], (enum lang)lang);
		char *others = rules_race_others_text(rec, &l, (enum lang)lang);
		char order[160];
		char *msg;

		if (nw->control)
			snprintf(
				order, sizeof(order),
				es ? "un orden que esta ejecución tomó %zu veces y la ejecución sin "
				     "perturbar solo %zu"
				   : "an order this run took %zu times and the unperturbed run only %zu",
				nw->count, nw->control);
		else if (nw->count > 1)
			snprintf(
				order, sizeof(order),
				es ? "un orden que la ejecución sin perturbar nunca tomó (%zu veces "
				     "en esta ejecución)"
				   : "an order the unperturbed run never took (%zu times in this run)",
				nw->count);
		else
			snprintf(order, sizeof(order), "%s",
				 es ? "un orden que la ejecución sin perturbar nunca tomó"
				    : "an order the unperturbed run never took");
		if (rules_race_next_step(rec, nw->a) == (size_t)-1)
			msg = xasprintf(
				es ? "%s En ese orden, después de que %s hiciera %s, su "
				     "último paso, %s: %s"
				   : "%s In that schedule, after %s made %s, its last step, "
				     "%s: %s",
				out->msg[lang] ? out->msg[lang] : "", who, step, others, order);
		else
			msg = xasprintf(es ? "%s En ese orden %s acababa de hacer %s cuando, antes "
					     "de su siguiente paso, %s: %s"
					   : "%s In that schedule %s had just made %s when, before "
					     "its next step, %s: %s",
					out->msg[lang] ? out->msg[lang] : "", who, step, others,
					order);
		free(out->msg[lang]);
		out->msg[lang] = msg;
		free(who);
		free(step);
		free(others);
	}
}

/* The control passed: the race claim, then what happened. */
static void rules_race_note_passed(const struct run_record *rec, const struct run_record *control,
				   struct rule_result *out)
{
	struct rules_race_new nw;
	struct rules_race_order o;

	rules_result_suffix(
		out,
		" [con el orden de ejecución de la semilla %llu esta comprobación "
		"falló, y una ejecución sin perturbar del mismo programa la superó: el "
		"resultado depende probablemente del orden en que se ejecutaron los "
		"procesos (una carrera).",
		" [with the schedule of seed %llu this check failed, and an unperturbed "
		"run of the same program passed it: the result likely depends on the "
		"order in which the processes ran (a race).",
		rec->seed);
	if (control && rules_race_find_new(rec, control, &nw)) {
		rules_race_order_init(&o, rec);
		rules_race_describe(rec, &o, &nw, out);
		rules_race_order_release(&o);
		if (rec->preemptions)
			rules_result_suffix(out,
					    "; el corrector además le quitó la CPU a un proceso en "
					    "código sin llamadas al sistema %lu veces",
					    "; the grader also preempted a process inside code "
					    "without system calls %lu times",
					    rec->preemptions);
		return;
	}
	rules_result_suffix(
		out,
		" Cada orden de dos pasos de procesos distintos de esta ejecución se dio "
		"también, y tan a menudo, en la ejecución sin perturbar; el corrector "
		"cambió de proceso %lu veces",
		" Every order of two steps of different processes in this run also "
		"occurred, as often, in the unperturbed run; the grader switched processes "
		"%lu times",
		rec->switches);
	if (rec->preemptions)
		rules_result_suffix(out,
				    ", %lu de ellas quitándole la CPU a un proceso en código sin "
				    "llamadas al sistema",
				    ", %lu of them preempting a process inside code without system "
				    "calls",
				    rec->preemptions);
}

void rules_race_note(const struct rule_ctx *ctx, const struct rule_params *p,
		     const struct rule_run *run, const struct rules_race_control *ctl,
		     struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	char *ex, *sub;

	if (!rules_race_wants_control(p, rec))
		return;
	ex = rules_race_shell_word(ctx->ex && ctx->ex->path ? ctx->ex->path : "EXERCISE.yaml");
	sub = rules_race_shell_word(ctx->submission ? ctx->submission : "SUBMISSION");
	if (ctl && ctl->outcome == RACE_CONTROL_PASSED) {
		rules_race_note_passed(rec, ctl->rec, out);
		rules_result_suffix(out, "; para repetirlo: shmgrade check %s %s --seed %llu]",
				    "; replay it: shmgrade check %s %s --seed %llu]", ex, sub,
				    rec->seed);
	} else if (ctl && ctl->outcome == RACE_CONTROL_FAILED) {
		rules_result_suffix(
			out,
			" [con el orden de ejecución de la semilla %llu; una ejecución "
			"sin perturbar del mismo programa tampoco superó esta "
			"comprobación: el error se ve sin perturbar el orden; para "
			"repetirlo: shmgrade check %s %s --seed %llu]",
			" [with the schedule of seed %llu; an unperturbed run of the same "
			"program failed this check too: the mistake shows without "
			"perturbing the schedule; replay it: shmgrade check %s %s --seed "
			"%llu]",
			rec->seed, ex, sub, rec->seed);
	} else {
		rules_result_suffix(
			out,
			" [con el orden de ejecución de la semilla %llu: el corrector retuvo y "
			"alternó los procesos (%lu cambios, %lu por tiempo) para sacar a la luz "
			"carreras que sin ello salen solo a veces; no se pudo hacer una ejecución "
			"sin perturbar con la que comparar%s%s%s; para repetirlo: shmgrade check "
			"%s %s --seed %llu]",
			" [with the schedule of seed %llu: the grader held and interleaved the "
			"processes (%lu switches, %lu by time) to bring out races that otherwise "
			"show only now and then; no unperturbed run to compare with could be "
			"made%s%s%s; replay it: shmgrade check %s %s --seed %llu]",
			rec->seed, rec->switches, rec->preemptions, ctl && ctl->why ? " (" : "",
			ctl && ctl->why ? ctl->why : "", ctl && ctl->why ? ")" : "", ex, sub,
			rec->seed);
	}
	free(ex);
	free(sub);
}
