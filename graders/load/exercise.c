/*
 * exercise.c - the exercise model's lifecycle and small helpers: languages,
 * texts, keys, look-ups, the compiler's argv, a run's files.
 * Loading lives in exercise_load.c, runs_load.c, checks_load.c and
 * yaml_load.c (see exercise.h).
 */
#include "graders/load/exercise.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graders/rules/feedback.h"
#include "graders/report/i18n.h"
#include "harness/xalloc.h"

const char *lang_name(enum lang lang)
{
	return lang == LANG_ES ? "es" : "en";
}

int lang_parse(const char *text, enum lang *out)
{
	if (!text || !*text)
		return -1;
	if (!strncmp(text, "es", 2) && (!text[2] || strchr("_.@-", text[2]))) {
		*out = LANG_ES;
		return 0;
	}
	if ((!strncmp(text, "en", 2) && (!text[2] || strchr("_.@-", text[2]))) ||
	    !strcmp(text, "C") || !strncmp(text, "C.", 2) || !strcmp(text, "POSIX")) {
		*out = LANG_EN;
		return 0;
	}
	return -1;
}

const char *ltext_get(const struct ltext *t, enum lang lang)
{
	if (!t)
		return "";
	if ((unsigned)lang < LANG_COUNT && t->s[lang])
		return t->s[lang];
	return t->s[LANG_ES] ? t->s[LANG_ES] : t->s[LANG_EN] ? t->s[LANG_EN] : "";
}

bool ltext_empty(const struct ltext *t)
{
	return !t->s[LANG_ES] && !t->s[LANG_EN];
}

void ltext_release(struct ltext *t)
{
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		free(t->s[l]);
		t->s[l] = NULL;
	}
}

/* ---- keys ---------------------------------------------------------------- */

bool key_equal(long long a, long long b)
{
	return (uint32_t)a == (uint32_t)b;
}

/* A key_t is 32 bits: 0xffffffff and -1 are the same key. */
static long long key_norm(long long v)
{
	return (long long)(int32_t)(uint32_t)v;
}

static int key_parse_literal(const char *t, long long *out)
{
	char *end;
	long long v;
	int base = 10;
	const char *digits = t[0] == '-' ? t + 1 : t;

	if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
		base = 16;
	errno = 0;
	v = strtoll(t, &end, base);
	if (errno || end == t || *end || !isxdigit((unsigned char)*digits))
		return -1;
	if (v < INT32_MIN || v > (long long)UINT32_MAX)
		return -1;
	*out = key_norm(v);
	return 0;
}

/* "ftok(path, 65)" or "ftok(path, 'A')", spaces allowed around the parts. */
static int key_parse_ftok(const char *t, struct key_spec *out, const char **why)
{
	const char *open = t + 4, *comma = strrchr(t, ','), *close = strrchr(t, ')');
	const char *p, *q, *id;
	long v;
	char *end;

	*why = N_("a ftok key is written ftok(file, 65) or ftok(file, 'A')");
	if (*open != '(' || !comma || !close || close[1] || comma > close)
		return -1;
	for (p = open + 1; *p == ' '; p++)
		;
	for (q = comma; q > p && q[-1] == ' '; q--)
		;
	for (id = comma + 1; *id == ' '; id++)
		;
	if (q == p)
		return -1;
	if (id[0] == '\'' && id[1] && id[2] == '\'') {
		v = (unsigned char)id[1];
		end = (char *)id + 3;
	} else {
		errno = 0;
		v = strtol(id, &end, 0);
		if (errno || end == id)
			return -1;
	}
	while (*end == ' ')
		end++;
	if (end != close)
		return -1;
	if (v < 1 || v > 255) {
		*why = N_("the ftok id must be from 1 to 255 (only its low 8 bits are used)");
		return -1;
	}
	out->path = xmalloc((size_t)(q - p) + 1);
	memcpy(out->path, p, (size_t)(q - p));
	out->path[q - p] = '\0';
	out->proj_id = (int)v;
	if (out->path[0] == '/' || strstr(out->path, "..")) {
		*why = N_("the ftok file must be a relative path inside the run's directory");
		free(out->path);
		out->path = NULL;
		return -1;
	}
	return 0;
}

int key_spec_parse(const char *text, struct key_spec *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	if (!strcmp(text, "IPC_PRIVATE")) {
		out->kind = KEY_PRIVATE;
		return 0;
	}
	if (!strncmp(text, "ftok", 4)) {
		if (key_parse_ftok(text, out, why) < 0)
			return -1;
		out->kind = KEY_FTOK;
		return 0;
	}
	if (key_parse_literal(text, &out->value) < 0) {
		*why = N_("a key is IPC_PRIVATE, a 32-bit number (4660, 0x1234) or ftok(file, 65)");
		return -1;
	}
	out->kind = out->value == 0 ? KEY_PRIVATE : KEY_LITERAL;
	return 0;
}

void key_spec_release(struct key_spec *k)
{
	free(k->path);
	memset(k, 0, sizeof(*k));
}

void key_spec_copy(struct key_spec *dst, const struct key_spec *src)
{
	*dst = *src;
	dst->path = xstrdup(src->path);
}

