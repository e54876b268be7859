/*
 * cmd_validate.c - `shmgrade validate [EXERCISE|DIR...] [--format text|json]`:
 * grade every reference solution and mutant of each exercise through the
 * check engine and compare the checks that did not pass with the golden
 * table (verdicts.h). The way Kattis' verifyproblem proves a problem.
 *
 * Where things are: reference/<exercise id>/ holds the submissions (every
 * *.c file and every folder, e.g. a writer + reader pair); the table is
 * reference/verdicts.tsv. reference/ is the sibling of the exercise's folder
 * (exercises/x.yaml -> reference/), or --reference DIR.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graders/engine/engine.h"
#include "graders/cli/cli.h"
#include "graders/load/diag.h"
#include "graders/report/i18n.h"
#include "graders/engine/workdir.h"
#include "graders/load/verdicts.h"
#include "graders/load/ynode.h"
#include "util/xjson.h"
#include "util/xalloc.h"

struct cmd_validate_cli {
	bool json, progress;
	const char *refdir;
	struct engine_options run;
	struct verdict_table table;
	bool table_loaded;
	json_t *exercises; /* --format json */
	unsigned rows, diffs, errors, ungradable;
	unsigned repeat;		     /* --repeat: gradings per submission */
	unsigned maybe_checks, maybe_failed; /* "id?" entries; that failed at least once */
};

static const char cmd_validate_usage_text[] =
	N_("usage: shmgrade validate [EXERCISE.yaml|DIR...] [OPTIONS]\n"
	   "\n"
	   "Grade every reference solution and known mistake of each exercise\n"
	   "(reference/<id>/: each .c file and each folder) and compare the checks that\n"
	   "did not pass with the golden table reference/verdicts.tsv. DIR means every\n"
	   "*.yaml in it; the default is exercises/.\n"
	   "\n"
	   "options:\n"
	   "  --format text|json  a table (default), or {exercises: [{id, solutions:\n"
	   "                      [{path, expected, got, ok}]}]}\n"
	   "  --reference DIR     the reference folder (default: ../reference beside\n"
	   "                      the exercise's folder)\n"
	   "  --lang es|en        language of the messages\n"
	   "  --fallback          no namespaces (also SHMGRADE_FALLBACK=1)\n"
	   "  --repeat N          grade each submission N times (default 1): every time\n"
	   "                      must be as expected; says how often each 'may fail'\n"
	   "                      check (id? in the table) failed\n"
	   "  -q, --quiet         no progress on stderr\n"
	   "  -h, --help          this text\n"
	   "\n"
	   "exit status: 0 every verdict as expected, 1 some differ, 2 shmgrade failed\n"
	   "(malformed exercise or table, missing reference folder, sandbox failure).\n");

enum { OPT_FORMAT = 256, OPT_REF, OPT_LANG, OPT_FALLBACK, OPT_REPEAT };

