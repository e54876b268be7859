/*
 * exercise.c - the exercise model's lifecycle (init, release) and look-ups
 * by name. Its helpers live in lang.c, exercise_key.c, exercise_build.c and
 * exercise_files.c; loading in exercise_load.c, runs_load.c, checks_load.c
 * and yaml_load.c (see exercise.h).
 */
#include "graders/load/exercise.h"

#include <stdlib.h>
#include <string.h>

#include "graders/rules/feedback.h"
#include "util/xalloc.h"

/* ---- names --------------------------------------------------------------- */

const char *who_name(enum who who)
{
	static const char *const names[] = { "any", "parent", "child", "creator", "every" };

	return (unsigned)who < 5 ? names[who] : "any";
}

const char *param_type_name(enum param_type type)
{
	static const char *const names[] = {
		[PARAM_INT] = "integer",   [PARAM_NUMBER] = "number", [PARAM_BOOL] = "boolean",
		[PARAM_STRING] = "string", [PARAM_ENUM] = "name",     [PARAM_REGEX] = "regex",
		[PARAM_MODE] = "mode",	   [PARAM_KEY] = "key",	      [PARAM_ARGS] = "args map",
		[PARAM_EVENT] = "event",   [PARAM_PROG] = "program",
	};

	return (unsigned)type <= PARAM_PROG ? names[type] : "value";
}

/* ---- lifecycle ------------------------------------------------------------ */

void exercise_init(struct exercise *ex)
{
	memset(ex, 0, sizeof(*ex));
}

void strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void rule_params_release(struct rule_params *p)
{
	struct param_value *v;
	size_t i, j;

	for (i = 0; p->v && i < p->n; i++) {
		v = &p->v[i];
		free(v->s);
		key_spec_release(&v->key);
		for (j = 0; j < v->nargs; j++) {
			free(v->args[j].name);
			free(v->args[j].value);
			key_spec_release(&v->args[j].key);
		}
		free(v->args);
		if (v->ev) {
			for (j = 0; j < v->ev->nargs; j++) {
				free(v->ev->args[j].name);
				free(v->ev->args[j].value);
				key_spec_release(&v->ev->args[j].key);
			}
			free(v->ev->args);
			free(v->ev->errno_name);
			free(v->ev);
		}
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

static void exercise_run_release(struct exercise_run *r)
{
	size_t i;

	for (i = 0; i < r->nprograms; i++) {
		strv_free(r->programs[i].args, r->programs[i].nargs);
		strv_free(r->programs[i].env, r->programs[i].nenv);
		free(r->programs[i].stdin_text);
	}
	free(r->programs);
	for (i = 0; i < r->nfiles; i++) {
		free(r->files[i].path);
		free(r->files[i].content);
	}
	free(r->files);
	for (i = 0; i < r->npre; i++) {
		key_spec_release(&r->pre[i].key);
		free(r->pre[i].content);
		free(r->pre[i].values);
		free(r->pre[i].msg_types);
		strv_free(r->pre[i].msg_texts, r->pre[i].nmsgs);
	}
	free(r->pre);
	free(r->inject);
	free(r->id);
}

static void exercise_check_release(struct exercise_check *c)
{
	free(c->id);
	ltext_release(&c->title);
	ltext_release(&c->pass);
	ltext_release(&c->fail);
	feedback_release(c);
	rule_params_release(&c->params);
	free(c->requires);
	free(c->runs);
}

/* dir/../reference (or dir/reference when up is false), if it exists. */
static char *exercise_reference_near(const char *path, bool up)
{
	char *copy = xstrdup(path), *slash = strrchr(copy, '/'), *p, *real;

	if (!slash) {
		free(copy);
		return NULL;
	}
	*slash = '\0';
	p = xasprintf("%s/%sreference", *copy ? copy : "/", up ? "../" : "");
	real = realpath(p, NULL);
	free(p);
	free(copy);
	return real;
}

size_t exercise_private_dirs(const struct exercise *ex, char *out[2])
{
	char *exe = realpath("/proc/self/exe", NULL), *ex_real;
	size_t n = 0;

	if (exe && (out[n] = exercise_reference_near(exe, false)))
		n++;
	free(exe);
	ex_real = ex->path ? realpath(ex->path, NULL) : NULL;
	if (ex_real && (out[n] = exercise_reference_near(ex_real, true))) {
		if (n == 1 && !strcmp(out[0], out[1]))
			free(out[1]);
		else
			n++;
	}
	free(ex_real);
	return n;
}

void exercise_release(struct exercise *ex)
{
	size_t i;

	for (i = 0; i < ex->nprogs; i++) {
		free(ex->progs[i].name);
		strv_free(ex->progs[i].sources, ex->progs[i].nsources);
	}
	free(ex->progs);
	free(ex->build.compiler);
	strv_free(ex->build.flags, ex->build.nflags);
	strv_free(ex->build.libs, ex->build.nlibs);
	free(ex->data_dir);
	for (i = 0; i < ex->nruns; i++)
		exercise_run_release(&ex->runs[i]);
	free(ex->runs);
	for (i = 0; i < ex->nchecks; i++)
		exercise_check_release(&ex->checks[i]);
	free(ex->checks);
	free(ex->order);
	free(ex->path);
	free(ex->id);
	ltext_release(&ex->title);
	ltext_release(&ex->description);
	exercise_init(ex);
}

/* ---- look-ups and helpers --------------------------------------------------- */

long exercise_prog_find(const struct exercise *ex, const char *name)
{
	size_t i;

	for (i = 0; i < ex->nprogs; i++)
		if (ex->progs[i].name && !strcmp(ex->progs[i].name, name))
			return (long)i;
	return -1;
}

long exercise_run_find(const struct exercise *ex, const char *id)
{
	size_t i;

	for (i = 0; i < ex->nruns; i++)
		if (ex->runs[i].id && !strcmp(ex->runs[i].id, id))
			return (long)i;
	return -1;
}

long exercise_check_find(const struct exercise *ex, const char *id)
{
	size_t i;

	for (i = 0; i < ex->nchecks; i++)
		if (ex->checks[i].id && !strcmp(ex->checks[i].id, id))
			return (long)i;
	return -1;
}

bool exercise_check_uses_run(const struct exercise_check *c, size_t run_index)
{
	size_t i;

	if (!c->nruns)
		return true;
	for (i = 0; i < c->nruns; i++)
		if (c->runs[i] == run_index)
			return true;
	return false;
}
