/*
 * rules_util.c - helpers shared by the rule families (see rules_util.h).
 */
#include "graders/rules/rules_util.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "graders/rules/rules_evidence.h"
#include "graders/rules/rules_limit.h"
#include "harness/cnum.h"
#include "harness/xalloc.h"
#include "harness/xlat.h"

#define RULES_IPC_64 0x100

void rules_result_prefix(struct rule_result *r, const char *es, const char *en, ...)
{
	va_list ap;
	const char *fmt[LANG_COUNT] = { [LANG_ES] = es, [LANG_EN] = en };
	char *pre, *msg;
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		va_start(ap, en);
		if (cnum_vasprintf(&pre, fmt[l], ap) < 0)
			pre = xstrdup("");
		va_end(ap);
		msg = xasprintf("%s%s", pre, r->msg[l] ? r->msg[l] : "");
		free(pre);
		free(r->msg[l]);
		r->msg[l] = msg;
	}
}

enum rule_verdict rules_each_run(const struct rule_ctx *ctx, const struct rule_params *p,
				 struct rule_result *out, rule_run_fn fn)
{
	const struct rule_run *run;
	enum rule_verdict v;
	size_t i;

	if (!ctx->nruns) {
		rule_result_set(out, "no hay ninguna ejecución que examinar",
				"there is no run to look at");
		return RULE_ERROR;
	}
	for (i = 0; i < ctx->nruns; i++) {
		run = &ctx->runs[i];
		if (run->rec->status == RUN_INTERNAL_ERROR) {
			rule_result_set(out, "el corrector falló: %s", "the grader failed: %s",
					run->rec->message ? run->rec->message : "internal error");
			v = RULE_ERROR;
		} else {
			v = fn(ctx, run, p, out);
		}
		if (v == RULE_PASS)
			continue;
		if (v == RULE_FAIL) {
			rules_fail_kinds(run, out);
			rules_limit_explain(run, p->rule ? p->rule->name : NULL, out);
			evidence_add_context(out, run->rec);
		}
		if (ctx->nruns > 1 || (run->spec && run->spec->repeat > 1))
			rules_result_prefix(out, "ejecución '%s' nº %u: ", "run '%s' #%u: ",
					    run->spec ? run->spec->id : "?", run->repetition + 1);
		return v;
	}
	if (ctx->nruns > 1)
		rules_result_prefix(out,
				    "en las %zu ejecuciones: ", "in all %zu runs: ", ctx->nruns);
	return RULE_PASS;
}

/* ---- parameters ------------------------------------------------------------- */

long long rules_int(const struct rule_params *p, const char *name, long long dflt)
{
	const struct param_value *v = rule_param(p, name);

	return v->set ? v->i : dflt;
}

bool rules_bool(const struct rule_params *p, const char *name, bool dflt)
{
	const struct param_value *v = rule_param(p, name);

	return v->set ? v->i != 0 : dflt;
}

const char *rules_str(const struct rule_params *p, const char *name)
{
	const struct param_value *v = rule_param(p, name);

	return v->set ? v->s : NULL;
}

bool rules_set(const struct rule_params *p, const char *name)
{
	return rule_param(p, name)->set;
}

/* ---- processes -------------------------------------------------------------- */

const struct process *rules_proc(const struct run_record *rec, pid_t pid)
{
	size_t i;

	for (i = 0; i < rec->nprocesses; i++)
		if (rec->processes[i].pid == pid)
			return &rec->processes[i];
	return NULL;
}

bool rules_is_parent(const struct run_record *rec, const struct process *proc)
{
	size_t i;

	for (i = 0; i < rec->noutputs; i++)
		if (rec->outputs[i].pid && rec->outputs[i].pid == proc->pid)
			return true;
	/* Without outputs (hand-made records), a process whose parent is not
	 * one of the program's is a program's first process. */
	return rec->noutputs == 0 && !rules_proc(rec, proc->ppid);
}

long rules_proc_prog(const struct rule_run *run, const struct process *proc)
{
	if (proc->program < 0)
		return -1;
	if (!run->spec)
		return proc->program;
	if ((size_t)proc->program >= run->spec->nprograms)
		return -1;
	return (long)run->spec->programs[proc->program].prog;
}

bool rules_is_creator(const struct run_record *rec, pid_t pid)
{
	size_t i;

	for (i = 0; i < rec->nsegments; i++)
		if (rules_segment_ours(&rec->segments[i]) && rec->segments[i].creator_pid == pid)
			return true;
	for (i = 0; i < rec->nsemaphores; i++)
		if (!rec->semaphores[i].precondition && rec->semaphores[i].creator_pid == pid)
			return true;
	for (i = 0; i < rec->nqueues; i++)
		if (!rec->queues[i].precondition && rec->queues[i].creator_pid == pid)
			return true;
	return false;
}