static const struct option cmd_validate_options[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "reference", required_argument, NULL, OPT_REF },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "fallback", no_argument, NULL, OPT_FALLBACK },
	{ "repeat", required_argument, NULL, OPT_REPEAT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int cmd_validate_parse_opt(int c, struct cmd_validate_cli *o)
{
	switch (c) {
	case OPT_FORMAT:
		if (strcmp(optarg, "text") && strcmp(optarg, "json")) {
			cli_error(_("--format wants text or json, not '%s'"), optarg);
			return -1;
		}
		o->json = !strcmp(optarg, "json");
		return 0;
	case OPT_REF: o->refdir = optarg; return 0;
	case OPT_LANG:
		if (i18n_setup(optarg, &o->run.lang) < 0) {
			cli_error(_("--lang wants es or en, not '%s'"), optarg);
			return -1;
		}
		return 0;
	case OPT_FALLBACK: o->run.mode = RUN_MODE_FORCE_FALLBACK; return 0;
	case OPT_REPEAT:
		return cli_parse_uint("--repeat", optarg, 1, 1000, &o->repeat) < 0 ? -1 : 0;
	case 'q': o->progress = false; return 0;
	case 'h': fputs(_(cmd_validate_usage_text), stdout); return 1;
	default: fputs(_("try 'shmgrade validate --help'\n"), stderr); return -1;
	}
}

/* reference/ for the exercise at path: --reference, else the sibling of the
 * exercise's folder. malloc'ed. */
static char *cmd_validate_refdir(const struct cmd_validate_cli *o, const char *yaml)
{
	char *copy, *dir, *ref;

	if (o->refdir)
		return xstrdup(o->refdir);
	copy = xstrdup(yaml);
	dir = dirname(copy);
	ref = xasprintf("%s/../reference", dir);
	free(copy);
	return ref;
}

static int cmd_validate_table(struct cmd_validate_cli *o, const char *refdir)
{
	char *path;
	struct diag_list d;
	int ret;

	if (o->table_loaded)
		return 0;
	path = xasprintf("%s/verdicts.tsv", refdir);
	diag_init(&d, path);
	ret = verdict_table_load(&o->table, path, &d);
	diag_print(&d, stderr);
	diag_release(&d);
	free(path);
	o->table_loaded = ret == 0;
	return ret;
}

/* Submissions in refdir/id: *.c files and folders. */
static bool cmd_validate_is_submission(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	size_t n = strlen(name);
	struct stat st;
	bool ok = name[0] != '.' && stat(path, &st) == 0 &&
		  (S_ISDIR(st.st_mode) ||
		   (S_ISREG(st.st_mode) && n > 2 && !strcmp(name + n - 2, ".c")));

	free(path);
	return ok;
}

/* One row of the table; a DIFF shows what was expected and what came out
 * on two lines (the id lists are too long for fixed columns). */
static void cmd_validate_row_text(const char *id, const char *sub, const char *expected,
				  const char *got, const char *more, bool ok)
{
	const char *le = _("expected:"), *lg = _("got:");
	int w = (int)(strlen(le) > strlen(lg) ? strlen(le) : strlen(lg));

	if (ok)
		printf("%-4s  %-26s %-30s %s%s\n", "OK", id, sub, got, more);
	else
		printf("%-4s  %-26s %-30s %-*s %s\n%64s%-*s %s%s\n", "DIFF", id, sub, w, le,
		       expected, "", w, lg, got, more);
	fflush(stdout);
}

static json_t *cmd_validate_strv_json(char *const *v, size_t n)
{
	json_t *a = xjson(json_array());
	size_t i;

	for (i = 0; i < n; i++)
		xjson_push(a, json_string(v[i]));
	return a;
}

/* The ids of g's checks that did not pass, sorted (verdict_split's shape). */
static char **cmd_validate_got(const struct grade *g, size_t *n)
{
	char *ids = grade_failed_ids(g, ",");
	char **v = verdict_split(*ids ? ids : "pass", n);

	free(ids);
	return v;
}

/* What broke in a grade in error: the grade's error or the first check's. */
static char *cmd_validate_error_text(const struct grade *g)
{
	size_t i;

	if (g->error)
		return xasprintf("error: %s", g->error);
	for (i = 0; i < g->nchecks; i++)
		if (g->checks[i].status == ITEM_ERROR)
			return xasprintf("error: %s: %s", g->checks[i].id, g->checks[i].message);
	return xstrdup("error");
}

/* A submission this host cannot grade (an exercise's needs: that the mode
 * cannot give): neither as expected nor a difference; the reason is shown. */
static void cmd_validate_ungradable(struct cmd_validate_cli *o, const char *id, const char *name,
				    const struct grade *g, json_t *sols)
{
	o->rows++;
	o->ungradable++;
	if (sols)
		xjson_push(sols, xjson_pack("{s:s, s:n, s:n, s:b, s:s, s:s}", "path", name,
					    "expected", "got", "ok", 0, "status", "ungradable",
					    "reason", g->ungradable));
	else {
		printf("%-4s  %-26s %-30s %s\n", "N/A", id, name, g->ungradable);
		fflush(stdout);
	}
}

/* What o->repeat gradings of one submission gave: the first grading that
 * differed (or the last one), and how often each may-fail check failed. */
struct cmd_validate_tries {
	struct grade g; /* the grading shown */
	char **got;	/* its ids that did not pass */
	size_t ngot;
	unsigned runs, bad_run; /* gradings made; 1-based one that differed, 0 */
	unsigned *maybe_fails;	/* per v->maybe[k] */
};

static bool cmd_validate_has(char *const *v, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], id))
			return true;
	return false;
}

