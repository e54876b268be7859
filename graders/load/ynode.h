/*
 * ynode.h - typed, validating accessors over a ynode tree (yaml_load.h).
 *
 * Every accessor adds a "file:line:col: message" diagnostic for a problem
 * and returns -1, so the loader can go on and report the next one. what is
 * how the message names the value, usually the key in quotes ("'points'").
 * Strings returned through char ** are malloc'ed copies the caller owns.
 */
#ifndef GRADERS_YNODE_H
#define GRADERS_YNODE_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/load/diag.h"
#include "graders/load/exercise.h"
#include "graders/load/yaml_load.h"

/* "a string", "a list", "a map" (for "... must be a list, not a map"). */
const char *ynode_kind_desc(const struct ynode *n);

/* Whether n is YAML null: a plain "", "~" or "null". NULL n counts too. */
bool ynode_is_null(const struct ynode *n);

/* Map access. Count entries with ynode_map_len; i-th key/value. */
size_t ynode_map_len(const struct ynode *map);
const struct ynode *ynode_map_key(const struct ynode *map, size_t i);
const struct ynode *ynode_map_value(const struct ynode *map, size_t i);
/* The value of key name, or NULL. */
const struct ynode *ynode_get(const struct ynode *map, const char *name);

/* Check that n is a map ("'what' must be a map, not a list") and that its
 * keys are among allowed (NULL-terminated): an unknown key is reported with
 * the closest allowed one ("did you mean 'points'?"); each of required
 * (NULL-terminated, may be NULL) that is absent is reported at the map.
 * where names the map in messages ("check", "run", "the exercise").
 * Returns 0 when nothing was wrong, -1 otherwise (n not a map: nothing else
 * is checked). */
int ynode_check_map(const struct ynode *n, const char *where, const char *const *allowed,
		    const char *const *required, struct diag_list *d);

/* Typed values of a node. Each returns 0, or -1 after adding an error. */
int ynode_string(const struct ynode *n, const char *what, bool nonempty, struct diag_list *d,
		 char **out);
int ynode_int(const struct ynode *n, const char *what, long long min, long long max,
	      struct diag_list *d, long long *out);
int ynode_number(const struct ynode *n, const char *what, double min, double max,
		 struct diag_list *d, double *out);
int ynode_bool(const struct ynode *n, const char *what, struct diag_list *d, bool *out);
/* Permission bits, always read in octal: 0600, "0600", 600, 0o600. */
int ynode_mode(const struct ynode *n, const char *what, struct diag_list *d, unsigned *out);
int ynode_key(const struct ynode *n, const char *what, struct diag_list *d, struct key_spec *out);
/* Check that n is a list with at least one item ("'runs' must not be
 * empty"). */
int ynode_list(const struct ynode *n, const char *what, struct diag_list *d);

/* A list of scalars, or one scalar (a list of one). */
int ynode_strlist(const struct ynode *n, const char *what, struct diag_list *d, char ***out,
		  size_t *nout);
/* A plain string (every language) or a map {es: ..., en: ...}; a missing
 * language gets the other's text and a warning. */
int ynode_ltext(const struct ynode *n, const char *what, struct diag_list *d, struct ltext *out);
/* One of choices (NULL-terminated); *out gets its index. */
int ynode_enum(const struct ynode *n, const char *what, const char *const *choices,
	       struct diag_list *d, long long *out);

/* " (did you mean 'x'?)" in the user's language, into buf, or "" when
 * hint is NULL. buf must hold YNODE_HINT_MAX bytes. */
#define YNODE_HINT_MAX 160
const char *ynode_hint(const char *hint, char *buf);

/* The allowed name closest to name (Levenshtein distance at most a third of
 * its length, at least 2), or NULL. */
const char *yaml_suggest(const char *name, const char *const *allowed);
/* The same over a table of n strings spaced stride bytes apart, the string
 * pointer at offset 0 of each entry (rule tables, check ids). */
const char *yaml_suggest_table(const char *name, const void *table, size_t n, size_t stride);

#endif /* GRADERS_YNODE_H */
