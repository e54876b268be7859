/*
 * report_tap.c - TAP version 13: one test point per check, "# SKIP" for
 * skipped checks, the evidence and hint as a YAML diagnostic block.
 */
#include <string.h>

#include "graders/i18n.h"
#include "graders/report.h"

/* A YAML double-quoted scalar (TAP diagnostics are YAML). */
static void rtap_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", out);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

/* The description after "ok N - ": no '#' (it starts a directive). */
static void rtap_description(FILE *out, const char *s)
{
	for (; s && *s; s++)
		fputc(*s == '#' ? '_' : *s == '\n' ? ' ' : *s, out);
}

int report_tap_write(const struct grade *g, FILE *out)
{
	char a[32], b[32];
	size_t i;

	fprintf(out, "TAP version 13\n1..%zu\n", g->nchecks);
	for (i = 0; i < g->nchecks; i++) {
		const struct check_outcome *c = &g->checks[i];

		fprintf(out, "%s %zu - ",
			c->status == CHECK_PASS || c->status == CHECK_SKIP ? "ok" : "not ok",
			i + 1);
		rtap_description(out, c->id);
		fputs(": ", out);
		rtap_description(out, report_visible_title(c));
		if (c->status == CHECK_SKIP) {
			fputs(" # SKIP ", out);
			rtap_description(out, c->message);
		}
		fputc('\n', out);
		if (c->status == CHECK_PASS || c->status == CHECK_SKIP)
			continue;
		fprintf(out, "  ---\n  status: %s\n  points: %s/%s\n  message: ",
			check_status_name(c->status), report_points(c->points, a, sizeof(a)),
			report_points(c->max_points, b, sizeof(b)));
		rtap_quoted(out, report_visible_message(c));
		fputs("\n  hint: ", out);
		rtap_quoted(out, report_visible_feedback(c));
		fputs("\n  ...\n", out);
	}
	fprintf(out, "# %s %s/%s\n", _("Score:"), report_points(g->score, a, sizeof(a)),
		report_points(g->max_score, b, sizeof(b)));
	if (g->error)
		fprintf(out, "Bail out! %s\n", g->error);
	return ferror(out) ? -1 : 0;
}
