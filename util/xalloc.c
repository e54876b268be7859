/*
 * xalloc.c - allocators that die on out-of-memory (see xalloc.h).
 */
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/cnum.h"

/* Exit code 2: a grader failure is never scored as the student's failure. */
static void xalloc_die(size_t size)
{
	fprintf(stderr, "shmgrade: out of memory (%zu bytes)\n", size);
	_exit(2);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		xalloc_die(size);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		xalloc_die(n * size);
	return p;
}

void *xrealloc(void *ptr, size_t n, size_t size)
{
	size_t bytes;
	void *p;

	if (size && n > SIZE_MAX / size)
		xalloc_die(SIZE_MAX);
	bytes = n * size;
	p = realloc(ptr, bytes ? bytes : 1);
	if (!p)
		xalloc_die(bytes);
	return p;
}

char *xstrdup(const char *s)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		xalloc_die(strlen(s) + 1);
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *p;

	if (cnum_vasprintf(&p, fmt, ap) < 0)
		xalloc_die(0);
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}
