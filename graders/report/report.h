/*
 * report.h - reporters: a struct grade (grade.h) written in one format.
 * Reporters read results only; they never run or load anything.
 *
 *   format      file name (-o DIR)   for
 *   text        report.txt           a student at a terminal (the default)
 *   json        results.json         the results contract (doc/shmgrade.1, JSON OUTPUT)
 *   junit       junit.xml            CI (one testsuite, a testcase a check)
 *   gradescope  gradescope.json      Gradescope's results.json (copy it to
 *                                    /autograder/results/results.json)
 *   github      github.txt           GitHub Actions / Classroom: annotations,
 *                                    "Points X/Y", and the runner result on
 *                                    $GITHUB_OUTPUT (see report_github.c)
 *   tap         report.tap           TAP version 13
 *   csv         grade.csv            one gradebook row, with its header
 *   html        report.html          a student's page: checks, evidence, and
 *                                    each run drawn as a timeline (inline SVG)
 *
 * Hidden checks: their evidence and feedback appear only in json (for the
 * instructor) and in gradescope (with visibility "after_published": the
 * platform hides them until grades are published); every other format shows
 * a generic line instead.
 *
 * The per-format writers are declared here rather than in one header each:
 * they are one family with one signature, dispatched by report_write().
 */
#ifndef GRADERS_REPORT_H
#define GRADERS_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "graders/engine/grade.h"

enum report_format {
	REPORT_TEXT,
	REPORT_JSON,
	REPORT_JUNIT,
	REPORT_GRADESCOPE,
	REPORT_GITHUB,
	REPORT_TAP,
	REPORT_CSV,
	REPORT_HTML,
	REPORT_COUNT_,
};

/* How much of each run's trace the json and gradescope formats write
 * (--trace): a summary of every run (record_summary.h; the default),
 * the whole trace of the runs a failed check looked at and a summary of
 * the others, or every run whole. */
enum report_trace { REPORT_TRACE_SUMMARY, REPORT_TRACE_FAILING, REPORT_TRACE_FULL };

struct report_style {
	bool color;		 /* ANSI colours (text only) */
	bool utf8;		 /* ✓/✗ instead of [PASS]/[FAIL] (text, github) */
	bool step_outputs;	 /* github: also append the step outputs to
				    $GITHUB_OUTPUT (once per run: for the copy on
				    stdout, not for github.txt) */
	bool local_numbers;	 /* text: the user's decimal separator ("0,5");
				    report_write() sets it for the text format
				    only, never for text inside a machine format */
	enum report_trace trace; /* json, gradescope: the runs' events */
};

/* Parse "summary", "failing" or "full". Returns 0, or -1 for anything
 * else. */
int report_trace_parse(const char *s, enum report_trace *t);

/* "text", "json", ...; and the file name each gets under -o DIR. */
const char *report_format_name(enum report_format f);
const char *report_file_name(enum report_format f);
/* "text, json, junit, ...": every name, for messages. Static storage. */
const char *report_formats_known(void);

/* Parse "text,json,junit" into a bit mask (1u << format). Returns 0, or -1
 * with *bad pointing into list at the unknown name (not NUL-terminated:
 * print with %.*s and *badlen). */
int report_formats_parse(const char *list, unsigned *mask, const char **bad, int *badlen);

/* Write g in format f to out. Returns 0, or -1 when writing failed (errno
 * set by stdio). */
int report_write(enum report_format f, const struct grade *g, const struct report_style *st,
		 FILE *out);

/* Write every format of mask to dir/<file name>. Returns 0, or -1 after
 * reporting the first failure on stderr (the others are still written). */
int report_write_dir(unsigned mask, const struct grade *g, const struct report_style *st,
		     const char *dir);

/* The writers. */
int report_text_write(const struct grade *g, const struct report_style *st, FILE *out);
int report_json_write(const struct grade *g, const struct report_style *st, FILE *out);
int report_junit_write(const struct grade *g, FILE *out);
int report_gradescope_write(const struct grade *g, const struct report_style *st, FILE *out);
int report_github_write(const struct grade *g, const struct report_style *st, FILE *out);
int report_tap_write(const struct grade *g, FILE *out);
int report_csv_write(const struct grade *g, FILE *out);
int report_html_write(const struct grade *g, FILE *out);

/* Write s as HTML text (also safe inside a quoted attribute): & < > " '
 * escaped, invalid UTF-8 and control characters cleaned. NULL writes "". */
void report_html_text(FILE *out, const char *s);

/* ---- helpers for the writers ---- */

/* A copy of s with every invalid UTF-8 sequence replaced by '?' and every
 * control character but \t \n \r dropped (JSON and XML need valid text;
 * student output may be anything). NULL gives "". malloc'ed. */
char *report_text_clean(const char *s);

/* Length of the valid UTF-8 sequence at s (1..4; 1 for an ASCII byte,
 * NUL included), or 0 when s does not start one (overlong forms,
 * surrogates, U+FFFE/FFFF and beyond U+10FFFF count as invalid). */
size_t report_utf8_len(const unsigned char *s);

/* The code point of the valid n-byte sequence at s (n from
 * report_utf8_len). */
unsigned report_utf8_decode(const unsigned char *s, size_t n);

/* Write s as one CSV field (RFC 4180 quoting, valid UTF-8, a leading "'"
 * when it would start a spreadsheet formula); see report_csv.c. */
void report_csv_field(FILE *out, const char *s);

/* What a student may see of c: the title, evidence and feedback, or
 * generic texts when c is hidden. */
const char *report_visible_title(const struct grade_item *c);
const char *report_visible_message(const struct grade_item *c);
const char *report_visible_feedback(const struct grade_item *c);

/* For the JSON writers (jansson's json_t; new references): a JSON string
 * of any text, report_text_clean()ed since jansson refuses invalid UTF-8;
 * a score, an integer when it is one ("points": 2, not 2.0). */
struct json_t;
struct json_t *report_json_str(const char *s);
struct json_t *report_json_num(double v);

/* Write g's runs as a JSON array, the value of a member of an object at
 * depth, to o: one record at a time (record_json.h), its events as
 * st->trace says, plus "run", "repetition" and "failing" (a check that
 * did not pass looked at this run). */
struct json_out;
void report_json_runs(struct json_out *o, const struct grade *g, const struct report_style *st,
		      int depth);

/* "%g" of a score, into buf: "0.5" under every locale (machine formats). */
const char *report_points(double v, char *buf, size_t len);
/* The same with the user's decimal separator ("0,5" under es_ES.UTF-8):
 * for the human text report only. */
const char *report_points_human(double v, char *buf, size_t len);

#endif /* GRADERS_REPORT_H */
