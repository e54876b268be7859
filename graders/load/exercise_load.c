/*
 * exercise_load.c - build and validate the exercise model from the YAML
 * tree (exercise_load, exercise_load_buffer in exercise.h).
 *
 * Every section is loaded even after an error in an earlier one, so an
 * author sees every problem of the file at once; the model is thrown away
 * at the end when any error was found. Cross-references (requires, runs,
 * programs) are resolved once everything they can name is loaded.
 */
#include "graders/load/exercise.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graders/load/exercise_load.h"
#include "graders/load/checks_load.h"
#include "graders/rules/rules.h"
#include "graders/load/runs_load.h"
#include "graders/load/yaml_load.h"
#include "graders/load/ynode.h"
#include "graders/report/i18n.h"
#include "util/util.h"
#include "util/xalloc.h"

static const char *const exercise_load_top_keys[] = {
	"id",	"title",  "description", "points",   "submission", "limits",
	"runs", "checks", "data",	 "schedule", NULL,
};
static const char *const exercise_load_top_required[] = { "id",	  "title",  "points",
							  "runs", "checks", NULL };

/* schedule: at the top is every run's that does not say its own. */
static void exercise_load_schedule(struct exercise *ex, const struct ynode *n, struct diag_list *d)
{
	long long x;
	size_t i;

	if (!n || ynode_enum(n, "'schedule'", load_schedule_names, d, &x) < 0)
		return;
	for (i = 0; i < ex->nruns; i++)
		if (!ex->runs[i].schedule_set)
			ex->runs[i].perturb = x == 1;
}

/* Names an author chooses (ids, program names): safe in file names, CSV
 * columns and JUnit attributes. */
bool exercise_load_name_ok(const char *s)
{
	if (!*s || strlen(s) > 64)
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") ==
	       strlen(s);
}

int exercise_load_name(const struct ynode *n, const char *what, struct diag_list *d, char **out)
{
	if (ynode_string(n, what, true, d, out) < 0)
		return -1;
	if (exercise_load_name_ok(*out))
		return 0;
	diag_error(d, n->mark.line, n->mark.col,
		   _("%s '%s' may use only letters, digits, '_', '.' and '-' (at most 64)"), what,
		   *out);
	free(*out);
	*out = NULL;
	return -1;
}

/* ---- submission ------------------------------------------------------------ */

static const char *const exercise_load_sub_keys[] = {
	"sources", "programs", "compiler", "flags",    "libs",
	"timeout", "binary",   "binaries", "makefile", NULL,
};
static const char *const exercise_load_allow_forbid[] = { "forbid", "allow", NULL };
static const char *const exercise_load_prog_keys[] = { "name", "sources", NULL };
static const char *const exercise_load_default_flags[] = { "-std=c11", "-Wall", "-O1", NULL };
static const char *const exercise_load_default_libs[] = { "-lpthread", NULL };

