/*
 * runs_load.c - load the limits and the runs of an exercise (part of the
 * exercise loader, see runs_load.h).
 */
#include "graders/load/runs_load.h"

#include <stdlib.h>
#include <string.h>

#include "graders/load/exercise_load.h"
#include "graders/load/ynode.h"
#include "graders/report/i18n.h"
#include "harness/inject.h"
#include "util/xalloc.h"
#include "harness/xlat.h"

/* ---- limits --------------------------------------------------------------- */

static const char *const runs_load_limit_keys[] = {
	"timeout", "memory", "processes", "output", "memlock", "shm_segments", "disk", NULL,
};

static void runs_load_limits(struct run_limits *l, const struct ynode *n, struct diag_list *d)
{
	const struct ynode *v;
	long long x;

	if (!n || ynode_check_map(n, "'limits'", runs_load_limit_keys, NULL, d) < 0)
		if (!n || n->kind != YNODE_MAP)
			return;
	if ((v = ynode_get(n, "timeout")))
		ynode_number(v, "'timeout'", 0.1, 600, d, &l->timeout_s);
	if ((v = ynode_get(n, "memory")) && ynode_int(v, "'memory'", 16, 16384, d, &x) == 0)
		l->memory_mib = (unsigned)x;
	if ((v = ynode_get(n, "processes")) && ynode_int(v, "'processes'", 1, 4096, d, &x) == 0)
		l->processes = (unsigned)x;
	if ((v = ynode_get(n, "output")) && ynode_int(v, "'output'", 1, 65536, d, &x) == 0)
		l->output_kib = (unsigned)x;
	if ((v = ynode_get(n, "disk")) && ynode_int(v, "'disk'", 1, 65536, d, &x) == 0)
		l->disk_mib = (unsigned)x;
	/* 0 in the YAML means none at all, which the harness spells -1 (its 0
	 * is "the default"): SHM_LOCK fails with EPERM, shmget with ENOSPC. */
	if ((v = ynode_get(n, "memlock")) && ynode_int(v, "'memlock'", 0, 1 << 20, d, &x) == 0)
		l->memlock_kib = x ? (int)x : -1;
	if ((v = ynode_get(n, "shm_segments")) &&
	    ynode_int(v, "'shm_segments'", 0, 4096, d, &x) == 0)
		l->shm_segments = x ? (int)x : -1;
}

/* ---- runs ------------------------------------------------------------------- */

static const char *const runs_load_run_keys[] = {
	"id",	  "program", "args",  "stdin",	"env",	    "programs", "files", "preconditions",
	"limits", "repeat",  "needs", "inject", "schedule", NULL,
};
/* schedule: how the run's processes are scheduled (run_spec.perturb). */
const char *const load_schedule_names[] = { "free", "perturb", NULL };
/* What a run may need of the sandbox (bit i of exercise_run.needs). */
static const char *const runs_load_needs_names[] = { "fresh_namespace", NULL };
static const char *const runs_load_inv_keys[] = {
	"program", "args", "stdin", "env", "concurrent", "delay_ms", NULL,
};
static const char *const runs_load_file_keys[] = { "path", "content", "mode", NULL };
static const char *const runs_load_pre_keys[] = { "kind",    "key",    "size",	   "mode",
						  "content", "values", "messages", NULL };
static const char *const runs_load_msg_keys[] = { "type", "text", NULL };
static const char *const runs_load_pre_kinds[] = { "shm", "sem", "msg", NULL };
static const char *const runs_load_inject_keys[] = { "call", "errno", "nth", NULL };

static void runs_load_env(struct exercise_invocation *inv, const struct ynode *n,
			  struct diag_list *d)
{
	const struct ynode *k, *v;
	size_t i;

