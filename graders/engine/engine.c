/*
 * engine.c - the grading engine (engine.h): build, run, evaluate, score.
 */
#include "graders/engine/engine.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "graders/engine/build.h"
#include "graders/engine/engine_control.h"
#include "graders/engine/engine_sweep.h"
#include "graders/rules/feedback.h"
#include "graders/report/i18n.h"
#include "graders/rules/rules.h"
#include "graders/rules/rules_race.h"
#include "graders/engine/workdir.h"
#include "util/util.h"
#include "util/xalloc.h"

/* State of one engine_grade() call. */
struct engine_job {
	const struct exercise *ex;
	const struct engine_options *o;
	struct grade *g;
	char *root; /* the private work directory */
	struct build build;
	char **rundirs;			 /* one per g->runs entry */
	struct file_ident **fileids;	 /* one per g->runs entry: its files before the run */
	unsigned long long seed;	 /* of repetition 0 of a perturbed run */
	struct engine_control *controls; /* one per exercise run */
};

const struct exercise *engine_job_exercise(const struct engine_job *j)
{
	return j->ex;
}

const struct build_result *engine_job_build(const struct engine_job *j)
{
	return &j->build.res;
}

const char *engine_job_root(const struct engine_job *j)
{
	return j->root;
}

const char *engine_job_submission(const struct engine_job *j)
{
	return j->g->submission;
}

void engine_progress(const struct engine_job *j, const char *step)
{
	if (j->o->progress)
		j->o->progress(j->o->progress_arg, step);
}

static void engine_items_init(struct engine_job *j)
{
	const struct exercise *ex = j->ex;
	struct grade *g = j->g;
	size_t i;

	g->lang = j->o->lang;
	g->exercise_id = xstrdup(ex->id);
	g->exercise_title = xstrdup(ltext_get(&ex->title, g->lang));
	g->nchecks = ex->nchecks;
	g->checks = xcalloc(ex->nchecks, sizeof(*g->checks));
	for (i = 0; i < ex->nchecks; i++) {
		const struct exercise_check *c = &ex->checks[i];
		struct grade_item *out = &g->checks[i];

		out->id = xstrdup(c->id);
		out->title = xstrdup(ltext_get(&c->title, g->lang));
		out->max_points = c->points;
		out->hidden = c->hidden;
		out->status = ITEM_PENDING;
		out->feedback = xstrdup("");
		out->nruns = c->nruns;
		out->runs = xcalloc(c->nruns + 1, sizeof(*out->runs));
		if (c->nruns)
			memcpy(out->runs, c->runs, c->nruns * sizeof(*out->runs));
	}
}

static void engine_item_set(struct grade_item *c, enum grade_item_status status, double points,
			    const char *message, const char *feedback)
{
	c->status = status;
	c->points = points;
	free(c->message);
	c->message = xstrdup(message ? message : "");
	free(c->feedback);
	c->feedback = xstrdup(feedback ? feedback : "");
}

/* ---- runs ------------------------------------------------------------------ */

/* The environment of a program: the harness's defaults plus the exercise's
 * "NAME=value" entries (which replace a default of the same name), and
 * SHMGRADE_DATA when the exercise has a data folder. */
static char **engine_env(const struct exercise_invocation *inv, const char *data)
{
	char *const *def;
	size_t k, n = 0, ndef = 0;
	char **envp;

	for (def = run_default_env; *def; def++)
		ndef++;
	/* SHMGRADE_DATA, the defaults, the exercise's, NULL. */
	envp = xcalloc(1 + ndef + inv->nenv + 1, sizeof(*envp));
	if (data)
		envp[n++] = xasprintf("SHMGRADE_DATA=%s", data);
	for (def = run_default_env; *def; def++) {
		size_t len = strcspn(*def, "=") + 1;
		bool replaced = false;

		for (k = 0; k < inv->nenv; k++)
			replaced |= !strncmp(inv->env[k], *def, len);
		if (!replaced)
			envp[n++] = xstrdup(*def);
	}
	for (k = 0; k < inv->nenv; k++)
		envp[n++] = xstrdup(inv->env[k]);
	return envp;
}

