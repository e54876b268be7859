/*
 * report_tap.c - TAP version 13: one test point per check, "# SKIP" for
 * skipped checks, the evidence and hint as a YAML diagnostic block.
 */
#include <stdlib.h>
#include <string.h>

#include "graders/report/i18n.h"
#include "graders/report/report.h"

/* A YAML double-quoted scalar (TAP diagnostics are YAML) of any bytes:
 * the result is valid UTF-8 and holds only what YAML calls printable.
 * A byte that is not part of valid UTF-8 becomes \xNN (YAML reads it as
 * U+00NN, so the reader still sees which byte it was); control
 * characters, DEL, C1 controls, U+2028/2029 (YAML line breaks), U+FEFF
 * and U+FFFE/FFFF are escaped too. */
static void report_tap_quoted(FILE *out, const char *text)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");

	fputc('"', out);
	while (*s) {
		size_t n = report_utf8_len(s);
		unsigned cp = n ? report_utf8_decode(s, n) : 0;

		if (n == 0)
			fprintf(out, "\\x%02x", *s);
		else if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", out);
		else if (*s == '\t')
			fputs("\\t", out);
		else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
			fprintf(out, "\\x%02x", cp);
		else if (cp == 0x2028 || cp == 0x2029 || cp == 0xfeff)
			fprintf(out, "\\u%04x", cp);
		else
			fwrite(s, 1, n, out);
		s += n ? n : 1;
	}
	fputc('"', out);
}

/* The description after "ok N - ", or a directive's reason: one line of
 * valid UTF-8, with no '#' (it starts a directive) and no control
 * characters. */
static void report_tap_description(FILE *out, const char *s)
{
	char *clean = report_text_clean(s);
	const char *p;

	for (p = clean; *p; p++)
		fputc(*p == '#' ? '_' : (unsigned char)*p < 0x20 ? ' ' : *p, out);
	free(clean);
}

int report_tap_write(const struct grade *g, FILE *out)
{
	char a[32], b[32];
	size_t i;

	fprintf(out, "TAP version 13\n1..%zu\n", g->nchecks);
	for (i = 0; i < g->nchecks; i++) {
		const struct grade_item *c = &g->checks[i];

		fprintf(out, "%s %zu - ",
			c->status == ITEM_PASS || c->status == ITEM_SKIP ? "ok" : "not ok", i + 1);
		report_tap_description(out, c->id);
		fputs(": ", out);
		report_tap_description(out, report_visible_title(c));
		if (c->status == ITEM_SKIP) {
			fputs(" # SKIP ", out);
			report_tap_description(out, c->message);
		}
		fputc('\n', out);
		if (c->status == ITEM_PASS || c->status == ITEM_SKIP)
			continue;
		fprintf(out, "  ---\n  status: %s\n  points: %s/%s\n  message: ",
			grade_item_status_name(c->status), report_points(c->points, a, sizeof(a)),
			report_points(c->max_points, b, sizeof(b)));
		report_tap_quoted(out, report_visible_message(c));
		fputs("\n  hint: ", out);
		report_tap_quoted(out, report_visible_feedback(c));
		fputs("\n  ...\n", out);
	}
	fprintf(out, "# %s %s/%s\n", _("Score:"), report_points(g->score, a, sizeof(a)),
		report_points(g->max_score, b, sizeof(b)));
	if (g->error) {
		fputs("Bail out! ", out);
		report_tap_description(out, g->error);
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}
