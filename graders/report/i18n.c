/*
 * i18n.c - language choice and gettext set-up (see i18n.h for the why).
 */
#include "graders/report/i18n.h"
#include "util/util.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/share/locale"
#endif

static enum lang i18n_current = LANG_EN;
static int i18n_is_utf8 = -1; /* -1: not decided yet */
static char i18n_dp[8] = ".";

/* The locale name the user asked for through the environment, or NULL. */
static const char *i18n_env_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vars); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return v;
	}
	return NULL;
}

enum lang i18n_env_lang(void)
{
	const char *v = i18n_env_locale();

	return v && !strncmp(v, "es", 2) ? LANG_ES : LANG_EN;
}

/* Decided once, from the user's own locale: a generated UTF-8 locale, or a
 * name saying UTF-8 (es_ES.UTF-8 works in a terminal even when the locale
 * itself is not generated on this machine). */
static void i18n_detect_utf8(void)
{
	const char *name = i18n_env_locale();
	const char *set;

	if (i18n_is_utf8 >= 0)
		return;
	set = setlocale(LC_ALL, "");
	i18n_is_utf8 = set && !strcmp(nl_langinfo(CODESET), "UTF-8");
	if (!i18n_is_utf8 && name && (strcasestr(name, "utf-8") || strcasestr(name, "utf8")))
		i18n_is_utf8 = 1;
}

/* Whether dir holds shmgrade's Spanish catalogue. */
static bool i18n_has_catalogue(const char *dir)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/es/LC_MESSAGES/shmgrade.mo", dir);
	return access(path, R_OK) == 0;
}

/* Where the catalogues are, found from where the binary is rather than
 * from where it was built: the build tree's ./shmgrade uses build/locale
 * beside it; an installed BINDIR/shmgrade uses BINDIR/../share/locale
 * (right under any PREFIX, and inside a DESTDIR before it is moved);
 * otherwise LOCALEDIR, the installation's compiled-in path. */
static const char *i18n_localedir(void)
{
	static char found[PATH_MAX + 32];
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return LOCALEDIR;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return LOCALEDIR;
	*slash = '\0';
	snprintf(found, sizeof(found), "%s/build/locale", exe);
	if (i18n_has_catalogue(found))
		return found;
	snprintf(found, sizeof(found), "%s/../share/locale", exe);
	if (i18n_has_catalogue(found))
		return found;
	return LOCALEDIR;
}

/* The user's decimal separator, read while LC_NUMERIC is the user's. */
static void i18n_numeric_note(void)
{
	const struct lconv *lc = localeconv();
	const char *dp = lc && lc->decimal_point ? lc->decimal_point : ".";

	snprintf(i18n_dp, sizeof(i18n_dp), "%s", *dp && strlen(dp) < sizeof(i18n_dp) ? dp : ".");
}

static void i18n_locale_set(void)
{
	const char *msg;
	const char *dir = getenv("SHMGRADE_LOCALEDIR");

	setlocale(LC_ALL, "");
	i18n_numeric_note();
	msg = setlocale(LC_MESSAGES, NULL);
	if (!msg || !strcmp(msg, "C") || !strcmp(msg, "POSIX"))
		setlocale(LC_ALL, "C.UTF-8");
	/* Numbers are read and written the C way everywhere (util/cnum.h);
	 * this catches any printf or strtod that does not go through cnum. */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain("shmgrade", dir && *dir ? dir : i18n_localedir());
	bind_textdomain_codeset("shmgrade", "UTF-8");
	textdomain("shmgrade");
}

int i18n_setup(const char *opt, enum lang *out)
{
	enum lang l;

	if (opt) {
		if (strcmp(opt, "es") && strcmp(opt, "en"))
			return -1;
		l = opt[0] == 'e' && opt[1] == 's' ? LANG_ES : LANG_EN;
	} else {
		l = i18n_env_lang();
	}
	i18n_detect_utf8();
	/* LANGUAGE outranks every LC_* for gettext; "en" has no catalogue, so
	 * the msgids (English) are printed. */
	setenv("LANGUAGE", l == LANG_ES ? "es" : "en", 1);
	i18n_locale_set();
	i18n_current = l;
	if (out)
		*out = l;
	return 0;
}

const char *i18n_decimal_point(void)
{
	return i18n_dp;
}

enum lang i18n_lang(void)
{
	return i18n_current;
}

bool i18n_utf8(void)
{
	i18n_detect_utf8();
	return i18n_is_utf8 > 0;
}
