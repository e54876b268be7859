/*
 * xalloc.h - allocators that never return NULL.
 *
 * Each x-prefixed allocator behaves like its libc namesake but, when memory
 * runs out, prints "shmgrade: out of memory (N bytes)" on stderr and exits
 * with status 2 (the grader broke, never the student's fault). Nothing else
 * in the project checks malloc's result.
 */
#ifndef UTIL_XALLOC_H
#define UTIL_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
/* Like realloc(ptr, n * size), with the multiplication checked. */
void *xrealloc(void *ptr, size_t n, size_t size);
/* NULL in, NULL out. */
char *xstrdup(const char *s);
/* asprintf(3) / vasprintf(3) in the "C" locale (cnum.h): machine text
 * never gets a decimal comma. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif /* UTIL_XALLOC_H */
