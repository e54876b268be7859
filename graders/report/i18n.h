/*
 * i18n.h - the language of everything check and validate print: shmgrade's
 * own messages (gettext, domain "shmgrade") and the exercises' texts
 * (struct ltext, picked with the same enum lang).
 *
 * The language is decided here, not by the C library: --lang if given, else
 * the first of LC_ALL, LC_MESSAGES, LANG that is set and not empty; "es*"
 * means Spanish, anything else English. Then gettext is pointed at it with
 * LANGUAGE, because es_ES locales are often not generated (setlocale fails)
 * and glibc ignores LANGUAGE under the "C" locale: when LC_MESSAGES would be
 * "C" or "POSIX", the locale becomes C.UTF-8 (always present on glibc).
 *
 * Catalogues: the directory named by the environment variable
 * SHMGRADE_LOCALEDIR; else, found from /proc/self/exe, build/locale beside
 * the binary (the build tree) or ../share/locale from its folder (an
 * installed copy, under any PREFIX or DESTDIR); else LOCALEDIR, the
 * Makefile's $(PREFIX)/share/locale.
 */
#ifndef GRADERS_I18N_H
#define GRADERS_I18N_H

#include <libintl.h>
#include <stdbool.h>

#include "graders/load/exercise.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* Decide the language (opt: the --lang text or NULL), set up the locale and
 * the catalogue. Returns 0, or -1 when opt names no known language (then
 * nothing changed). May be called again (e.g. after parsing --lang). */
int i18n_setup(const char *opt, enum lang *out);

/* The language of the last i18n_setup() (English before any). */
enum lang i18n_lang(void);

/* Whether the user's terminal locale is UTF-8 (decided from the locale the
 * user asked for, before i18n_setup forced C.UTF-8): ✓/✗ or [PASS]/[FAIL]. */
bool i18n_utf8(void);

/* The decimal separator of the user's locale (LC_NUMERIC as the
 * environment sets it: "," under es_ES.UTF-8), for the human text report
 * only. i18n_setup() itself leaves LC_NUMERIC at "C", so that nothing
 * else (YAML, records, machine formats, messages) depends on it. */
const char *i18n_decimal_point(void);

/* The language named by the environment (LC_ALL, LC_MESSAGES, LANG). */
enum lang i18n_env_lang(void);

#endif /* GRADERS_I18N_H */