bool rules_who_match(const struct rule_run *run, pid_t pid, enum who who, long prog)
{
	const struct process *proc = rules_proc(run->rec, pid);

	if (!proc)
		return (who == WHO_ANY || who == WHO_EVERY) && prog < 0;
	if (prog >= 0 && rules_proc_prog(run, proc) != prog)
		return false;
	switch (who) {
	case WHO_PARENT: return rules_is_parent(run->rec, proc);
	case WHO_CHILD: return !rules_is_parent(run->rec, proc);
	case WHO_CREATOR: return rules_is_creator(run->rec, pid);
	default: return true;
	}
}

const struct program_output *rules_output(const struct rule_run *run, long prog)
{
	const struct run_record *rec = run->rec;
	size_t k;

	if (prog < 0)
		return rec->noutputs ? &rec->outputs[0] : NULL;
	for (k = 0; k < rec->noutputs; k++) {
		long pk = (long)k;

		if (run->spec)
			pk = k < run->spec->nprograms ? (long)run->spec->programs[k].prog : -1;
		if (pk == prog)
			return &rec->outputs[k];
	}
	return NULL;
}

/* ---- events ------------------------------------------------------------------ */

bool rules_call_match(const struct event *ev, enum ipc_call call)
{
	return ev->call == call || (call == CALL_SEMOP && ev->call == CALL_SEMTIMEDOP);
}

bool rules_event_ok(const struct event *ev)
{
	if (ev->call == CALL_FORK || ev->call == CALL_EXEC || ev->call == CALL_EXIT)
		return true;
	return ev->err == 0 && ev->result != -1;
}

bool rules_event_may_wait(const struct event *ev)
{
	size_t i;

	if (ev->call == CALL_MSGRCV)
		return !(ev->raw[4] & IPC_NOWAIT);
	if (ev->call != CALL_SEMOP && ev->call != CALL_SEMTIMEDOP)
		return false;
	if (!ev->nsops_read)
		return true; /* the operations could not be read */
	for (i = 0; i < ev->nsops_read; i++)
		if (ev->sops[i].sem_op <= 0 && !(ev->sops[i].sem_flg & IPC_NOWAIT))
			return true;
	return false;
}

struct rules_when rules_event_when(const struct event *ev)
{
	if (ev->blocked)
		return (struct rules_when){ (unsigned long)-1, 1, (unsigned long)-1 };
	if (!rules_event_may_wait(ev))
		return (struct rules_when){ ev->seq, 0, 0 };
	if (!ev->ret_seq)
		return (struct rules_when){ ev->seq, 1, 0 }; /* made by hand */
	return (struct rules_when){ ev->seq_at_return, 1, ev->ret_seq };
}

int rules_when_cmp(struct rules_when a, struct rules_when b)
{
	if (a.seq != b.seq)
		return a.seq < b.seq ? -1 : 1;
	if (a.ret != b.ret)
		return a.ret < b.ret ? -1 : 1;
	if (a.ret_seq != b.ret_seq)
		return a.ret_seq < b.ret_seq ? -1 : 1;
	return 0;
}

const struct event_arg *rules_event_arg(const struct event *ev, const char *name)
{
	size_t i;

	for (i = 0; i < ev->nargs && i < EVENT_MAX_ARGS; i++)
		if (ev->args[i].name && !strcmp(ev->args[i].name, name))
			return &ev->args[i];
	return NULL;
}

long long rules_event_num(const struct event *ev, const char *name, long long dflt)
{
	const struct event_arg *a = rules_event_arg(ev, name);

	return a && (a->kind == ARG_INT || a->kind == ARG_HEX) ? a->num : dflt;
}

bool rules_parse_ll(const char *s, long long *out)
{
	char *end;

	if (!s || !*s)
		return false;
	errno = 0;
	*out = strtoll(s, &end, 0);
	return !errno && end != s && !*end;
}

/* Whether every '|' part of want is a '|' part of have. */
static bool rules_flags_subset(const char *want, const char *have)
{
	const char *w = want, *end, *h, *hend;
	size_t wl;
	bool found;

	while (*w) {
		end = strchr(w, '|');
		wl = end ? (size_t)(end - w) : strlen(w);
		found = false;
		for (h = have; *h && !found; h = *hend ? hend + 1 : hend) {
			hend = strchr(h, '|');
			if (!hend)
				hend = h + strlen(h);
			found = (size_t)(hend - h) == wl && !strncmp(h, w, wl);
		}
		if (!found)
			return false;
		w = end ? end + 1 : w + wl;
	}
	return true;
}

