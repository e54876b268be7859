/*
 * json_out.h - write jansson values to a stdio stream, fast, in exactly the
 * text json_dumpf(value, out, JSON_INDENT(2)) writes (keys in insertion
 * order, jansson's string escapes, reals through jansson itself).
 *
 * Why not json_dumpf: it calls fwrite once per token and registers every
 * array and object in a hash table (its loop check), so a record of 8,000
 * events took 45 ms to print; this writer needs about a tenth of that, and
 * lets the caller stream a long array one element at a time (build, write,
 * free) instead of holding the whole tree.
 */
#ifndef HARNESS_JSON_OUT_H
#define HARNESS_JSON_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* A buffer in front of out, flushed every 64 KiB. */
struct json_out {
	FILE *out;
	char *buf;
	size_t len, alloc;
	bool failed; /* a write to out failed (errno set by stdio) */
};

void json_out_init(struct json_out *o, FILE *out);

/* Append raw text (punctuation, indentation). */
void json_out_raw(struct json_out *o, const char *s, size_t n);

/* A newline and depth levels of indentation (two spaces each). */
void json_out_indent(struct json_out *o, int depth);

/* The value j as it appears at nesting depth (0: the top level). */
void json_out_value(struct json_out *o, const json_t *j, int depth);

/* The members of object j as they appear inside an object at depth, each
 * after ",\n<indent>" ("\n<indent>" for the very first when first). */
void json_out_members(struct json_out *o, const json_t *j, int depth, bool first);

/* Write what is buffered to out and free the buffer. Returns 0, or -1
 * when a write failed. */
int json_out_finish(struct json_out *o);

#endif /* HARNESS_JSON_OUT_H */
