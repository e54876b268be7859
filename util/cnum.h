/*
 * cnum.h - numbers read and written the same way under every locale.
 *
 * strtod() and printf("%g") follow LC_NUMERIC: under es_ES.UTF-8 they read
 * "0,5" and write "0,5", so an exercise's "points: 0.5" would be refused and
 * JSON would get "0,5". Everything a machine reads or writes (the exercise
 * YAML, the run record, the JSON/CSV/JUnit/... reports, the messages they
 * carry) goes through these helpers, which use the "C" locale for the one
 * call and leave the process's and the thread's locale as they were. Only
 * the human text report may show the user's decimal comma (report.h).
 */
#ifndef UTIL_CNUM_H
#define UTIL_CNUM_H

#include <locale.h>
#include <stdarg.h>
#include <stddef.h>

/* The "C" locale object (never freed; glibc's is static). */
locale_t cnum_locale(void);

/* Switch the calling thread to the "C" locale; returns what to give back
 * to uselocale() afterwards. For formatting several values at once:
 *	locale_t old = cnum_use(); ...; uselocale(old); */
locale_t cnum_use(void);

/* strtod(3) in the "C" locale: "0.5" is a half everywhere, "0,5" never. */
double cnum_strtod(const char *s, char **end);

/* snprintf(3) / vasprintf(3) in the "C" locale. cnum_vasprintf returns -1
 * (and *out NULL) when out of memory. */
int cnum_snprintf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int cnum_vasprintf(char **out, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif /* UTIL_CNUM_H */