static bool rules_arg_match(const struct event_arg *a, const char *want)
{
	long long n;

	switch (a->kind) {
	case ARG_INT:
	case ARG_HEX:
		/* A null pointer argument (shmaddr, buf) decodes as address 0. */
		if (!strcmp(want, "NULL"))
			return a->num == 0;
		return rules_parse_ll(want, &n) && n == a->num;
	case ARG_SYM: return a->str && rules_flags_subset(want, a->str);
	case ARG_STR: return a->str && !strcmp(a->str, want);
	default: return !strcmp(want, "NULL") || !strcmp(want, "null");
	}
}

/* "precondition": the value is the id of one of the run's precondition
 * objects, whatever number the kernel gave it (0 in a fresh namespace, any
 * id on a host in fallback mode). */
static bool rules_arg_is_pre(const struct event_arg *a, const struct run_record *rec)
{
	size_t i;

	if (!rec || (a->kind != ARG_INT && a->kind != ARG_HEX))
		return false;
	for (i = 0; i < rec->pre.n; i++)
		if (rec->pre.items[i].id == a->num)
			return true;
	return false;
}

/* A key argument: IPC_PRIVATE is 0; an ftok key is the one its file gave
 * in this run's directory before the run (as the key parameters of rules). */
static bool rules_arg_key(const struct rule_run *run, const struct event_arg *a,
			  const struct key_spec *k)
{
	long long key;
	int r;

	if (a->kind != ARG_INT && a->kind != ARG_HEX)
		return false;
	if (k->kind == KEY_FTOK && !run)
		return false;
	if (k->kind == KEY_FTOK)
		r = run->files ? exercise_key_resolve_ident(k, run->spec, run->files, &key)
			       : exercise_key_resolve(k, run->dir, &key);
	else
		r = exercise_key_resolve(k, NULL, &key);
	return r == 0 && key_equal(key, a->num);
}

/* semop's sem_num, sem_op and sem_flg: one operation of the call has them
 * all (an operation is not an argument of its own). */
static bool rules_sop_arg(const char *name)
{
	return !strcmp(name, "sem_num") || !strcmp(name, "sem_op") || !strcmp(name, "sem_flg");
}

static bool rules_sop_match(const struct event_sop *o, const struct param_arg *arg)
{
	long long n;
	char *flg;
	bool ok;

	if (!strcmp(arg->name, "sem_flg")) {
		flg = xlat_flags(xlat_sem_flags, (unsigned short)o->sem_flg, false);
		ok = rules_flags_subset(arg->value, flg);
		free(flg);
		return ok;
	}
	if (!rules_parse_ll(arg->value, &n))
		return false;
	return n == (!strcmp(arg->name, "sem_num") ? (long long)o->sem_num : (long long)o->sem_op);
}

static bool rules_sops_match(const struct event *ev, const struct param_arg *args, size_t nargs)
{
	size_t i, j;
	bool ok, any = false;

	for (i = 0; i < nargs; i++)
		any = any || rules_sop_arg(args[i].name);
	if (!any)
		return true;
	if (ev->call != CALL_SEMOP && ev->call != CALL_SEMTIMEDOP)
		return false;
	for (j = 0; j < ev->nsops_read; j++) {
		ok = true;
		for (i = 0; i < nargs && ok; i++)
			if (rules_sop_arg(args[i].name))
				ok = rules_sop_match(&ev->sops[j], &args[i]);
		if (ok)
			return true;
	}
	return false;
}

bool rules_args_match(const struct rule_run *run, const struct event *ev,
		      const struct param_arg *args, size_t nargs)
{
	const struct run_record *rec = run ? run->rec : NULL;
	const struct event_arg *a;
	size_t i;

	if (!rules_sops_match(ev, args, nargs))
		return false;
	for (i = 0; i < nargs; i++) {
		if (rules_sop_arg(args[i].name))
			continue;
		a = rules_event_arg(ev, args[i].name);
		if (!a)
			return false;
		if (args[i].key.kind != KEY_UNSET	     ? !rules_arg_key(run, a, &args[i].key)
		    : !strcmp(args[i].value, "precondition") ? !rules_arg_is_pre(a, rec)
							     : !rules_arg_match(a, args[i].value))
			return false;
	}
	return true;
}

bool rules_selector_match(const struct rule_run *run, const struct event *ev,
			  const struct event_selector *sel)
{
	if (!rules_call_match(ev, sel->call))
		return false;
	if (!rules_who_match(run, ev->pid, sel->who, sel->prog))
		return false;
	if (sel->result == SEL_OK && !rules_event_ok(ev))
		return false;
	if (sel->result == SEL_ERROR && rules_event_ok(ev))
		return false;
	if (sel->errno_name) {
		const char *name = ev->err ? strerrorname_np(ev->err) : NULL;

		if (!name || strcmp(name, sel->errno_name))
			return false;
	}
	return rules_args_match(run, ev, sel->args, sel->nargs);
}