/* arg with every "{data}" replaced by the exercise's data folder. */
static char *engine_expand_data(const char *arg, const char *data)
{
	const char *hit = data ? strstr(arg, "{data}") : NULL;
	char *rest, *out;

	if (!hit)
		return xstrdup(arg);
	rest = engine_expand_data(hit + 6, data);
	out = xasprintf("%.*s%s%s", (int)(hit - arg), arg, data, rest);
	free(rest);
	return out;
}

/* The spec's programs for run ri, its stdin files named after tag (strings are freed by
 * engine_programs_free). Returns -1 with a message in rec when a stdin file
 * cannot be written. */
static int engine_programs(struct engine_job *j, size_t ri, const char *tag,
			   struct run_program *progs, struct run_record *rec)
{
	const struct exercise_run *run = &j->ex->runs[ri];
	size_t p, a;

	for (p = 0; p < run->nprograms; p++) {
		const struct exercise_invocation *inv = &run->programs[p];
		char **argv = xcalloc(inv->nargs + 2, sizeof(*argv));

		argv[0] = xstrdup(j->build.bins[inv->prog]);
		for (a = 0; a < inv->nargs; a++)
			argv[a + 1] = engine_expand_data(inv->args[a], j->ex->data_dir);
		progs[p].argv = argv;
		progs[p].envp =
			inv->nenv || j->ex->data_dir ? engine_env(inv, j->ex->data_dir) : NULL;
		progs[p].concurrent = inv->concurrent;
		progs[p].delay_ms = inv->delay_ms;
		if (inv->stdin_text) {
			char *path = xasprintf("%s/stdin-%s-%zu", j->root, tag, p);

			progs[p].stdin_path = path;
			if (util_write_file_at(AT_FDCWD, path, O_CREAT | O_TRUNC | O_NOFOLLOW, 0600,
					       inv->stdin_text, strlen(inv->stdin_text)) < 0) {
				record_set_message(rec, _("cannot write '%s': %s"), path,
						   strerror(errno));
				return -1;
			}
		}
	}
	return 0;
}

static void engine_programs_free(struct run_program *progs, size_t n)
{
	size_t p;
	char *const *v;

	for (p = 0; p < n; p++) {
		for (v = progs[p].argv; v && *v; v++)
			free(*v);
		free((void *)progs[p].argv);
		for (v = progs[p].envp; v && *v; v++)
			free(*v);
		free((void *)progs[p].envp);
		free((void *)progs[p].stdin_path);
	}
	free(progs);
}

/* The run's files and preconditions (ftok keys need the files first). */
static int engine_prepare(const struct exercise_run *run, const char *dir,
			  struct run_precondition *pre, struct run_record *rec)
{
	size_t i;

