/*
 * rules_basic.c - rules about the build, how the programs ended and how
 * their processes were waited for: compiles, exit_status, no_signal,
 * children_waited.
 */
#include "graders/rules/rules_basic.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "graders/rules/rules_evidence.h"
#include "graders/rules/rules_names.h"
#include "graders/rules/rules_util.h"
#include "harness/record_reap.h"
#include "util/util.h"
#include "util/xalloc.h"

/* ---- compiles ------------------------------------------------------------------- */

/* The first line of the compiler output that contains what ("error:"). */
static char *rules_basic_first_line(const char *out, const char *what)
{
	const char *p = out ? strstr(out, what) : NULL, *b, *e;
	char *line, *snip;

	if (!p)
		return xstrdup("");
	for (b = p; b > out && b[-1] != '\n'; b--)
		;
	e = strchr(p, '\n');
	line = e ? strndup(b, (size_t)(e - b)) : xstrdup(b);
	snip = rules_snippet(line, 160);
	free(line);
	return snip;
}

static enum rule_verdict rules_basic_compiles(const struct rule_ctx *ctx,
					      const struct rule_params *p, struct rule_result *out)
{
	const struct build_result *b = ctx->build;
	char *line;

	if (!b) {
		rule_result_set(out, "no hay resultado de compilación",
				"no build result was given");
		return RULE_ERROR;
	}
	if (!b->attempted) {
		rule_result_set(out, "se entregó un ejecutable: nada que compilar",
				"an executable was handed in: nothing to compile");
		return RULE_PASS;
	}
	if (!b->ok) {
		line = rules_basic_first_line(b->output, "error");
		rule_result_set(out, "no compila: %s", "does not compile: %s", line);
		free(line);
		return RULE_FAIL;
	}
	if (b->warnings && rules_bool(p, "no_warnings", false)) {
		line = rules_basic_first_line(b->output, "warning:");
		rule_result_setl(out, LANG_ES, "compila con %u %s: %s", b->warnings,
				 b->warnings == 1 ? "aviso" : "avisos", line);
		rule_result_setl(out, LANG_EN, "compiles with %u %s: %s", b->warnings,
				 b->warnings == 1 ? "warning" : "warnings", line);
		free(line);
		return RULE_FAIL;
	}
	if (b->warnings) {
		rule_result_setl(out, LANG_ES, "compila (%u %s)", b->warnings,
				 b->warnings == 1 ? "aviso" : "avisos");
		rule_result_setl(out, LANG_EN, "compiles (%u %s)", b->warnings,
				 b->warnings == 1 ? "warning" : "warnings");
	} else
		rule_result_set(out, "compila sin avisos", "compiles without warnings");
	return RULE_PASS;
}

static const struct param_schema rules_basic_compiles_params[] = {
	{ "no_warnings", PARAM_BOOL, false, "false", NULL, 0, 0,
	  "fail when the compiler printed any warning" },
};

/* ---- exit_status ------------------------------------------------------------------ */

/* How one program ended against the expected status; PASS or FAIL. */
static enum rule_verdict rules_basic_exit_one(const struct program_output *o, const char *name,
					      long long want, struct rule_result *out)
{
	char sig[32];

	if (!o->pid) {
		rule_result_set(out, "'%s' no llegó a ejecutarse", "'%s' never ran", name);
		return RULE_FAIL;
	}
	if (o->signal) {
		rules_signal_name(o->signal, sig);
		rule_result_set(out, "'%s' murió por la señal %s", "'%s' was killed by %s", name,
				sig);
		return RULE_FAIL;
	}
	if (o->exit_code != want) {
		rule_result_kind(out, "exit_status");
		rule_result_set(out, "'%s' terminó con estado %d; se esperaba %lld",
				"'%s' exited with status %d; expected %lld", name, o->exit_code,
				want);
		return RULE_FAIL;
	}
	return RULE_PASS;
}

/* who: child or every - each child process (and each parent, for every)
 * of the program ended with want. */
static enum rule_verdict rules_basic_exit_procs(const struct rule_run *run, long prog, bool parents,
						long long want, struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	size_t i, seen = 0;
	char sig[32];

	for (i = 0; i < rec->nprocesses; i++) {
		const struct process *q = &rec->processes[i];
		enum lang l;

		if (!rules_who_match(run, q->pid, parents ? WHO_ANY : WHO_CHILD, prog))
			continue;
		seen++;
		if (q->exited && !q->signal && q->exit_code == want)
			continue;
		for (l = 0; l < LANG_COUNT; l++) {
			char *who = evidence_proc(rec, q->pid, l);
			bool es = l == LANG_ES;

			if (q->signal)
				rule_result_setl(out, l,
						 es ? "el %s murió por la señal %s"
						    : "%s was killed by %s",
						 who, rules_signal_name(q->signal, sig));
			else if (!q->exited)
				rule_result_setl(out, l, es ? "el %s no terminó" : "%s never ended",
						 who);
			else
				rule_result_setl(
					out, l,
					es ? "el %s terminó con estado %d; se esperaba %lld"
					   : "%s exited with status %d; expected %lld",
					who, q->exit_code, want);
			free(who);
		}
		return RULE_FAIL;
	}
	if (!seen) {
		rule_result_set(out, "no hubo ningún proceso hijo", "there was no child process");
		return RULE_FAIL;
	}
	rule_result_set(out, "%zu procesos terminaron con estado %lld",
			"%zu processes exited with status %lld", seen, want);
	return RULE_PASS;
}

