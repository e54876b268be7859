/*
 * timeline_line.c - one line of the timeline being built (timeline_line.h).
 */
#include "harness/timeline_line.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void timeline_line_add(struct timeline_line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len >= sizeof(l->buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n < sizeof(l->buf) - l->len ? (size_t)n
							      : sizeof(l->buf) - 1 - l->len;
}

/*
 * The helpers below do what timeline_line_add would, without vsnprintf: a trace of
 * thousands of calls is printed in a few milliseconds (vsnprintf costs
 * more per call than the whole line otherwise does).
 */

/* Append n bytes of s, cut at the end of the line like timeline_line_add. */
void timeline_line_put(struct timeline_line *l, const char *s, size_t n)
{
	size_t room = sizeof(l->buf) - 1 - l->len;

	if (l->len >= sizeof(l->buf) - 1)
		return;
	if (n > room)
		n = room;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len] = '\0';
}

void timeline_line_str(struct timeline_line *l, const char *s)
{
	timeline_line_put(l, s, strlen(s));
}

/* A string the program chose (an exec'd file name): control bytes and the
 * quote are escaped, so that it cannot forge lines or colours of the
 * timeline. */
void timeline_line_quoted(struct timeline_line *l, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	char esc[4] = { '\\', 'x', 0, 0 };

	timeline_line_put(l, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\') {
			timeline_line_put(l, s, 1);
			continue;
		}
		esc[2] = hex[c >> 4];
		esc[3] = hex[c & 15];
		timeline_line_put(l, esc, 4);
	}
	timeline_line_put(l, "\"", 1);
}

/* The digits of v in base (10 or 16, lowercase), at least width of them,
 * written backwards ending at end; returns where they start. */
static char *timeline_line_digits(char *end, unsigned long long v, unsigned base, int width)
{
	char *p = end;

	do {
		*--p = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (end - p < width)
		*--p = '0';
	return p;
}

/* "%lld" */
void timeline_line_int(struct timeline_line *l, long long v)
{
	char buf[24], *end = buf + sizeof(buf);
	unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
	char *p = timeline_line_digits(end, u, 10, 1);

	if (v < 0)
		*--p = '-';
	timeline_line_put(l, p, (size_t)(end - p));
}

/* "%#llx" ("0" for zero), or for v != 0 "%#010llx" with width 8. */
void timeline_line_hex(struct timeline_line *l, unsigned long long v, int width)
{
	char buf[24], *end = buf + sizeof(buf);
	char *p = timeline_line_digits(end, v, 16, width);

	if (v) {
		*--p = 'x';
		*--p = '0';
	}
	timeline_line_put(l, p, (size_t)(end - p));
}

/* "%9.3f ms" of t_us / 1000.0 into out (32 bytes): the same digits (a
 * double holds any t_us exactly enough for three decimals), from integers. */
void timeline_line_time(char out[32], long long t_us)
{
	char buf[32], *end = buf + sizeof(buf), *p;
	unsigned long long u = t_us < 0 ? -(unsigned long long)t_us : (unsigned long long)t_us;
	size_t n, pad;

	p = timeline_line_digits(end, u % 1000, 10, 3);
	*--p = '.';
	p = timeline_line_digits(p, u / 1000, 10, 1);
	if (t_us < 0)
		*--p = '-';
	n = (size_t)(end - p);
	pad = n < 9 ? 9 - n : 0;
	memset(out, ' ', pad);
	memcpy(out + pad, p, n);
	memcpy(out + pad + n, " ms", 4);
}

/* Add text in colour (when colour is on). */
void timeline_line_color(struct timeline_line *l, const char *color, const char *text)
{
	if (l->color)
		timeline_line_str(l, color);
	timeline_line_str(l, text);
	if (l->color)
		timeline_line_str(l, TIMELINE_RESET);
}
