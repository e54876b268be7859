/*
 * rules_names.c - names a student reads (rules_names.h).
 */
#include "graders/rules/rules_names.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "graders/rules/rules_evidence.h"
#include "graders/rules/rules_util.h"
#include "util/xalloc.h"

char *rules_who(const struct run_record *rec, pid_t pid, enum lang lang)
{
	return evidence_proc(rec, pid, lang);
}

char *rules_segment(const struct run_record *rec, int shmid, enum lang lang)
{
	const struct segment *s = NULL;
	bool es = lang == LANG_ES;
	char *who, *out;
	size_t i;

	for (i = rec->nsegments; i-- > 0 && !s;)
		if (rec->segments[i].shmid == shmid)
			s = &rec->segments[i];
	if (s && s->precondition)
		return xasprintf(es ? "el segmento ya existente (shmid %d)"
				    : "the existing segment (shmid %d)",
				 shmid);
	if (!s || s->creator_pid <= 0)
		return xasprintf(es ? "el segmento (shmid %d)" : "the segment (shmid %d)", shmid);
	who = rules_who(rec, s->creator_pid, lang);
	out = xasprintf(es ? "el segmento (shmid %d) creado por %s"
			   : "the segment (shmid %d) created by %s",
			shmid, who);
	free(who);
	return out;
}

void rules_set_segment(struct rule_result *out, const struct run_record *rec, int shmid, char *es,
		       char *en)
{
	char *seg;
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		seg = rules_segment(rec, shmid, (enum lang)l);
		rule_result_setl(out, (enum lang)l, "%s%s", seg, l == LANG_ES ? es : en);
		free(seg);
	}
	free(es);
	free(en);
}

void rules_set_who(struct rule_result *out, const struct run_record *rec, pid_t pid, char *es,
		   char *en)
{
	char *who;
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		who = rules_who(rec, pid, (enum lang)l);
		rule_result_setl(out, (enum lang)l, "%s%s", who, l == LANG_ES ? es : en);
		free(who);
	}
	free(es);
	free(en);
}

/* The last part of a path ("a/b.c" -> "b.c"); the path itself when it
 * ends with '/'. */
static const char *rules_names_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

const char *rules_prog_name(const struct rule_ctx *ctx, long pk)
{
	const struct exercise *ex = ctx ? ctx->ex : NULL;
	bool known = ex && pk >= 0 && (size_t)pk < ex->nprogs;

	if (known && ex->progs[pk].nsources == 1)
		return ex->progs[pk].sources[0];
	if ((!ex || ex->nprogs == 1) && ctx && ctx->submission)
		return rules_names_base(ctx->submission);
	return known ? ex->progs[pk].name : "prog";
}
