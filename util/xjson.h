/*
 * xjson.h - the one wrapper around jansson's constructors, for the run
 * record (harness/) and the reports (graders/).
 *
 * jansson returns NULL (or -1) when memory runs out, and json_pack also
 * for a bad format or a NULL string: none of them is the student's doing,
 * so each x-function here prints "shmgrade: ..." on stderr and exits with
 * status 2, like the x-allocators (xalloc.h). Callers never test the
 * results. Ownership is jansson's: xjson_set and xjson_push take the
 * reference to val ("_new"), xjson_pack's "o" steals as json_pack does.
 */
#ifndef UTIL_XJSON_H
#define UTIL_XJSON_H

#include <jansson.h>

/* j, or exit(2) when it is NULL: xjson(json_array()). */
json_t *xjson(json_t *j);

/* json_object_set_new(obj, key, val). */
void xjson_set(json_t *obj, const char *key, json_t *val);

/* json_array_append_new(arr, val). */
void xjson_push(json_t *arr, json_t *val);

/* json_pack(fmt, ...); a failure names jansson's reason. */
json_t *xjson_pack(const char *fmt, ...);

/* json_dumps(j, flags) (free() the text). */
char *xjson_dumps(const json_t *j, size_t flags);

#endif /* UTIL_XJSON_H */