	if (n->kind != YNODE_MAP) {
		diag_error(d, n->mark.line, n->mark.col,
			   _("'env' must be a map of NAME: value, not %s"), ynode_kind_desc(n));
		return;
	}
	inv->env = xcalloc(ynode_map_len(n) + 1, sizeof(char *));
	for (i = 0; i < ynode_map_len(n); i++) {
		k = ynode_map_key(n, i);
		v = ynode_map_value(n, i);
		if (!k->text[0] || strchr(k->text, '=')) {
			diag_error(d, k->mark.line, k->mark.col,
				   _("bad environment variable name '%s'"), k->text);
			continue;
		}
		if (v->kind != YNODE_SCALAR) {
			diag_error(d, v->mark.line, v->mark.col,
				   _("'env' value of '%s' must be a string"), k->text);
			continue;
		}
		inv->env[inv->nenv++] =
			xasprintf("%s=%s", k->text, ynode_is_null(v) ? "" : v->text);
	}
}

/* One program start; n is an invocation map or, for the one-program
 * shorthand, the run map itself. */
static void runs_load_invocation(const struct exercise *ex, struct exercise_invocation *inv,
				 const struct ynode *n, struct diag_list *d)
{
	const struct ynode *v;
	long idx;

	inv->mark = n->mark;
	if ((v = ynode_get(n, "program"))) {
		if (v->kind == YNODE_SCALAR && (idx = exercise_prog_find(ex, v->text)) >= 0)
			inv->prog = (size_t)idx;
		else if (v->kind == YNODE_SCALAR)
			diag_error(
				d, v->mark.line, v->mark.col, _("unknown program '%s'%s"), v->text,
				ex->nprogs == 1 ? " (the exercise has one program: 'prog')" : "");
		else
			diag_error(d, v->mark.line, v->mark.col,
				   _("'program' must be a name, not %s"), ynode_kind_desc(v));
	} else if (ex->nprogs > 1) {
		diag_error(d, n->mark.line, n->mark.col,
			   _("say which 'program' to start: the exercise has %zu"), ex->nprogs);
	}
	if ((v = ynode_get(n, "args")))
		ynode_strlist(v, "'args'", d, &inv->args, &inv->nargs);
	if ((v = ynode_get(n, "stdin")))
		ynode_string(v, "'stdin'", false, d, &inv->stdin_text);
	if ((v = ynode_get(n, "env")))
		runs_load_env(inv, v, d);
	if ((v = ynode_get(n, "concurrent")))
		ynode_bool(v, "'concurrent'", d, &inv->concurrent);
	if ((v = ynode_get(n, "delay_ms")))
		ynode_number(v, "'delay_ms'", 0, 60000, d, &inv->delay_ms);
}

static void runs_load_invocations(const struct exercise *ex, struct exercise_run *r,
				  const struct ynode *n, struct diag_list *d)
{
	static const char *const shorthand[] = { "program", "args", "stdin", "env", NULL };
	const struct ynode *list = ynode_get(n, "programs"), *v;
	size_t i;

	if (!list) {
		r->programs = xcalloc(1, sizeof(*r->programs));
		r->nprograms = 1;
		runs_load_invocation(ex, &r->programs[0], n, d);
		return;
	}
	for (i = 0; shorthand[i]; i++)
		if ((v = ynode_get(n, shorthand[i])))
			diag_error(
				d, v->mark.line, v->mark.col,
				_("'%s' goes inside each item of 'programs' when the run lists them"),
				shorthand[i]);
	if (ynode_list(list, "'programs'", d) < 0)
		return;
	r->programs = xcalloc(list->nkids, sizeof(*r->programs));
	for (i = 0; i < list->nkids; i++) {
		v = list->kids[i];
		if (ynode_check_map(v, _("program start"), runs_load_inv_keys, NULL, d) < 0 &&
		    v->kind != YNODE_MAP)
			continue;
		runs_load_invocation(ex, &r->programs[r->nprograms++], v, d);
	}
	if (r->nprograms && r->programs[0].concurrent)
		diag_error(d, list->kids[0]->mark.line, list->kids[0]->mark.col,
			   _("the first program cannot be 'concurrent' (with what?)"));
}

static bool runs_load_file_name_ok(const char *p)
{
	return p[0] && p[0] != '.' && !strchr(p, '/') && strlen(p) < 256;
}