/* Grade path up to o->repeat times; stop at the first grading that is not
 * as v expects (or cannot be graded, or broke). */
static void cmd_validate_try(struct cmd_validate_cli *o, const struct exercise *ex,
			     const char *path, const struct verdict *v,
			     struct cmd_validate_tries *t)
{
	size_t k;

	memset(t, 0, sizeof(*t));
	t->maybe_fails = xcalloc(v && v->nmaybe ? v->nmaybe : 1, sizeof(unsigned));
	while (t->runs < o->repeat) {
		if (t->runs) {
			grade_release(&t->g);
			strv_free(t->got, t->ngot);
		}
		grade_init(&t->g);
		engine_grade(ex, path, &o->run, &t->g);
		t->runs++;
		if (t->g.ungradable && t->g.status == GRADE_ERROR)
			return;
		t->got = cmd_validate_got(&t->g, &t->ngot);
		for (k = 0; v && k < v->nmaybe; k++)
			t->maybe_fails[k] += cmd_validate_has(t->got, t->ngot, v->maybe[k]);
		if (!v || t->g.error || t->g.status == GRADE_ERROR ||
		    !verdict_matches(v, t->got, t->ngot)) {
			t->bad_run = t->runs;
			return;
		}
	}
}

/* " (counter_exact? failed 2 of 3 runs)" for the text table; malloc'ed. */
static char *cmd_validate_maybe_text(const struct verdict *v, const struct cmd_validate_tries *t)
{
	char *s = xstrdup(""), *u;
	size_t k;

	for (k = 0; v && k < v->nmaybe; k++) {
		u = xasprintf(_("%s%s%s? failed in %u of %u runs"), s, k ? "; " : "  (",
			      v->maybe[k], t->maybe_fails[k], t->runs);
		free(s);
		s = u;
	}
	if (*s) {
		u = xasprintf("%s)", s);
		free(s);
		s = u;
	}
	return s;
}

static json_t *cmd_validate_maybe_json(const struct verdict *v, const struct cmd_validate_tries *t)
{
	json_t *m = xjson(json_object());
	size_t k;

	for (k = 0; v && k < v->nmaybe; k++)
		xjson_set(m, v->maybe[k],
			  xjson_pack("{s:i, s:i}", "failed", (int)t->maybe_fails[k], "runs",
				     (int)t->runs));
	return m;
}

/* Grade one submission (o->repeat times) and compare; appends to sols
 * (JSON) when not NULL. */
static void cmd_validate_one(struct cmd_validate_cli *o, const struct exercise *ex,
			     const char *refdir, const char *name, json_t *sols)
{
	char *path = xasprintf("%s/%s/%s", refdir, ex->id, name);
	struct verdict *v = verdict_table_find(&o->table, ex->id, name);
	struct cmd_validate_tries t;
	char *exp_s, *got_s, *more;
	bool ok;
	size_t k;

	if (o->progress)
		fprintf(stderr, "\r\033[K%s %s...", ex->id, name);
	cmd_validate_try(o, ex, path, v, &t);
	if (o->progress)
		fputs("\r\033[K", stderr);
	if (v)
		v->used = true;
	if (t.g.ungradable && t.g.status == GRADE_ERROR) {
		cmd_validate_ungradable(o, ex->id, name, &t.g, sols);
		goto out;
	}
	ok = !t.bad_run;
	exp_s = v ? verdict_expected_text(v) : xstrdup(_("(not in the table)"));
	got_s = t.g.status == GRADE_ERROR ? cmd_validate_error_text(&t.g)
					  : verdict_join(t.got, t.ngot);
	if (!ok && o->repeat > 1) {
		more = xasprintf(_("%s (run %u of %u)"), got_s, t.bad_run, o->repeat);
		free(got_s);
		got_s = more;
	}
	o->rows++;
	o->diffs += !ok;
	o->errors += t.g.status == GRADE_ERROR;
	for (k = 0; v && k < v->nmaybe; k++) {
		o->maybe_checks++;
		o->maybe_failed += t.maybe_fails[k] > 0;
	}
	if (sols) {
		xjson_push(
			sols,
			xjson_pack("{s:s, s:o, s:o, s:o, s:b, s:i, s:o, s:f, s:f, s:s}", "path",
				   name, "expected",
				   v ? cmd_validate_strv_json(v->checks, v->nchecks) : json_null(),
				   "may_fail",
				   v ? cmd_validate_strv_json(v->maybe, v->nmaybe)
				     : xjson(json_array()),
				   "got", cmd_validate_strv_json(t.got, t.ngot), "ok", ok, "runs",
				   (int)t.runs, "may_fail_counts", cmd_validate_maybe_json(v, &t),
				   "score", t.g.score, "max_score", t.g.max_score, "status",
				   grade_status_name(t.g.status)));
	} else {
		more = cmd_validate_maybe_text(v, &t);
		cmd_validate_row_text(ex->id, name, exp_s, got_s, more, ok);
		free(more);
	}
	free(exp_s);
	free(got_s);
out:
	strv_free(t.got, t.ngot);
	free(t.maybe_fails);
	grade_release(&t.g);
	free(path);
}

