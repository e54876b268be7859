/*
 * exercise_key.c - System V keys as an exercise writes them
 * (exercise_key.h): parse, format, resolve with ftok().
 */
#include "graders/load/exercise_key.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/stat.h>

#include "graders/load/exercise.h"
#include "graders/report/i18n.h"
#include "util/xalloc.h"

bool key_equal(long long a, long long b)
{
	return (uint32_t)a == (uint32_t)b;
}

/* A key_t is 32 bits: 0xffffffff and -1 are the same key. */
static long long exercise_key_norm(long long v)
{
	return (long long)(int32_t)(uint32_t)v;
}

static int exercise_key_parse_literal(const char *t, long long *out)
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
	*out = exercise_key_norm(v);
	return 0;
}

/* "ftok(path, 65)" or "ftok(path, 'A')", spaces allowed around the parts. */
static int exercise_key_parse_ftok(const char *t, struct key_spec *out, const char **why)
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
		if (exercise_key_parse_ftok(text, out, why) < 0)
			return -1;
		out->kind = KEY_FTOK;
		return 0;
	}
	if (exercise_key_parse_literal(text, &out->value) < 0) {
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
	case KEY_LITERAL: *key = exercise_key_norm(k->value); return 0;
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

static void exercise_key_ident_take(struct file_ident *id, const char *dir, const char *rel)
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
		exercise_key_ident_take(&ids[i], dir, run->files[i].path);
	return ids;
}

static const struct file_ident *exercise_key_ident_find(const struct exercise_run *run,
							const struct file_ident *ids,
							const char *path)
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
	id = exercise_key_ident_find(run, ids, k->path);
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
	const struct file_ident *id = exercise_key_ident_find(run, ids, path);
	struct file_ident now;

	if (!id || !id->ok || !rundir)
		return false;
	exercise_key_ident_take(&now, rundir, path);
	return now.ok && now.dev == id->dev && now.ino == id->ino;
}
