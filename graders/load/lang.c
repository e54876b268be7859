/*
 * lang.c - the two languages and texts in each (lang.h).
 */
#include "graders/load/lang.h"

#include <stdlib.h>
#include <string.h>

const char *lang_name(enum lang lang)
{
	return lang == LANG_ES ? "es" : "en";
}

int lang_parse(const char *text, enum lang *out)
{
	if (!text || !*text)
		return -1;
	if (!strncmp(text, "es", 2) && (!text[2] || strchr("_.@-", text[2]))) {
		*out = LANG_ES;
		return 0;
	}
	if ((!strncmp(text, "en", 2) && (!text[2] || strchr("_.@-", text[2]))) ||
	    !strcmp(text, "C") || !strncmp(text, "C.", 2) || !strcmp(text, "POSIX")) {
		*out = LANG_EN;
		return 0;
	}
	return -1;
}

const char *ltext_get(const struct ltext *t, enum lang lang)
{
	if (!t)
		return "";
	if ((unsigned)lang < LANG_COUNT && t->s[lang])
		return t->s[lang];
	return t->s[LANG_ES] ? t->s[LANG_ES] : t->s[LANG_EN] ? t->s[LANG_EN] : "";
}

bool ltext_empty(const struct ltext *t)
{
	return !t->s[LANG_ES] && !t->s[LANG_EN];
}

void ltext_release(struct ltext *t)
{
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		free(t->s[l]);
		t->s[l] = NULL;
	}
}