static char **exercise_load_strv_copy(const char *const *v, size_t *n)
{
	char **out;

	for (*n = 0; v[*n]; (*n)++)
		;
	out = xcalloc(*n + 1, sizeof(char *));
	for (size_t i = 0; i < *n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

/* Source names are file names in the submission, never paths. */
static void exercise_load_sources(struct exercise_prog *p, const struct ynode *n,
				  struct diag_list *d)
{
	size_t i;

	if (ynode_strlist(n, "'sources'", d, &p->sources, &p->nsources) < 0)
		return;
	for (i = 0; i < p->nsources; i++)
		if (!p->sources[i][0] || strchr(p->sources[i], '/'))
			diag_error(d, n->mark.line, n->mark.col,
				   _("'sources' are file names without directories, not '%s'"),
				   p->sources[i]);
}

static void exercise_load_prog(struct exercise *ex, const struct ynode *n, struct diag_list *d)
{
	struct exercise_prog *p = &ex->progs[ex->nprogs++];
	const struct ynode *v;
	size_t i;

	p->mark = n->mark;
	if (ynode_check_map(n, _("program"), exercise_load_prog_keys,
			    (const char *const[]){ "name", NULL }, d) < 0 &&
	    n->kind != YNODE_MAP)
		return;
	if ((v = ynode_get(n, "name")) &&
	    exercise_load_name(v, _("program 'name'"), d, &p->name) == 0) {
		for (i = 0; i + 1 < ex->nprogs; i++)
			if (ex->progs[i].name && !strcmp(ex->progs[i].name, p->name))
				diag_error(d, v->mark.line, v->mark.col,
					   _("duplicate program name '%s' (first at line %d)"),
					   p->name, ex->progs[i].mark.line);
	}
	if ((v = ynode_get(n, "sources")))
		exercise_load_sources(p, v, d);
}

static void exercise_load_progs(struct exercise *ex, const struct ynode *n, struct diag_list *d)
{
	size_t i;

	if (ynode_list(n, "'programs'", d) < 0)
		return;
	ex->progs = xcalloc(n->nkids, sizeof(*ex->progs));
	for (i = 0; i < n->nkids; i++)
		exercise_load_prog(ex, n->kids[i], d);
}

static void exercise_load_build(struct exercise *ex, const struct ynode *n, struct diag_list *d)
{
	struct exercise_build *b = &ex->build;
	const struct ynode *v;
	long long choice;

	b->timeout_s = 60;
	if ((v = ynode_get(n, "compiler")))
		ynode_string(v, "'compiler'", true, d, &b->compiler);
	if (!b->compiler)
		b->compiler = xstrdup("gcc");
	if ((v = ynode_get(n, "flags")))
		ynode_strlist(v, "'flags'", d, &b->flags, &b->nflags);
	else
		b->flags = exercise_load_strv_copy(exercise_load_default_flags, &b->nflags);
	if ((v = ynode_get(n, "libs")))
		ynode_strlist(v, "'libs'", d, &b->libs, &b->nlibs);
	else
		b->libs = exercise_load_strv_copy(exercise_load_default_libs, &b->nlibs);
	if ((v = ynode_get(n, "timeout")))
		ynode_number(v, "'timeout'", 1, 600, d, &b->timeout_s);
	/* "binary: true" is the older spelling of "binaries: allow". */
	if ((v = ynode_get(n, "binary")))
		ynode_bool(v, "'binary'", d, &b->binary);
	if ((v = ynode_get(n, "binaries")) &&
	    ynode_enum(v, "'binaries'", exercise_load_allow_forbid, d, &choice) == 0)
		b->binary = choice == 1;
	if ((v = ynode_get(n, "makefile")) &&
	    ynode_enum(v, "'makefile'", exercise_load_allow_forbid, d, &choice) == 0)
		b->makefile_forbidden = choice == 0;
}

/* "data: DIR": a folder of the exercise's (relative to the exercise file)
 * that builds and runs see read-only, at its absolute path. */
static void exercise_load_data(struct exercise *ex, const struct ynode *n, struct diag_list *d)
{
	char *dir = NULL, *path, *real;
	const char *slash;
	struct stat st;

	if (ynode_string(n, "'data'", true, d, &dir) < 0)
		return;
	slash = strrchr(ex->path ? ex->path : "", '/');
	if (dir[0] == '/' || !slash)
		path = xstrdup(dir);
	else
		path = xasprintf("%.*s/%s", (int)(slash - ex->path), ex->path, dir);
	real = realpath(path, NULL);
	if (!real || stat(real, &st) < 0 || !S_ISDIR(st.st_mode))
		diag_error(d, n->mark.line, n->mark.col, _("'data' must name a folder, not '%s'"),
			   dir);
	else
		ex->data_dir = xstrdup(real);
	free(real);
	free(path);
	free(dir);
}

void exercise_load_submission(struct exercise *ex, const struct ynode *n, struct diag_list *d)
{
	const struct ynode *src = n ? ynode_get(n, "sources") : NULL;
	const struct ynode *progs = n ? ynode_get(n, "programs") : NULL;

	if (n && ynode_check_map(n, "'submission'", exercise_load_sub_keys, NULL, d) < 0 &&
	    n->kind != YNODE_MAP)
		n = NULL;
	exercise_load_build(ex, n, d);
	if (src && progs)
		diag_error(d, progs->mark.line, progs->mark.col,
			   _("give either 'sources' (one program) or 'programs', not both"));
	if (progs && !src) {
		exercise_load_progs(ex, progs, d);
		return;
	}
	ex->progs = xcalloc(1, sizeof(*ex->progs));
	ex->nprogs = 1;
	ex->progs[0].name = xstrdup("prog");
	if (src)
		exercise_load_sources(&ex->progs[0], src, d);
}

/* Fill ex->order so that each check comes after the checks it requires
 * (depth-first). A cycle is reported once, naming its checks in order. */
struct exercise_load_order {
	struct exercise *ex;
	unsigned char *state; /* 0 new, 1 on the stack, 2 done */
	size_t *stack, depth, n;
	struct diag_list *d;
};

static void exercise_load_order_cycle(struct exercise_load_order *o, size_t i)
{
	struct exercise_check *c = &o->ex->checks[i];
	char *names = xstrdup(c->id), *t;
	size_t k = o->depth;

	while (k > 0 && o->stack[k - 1] != i)
		k--;
	for (; k < o->depth; k++) {
		t = xasprintf("%s -> %s", names, o->ex->checks[o->stack[k]].id);
		free(names);
		names = t;
	}
	t = xasprintf("%s -> %s", names, c->id);
	diag_error(o->d, c->mark.line, c->mark.col, _("'requires' makes a cycle: %s"), t);
	free(t);
	free(names);
}

static int exercise_load_order_visit(struct exercise_load_order *o, size_t i)
{
	struct exercise_check *c = &o->ex->checks[i];
	size_t k;

	if (o->state[i] == 2)
		return 0;
	if (o->state[i] == 1) {
		exercise_load_order_cycle(o, i);
		return -1;
	}
	o->state[i] = 1;
	o->stack[o->depth++] = i;
	for (k = 0; k < c->nrequires; k++)
		if (exercise_load_order_visit(o, c->requires[k]) < 0)
			return -1;
	o->depth--;
	o->state[i] = 2;
	o->ex->order[o->n++] = i;
	return 0;
}

static int exercise_load_order(struct exercise *ex, struct diag_list *d)
{
	struct exercise_load_order o = {
		ex, xcalloc(ex->nchecks + 1, 1), xcalloc(ex->nchecks + 1, sizeof(size_t)), 0, 0, d
	};
	size_t i;
	int bad = 0;

	ex->order = xcalloc(ex->nchecks + 1, sizeof(size_t));
	for (i = 0; i < ex->nchecks && !bad; i++)
		bad = exercise_load_order_visit(&o, i); /* one cycle report is enough */
	free(o.state);
	free(o.stack);
	return bad;
}

/* Points are an error, not a warning, when they do not add up: a gradebook
 * out of 9 when the statement says 10 is exactly the silent mistake the
 * loader exists to stop. */
static void exercise_load_points(struct exercise *ex, const struct ynode *n, struct diag_list *d)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < ex->nchecks; i++) {
		if (isnan(ex->checks[i].points))
			return; /* already reported */
		sum += ex->checks[i].points;
	}
	if (fabs(sum - ex->points) > 1e-6)
		diag_error(d, n->mark.line, n->mark.col,
			   _("the checks' points add up to %g, but 'points' says %g"), sum,
			   ex->points);
}

