/*
 * lang.h - the two languages of every text a student sees, and a text in
 * each (struct ltext), as the exercise model holds them.
 */
#ifndef GRADERS_LANG_H
#define GRADERS_LANG_H

#include <stdbool.h>

/* Languages of every text shown to a student. */
enum lang { LANG_ES, LANG_EN, LANG_COUNT };

/* "es", "en". */
const char *lang_name(enum lang lang);

/* Parse "es", "en", "es_ES.UTF-8", "en_GB", "C" (= en), "POSIX" (= en);
 * returns 0, or -1 when text names neither language. */
int lang_parse(const char *text, enum lang *out);

/* A text in each language. In the YAML either a plain string (the same text
 * for every language) or a map {es: ..., en: ...}; a language missing from
 * the map falls back to the other one (the loader warns). */
struct ltext {
	char *s[LANG_COUNT]; /* owned; NULL only when the whole text is absent */
};

/* The text in lang, else in the other language, else "" (never NULL). */
const char *ltext_get(const struct ltext *t, enum lang lang);
bool ltext_empty(const struct ltext *t);
void ltext_release(struct ltext *t);

#endif /* GRADERS_LANG_H */