static void runs_load_file(struct exercise_run *r, const struct ynode *n, struct diag_list *d)
{
	struct exercise_file *f = &r->files[r->nfiles];
	const struct ynode *v = n;

	f->mode = 0644;
	f->mark = n->mark;
	if (n->kind == YNODE_MAP) {
		if (ynode_check_map(n, _("file"), runs_load_file_keys,
				    (const char *const[]){ "path", NULL }, d) < 0 &&
		    !ynode_get(n, "path"))
			return;
		v = ynode_get(n, "path");
		if (ynode_get(n, "content"))
			ynode_string(ynode_get(n, "content"), "'content'", false, d, &f->content);
		if (ynode_get(n, "mode"))
			ynode_mode(ynode_get(n, "mode"), "'mode'", d, &f->mode);
	}
	if (ynode_string(v, _("file 'path'"), true, d, &f->path) < 0) {
		free(f->content); /* the file is not kept: nfiles stays */
		f->content = NULL;
		return;
	}
	if (!runs_load_file_name_ok(f->path)) {
		diag_error(
			d, v->mark.line, v->mark.col,
			_("file 'path' must be a plain file name (no '/', not starting with '.'), not '%s'"),
			f->path);
		free(f->path);
		f->path = NULL;
		free(f->content);
		f->content = NULL;
		return;
	}
	if (!f->content)
		f->content = xstrdup("");
	r->nfiles++;
}

static bool runs_load_run_has_file(const struct exercise_run *r, const char *path)
{
	for (size_t i = 0; i < r->nfiles; i++)
		if (!strcmp(r->files[i].path, path))
			return true;
	return false;
}

/* values: [1, 0] of a sem precondition (at most its size). */
static void runs_load_pre_values(struct exercise_pre *p, const struct ynode *v, struct diag_list *d)
{
	long long x;
	size_t i;

	if (ynode_list(v, "'values'", d) < 0)
		return;
	if (v->nkids > p->size) {
		diag_error(d, v->mark.line, v->mark.col,
			   _("'values' gives %zu values, but the set has %llu semaphores ('size')"),
			   v->nkids, p->size);
		return;
	}
	p->values = xcalloc(v->nkids + 1, sizeof(*p->values));
	for (i = 0; i < v->nkids; i++)
		if (ynode_int(v->kids[i], "'values'", 0, 32767, d, &x) == 0)
			p->values[p->nvalues++] = (unsigned short)x;
}

/* messages: [{type: 1, text: hola}] of a msg precondition. */
static void runs_load_pre_messages(struct exercise_pre *p, const struct ynode *v,
				   struct diag_list *d)
{
	const struct ynode *m, *t;
	long long x;
	char *text;
	size_t i;

	if (ynode_list(v, "'messages'", d) < 0)
		return;
	p->msg_types = xcalloc(v->nkids + 1, sizeof(*p->msg_types));
	p->msg_texts = xcalloc(v->nkids + 1, sizeof(*p->msg_texts));
	for (i = 0; i < v->nkids; i++) {
		m = v->kids[i];
		if (ynode_check_map(m, _("message"), runs_load_msg_keys,
				    (const char *const[]){ "type", "text", NULL }, d) < 0)
			continue;
		t = ynode_get(m, "text");
		text = NULL;
		if (ynode_int(ynode_get(m, "type"), "'type'", 1, 1LL << 62, d, &x) < 0 ||
		    ynode_string(t, "'text'", false, d, &text) < 0)
			continue;
		if (strlen(text) > 8000) {
			diag_error(d, t->mark.line, t->mark.col,
				   _("a message's 'text' is at most 8000 bytes"));
			free(text);
			continue;
		}
		p->msg_types[p->nmsgs] = x;
		p->msg_texts[p->nmsgs++] = text;
	}
}

/* content, values, messages: each only for its kind. */
static void runs_load_pre_start(struct exercise_pre *p, const struct ynode *n, struct diag_list *d)
{
	static const char *const keys[] = { "content", "values", "messages" };
	static const enum ipc_kind kinds[] = { IPC_KIND_SHM, IPC_KIND_SEM, IPC_KIND_MSG };
	const struct ynode *v;
	size_t k;

	for (k = 0; k < 3; k++) {
		v = ynode_get(n, keys[k]);
		if (!v)
			continue;
		if (p->kind != kinds[k]) {
			diag_error(d, v->mark.line, v->mark.col,
				   _("'%s' goes with a precondition of kind %s"), keys[k],
				   k == 0   ? "shm"
				   : k == 1 ? "sem"
					    : "msg");
			continue;
		}
		if (k == 0)
			ynode_string(v, "'content'", false, d, &p->content);
		else if (k == 1)
			runs_load_pre_values(p, v, d);
		else
			runs_load_pre_messages(p, v, d);
	}
}