char *key_spec_format(const struct key_spec *k)
{
	switch (k->kind) {
	case KEY_PRIVATE: return xstrdup("IPC_PRIVATE");
	case KEY_LITERAL: return xasprintf("0x%08x", (unsigned)(uint32_t)k->value);
	case KEY_FTOK: return xasprintf("ftok(%s, %d)", k->path, k->proj_id);
	default: return xstrdup("(no key)");
	}
}

int exercise_key_resolve(const struct key_spec *k, const char *rundir, long long *key)
{
	char *path;
	key_t v;

	switch (k->kind) {
	case KEY_PRIVATE: *key = 0; return 0;
	case KEY_LITERAL: *key = key_norm(k->value); return 0;
	case KEY_FTOK:
		if (!rundir)
			break;
		path = xasprintf("%s/%s", rundir, k->path);
		v = ftok(path, k->proj_id);
		free(path);
		if (v == (key_t)-1)
			return -1;
		*key = (long long)v;
		return 0;
	default: break;
	}
	errno = EINVAL;
	return -1;
}

static void file_ident_take(struct file_ident *id, const char *dir, const char *rel)
{
	char *path = xasprintf("%s/%s", dir, rel);
	struct stat st;

	id->ok = stat(path, &st) == 0;
	if (id->ok) {
		id->dev = (unsigned long long)st.st_dev;
		id->ino = (unsigned long long)st.st_ino;
	}
	free(path);
}

struct file_ident *exercise_run_files_ident(const struct exercise_run *run, const char *dir)
{
	struct file_ident *ids = xcalloc(run->nfiles + 1, sizeof(*ids));
	size_t i;

	for (i = 0; dir && i < run->nfiles; i++)
		file_ident_take(&ids[i], dir, run->files[i].path);
	return ids;
}

static const struct file_ident *file_ident_find(const struct exercise_run *run,
						const struct file_ident *ids, const char *path)
{
	size_t i;

	for (i = 0; run && ids && i < run->nfiles; i++)
		if (!strcmp(run->files[i].path, path))
			return &ids[i];
	return NULL;
}

int exercise_key_resolve_ident(const struct key_spec *k, const struct exercise_run *run,
			       const struct file_ident *ids, long long *key)
{
	const struct file_ident *id;

	if (k->kind != KEY_FTOK)
		return exercise_key_resolve(k, NULL, key);
	id = file_ident_find(run, ids, k->path);
	if (!id || !id->ok) {
		errno = ENOENT;
		return -1;
	}
	/* glibc's ftok(): inode's low 16 bits, device's low 8, proj_id's 8. */
	*key = (int32_t)(uint32_t)((id->ino & 0xffff) | ((id->dev & 0xff) << 16) |
				   ((unsigned)(k->proj_id & 0xff) << 24));
	return 0;
}

bool exercise_file_unchanged(const struct exercise_run *run, const struct file_ident *ids,
			     const char *rundir, const char *path)
{
	const struct file_ident *id = file_ident_find(run, ids, path);
	struct file_ident now;

	if (!id || !id->ok || !rundir)
		return false;
	file_ident_take(&now, rundir, path);
	return now.ok && now.dev == id->dev && now.ino == id->ino;
}

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

char **exercise_build_argv(const struct exercise *ex, char *const *sources, size_t nsources,
			   const char *output)
{
	const struct exercise_build *b = &ex->build;
	size_t n = 0, i;
	char **argv = xcalloc(1 + b->nflags + nsources + 2 + b->nlibs + 1, sizeof(char *));

	argv[n++] = xstrdup(b->compiler ? b->compiler : "gcc");
	for (i = 0; i < b->nflags; i++)
		argv[n++] = xstrdup(b->flags[i]);
	for (i = 0; i < nsources; i++) {
		size_t len = strlen(sources[i]);

		/* A header is expected in the submission but never compiled by
		 * itself: gcc would make a precompiled header of it. */
		if (len > 2 && !strcmp(sources[i] + len - 2, ".h"))
			continue;
		argv[n++] = xstrdup(sources[i]);
	}
	argv[n++] = xstrdup("-o");
	argv[n++] = xstrdup(output);
	for (i = 0; i < b->nlibs; i++)
		argv[n++] = xstrdup(b->libs[i]);
	argv[n] = NULL;
	return argv;
}

void exercise_argv_free(char **argv)
{
	size_t i;

	for (i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

static int exercise_file_write(const char *dir, const struct exercise_file *f)
{
	char *path = xasprintf("%s/%s", dir, f->path);
	const char *p = f->content ? f->content : "";
	size_t left = strlen(p);
	ssize_t w;
	int fd, saved;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, f->mode);
	free(path);
	if (fd < 0)
		return -1;
	while (left > 0) {
		w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			saved = w < 0 ? errno : EIO;
			close(fd);
			errno = saved;
			return -1;
		}
		p += w;
		left -= (size_t)w;
	}
	/* The umask may have cut bits the exercise asked for. */
	if (fchmod(fd, f->mode) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

int exercise_run_files_create(const struct exercise_run *run, const char *dir)
{
	size_t i;

	for (i = 0; i < run->nfiles; i++)
		if (exercise_file_write(dir, &run->files[i]) < 0)
			return -1;
	return 0;
}
