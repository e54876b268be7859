/*
 * cli.c - helpers shared by the subcommands: errors, numbers, colour, PATH.
 */
#include "graders/cli/cli.h"
#include "harness/run.h"
#include "graders/report/i18n.h"
#include "harness/inject.h"
#include "util/cnum.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("shmgrade: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_ERROR;
}

int cli_parse_double(const char *opt, const char *text, double min, double max, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = cnum_strtod(text, &end);
	if (errno || end == text || *end || !isfinite(v) || v < min || v > max) {
		cli_error(_("option '%s' wants a number from %g to %g, not '%s'"), opt, min, max,
			  text);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_parse_seed(const char *opt, const char *text, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || v > RUN_SEED_MAX) {
		cli_error(_("option '%s' wants a whole number from 0 to %llu, not '%s'"), opt,
			  RUN_SEED_MAX, text);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_parse_uint(const char *opt, const char *text, unsigned min, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || v < min || v > max) {
		cli_error(_("option '%s' wants a whole number from %u to %u, not '%s'"), opt, min,
			  max, text);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

int cli_mkdir(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return cli_error(_("cannot make the folder '%s': %s"), path, strerror(errno));
	return 0;
}

bool cli_use_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (nc && *nc)
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(f));
}

int cli_parse_inject(const char *text, struct run_inject *list, size_t *n)
{
	const char *why;

	if (*n >= INJECT_MAX) {
		cli_error(_("too many --inject options (at most %d)"), INJECT_MAX);
		return -1;
	}
	if (inject_parse(text, &list[*n], &why) < 0) {
		cli_error(_("bad --inject '%s': %s"), text, why);
		return -1;
	}
	(*n)++;
	return 0;
}
