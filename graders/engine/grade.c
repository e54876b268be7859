/*
 * grade.c - the results of one check: lifecycle, score, status, exit code.
 */
#include "graders/engine/grade.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/cnum.h"
#include "harness/xalloc.h"

static const char *const grade_item_status_names[] = {
	[ITEM_PENDING] = "pending", [ITEM_PASS] = "pass", [ITEM_FAIL] = "fail",
	[ITEM_ERROR] = "error",	    [ITEM_SKIP] = "skip",
};

const char *grade_item_status_name(enum grade_item_status s)
{
	return (unsigned)s <= ITEM_SKIP ? grade_item_status_names[s] : "?";
}

const char *grade_status_name(enum grade_status s)
{
	return s == GRADE_PASS ? "pass" : s == GRADE_FAIL ? "fail" : "error";
}

bool grade_item_uses_run(const struct grade_item *c, size_t run_index)
{
	size_t i;

	for (i = 0; i < c->nruns; i++)
		if (c->runs[i] == run_index)
			return true;
	return c->nruns == 0;
}

void grade_init(struct grade *g)
{
	memset(g, 0, sizeof(*g));
	g->lang = LANG_EN;
	g->status = GRADE_PASS;
}

void grade_release(struct grade *g)
{
	size_t i;

	free(g->exercise_id);
	free(g->exercise_title);
	free(g->submission);
	free(g->error);
	free(g->ungradable);
	free(g->build.output);
	for (i = 0; i < g->nchecks; i++) {
		free(g->checks[i].id);
		free(g->checks[i].title);
		free(g->checks[i].message);
		free(g->checks[i].feedback);
		free(g->checks[i].runs);
	}
	free(g->checks);
	for (i = 0; i < g->nruns; i++) {
		free(g->runs[i].run_id);
		record_release(&g->runs[i].rec);
	}
	free(g->runs);
	grade_init(g);
}

struct run_outcome *grade_run_add(struct grade *g, const char *run_id, unsigned repetition)
{
	struct run_outcome *r;

	if (g->nruns == g->aruns) {
		g->aruns = g->aruns ? 2 * g->aruns : 4;
		g->runs = xrealloc(g->runs, g->aruns, sizeof(*g->runs));
	}
	r = &g->runs[g->nruns++];
	memset(r, 0, sizeof(*r));
	r->run_id = xstrdup(run_id);
	r->repetition = repetition;
	record_init(&r->rec);
	return r;
}

void grade_set_error(struct grade *g, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	va_start(ap, fmt);
	n = cnum_vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		msg = xstrdup(fmt);
	free(g->error);
	g->error = msg;
	g->status = GRADE_ERROR;
}

void grade_finish(struct grade *g)
{
	bool error = g->error != NULL, failed = false;
	size_t i;

	g->score = 0;
	g->max_score = 0;
	for (i = 0; i < g->nchecks; i++) {
		const struct grade_item *c = &g->checks[i];

		g->max_score += c->max_points;
		/* A failed check may keep a share of its points (survives_faults). */
		if (c->status == ITEM_PASS || c->status == ITEM_FAIL)
			g->score += c->points;
		if (c->status == ITEM_ERROR)
			error = true;
		else if (c->status != ITEM_PASS)
			failed = true;
	}
	g->status = error ? GRADE_ERROR : failed ? GRADE_FAIL : GRADE_PASS;
}

int grade_exit_code(const struct grade *g)
{
	return g->status == GRADE_PASS ? 0 : g->status == GRADE_FAIL ? 1 : 2;
}

char *grade_failed_ids(const struct grade *g, const char *sep)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; i < g->nchecks; i++)
		len += strlen(g->checks[i].id) + strlen(sep);
	s = xmalloc(len);
	*s = '\0';
	for (i = 0; i < g->nchecks; i++) {
		if (g->checks[i].status == ITEM_PASS)
			continue;
		if (*s)
			strcat(s, sep);
		strcat(s, g->checks[i].id);
	}
	return s;
}