char *rules_selector_desc(const struct event_selector *sel)
{
	char *s = xstrdup(ipc_call_name(sel->call)), *t;
	size_t i;

	for (i = 0; i < sel->nargs; i++) {
		t = xasprintf("%s%s%s=%s", s, i ? ", " : "(", sel->args[i].name,
			      sel->args[i].value);
		free(s);
		s = t;
	}
	if (sel->nargs) {
		t = xasprintf("%s)", s);
		free(s);
		s = t;
	}
	if (sel->who != WHO_ANY) {
		t = xasprintf("%s [%s]", s, who_name(sel->who));
		free(s);
		s = t;
	}
	return s;
}

long long rules_ctl_cmd(const struct event *ev)
{
	long long raw;

	switch (ev->call) {
	case CALL_SHMCTL:
	case CALL_MSGCTL: raw = ev->raw[1]; break;
	case CALL_SEMCTL: raw = ev->raw[2]; break;
	default: return -1;
	}
	return (long long)((unsigned)raw & ~(unsigned)RULES_IPC_64);
}

bool rules_segment_ours(const struct segment *s)
{
	return !s->precondition;
}

/* ---- attachments ----------------------------------------------------------------- */

struct rules_att {
	int shmid;
	bool ro;
};

struct rules_space {
	struct rules_att *v;
	size_t n, alloc;
};

static long rules_proc_index(const struct run_record *rec, pid_t pid)
{
	size_t i;

	for (i = 0; i < rec->nprocesses; i++)
		if (rec->processes[i].pid == pid)
			return (long)i;
	return -1;
}

static void rules_space_add(struct rules_space *s, int shmid, bool ro)
{
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 4;
		s->v = xrealloc(s->v, s->alloc, sizeof(*s->v));
	}
	s->v[s->n].shmid = shmid;
	s->v[s->n++].ro = ro;
}

static void rules_space_del(struct rules_space *s, int shmid)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].shmid == shmid) {
			s->v[i] = s->v[--s->n];
			return;
		}
}

static void rules_attach_event(const struct run_record *rec, const struct event *ev, int shmid,
			       struct rules_space *sp, unsigned *flags)
{
	long pi = rules_proc_index(rec, ev->pid), ci;
	long long id;
	bool ro;
	size_t i;

	if (pi < 0)
		return;
	if (ev->call == CALL_SHMAT && rules_event_ok(ev)) {
		id = rules_event_num(ev, "shmid", ev->raw[0]);
		ro = (ev->raw[2] & SHM_RDONLY) != 0;
		if (shmid >= 0 && id != shmid)
			return;
		rules_space_add(&sp[pi], (int)id, ro);
		flags[pi] |= ATT_DIRECT | (ro ? ATT_RO : ATT_RW);
	} else if (ev->call == CALL_SHMDT && rules_event_ok(ev)) {
		rules_space_del(&sp[pi], ev->shmdt_shmid);
	} else if (ev->call == CALL_EXEC) {
		sp[pi].n = 0;
	} else if (ev->call == CALL_FORK && !ev->clone_thread &&
		   (ci = rules_proc_index(rec, ev->child_pid)) >= 0 && ci != pi) {
		for (i = 0; i < sp[pi].n; i++) {
			rules_space_add(&sp[ci], sp[pi].v[i].shmid, sp[pi].v[i].ro);
			flags[ci] |= ATT_INHERITED | (sp[pi].v[i].ro ? ATT_RO : ATT_RW);
		}
	}
}

void rules_attach_follow(const struct run_record *rec, int shmid, unsigned *flags)
{
	struct rules_space *sp = xcalloc(rec->nprocesses + 1, sizeof(*sp));
	size_t i;

	memset(flags, 0, rec->nprocesses * sizeof(*flags));
	for (i = 0; i < rec->nevents; i++)
		rules_attach_event(rec, &rec->events[i], shmid, sp, flags);
	for (i = 0; i < rec->nprocesses; i++)
		free(sp[i].v);
	free(sp);
}

char *rules_snippet(const char *s, size_t max)
{
	char *out = xmalloc(2 * max + 8), *o = out;
	size_t i;

	for (i = 0; s && s[i] && i < max; i++) {
		if (s[i] == '\n' || s[i] == '\t') {
			*o++ = '\\';
			*o++ = s[i] == '\n' ? 'n' : 't';
		} else {
			*o++ = (unsigned char)s[i] < 0x20 ? '?' : s[i];
		}
	}
	if (s && s[i])
		memcpy(o, "...", 3), o += 3;
	*o = '\0';
	return out;
}

const char *rules_signal_name(int sig, char buf[32])
{
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev)
		snprintf(buf, 32, "SIG%s", abbrev);
	else
		snprintf(buf, 32, "signal %d", sig);
	return buf;
}
