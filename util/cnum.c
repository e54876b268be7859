/*
 * cnum.c - numbers read and written the same way under every locale
 * (cnum.h).
 */
#include "util/cnum.h"

#include <stdio.h>
#include <stdlib.h>

locale_t cnum_locale(void)
{
	/* Racing first calls both get glibc's static C locale object:
	 * newlocale(LC_ALL_MASK, "C", 0) allocates nothing. */
	static locale_t c;

	if (!c)
		c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return c ? c : LC_GLOBAL_LOCALE;
}

locale_t cnum_use(void)
{
	return uselocale(cnum_locale());
}

double cnum_strtod(const char *s, char **end)
{
	return strtod_l(s, end, cnum_locale());
}

int cnum_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	locale_t old = cnum_use();
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	uselocale(old);
	return n;
}

int cnum_vasprintf(char **out, const char *fmt, va_list ap)
{
	locale_t old = cnum_use();
	int n = vasprintf(out, fmt, ap);

	uselocale(old);
	if (n < 0)
		*out = NULL;
	return n;
}