static void runs_load_pre(struct exercise_run *r, const struct ynode *n, struct diag_list *d)
{
	struct exercise_pre *p = &r->pre[r->npre];
	const struct ynode *v;
	long long x;

	p->mode = 0600;
	p->mark = n->mark;
	if (ynode_check_map(n, _("precondition"), runs_load_pre_keys,
			    (const char *const[]){ "key", NULL }, d) < 0)
		return;
	if ((v = ynode_get(n, "kind")) && ynode_enum(v, "'kind'", runs_load_pre_kinds, d, &x) == 0)
		p->kind = x == 0 ? IPC_KIND_SHM : x == 1 ? IPC_KIND_SEM : IPC_KIND_MSG;
	if ((v = ynode_get(n, "mode")))
		ynode_mode(v, "'mode'", d, &p->mode);
	if ((v = ynode_get(n, "size")) && ynode_int(v, "'size'", 1, 1LL << 40, d, &x) == 0)
		p->size = (unsigned long long)x;
	else if (!v && p->kind == IPC_KIND_SHM)
		diag_error(d, n->mark.line, n->mark.col, _("a shm precondition needs a 'size'"));
	else if (!v)
		p->size = 1;
	v = ynode_get(n, "key");
	if (ynode_key(v, "'key'", d, &p->key) < 0)
		return;
	if (p->key.kind == KEY_PRIVATE)
		diag_error(
			d, v->mark.line, v->mark.col,
			_("a precondition needs a real key: the program could never find an IPC_PRIVATE object"));
	else if (p->key.kind == KEY_FTOK && !runs_load_run_has_file(r, p->key.path))
		diag_error(d, v->mark.line, v->mark.col,
			   _("ftok file '%s' is not among the run's 'files'"), p->key.path);
	runs_load_pre_start(p, n, d);
	r->npre++;
}

static void
runs_load_list(struct exercise_run *r, const struct ynode *n, const char *what, struct diag_list *d,
	       void (*one)(struct exercise_run *, const struct ynode *, struct diag_list *))
{
	size_t i;

	if (n->kind != YNODE_SEQ) {
		diag_error(d, n->mark.line, n->mark.col, _("'%s' must be a list, not %s"), what,
			   ynode_kind_desc(n));
		return;
	}
	for (i = 0; i < n->nkids; i++)
		one(r, n->kids[i], d);
}

/* needs: [fresh_namespace]: a list of runs_load_needs_names, or one of them. */
static void runs_load_needs(struct exercise_run *r, const struct ynode *n, struct diag_list *d)
{
	long long x;
	size_t i;

	if (n->kind != YNODE_SEQ) {
		if (ynode_enum(n, "'needs'", runs_load_needs_names, d, &x) == 0)
			r->needs |= 1u << x;
		return;
	}
	for (i = 0; i < n->nkids; i++)
		if (ynode_enum(n->kids[i], "'needs'", runs_load_needs_names, d, &x) == 0)
			r->needs |= 1u << x;
}

/* One fault: {call: shmat, errno: ENOMEM, nth: 2 | all}, or the text of
 * --inject ("shmat:ENOMEM:2"). errno defaults to the call's usual one. */