static enum rule_verdict rules_basic_exit_run(const struct rule_ctx *ctx,
					      const struct rule_run *run,
					      const struct rule_params *p, struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	long long want = rules_int(p, "value", 0), who = rules_int(p, "who", 0);
	long prog = rules_set(p, "program") ? (long)rules_int(p, "program", -1) : -1;
	struct program_output first = { .pid = 1,
					.exit_code = rec->exit_code,
					.signal = rec->signal };
	const char *name;
	size_t k, seen = 0;

	(void)ctx;
	if (who != 0)
		return rules_basic_exit_procs(run, prog, who == 2, want, out);
	if (!rec->noutputs && rec->nprocesses) /* hand-made records: the run's status */
		return rules_basic_exit_one(&first, rules_prog_name(ctx, -1), want, out);
	for (k = 0; k < rec->noutputs; k++) {
		long pk = run->spec && k < run->spec->nprograms ? (long)run->spec->programs[k].prog
								: (long)k;
		if (prog >= 0 && pk != prog)
			continue;
		seen++;
		name = rules_prog_name(ctx, pk);
		if (rules_basic_exit_one(&rec->outputs[k], name, want, out) != RULE_PASS)
			return RULE_FAIL;
	}
	if (!seen) {
		rule_result_set(out, "el programa no llegó a ejecutarse", "the program never ran");
		return RULE_FAIL;
	}
	rule_result_set(out, "terminó con estado %lld", "exited with status %lld", want);
	return RULE_PASS;
}

static const char *const rules_basic_exit_who[] = { "parent", "child", "every", NULL };

static const struct param_schema rules_basic_exit_params[] = {
	{ "value", PARAM_INT, false, "0", NULL, 0, 255,
	  "the exit status every program must end with" },
	{ "program", PARAM_PROG, false, NULL, NULL, 0, 0,
	  "look only at this program (default: every program of the run)" },
	{ "who", PARAM_ENUM, false, "parent", rules_basic_exit_who, 0, 0,
	  "parent (each program's first process), child (every child process: at least one) or "
	  "every (every process)" },
};

/* ---- no_signal ---------------------------------------------------------------------- */

static bool rules_basic_limit_status(enum run_status s)
{
	return s == RUN_TIMEOUT || s == RUN_MEMORY_LIMIT || s == RUN_PROCESS_LIMIT ||
	       s == RUN_OUTPUT_LIMIT;
}

/* "the child (pid 3) was killed by SIGSEGV", in both languages. */
static void rules_basic_killed(const struct run_record *rec, pid_t pid, const char *sig,
			       struct rule_result *out)
{
	char *who;
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		who = rules_who(rec, pid, (enum lang)l);
		rule_result_setl(out, (enum lang)l,
				 l == LANG_ES ? "%s murió por la señal %s" : "%s was killed by %s",
				 who, sig);
		free(who);
	}
}

static enum rule_verdict rules_basic_signal_run(const struct rule_ctx *ctx,
						const struct rule_run *run,
						const struct rule_params *p,
						struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	bool limits = rules_bool(p, "limits", true),
	     limited = rules_basic_limit_status(rec->status);
	const char *why = rec->message ? rec->message : run_status_name(rec->status);
	char sig[32];
	size_t i;

	(void)ctx;
	if (limited && limits) {
		rule_result_set(out, "se alcanzó un límite: %s", "a limit was hit: %s", why);
		return RULE_FAIL;
	}
	for (i = 0; i < rec->nprocesses; i++) {
		const struct process *pr = &rec->processes[i];

		/* The harness kills everything with SIGKILL when a limit is hit;
		 * with limits: false those deaths are not the program's. */
		if (!pr->signal || (limited && pr->signal == 9))
			continue;
		rules_signal_name(pr->signal, sig);
		rules_basic_killed(rec, pr->pid, sig, out);
		return RULE_FAIL;
	}
	if (rec->signal && !(limited && rec->signal == 9)) {
		rules_signal_name(rec->signal, sig);
		rule_result_set(out, "el programa murió por la señal %s",
				"the program was killed by %s", sig);
		return RULE_FAIL;
	}
	rule_result_set(out, "ningún proceso murió por una señal", "no process died of a signal");
	return RULE_PASS;
}

static const struct param_schema rules_basic_signal_params[] = {
	{ "limits", PARAM_BOOL, false, "true", NULL, 0, 0,
	  "also fail when a limit (time, memory, processes, output) was hit" },
};

/* ---- children_waited ------------------------------------------------------------------ */

