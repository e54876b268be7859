/*
 * build_headers.c - check the headers a compile opened (build_headers.h).
 */
#include "graders/engine/build_headers.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static const char *const build_headers_system[] = {
	"/usr/include/", "/usr/lib/", "/usr/lib64/", "/usr/local/include/", NULL,
};

static bool build_headers_under(const char *path, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;

	return n && !strncmp(path, dir, n) && (dir[n - 1] == '/' || path[n] == '/');
}

/* Whether a relative path stays inside its folder ("a/../b" does, "../x"
 * does not). */
static bool build_headers_inside(const char *rel)
{
	int depth = 0;
	const char *p = rel, *end;

	while (*p) {
		end = strchr(p, '/');
		if (!end)
			end = p + strlen(p);
		if (end - p == 2 && !strncmp(p, "..", 2))
			depth--;
		else if (end > p && !(end - p == 1 && *p == '.'))
			depth++;
		if (depth < 0)
			return false;
		p = *end ? end + 1 : end;
	}
	return true;
}

static bool build_headers_allowed(const char *path, const char *dir, const char *data)
{
	size_t i;

	if (path[0] != '/')
		return build_headers_inside(path);
	if (strstr(path, "/../"))
		return false;
	if (build_headers_under(path, dir) || build_headers_under(path, data))
		return true;
	for (i = 0; build_headers_system[i]; i++)
		if (build_headers_under(path, build_headers_system[i]))
			return true;
	return false;
}

/* The path of a -H line (". path", ".. path", ...), or NULL. */
static const char *build_headers_line_path(const char *line)
{
	const char *p = line;

	while (*p == '.')
		p++;
	return p > line && *p == ' ' && p[1] ? p + 1 : NULL;
}

char *build_headers_take(char *output, const char *dir, const char *data)
{
	char *in = output, *out = output, *bad = NULL;
	bool guards = false;

	if (!output)
		return NULL;
	while (*in) {
		char *eol = strchr(in, '\n');
		size_t len = eol ? (size_t)(eol - in) + 1 : strlen(in);
		char save = in[len - (eol ? 1 : 0)];
		const char *path;
		bool drop;

		in[len - (eol ? 1 : 0)] = '\0';
		path = build_headers_line_path(in);
		/* gcc ends its list with "Multiple include guards may be useful
		 * for:" and paths it already listed. */
		if (!strcmp(in, "Multiple include guards may be useful for:"))
			guards = true;
		else if (path || strchr(in, ' ') || strchr(in, ':'))
			guards = false; /* not a bare path: a message again */
		drop = path || guards;
		if (path && !bad && !build_headers_allowed(path, dir, data))
			bad = xstrdup(path);
		in[len - (eol ? 1 : 0)] = save;
		if (!drop) {
			memmove(out, in, len);
			out += len;
		}
		in += len;
	}
	*out = '\0';
	return bad;
}
