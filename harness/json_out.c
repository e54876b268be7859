/*
 * json_out.c - jansson values as JSON_INDENT(2) text, fast (json_out.h).
 *
 * The text must stay byte for byte what jansson writes (tests compare the
 * two): "{" or "[", then each member or element on its own line indented
 * two spaces deeper, ",", and the closing bracket on a line of its own at
 * the outer indentation; "[]" and "{}" when empty; ": " after keys.
 * Strings escape '"', '\\' and control characters (\b \f \n \r \t, else
 * \u00XX in capitals) and keep every other byte: jansson checked at
 * creation that they are UTF-8, and without JSON_ENSURE_ASCII it writes
 * them as they are.
 */
#include "harness/json_out.h"

#include <stdlib.h>
#include <string.h>

#include "util/xjson.h"
#include "util/util.h"
#include "util/xalloc.h"

/* Buffered bytes are written to the stream once there are this many. */
#define JSON_OUT_FLUSH 65536

void json_out_init(struct json_out *o, FILE *out)
{
	memset(o, 0, sizeof(*o));
	o->out = out;
	o->alloc = 2 * JSON_OUT_FLUSH;
	o->buf = xmalloc(o->alloc);
}

static void json_out_write(struct json_out *o, const char *s, size_t n)
{
	if (n && !o->failed && fwrite(s, 1, n, o->out) != n)
		o->failed = true;
}

static void json_out_flush(struct json_out *o)
{
	json_out_write(o, o->buf, o->len);
	o->len = 0;
}

void json_out_raw(struct json_out *o, const char *s, size_t n)
{
	if (o->len + n > o->alloc)
		json_out_flush(o);
	if (n > o->alloc) {
		json_out_write(o, s, n); /* a huge string (a program's output) */
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	if (o->len >= JSON_OUT_FLUSH)
		json_out_flush(o);
}

void json_out_indent(struct json_out *o, int depth)
{
	static const char spaces[] = "                                ";
	size_t n = depth > 0 ? (size_t)depth * 2 : 0, k;

	json_out_raw(o, "\n", 1);
	for (; n > 0; n -= k) {
		k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		json_out_raw(o, spaces, k);
	}
}

/* The escape of byte c, which needs one (see the top of the file). */
static size_t json_out_escape(unsigned char c, char esc[6])
{
	static const char hex[] = "0123456789ABCDEF";
	static const char *const short_esc[] = {
		['"'] = "\\\"", ['\\'] = "\\\\", ['\b'] = "\\b", ['\f'] = "\\f",
		['\n'] = "\\n", ['\r'] = "\\r",	 ['\t'] = "\\t",
	};

	if (c < ARRAY_SIZE(short_esc) && short_esc[c]) {
		memcpy(esc, short_esc[c], 2);
		return 2;
	}
	memcpy(esc, "\\u00", 4);
	esc[4] = hex[c >> 4];
	esc[5] = hex[c & 15];
	return 6;
}

static void json_out_string(struct json_out *o, const char *s, size_t n)
{
	size_t i, from = 0;
	char esc[6];

	json_out_raw(o, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		json_out_raw(o, s + from, i - from);
		json_out_raw(o, esc, json_out_escape(c, esc));
		from = i + 1;
	}
	json_out_raw(o, s + from, n - from);
	json_out_raw(o, "\"", 1);
}

/* "%lld" */
static void json_out_integer(struct json_out *o, json_int_t v)
{
	char buf[24], *end = buf + sizeof(buf), *p = end;
	unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	json_out_raw(o, p, (size_t)(end - p));
}

/* Rare (wall_ms): jansson's own formatting, exactly. */
static void json_out_real(struct json_out *o, const json_t *j)
{
	char *s = xjson_dumps(j, JSON_ENCODE_ANY);

	json_out_raw(o, s, strlen(s));
	free(s);
}

void json_out_members(struct json_out *o, const json_t *j, int depth, bool first)
{
	void *it;
	const char *key;

	for (it = json_object_iter((json_t *)j); it; it = json_object_iter_next((json_t *)j, it)) {
		if (!first)
			json_out_raw(o, ",", 1);
		first = false;
		json_out_indent(o, depth + 1);
		key = json_object_iter_key(it);
		json_out_string(o, key, strlen(key));
		json_out_raw(o, ": ", 2);
		json_out_value(o, json_object_iter_value(it), depth + 1);
	}
}

static void json_out_array(struct json_out *o, const json_t *j, int depth)
{
	size_t i, n = json_array_size(j);

	if (n == 0) {
		json_out_raw(o, "[]", 2);
		return;
	}
	json_out_raw(o, "[", 1);
	for (i = 0; i < n; i++) {
		if (i)
			json_out_raw(o, ",", 1);
		json_out_indent(o, depth + 1);
		json_out_value(o, json_array_get(j, i), depth + 1);
	}
	json_out_indent(o, depth);
	json_out_raw(o, "]", 1);
}

void json_out_value(struct json_out *o, const json_t *j, int depth)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		if (json_object_size(j) == 0) {
			json_out_raw(o, "{}", 2);
			break;
		}
		json_out_raw(o, "{", 1);
		json_out_members(o, j, depth, true);
		json_out_indent(o, depth);
		json_out_raw(o, "}", 1);
		break;
	case JSON_ARRAY: json_out_array(o, j, depth); break;
	case JSON_STRING: json_out_string(o, json_string_value(j), json_string_length(j)); break;
	case JSON_INTEGER: json_out_integer(o, json_integer_value(j)); break;
	case JSON_REAL: json_out_real(o, j); break;
	case JSON_TRUE: json_out_raw(o, "true", 4); break;
	case JSON_FALSE: json_out_raw(o, "false", 5); break;
	default: json_out_raw(o, "null", 4); break;
	}
}

int json_out_finish(struct json_out *o)
{
	json_out_flush(o);
	free(o->buf);
	o->buf = NULL;
	o->alloc = 0;
	return o->failed ? -1 : 0;
}
