/*
 * xjson.c - jansson's constructors that never fail (xjson.h).
 */
#include "util/xjson.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static __attribute__((noreturn)) void xjson_die(const char *why)
{
	fprintf(stderr, "shmgrade: building JSON: %s\n", why);
	exit(2);
}

json_t *xjson(json_t *j)
{
	if (!j)
		xjson_die("out of memory");
	return j;
}

void xjson_set(json_t *obj, const char *key, json_t *val)
{
	if (json_object_set_new(obj, key, xjson(val)) < 0)
		xjson_die("out of memory");
}

void xjson_push(json_t *arr, json_t *val)
{
	if (json_array_append_new(arr, xjson(val)) < 0)
		xjson_die("out of memory");
}

json_t *xjson_pack(const char *fmt, ...)
{
	json_error_t err;
	va_list ap;
	json_t *j;

	va_start(ap, fmt);
	j = json_vpack_ex(&err, 0, fmt, ap);
	va_end(ap);
	if (!j)
		xjson_die(err.text);
	return j;
}

char *xjson_dumps(const json_t *j, size_t flags)
{
	char *s = json_dumps(j, flags);

	if (!s)
		xjson_die("out of memory");
	return s;
}
