/*
 * timeline_line.h - one line of the timeline (timeline.c) being built: a
 * fixed-size buffer where long arguments are cut, and appenders that format
 * numbers without vsnprintf (a trace of thousands of calls prints in a few
 * milliseconds). Internal to the timeline.
 */
#ifndef HARNESS_TIMELINE_LINE_H
#define HARNESS_TIMELINE_LINE_H

#include <stdbool.h>
#include <stddef.h>

#define TIMELINE_RED "\033[31m"
#define TIMELINE_GREEN "\033[32m"
#define TIMELINE_BOLD_RED "\033[1;31m"
#define TIMELINE_DIM "\033[2m"
#define TIMELINE_RESET "\033[0m"

/* A line being built: fixed size, long arguments are cut. */
struct timeline_line {
	char buf[768];
	size_t len;
	bool color; /* colour escapes are added (timeline_line_color) */
};

/* printf-style append, cut at the end of the line. */
void timeline_line_add(struct timeline_line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Append n bytes of s, or the string s; cut like timeline_line_add. */
void timeline_line_put(struct timeline_line *l, const char *s, size_t n);
void timeline_line_str(struct timeline_line *l, const char *s);

/* s between quotes, control bytes, '"' and '\\' escaped as \xHH: a name
 * the program chose cannot forge lines or colours. */
void timeline_line_quoted(struct timeline_line *l, const char *s);

/* "%lld"; "%#llx" with at least width digits ("0" for zero): width 8 is
 * "%#010llx". */
void timeline_line_int(struct timeline_line *l, long long v);
void timeline_line_hex(struct timeline_line *l, unsigned long long v, int width);

/* "%9.3f ms" of t_us / 1000.0 into out, from integers. */
void timeline_line_time(char out[32], long long t_us);

/* text, in colour when l->color (color: a TIMELINE_* escape). */
void timeline_line_color(struct timeline_line *l, const char *color, const char *text);

#endif /* HARNESS_TIMELINE_LINE_H */
