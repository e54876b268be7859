/*
 * grade.c - the results of one check: lifecycle, score, status, exit code.
 */
#include "graders/engine/grade.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

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
	for (i = 0; i < g->nprogs; i++) {
		free(g->progs[i].exe);
		free(g->progs[i].name);
	}
	free(g->progs);
	grade_init(g);
}

/* name without its folders and without ".c"; malloc'ed. */
static char *grade_base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	size_t n;

	b = b ? b + 1 : path;
	n = strlen(b);
	if (n > 2 && !strcmp(b + n - 2, ".c"))
		n -= 2;
	return xasprintf("%.*s", (int)n, b);
}

/* The only *.c file of folder dir, or NULL. malloc'ed. */
static char *grade_only_source(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *found = NULL;
	size_t n = 0, len;

	while (d && (de = readdir(d))) {
		len = strlen(de->d_name);
		if (de->d_name[0] != '.' && len > 2 && !strcmp(de->d_name + len - 2, ".c") &&
		    n++ == 0)
			found = xstrdup(de->d_name);
	}
	if (d)
		closedir(d);
	if (n != 1) {
		free(found);
		return NULL;
	}
	return found;
}

void grade_set_progs(struct grade *g, const struct exercise *ex, const char *submission)
{
	size_t p;

	g->progs = xcalloc(ex->nprogs + 1, sizeof(*g->progs));
	g->nprogs = ex->nprogs;
	for (p = 0; p < ex->nprogs; p++) {
		const struct exercise_prog *pr = &ex->progs[p];
		char *only = NULL;

		g->progs[p].exe = xstrdup(pr->name);
		if (pr->nsources == 1)
			g->progs[p].name = grade_base_name(pr->sources[0]);
		else if (ex->nprogs == 1 && submission && (only = grade_only_source(submission)))
			g->progs[p].name = grade_base_name(only);
		else if (ex->nprogs == 1 && submission && strlen(submission) > 2 &&
			 !strcmp(submission + strlen(submission) - 2, ".c"))
			g->progs[p].name = grade_base_name(submission);
		else
			g->progs[p].name = xstrdup(pr->name);
		free(only);
	}
}

const char *grade_prog_name(const struct grade *g, const char *exe)
{
	size_t p;

	/* comm is cut at 15 bytes (TASK_COMM_LEN). */
	for (p = 0; exe && p < g->nprogs; p++)
		if (!strncmp(g->progs[p].exe, exe, 15) &&
		    (strlen(exe) < 15 || strlen(g->progs[p].exe) >= 15))
			return g->progs[p].name;
	return NULL;
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

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
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
