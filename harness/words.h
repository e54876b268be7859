/*
 * words.h - the harness's words that a person reads (the timeline, and the
 * record's message: "timeout after 10 s"), looked up in gettext's
 * "shmgrade" domain. The harness only looks them up: the program that
 * wants them translated sets up the locale and binds the domain
 * (graders/report/i18n.c); without that they stay in English.
 */
#ifndef HARNESS_WORDS_H
#define HARNESS_WORDS_H

#include <libintl.h>

#define W_(s) dgettext("shmgrade", s)
#define W_N(s, p, n) dngettext("shmgrade", s, p, n)

#endif /* HARNESS_WORDS_H */