/* How many wait calls p made, and how many of them reaped a child. */
static void rules_basic_waits(const struct run_record *rec, pid_t pid, unsigned *calls,
			      unsigned *reaped)
{
	size_t i;

	*calls = *reaped = 0;
	for (i = 0; i < rec->nevents; i++) {
		const struct event *ev = &rec->events[i];

		if (ev->pid != pid || !record_is_wait(ev->call))
			continue;
		(*calls)++;
		*reaped += ev->reaped;
	}
}

/*
 * Why child c was not reaped by its parent p. Observed, not guessed: the
 * trace has every wait call and what it reaped, so the verdict does not
 * depend on whether the children happened to end first.
 */
static void rules_basic_unreaped(const struct run_record *rec, const struct process *c,
				 const struct process *p, struct rule_result *out)
{
	unsigned calls, reaped;

	rules_basic_waits(rec, p->pid, &calls, &reaped);
	rule_result_kind(out, c->orphaned ? "orphan" : !calls ? "never_waited" : "not_reaped");
	if (c->orphaned) {
		rule_result_set(out,
				"el hijo (pid %d) seguía vivo cuando terminó su padre (pid %d): "
				"falta un wait()",
				"the child (pid %d) was still running when its parent (pid %d) "
				"exited: a wait() is missing",
				(int)c->pid, (int)p->pid);
	} else if (!calls) {
		rule_result_set(
			out,
			"el padre (pid %d) nunca llamó a wait()/waitpid(): su hijo (pid %d) "
			"terminó, pero nadie lo esperó",
			"the parent (pid %d) never called wait()/waitpid(): its child "
			"(pid %d) ended, but nobody waited for it",
			(int)p->pid, (int)c->pid);
	} else {
		rule_result_setl(out, LANG_ES,
				 "el padre (pid %d) recogió %u %s con wait(), pero no al hijo "
				 "(pid %d)",
				 (int)p->pid, reaped, reaped == 1 ? "hijo" : "hijos", (int)c->pid);
		rule_result_setl(out, LANG_EN,
				 "the parent (pid %d) reaped %u %s with wait(), but not the child "
				 "(pid %d)",
				 (int)p->pid, reaped, reaped == 1 ? "child" : "children",
				 (int)c->pid);
	}
}

static enum rule_verdict rules_basic_children_run(const struct rule_ctx *ctx,
						  const struct rule_run *run,
						  const struct rule_params *p,
						  struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	long long want = rules_int(p, "children", -1), n = 0;
	const struct process *parent;
	size_t i;

	(void)ctx;
	for (i = 0; i < rec->nprocesses; i++) {
		const struct process *c = &rec->processes[i];

		if (rules_is_parent(rec, c))
			continue;
		n++;
		parent = rules_proc(rec, c->ppid);
		/* Reaped by its parent; or the parent never got to end by
		 * itself: the run killed it at a limit (blocked in wait, or
		 * before it got there: the limit is charged elsewhere). */
		if (!parent || c->reaped_by == c->ppid || parent->waiting_when_killed ||
		    (rules_basic_limit_status(rec->status) && parent->signal == SIGKILL))
			continue;
		rules_basic_unreaped(rec, c, parent, out);
		return RULE_FAIL;
	}
	/* "Every child was reaped" with no child at all is no evidence of
	 * waiting: without 'children', at least one (children: 0 accepts none). */
	if (want < 0 && n == 0) {
		rule_result_kind(out, "children_count");
		rule_result_set(out, "no se creó ningún proceso hijo: nadie a quien esperar",
				"no child process was made: nobody to wait for");
		return RULE_FAIL;
	}
	if (want >= 0 && n != want) {
		rule_result_kind(out, "children_count");
		rule_result_set(out, "procesos hijo creados: %lld; se esperaban %lld",
				"child processes created: %lld; expected %lld", n, want);
		return RULE_FAIL;
	}
	rule_result_set(out, "cada hijo fue esperado por su padre con wait() (hijos: %lld)",
			"every child was reaped by its parent with wait() (children: %lld)", n);
	return RULE_PASS;
}

static const struct param_schema rules_basic_children_params[] = {
	{ "children", PARAM_INT, false, NULL, NULL, 0, 4096,
	  "how many child processes must be created (default: at least one)" },
};

const struct rule rules_basic[] = {
	{ "compiles", "the submission compiled (optionally without warnings)",
	  rules_basic_compiles_params, ARRAY_SIZE(rules_basic_compiles_params),
	  rules_basic_compiles, NULL, NULL },
	{ "exit_status", "every program exited with the given status", rules_basic_exit_params,
	  ARRAY_SIZE(rules_basic_exit_params), NULL, NULL, rules_basic_exit_run },
	{ "no_signal", "no process died of a signal, and no limit was hit",
	  rules_basic_signal_params, ARRAY_SIZE(rules_basic_signal_params), NULL, NULL,
	  rules_basic_signal_run },
	{ "children_waited",
	  "every child was reaped by its parent (wait/waitpid/waitid) before the parent ended; "
	  "optionally how many",
	  rules_basic_children_params, ARRAY_SIZE(rules_basic_children_params), NULL, NULL,
	  rules_basic_children_run },
};
const size_t rules_basic_count = ARRAY_SIZE(rules_basic);