static void exercise_load_top(struct exercise *ex, const struct ynode *root, struct diag_list *d)
{
	const struct ynode *n, *points;
	bool points_ok = false;

	if (ynode_check_map(root, _("the exercise"), exercise_load_top_keys,
			    exercise_load_top_required, d) < 0 &&
	    root->kind != YNODE_MAP)
		return;
	if ((n = ynode_get(root, "id")))
		exercise_load_name(n, "'id'", d, &ex->id);
	if ((n = ynode_get(root, "title")))
		ynode_ltext(n, "'title'", d, &ex->title);
	if ((n = ynode_get(root, "description")))
		ynode_ltext(n, "'description'", d, &ex->description);
	if ((points = ynode_get(root, "points")))
		points_ok = ynode_number(points, "'points'", 0, 1e6, d, &ex->points) == 0;
	exercise_load_submission(ex, ynode_get(root, "submission"), d);
	if ((n = ynode_get(root, "data")))
		exercise_load_data(ex, n, d);
	runs_load(ex, ynode_get(root, "runs"), ynode_get(root, "limits"), d);
	exercise_load_schedule(ex, ynode_get(root, "schedule"), d);
	if ((n = ynode_get(root, "checks")) && checks_load(ex, n, d) == 0 &&
	    exercise_load_order(ex, d) == 0 && points_ok)
		exercise_load_points(ex, points, d);
}

int exercise_load_buffer(struct exercise *ex, const char *name, const char *buf, size_t len,
			 struct diag_list *d)
{
	struct ynode *root;
	unsigned errors = d->errors;

	exercise_init(ex);
	root = yaml_parse(buf, len, d);
	if (root) {
		ex->path = xstrdup(name);
		exercise_load_top(ex, root, d);
		ynode_free(root);
	}
	diag_sort(d);
	if (!root || d->errors > errors) {
		exercise_release(ex);
		return -1;
	}
	return 0;
}

/* Read the whole file, refusing what is too big to be an exercise. */
static char *exercise_load_read_file(const char *path, size_t *len, struct diag_list *d)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t cap = YAML_MAX_BYTES + 1;
	char *buf;
	ssize_t r;

	if (fd < 0) {
		diag_error(d, 0, 0, _("cannot open: %s"), strerror(errno));
		return NULL;
	}
	buf = xmalloc(cap);
	r = util_read_all(fd, buf, cap);
	if (r < 0) {
		diag_error(d, 0, 0, _("cannot read: %s"), strerror(errno));
		close(fd);
		free(buf);
		return NULL;
	}
	close(fd);
	*len = (size_t)r;
	return buf;
}

int exercise_load(struct exercise *ex, const char *path, struct diag_list *d)
{
	size_t len = 0;
	char *buf;
	int r;

	exercise_init(ex);
	buf = exercise_load_read_file(path, &len, d);
	if (!buf)
		return -1;
	r = exercise_load_buffer(ex, path, buf, len, d);
	free(buf);
	return r;
}