static void runs_load_inject(struct exercise_run *r, const struct ynode *n, struct diag_list *d)
{
	struct run_inject *inj = &r->inject[r->ninject];
	const struct ynode *v;
	const char *why;
	long long x;

	if (r->ninject >= INJECT_MAX) {
		diag_error(d, n->mark.line, n->mark.col, _("at most %d faults per run"),
			   INJECT_MAX);
		return;
	}
	memset(inj, 0, sizeof(*inj));
	inj->nth = 1;
	if (n->kind == YNODE_SCALAR) {
		if (inject_parse(n->text, inj, &why) < 0)
			diag_error(d, n->mark.line, n->mark.col, _("bad fault '%s': %s"), n->text,
				   why);
		else
			r->ninject++;
		return;
	}
	if (ynode_check_map(n, _("fault"), runs_load_inject_keys,
			    (const char *const[]){ "call", NULL }, d) < 0)
		return;
	v = ynode_get(n, "call");
	if (v->kind != YNODE_SCALAR || (inj->call = inject_call_find(v->text)) == CALL_COUNT_) {
		diag_error(d, v->mark.line, v->mark.col,
			   _("'call' must be an IPC call (shmget ... msgctl) or fork"));
		return;
	}
	inj->err = inject_default_errno(inj->call);
	if ((v = ynode_get(n, "errno")) &&
	    (v->kind != YNODE_SCALAR || (inj->err = xlat_errno_value(v->text)) <= 0)) {
		diag_error(d, v->mark.line, v->mark.col,
			   _("'errno' must name an errno, such as ENOMEM"));
		return;
	}
	if ((v = ynode_get(n, "nth"))) {
		if (v->kind == YNODE_SCALAR && !strcmp(v->text, "all"))
			inj->nth = 0;
		else if (ynode_int(v, "'nth'", 1, 1000000, d, &x) == 0)
			inj->nth = (unsigned)x;
		else
			return;
	}
	r->ninject++;
}

static void runs_load_run(struct exercise *ex, struct exercise_run *r, const struct ynode *n,
			  const struct run_limits *base, struct diag_list *d)
{
	const struct ynode *v;
	long long x;

	r->mark = n->mark;
	r->repeat = 1;
	r->limits = *base;
	if (ynode_check_map(n, _("run"), runs_load_run_keys, NULL, d) < 0 && n->kind != YNODE_MAP)
		return;
	if ((v = ynode_get(n, "id")))
		exercise_load_name(v, _("run 'id'"), d, &r->id);
	if ((v = ynode_get(n, "files"))) {
		r->files = xcalloc(v->nkids + 1, sizeof(*r->files));
		runs_load_list(r, v, "files", d, runs_load_file);
	}
	if ((v = ynode_get(n, "preconditions"))) {
		r->pre = xcalloc(v->nkids + 1, sizeof(*r->pre));
		runs_load_list(r, v, "preconditions", d, runs_load_pre);
	}
	runs_load_invocations(ex, r, n, d);
	runs_load_limits(&r->limits, ynode_get(n, "limits"), d);
	if ((v = ynode_get(n, "repeat")) && ynode_int(v, "'repeat'", 1, 1000, d, &x) == 0)
		r->repeat = (unsigned)x;
	if ((v = ynode_get(n, "needs")))
		runs_load_needs(r, v, d);
	if ((v = ynode_get(n, "inject"))) {
		r->inject = xcalloc(INJECT_MAX + 1, sizeof(*r->inject));
		if (v->kind == YNODE_SEQ)
			runs_load_list(r, v, "inject", d, runs_load_inject);
		else
			runs_load_inject(r, v, d);
	}
	if ((v = ynode_get(n, "schedule")) &&
	    ynode_enum(v, "'schedule'", load_schedule_names, d, &x) == 0) {
		r->perturb = x == 1;
		r->schedule_set = true;
	}
}

void runs_load(struct exercise *ex, const struct ynode *n, const struct ynode *limits,
	       struct diag_list *d)
{
	struct run_limits base = RUN_LIMITS_DEFAULT;
	size_t i, j;

	runs_load_limits(&base, limits, d);
	if (!n)
		return;
	if (ynode_list(n, "'runs'", d) < 0)
		return;
	ex->runs = xcalloc(n->nkids, sizeof(*ex->runs));
	for (i = 0; i < n->nkids; i++) {
		struct exercise_run *r = &ex->runs[ex->nruns++];

		runs_load_run(ex, r, n->kids[i], &base, d);
		if (!r->id)
			r->id = xasprintf("run%zu", i + 1);
		for (j = 0; j < i; j++)
			if (!strcmp(ex->runs[j].id, r->id))
				diag_error(d, r->mark.line, r->mark.col,
					   _("duplicate run id '%s' (first at line %d)"), r->id,
					   ex->runs[j].mark.line);
	}
}
