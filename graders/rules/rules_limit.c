/*
 * rules_limit.c - failures caused by a limit, named as such (rules_limit.h).
 */
#include "graders/rules/rules_limit.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graders/rules/rules_names.h"
#include "graders/rules/rules_util.h"
#include "util/xalloc.h"

/* Rules whose evidence, on a stopped run, is only what the stop did. */
static const char *const rules_limit_replaced[] = {
	"exit_status",
	"no_signal",
	"detached",
	NULL,
};

bool rules_limit_hit(const struct run_record *rec)
{
	return rec->status == RUN_TIMEOUT || rec->status == RUN_MEMORY_LIMIT ||
	       rec->status == RUN_PROCESS_LIMIT || rec->status == RUN_OUTPUT_LIMIT;
}

/* "stopped after 5 s", "stopped: memory limit (512 MiB)", ... */
static char *rules_limit_what(const struct rule_run *run, enum lang l)
{
	const struct run_record *rec = run->rec;
	const struct run_limits *lim = run->spec ? &run->spec->limits : NULL;
	double secs = lim && lim->timeout_s > 0 ? lim->timeout_s : rec->wall_ms / 1000.0;

	if (lim && lim->timeout_s > 0 && rec->perturbed)
		secs *= RUN_PERTURB_TIME_FACTOR; /* what check.c gave the run */

	switch (rec->status) {
	case RUN_TIMEOUT:
		return xasprintf(l == LANG_ES ? "detenido tras %g s (límite de tiempo)"
					      : "stopped after %g s (time limit)",
				 secs);
	case RUN_MEMORY_LIMIT:
		if (lim && lim->memory_mib)
			return xasprintf(l == LANG_ES
						 ? "detenido: pasó el límite de memoria (%u MiB)"
						 : "stopped: over the memory limit (%u MiB)",
					 lim->memory_mib);
		return xstrdup(l == LANG_ES ? "detenido: pasó el límite de memoria"
					    : "stopped: over the memory limit");
	case RUN_PROCESS_LIMIT:
		if (lim && lim->processes)
			return xasprintf(l == LANG_ES ? "detenido: más de %u %s a la vez"
						      : "stopped: more than %u %s at once",
					 lim->processes,
					 lim->processes == 1
						 ? (l == LANG_ES ? "proceso" : "process")
						 : (l == LANG_ES ? "procesos" : "processes"));
		return xstrdup(l == LANG_ES ? "detenido: demasiados procesos a la vez"
					    : "stopped: too many processes at once");
	default:
		return xstrdup(l == LANG_ES ? "detenido: demasiada salida (límite de salida)"
					    : "stopped: too much output (output limit)");
	}
}

/* Who the stop killed: "the child (pid 3) never ended" (at most three
 * named), or "" when nobody was left. */
static char *rules_limit_left(const struct run_record *rec, enum lang l)
{
	char *list = xstrdup(""), *who, *tmp;
	size_t i, n = 0, total = 0;

	for (i = 0; i < rec->nprocesses; i++)
		total += rec->processes[i].signal == SIGKILL;
	for (i = 0; i < rec->nprocesses && n < 3; i++) {
		if (rec->processes[i].signal != SIGKILL)
			continue;
		who = rules_who(rec, rec->processes[i].pid, l);
		tmp = xasprintf("%s%s%s", list, !n ? "" : l == LANG_ES ? " y " : " and ", who);
		free(who);
		free(list);
		list = tmp;
		n++;
	}
	if (!n)
		return list;
	if (total > n)
		tmp = xasprintf(l == LANG_ES ? "%s (y %zu más) no terminaron"
					     : "%s (and %zu more) never ended",
				list, total - n);
	else if (rec->status != RUN_TIMEOUT)
		tmp = xasprintf(l == LANG_ES ? "se mató a %s" : "%s had to be killed", list);
	else
		tmp = xasprintf(l == LANG_ES ? (n > 1 ? "%s no terminaron" : "%s no terminó")
					     : "%s never ended",
				list);
	free(list);
	return tmp;
}

void rules_fail_kinds(const struct rule_run *run, struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	bool limited = rules_limit_hit(rec);
	size_t i;

	if (limited)
		rule_result_kind(out, run_status_name(rec->status));
	for (i = 0; i < rec->nprocesses; i++)
		if (rec->processes[i].signal && !(limited && rec->processes[i].signal == SIGKILL))
			rule_result_kind(out, "signal");
	for (i = 0; i < rec->noutputs; i++)
		if (!rec->outputs[i].pid)
			rule_result_kind(out, "never_ran");
	for (i = 0; i < rec->nprocesses; i++) {
		const struct process *c = &rec->processes[i], *p;

		if (rules_is_parent(rec, c) || !(p = rules_proc(rec, c->ppid)))
			continue;
		if (c->reaped_by != c->ppid && !p->waiting_when_killed &&
		    !(limited && p->signal == SIGKILL))
			rule_result_kind(out, "unreaped");
	}
}

void rules_limit_explain(const struct rule_run *run, const char *rule_name, struct rule_result *out)
{
	bool replace = false;
	char *what, *left, *msg;
	size_t i;
	int l;

	if (!rules_limit_hit(run->rec))
		return;
	for (i = 0; rules_limit_replaced[i]; i++)
		replace |= rule_name && !strcmp(rules_limit_replaced[i], rule_name);
	for (l = 0; l < LANG_COUNT; l++) {
		what = rules_limit_what(run, (enum lang)l);
		left = rules_limit_left(run->rec, (enum lang)l);
		msg = xasprintf("%s%s%s%s%s", what, *left ? ": " : "", left,
				replace || !out->msg[l] || !*out->msg[l] ? "" : "; ",
				replace || !out->msg[l] ? "" : out->msg[l]);
		free(what);
		free(left);
		free(out->msg[l]);
		out->msg[l] = msg;
	}
}