/* Table entries of exercise id that name no file: each one is a DIFF. */
static void cmd_validate_missing(struct cmd_validate_cli *o, const char *id, json_t *sols)
{
	size_t i;

	for (i = 0; i < o->table.n; i++) {
		struct verdict *v = &o->table.v[i];
		char *exp_s;

		if (v->used || strcmp(v->exercise, id))
			continue;
		v->used = true;
		o->rows++;
		o->diffs++;
		exp_s = verdict_expected_text(v);
		if (sols)
			xjson_push(sols, xjson_pack("{s:s, s:o, s:n, s:b, s:s}", "path",
						    v->submission, "expected",
						    cmd_validate_strv_json(v->checks, v->nchecks),
						    "got", "ok", 0, "status", "missing"));
		else
			cmd_validate_row_text(id, v->submission, exp_s, _("(no such file)"), "",
					      false);
		free(exp_s);
	}
}

/* Every id the table names for ex must be one of its checks: a misspelt
 * "id?" would otherwise be tolerated forever without ever failing. */
static int cmd_validate_ids(struct cmd_validate_cli *o, const struct exercise *ex,
			    const char *refdir)
{
	char *path = xasprintf("%s/verdicts.tsv", refdir), hb[YNODE_HINT_MAX];
	const char *hint;
	struct verdict *v;
	size_t i, k;
	int bad = 0;

	for (i = 0; i < o->table.n; i++) {
		v = &o->table.v[i];
		if (strcmp(v->exercise, ex->id))
			continue;
		for (k = 0; k < v->nchecks + v->nmaybe; k++) {
			const char *id = k < v->nchecks ? v->checks[k] : v->maybe[k - v->nchecks];

			if (exercise_check_find(ex, id) >= 0)
				continue;
			hint = yaml_suggest_table(id, ex->checks, ex->nchecks, sizeof(*ex->checks));
			fprintf(stderr, _("%s:%d:1: exercise '%s' has no check '%s'%s\n"), path,
				v->line, ex->id, id, ynode_hint(hint, hb));
			bad = -1;
		}
	}
	free(path);
	return bad;
}

/* Every submission of one exercise. Returns -1 when the exercise itself
 * could not be validated (already reported). */
static int cmd_validate_exercise(struct cmd_validate_cli *o, const char *yaml)
{
	struct exercise ex;
	struct diag_list d;
	struct dirent **names = NULL;
	char *refdir = cmd_validate_refdir(o, yaml), *dir = NULL;
	json_t *sols = o->json ? xjson(json_array()) : NULL;
	int i, n = -1, ret = -1;

	diag_init(&d, yaml);
	if (exercise_load(&ex, yaml, &d) < 0) {
		diag_print(&d, stderr);
		goto out;
	}
	diag_print(&d, stderr);
	if (cmd_validate_table(o, refdir) < 0 || cmd_validate_ids(o, &ex, refdir) < 0)
		goto release;
	dir = xasprintf("%s/%s", refdir, ex.id);
	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		cli_error(_("no reference folder '%s' for exercise '%s': %s"), dir, ex.id,
			  strerror(errno));
		goto release;
	}
	for (i = 0; i < n; i++)
		if (cmd_validate_is_submission(dir, names[i]->d_name))
			cmd_validate_one(o, &ex, refdir, names[i]->d_name, sols);
	cmd_validate_missing(o, ex.id, sols);
	ret = 0;
