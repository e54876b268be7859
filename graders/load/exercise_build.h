/*
 * exercise_build.h - the compiler's command line an exercise's build
 * section (struct exercise_build) asks for.
 */
#ifndef GRADERS_EXERCISE_BUILD_H
#define GRADERS_EXERCISE_BUILD_H

#include <stddef.h>

struct exercise;

/* The compiler's argv for one program: compiler, flags, sources (headers,
 * "*.h", left out), "-o", output, libs, NULL. Strings are copied; free with
 * exercise_argv_free(). */
char **exercise_build_argv(const struct exercise *ex, char *const *sources, size_t nsources,
			   const char *output);
void exercise_argv_free(char **argv);

#endif /* GRADERS_EXERCISE_BUILD_H */