	if (exercise_run_files_create(run, dir) < 0) {
		record_set_message(rec, _("cannot create the run's files in '%s': %s"), dir,
				   strerror(errno));
		return -1;
	}
	for (i = 0; i < run->nfiles; i++) {
		char *path = xasprintf("%s/%s", dir, run->files[i].path);

		workdir_own(path);
		free(path);
	}
	for (i = 0; i < run->npre; i++) {
		pre[i].kind = run->pre[i].kind;
		pre[i].size = run->pre[i].size;
		pre[i].mode = run->pre[i].mode;
		pre[i].content = run->pre[i].content;
		pre[i].values = run->pre[i].values;
		pre[i].nvalues = run->pre[i].nvalues;
		pre[i].msg_types = run->pre[i].msg_types;
		pre[i].msg_texts = run->pre[i].msg_texts;
		pre[i].nmsgs = run->pre[i].nmsgs;
		if (exercise_key_resolve(&run->pre[i].key, dir, &pre[i].key) < 0) {
			record_set_message(rec, _("cannot compute the key of precondition %zu: %s"),
					   i + 1, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/*
 * A run in fallback mode (the host refused namespaces, or fallback was
 * asked for) that needs a fresh namespace, or whose program met a host
 * object through a shared key, did not see what the exercise means it to
 * see (a first shmid of 0, an empty table, only the run's objects): its
 * checks must not pass or fail on it. The record becomes an internal error
 * that says why, and the grade is marked ungradable here.
 */
static void engine_needs(struct engine_job *j, const struct exercise_run *run,
			 struct run_record *rec)
{
	if (rec->mode != RUN_MODE_FALLBACK)
		return;
	if (rec->host_key_clash) {
		rec->status = RUN_INTERNAL_ERROR;
		record_set_message(
			rec,
			_("run '%s' used the key 0x%llx, which an IPC object of this host "
			  "already had (fallback mode shares the host's keys): it cannot be "
			  "graded here; remove that object (ipcs) or grade where namespaces "
			  "are allowed"),
			run->id, (unsigned long long)rec->host_key & 0xffffffffULL);
	} else if (run->needs & EXERCISE_NEEDS_FRESH_NAMESPACE) {
		rec->status = RUN_INTERNAL_ERROR;
		record_set_message(
			rec,
			_("run '%s' needs a fresh IPC namespace (needs: [fresh_namespace]; "
			  "e.g. its first segment must get shmid 0), and this host refuses "
			  "namespaces (fallback mode): it cannot be graded here"),
			run->id);
	} else {
		return;
	}
	if (!j->g->ungradable)
		j->g->ungradable = xstrdup(rec->message);
}

/* The run's own injections, then the caller's (check --inject), at most
 * INJECT_MAX in all, into out; returns how many. */
static size_t engine_injections(const struct engine_job *j, const struct exercise_run *run,
				struct run_inject *out)
{
	size_t n = 0, i;

	for (i = 0; i < run->ninject && n < INJECT_MAX; i++)
		out[n++] = run->inject[i];
	for (i = 0; i < j->o->ninject && n < INJECT_MAX; i++)
		out[n++] = j->o->inject[i];
	return n;
}

/* Whether a survives_faults check sweeps run ri: its records then note
 * the call site of every IPC call. */
static bool engine_run_swept(const struct exercise *ex, size_t ri)
{
	size_t i;

	for (i = 0; i < ex->nchecks; i++)
		if (ex->checks[i].rule && !strcmp(ex->checks[i].rule->name, "survives_faults") &&
		    exercise_check_uses_run(&ex->checks[i], ri))
			return true;
	return false;
}

int engine_spec_prepare(struct engine_job *j, size_t ri, const char *dir, const char *tag,
			struct engine_spec *es, struct run_record *rec)
{
	const struct exercise_run *run = &j->ex->runs[ri];
	struct run_spec *spec = &es->spec;

	memset(es, 0, sizeof(*es));
	es->pre = xcalloc(run->npre + 1, sizeof(*es->pre));
	es->progs = xcalloc(run->nprograms, sizeof(*es->progs));
	es->nprogs = run->nprograms;
	if (engine_prepare(run, dir, es->pre, rec) < 0 ||
	    engine_programs(j, ri, tag, es->progs, rec) < 0)
		return -1;
	spec->programs = es->progs;
	spec->nprograms = run->nprograms;
	spec->pre = es->pre;
	spec->npre = run->npre;
	spec->dir = dir;
	spec->limits = run->limits;
	spec->mode = j->o->mode;
	spec->quiet = j->o->quiet;
	spec->ro_dirs = (const char *const *)&j->ex->data_dir;
	spec->nro_dirs = j->ex->data_dir ? 1 : 0;
	spec->nhide_dirs = exercise_private_dirs(j->ex, es->hide);
	spec->hide_dirs = (const char *const *)es->hide;
	spec->ninject = engine_injections(j, run, es->inject);
	spec->inject = es->inject;
	/* A program may exec the exercise's other programs, and no other file
	 * of the student's (run.h). */
	spec->exec_also = (const char *const *)j->build.bins;
	spec->nexec_also = j->build.nbins;
	spec->sites = engine_run_swept(j->ex, ri);
	return 0;
}

void engine_spec_release(struct engine_spec *es)
{
	size_t i;

	if (es->progs)
		engine_programs_free(es->progs, es->nprogs);
	free(es->pre);
	for (i = 0; i < es->spec.nhide_dirs && i < 2; i++)
		free(es->hide[i]);
	memset(es, 0, sizeof(*es));
}

/* engine_control.h says what it does. */
void engine_run_into(struct engine_job *j, size_t ri, const char *name, bool perturb,
		     unsigned long long seed, struct run_record *rec, char **dirp,
		     struct file_ident **filesp)
{
	const struct exercise_run *run = &j->ex->runs[ri];
	char *dir = workdir_subdir(j->root, name);
	struct engine_spec es;

	memset(&es, 0, sizeof(es));
	*dirp = dir;
	*filesp = NULL;
	if (!dir)
		record_set_message(rec, _("cannot make the run directory: %s"), strerror(errno));
	if (!dir || engine_spec_prepare(j, ri, dir, name, &es, rec) < 0) {
		rec->status = RUN_INTERNAL_ERROR;
	} else {
		/* Keys are the files' before the run: the program may delete
		 * or replace them (engine.h). */
		*filesp = exercise_run_files_ident(run, dir);
		es.spec.perturb = perturb;
		es.spec.seed = seed & RUN_SEED_MAX;
		/* One CPU and a stop at every call: the author's limit is for
		 * the machine's own schedule. (A fault sweep's runs keep the
		 * machine's schedule: engine_sweep.c.) */
		if (es.spec.perturb)
			es.spec.limits.timeout_s *= RUN_PERTURB_TIME_FACTOR;
		if (harness_run(&es.spec, rec) < 0)
			rec->status = RUN_INTERNAL_ERROR;
	}
	engine_spec_release(&es);
}

/* One repetition of one run into a new g->runs entry. A failure of ours is
 * recorded as a RUN_INTERNAL_ERROR record: the checks that use it ERROR. */
static void engine_run_one(struct engine_job *j, size_t ri, unsigned rep)
{
	const struct exercise_run *run = &j->ex->runs[ri];
	struct run_outcome *out = grade_run_add(j->g, run->id, rep);
	char *name = xasprintf("run%zu-%u", ri + 1, rep);
	size_t k;

	out->run_index = ri;
	k = j->g->nruns - 1;
	j->rundirs = xrealloc(j->rundirs, j->g->nruns, sizeof(*j->rundirs));
	j->fileids = xrealloc(j->fileids, j->g->nruns, sizeof(*j->fileids));
	engine_run_into(j, ri, name, run->perturb || j->o->perturb, j->seed + rep, &out->rec,
			&j->rundirs[k], &j->fileids[k]);
	if (out->rec.status != RUN_INTERNAL_ERROR)
		engine_needs(j, run, &out->rec);
	free(name);
}

/* Whether the repetitions of run ri end with the one just made: a perturbed
 * run that reached its time limit (four times the exercise's) is not
 * repeated. It already fails what a hang fails, and every further
 * repetition of a deadlock would cost the whole limit again. */
static bool engine_run_stops(const struct engine_job *j, size_t ri)
{
	const struct run_outcome *out = &j->g->runs[j->g->nruns - 1];

	return out->run_index == ri && out->rec.perturbed && out->rec.status == RUN_TIMEOUT;
}

static void engine_runs(struct engine_job *j)
{
	size_t ri, total = 0, done = 0;
	unsigned rep;
	char step[64];

	for (ri = 0; ri < j->ex->nruns; ri++)
		total += j->ex->runs[ri].repeat;
	for (ri = 0; ri < j->ex->nruns; ri++)
		for (rep = 0; rep < j->ex->runs[ri].repeat; rep++) {
			snprintf(step, sizeof(step), _("run %zu/%zu"), ++done, total);
			engine_progress(j, step);
			engine_run_one(j, ri, rep);
			if (workdir_interrupted())
				return; /* engine_grade cleans up and dies */
			if (engine_run_stops(j, ri)) {
				done += j->ex->runs[ri].repeat - rep - 1;
				break;
			}
		}
}

/* ---- checks ---------------------------------------------------------------- */

/* The first check c requires that did not pass, or -1. */
static long engine_blocker(const struct engine_job *j, const struct exercise_check *c)
{
	size_t k;

	for (k = 0; k < c->nrequires; k++)
		if (j->g->checks[c->requires[k]].status != ITEM_PASS)
	return (long)c->requires[k];
	return -1;
}

/* The points of a check that failed with a share of them (rules.h's
 * fraction), to the hundredth, never all of them. */
static double engine_share(double points, double fraction)
{
	double p;

	if (fraction <= 0 || fraction >= 1)
		return 0;
	p = (double)(long long)(points * fraction * 100 + 0.5) / 100;
	return p < points ? p : points - 0.01;
}

/* Mark the runs a check that did not pass looked at (grade.h). */
static void engine_mark_failing(struct engine_job *j, const struct rule_run *rr, size_t n,
				const struct run_record *blamed)
{
	size_t i, k;

	for (i = 0; i < j->g->nruns; i++)
		for (k = 0; k < n; k++)
			if (rr[k].rec == &j->g->runs[i].rec && (!blamed || blamed == rr[k].rec))
				j->g->runs[i].failing = true;
}

static void engine_evaluate_one(struct engine_job *j, size_t ci)
{
	const struct exercise_check *c = &j->ex->checks[ci];
	struct grade_item *out = &j->g->checks[ci];
	enum lang lang = j->g->lang;
	struct rule_run *rr = xcalloc(j->g->nruns + 1, sizeof(*rr));
	struct rule_ctx ctx = {
		.ex = j->ex, .build = &j->build.res, .runs = rr, .submission = j->g->submission
	};
	struct fault_sweep sweep = { 0 };
	size_t base = 0;
	struct rule_result res;
	enum rule_verdict v;
	size_t i;

	for (i = 0; i < j->g->nruns; i++) {
		if (!exercise_check_uses_run(c, j->g->runs[i].run_index))
			continue;
		rr[ctx.nruns].rec = &j->g->runs[i].rec;
		rr[ctx.nruns].spec = &j->ex->runs[j->g->runs[i].run_index];
		rr[ctx.nruns].dir = j->rundirs[i];
		rr[ctx.nruns].files = j->fileids[i];
		rr[ctx.nruns].repetition = j->g->runs[i].repetition;
		if (!ctx.nruns)
			base = j->g->runs[i].run_index;
		ctx.nruns++;
	}
	/* The fault sweep runs the program again: only for a check about to
	 * be evaluated, on the first record it looks at. */
	if (c->rule && !strcmp(c->rule->name, "survives_faults") && ctx.nruns &&
	    rr[0].rec->status != RUN_INTERNAL_ERROR) {
		engine_progress(j, _("fault sweep"));
		engine_sweep(j, ci, base, &rr[0], &sweep);
		ctx.sweep = &sweep;
	}
	rule_result_init(&res);
	v = rule_evaluate(&ctx, &c->params, &res);
	rules_fault_sweep_release(&sweep);
	for (i = 0; v == RULE_FAIL && i < ctx.nruns; i++)
		if (rr[i].rec == res.failed_rec && rr[i].spec &&
		    rules_race_wants_control(&c->params, res.failed_rec))
			engine_control_note(j, j->ex, j->controls, c, &ctx, &rr[i], &res);
	if (v != RULE_PASS)
		engine_mark_failing(j, rr, ctx.nruns, res.failed_rec);
	if (v == RULE_PASS)
		engine_item_set(out, ITEM_PASS, c->points, rule_result_msg(&res, lang),
				ltext_get(&c->pass, lang));
	else if (v == RULE_FAIL)
		engine_item_set(out, ITEM_FAIL, engine_share(c->points, res.fraction),
				rule_result_msg(&res, lang), feedback_pick(c, res.kinds, lang));
	else
		engine_item_set(out, ITEM_ERROR, 0, rule_result_msg(&res, lang), NULL);
	rule_result_release(&res);
	free(rr);
}

static bool engine_is_build_rule(const struct exercise_check *c)
{
	return c->rule && !strcmp(c->rule->name, "compiles");
}

static void engine_evaluate(struct engine_job *j)
{
	enum lang lang = j->g->lang;
	char *msg;
	size_t k;

	for (k = 0; k < j->ex->nchecks; k++) {
		size_t ci = j->ex->order[k];
		const struct exercise_check *c = &j->ex->checks[ci];
		struct grade_item *out = &j->g->checks[ci];
		long b = engine_blocker(j, c);

		if (b >= 0) {
			msg = xasprintf(_("skipped: it needs \"%s\", which did not pass"),
					j->g->checks[b].hidden ? _("hidden check")
							       : j->g->checks[b].title);
			engine_item_set(out, ITEM_SKIP, 0, msg, NULL);
			free(msg);
		} else if (!j->build.res.ok && !engine_is_build_rule(c)) {
			engine_item_set(out, ITEM_FAIL, 0, _("not run: the program was not built"),
					feedback_pick(c, " not_built ", lang));
		} else {
			engine_evaluate_one(j, ci);
		}
	}
}

/* Checks left unevaluated by a failure of the grader. */
static void engine_mark_unevaluated(struct grade *g)
{
	size_t i;

	for (i = 0; i < g->nchecks; i++)
		if (g->checks[i].status == ITEM_PENDING)
			engine_item_set(&g->checks[i], ITEM_ERROR, 0,
					_("not evaluated: the grader failed (see the error above)"),
					NULL);
}

static void engine_keep_build(struct engine_job *j)
{
	j->g->build = j->build.res;
	j->g->build.output = xstrdup(j->build.res.output); /* NULL stays NULL */
}

static void engine_cleanup(struct engine_job *j)
{
	size_t i;

	for (i = 0; i < j->g->nruns; i++) {
		free(j->rundirs[i]);
		free(j->fileids[i]);
	}
	free(j->rundirs);
	free(j->fileids);
	engine_controls_free(j->controls, j->ex->nruns);
	build_release(&j->build);
	if (j->root && j->o->keep)
		fprintf(stderr, _("shmgrade: work files kept in %s\n"), j->root);
	else if (j->root)
		workdir_remove(j->root);
	free(j->root);
}

/*
 * The exercise's data folder is mounted for the programs by the run's
 * init, which has the programs' uid, not root's: when shmgrade runs as
 * root every folder on its path must let others in (and the folder let
 * them read), or the programs would find nothing there. 0 when it does.
 */
static int engine_data_reachable(const char *dir)
{
	char *p, *slash;
	struct stat st;
	mode_t need = S_IROTH | S_IXOTH;
	int ret = 0;

	if (!dir)
		return 0;
	if (geteuid() != 0)
		return access(dir, R_OK | X_OK);
	p = xstrdup(dir);
	while (ret == 0 && *p) {
		if (stat(p, &st) < 0 || (st.st_mode & need) != need)
			ret = -1;
		need = S_IXOTH;
		slash = strrchr(p, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	free(p);
	return ret;
}

int engine_grade(const struct exercise *ex, const char *submission, const struct engine_options *o,
		 struct grade *g)
{
	struct engine_job j = { .ex = ex, .o = o, .g = g };
	struct build_options bo = BUILD_OPTIONS_DEFAULT;
	long long t0 = util_monotonic_ns();
	char *bdir = NULL;

	/* Repetition k of a perturbed run uses seed + k: --seed S replays
	 * the repetition whose record says "seed": S as the first one. */
	j.seed = o->seeded ? o->seed : harness_random_seed();
	workdir_die_if_interrupted(); /* a signal between two submissions */
	build_init(&j.build);
	engine_items_init(&j);
	j.controls = engine_controls_new(ex->nruns);
	g->submission = xstrdup(submission);
	grade_set_progs(g, ex, submission);
	bo.mode = o->mode;
	bo.quiet = o->quiet;
	if (engine_data_reachable(ex->data_dir) < 0) {
		grade_set_error(g,
				_("the exercise's data folder '%s' must be readable by everyone: "
				  "the programs do not run as root"),
				ex->data_dir);
		goto done;
	}
	j.root = workdir_create();
	if (!j.root || !(bdir = workdir_subdir(j.root, "build"))) {
		grade_set_error(g, _("cannot make a work directory: %s"), strerror(errno));
		goto done;
	}
	engine_progress(&j, _("building"));
	if (build_run(ex, submission, bdir, &bo, &j.build) < 0) {
		grade_set_error(g, "%s", j.build.error);
		goto done;
	}
	engine_keep_build(&j);
	if (j.build.res.ok && !workdir_interrupted())
		engine_runs(&j);
	engine_progress(&j, _("checking"));
	engine_evaluate(&j);
done:
	engine_mark_unevaluated(g);
	free(bdir);
	engine_cleanup(&j);
	/* Ctrl-C or SIGTERM came (workdir_trap_signals): everything is
	 * removed now; die of it as the user asked. */
	workdir_die_if_interrupted();
	g->wall_ms = (double)(util_monotonic_ns() - t0) / 1e6;
	grade_finish(g);
	return g->status == GRADE_ERROR ? -1 : 0;
}
