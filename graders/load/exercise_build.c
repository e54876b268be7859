/*
 * exercise_build.c - the compiler's command line for one program
 * (exercise_build.h).
 */
#include "graders/load/exercise_build.h"

#include <stdlib.h>
#include <string.h>

#include "graders/load/exercise.h"
#include "util/xalloc.h"

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