release:
	if (sols && ret == 0)
		xjson_push(o->exercises, xjson_pack("{s:s, s:s, s:O}", "id", ex.id, "file", yaml,
						    "solutions", sols));
	exercise_release(&ex);
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	json_decref(sols);
	diag_release(&d);
	free(dir);
	free(refdir);
	return ret;
}

static int cmd_validate_yaml_filter(const struct dirent *de)
{
	size_t n = strlen(de->d_name);

	return de->d_name[0] != '.' && n > 5 && !strcmp(de->d_name + n - 5, ".yaml");
}

/* A .yaml file, or every *.yaml of a folder. */
static int cmd_validate_arg(struct cmd_validate_cli *o, const char *arg)
{
	struct dirent **names;
	struct stat st;
	int i, n, ret = 0;

	if (stat(arg, &st) < 0)
		return cli_error(_("cannot read '%s': %s"), arg, strerror(errno)), -1;
	if (!S_ISDIR(st.st_mode))
		return cmd_validate_exercise(o, arg);
	n = scandir(arg, &names, cmd_validate_yaml_filter, alphasort);
	if (n <= 0) {
		cli_error(_("no *.yaml exercise in '%s'"), arg);
		return -1;
	}
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", arg, names[i]->d_name);

		if (cmd_validate_exercise(o, path) < 0)
			ret = -1;
		free(path);
		free(names[i]);
	}
	free(names);
	return ret;
}

static int cmd_validate_finish(struct cmd_validate_cli *o, bool broke)
{
	if (o->json) {
		json_t *j = xjson_pack("{s:O, s:i, s:i, s:i, s:i, s:i, s:i, s:b}", "exercises",
				       o->exercises, "checked", (int)o->rows, "differences",
				       (int)o->diffs, "ungradable", (int)o->ungradable, "runs",
				       (int)o->repeat, "may_fail", (int)o->maybe_checks,
				       "may_fail_failed", (int)o->maybe_failed, "ok",
				       !broke && o->diffs == 0);

		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(j);
	} else {
		printf(ngettext("validate: %u submission, %u as expected, %u differ\n",
				"validate: %u submissions, %u as expected, %u differ\n", o->rows),
		       o->rows, o->rows - o->diffs - o->ungradable, o->diffs);
		if (o->ungradable)
			printf(ngettext(
				       "validate: %u submission cannot be graded on this host (N/A "
				       "above: its exercise needs what this mode cannot give)\n",
				       "validate: %u submissions cannot be graded on this host (N/A "
				       "above: their exercise needs what this mode cannot give)\n",
				       o->ungradable),
			       o->ungradable);
		if (o->maybe_checks)
			printf(_("validate: %u checks may fail (id? in the table), %u of them failed "
				 "in at least one of %u runs\n"),
			       o->maybe_checks, o->maybe_failed, o->repeat);
	}
	if (broke || o->errors)
		return EXIT_ERROR;
	return o->diffs ? EXIT_FAIL : EXIT_PASS;
}

int cmd_validate(int argc, char **argv)
{
	struct cmd_validate_cli o = { .run = ENGINE_OPTIONS_DEFAULT, .repeat = 1 };
	bool broke = false;
	int c, r, i, code;

	i18n_setup(NULL, &o.run.lang);
	workdir_trap_signals();
	o.progress = isatty(STDERR_FILENO);
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", cmd_validate_options, NULL)) != -1) {
		r = cmd_validate_parse_opt(c, &o);
		if (r)
			return r > 0 ? EXIT_PASS : EXIT_ERROR;
	}
	verdict_table_init(&o.table);
	o.exercises = xjson(json_array());
	if (!o.json)
		printf("%-4s  %-26s %-30s %s\n", "", _("exercise"), _("submission"),
		       _("checks not passed"));
	if (optind == argc)
		broke = cmd_validate_arg(&o, "exercises") < 0;
	for (i = optind; i < argc; i++)
		if (cmd_validate_arg(&o, argv[i]) < 0)
			broke = true;
	code = cmd_validate_finish(&o, broke);
	json_decref(o.exercises);
	verdict_table_release(&o.table);
	return code;
}
