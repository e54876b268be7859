/*
 * engine_control.c - the control runs of the grading engine
 * (engine_control.h).
 */
#include "graders/engine/engine_control.h"

#include <stdlib.h>

#include "graders/engine/workdir.h"
#include "graders/report/i18n.h"
#include "graders/rules/rules_race.h"
#include "util/xalloc.h"

/* Unperturbed runs made at most for one run of the exercise. */
#define ENGINE_CONTROLS 2

/* The control runs of one run of the exercise. */
struct engine_control {
	size_t n;    /* made so far */
	bool closed; /* make no more: one timed out or broke */
	struct run_record rec[ENGINE_CONTROLS];
	char *dir[ENGINE_CONTROLS];
	struct file_ident *files[ENGINE_CONTROLS];
};

struct engine_control *engine_controls_new(size_t nruns)
{
	return xcalloc(nruns + 1, sizeof(struct engine_control));
}

void engine_controls_free(struct engine_control *controls, size_t nruns)
{
	size_t i, k;

	for (i = 0; controls && i < nruns; i++)
		for (k = 0; k < controls[i].n; k++) {
			record_release(&controls[i].rec[k]);
			free(controls[i].dir[k]);
			free(controls[i].files[k]);
		}
	free(controls);
}

/* Control k of run ri, made now when it is not yet; NULL when no more can
 * be made. */
static const struct run_record *engine_control_get(struct engine_job *j, const struct exercise *ex,
						   struct engine_control *c, size_t ri, size_t k)
{
	const struct exercise_run *run = &ex->runs[ri];
	struct run_record *rec;
	char *name;

	if (k < c->n)
		return &c->rec[k];
	if (k >= ENGINE_CONTROLS || c->closed || workdir_interrupted())
		return NULL;
	engine_progress(j, _("control run"));
	rec = &c->rec[c->n];
	record_init(rec);
	name = xasprintf("control%zu-%zu", ri + 1, k);
	engine_run_into(j, ri, name, false, 0, rec, &c->dir[c->n], &c->files[c->n]);
	free(name);
	/* Fallback mode: what engine_needs() refuses for a scored run. */
	if (rec->status != RUN_INTERNAL_ERROR && rec->mode == RUN_MODE_FALLBACK &&
	    (rec->host_key_clash || (run->needs & EXERCISE_NEEDS_FRESH_NAMESPACE))) {
		rec->status = RUN_INTERNAL_ERROR;
		record_set_message(rec, "%s", _("fallback mode cannot make this run here"));
	}
	/* A control that hit its limit costs the whole limit again. */
	c->closed = rec->status == RUN_TIMEOUT || rec->status == RUN_INTERNAL_ERROR;
	c->n++;
	return rec;
}

void engine_control_note(struct engine_job *j, const struct exercise *ex,
			 struct engine_control *controls, const struct exercise_check *c,
			 const struct rule_ctx *ctx, const struct rule_run *rr,
			 struct rule_result *res)
{
	size_t ri = (size_t)(rr->spec - ex->runs), k;
	struct rules_race_control ctl = { RACE_CONTROL_NONE, NULL, NULL };
	const struct run_record *rec;

	for (k = 0; (rec = engine_control_get(j, ex, &controls[ri], ri, k)); k++) {
		struct rule_run cr = { .rec = rec,
				       .spec = rr->spec,
				       .dir = controls[ri].dir[k],
				       .files = controls[ri].files[k] };
		struct rule_ctx cctx = *ctx;
		struct rule_result cres;
		enum rule_verdict v;

		if (rec->status == RUN_INTERNAL_ERROR) {
			ctl.why = rec->message ? rec->message : "internal error";
			break;
		}
		cctx.runs = &cr;
		cctx.nruns = 1;
		rule_result_init(&cres);
		v = rule_evaluate(&cctx, &c->params, &cres);
		rule_result_release(&cres);
		if (v == RULE_PASS) {
			ctl.outcome = RACE_CONTROL_PASSED;
			ctl.rec = rec;
			break;
		}
		if (v == RULE_FAIL)
			ctl.outcome = RACE_CONTROL_FAILED;
	}
	if (ctl.outcome == RACE_CONTROL_NONE && !ctl.why)
		ctl.why = "interrupted";
	rules_race_note(ctx, &c->params, rr, &ctl, res);
}
