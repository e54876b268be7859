/*
 * report_csv.c - one gradebook row (RFC 4180, with its header line):
 *   exercise,submission,score,max_score,status,failed,
 *   then two columns per check: ID (its points) and ID_message (its
 *   evidence, or the generic text of a hidden check).
 * "failed" lists the ids of the checks that did not pass, separated by
 * spaces. Spreadsheets and tools/demo.sh read it; `shmgrade grade` writes
 * many such rows.
 *
 * Quoting: a field with a comma, a double quote, CR or LF is quoted and its
 * quotes doubled; lines end in LF (RFC 4180 says CRLF; every reader we
 * know takes LF, and the rows stay greppable). Text is made valid UTF-8.
 * Spreadsheet formulas: a text field starting with '=', '+', '-', '@', TAB
 * or CR is one to Excel and LibreOffice (a student's folder named
 * "=HYPERLINK(...)" ends up in the gradebook), so it gets a leading "'"
 * (OWASP's advice); numbers are written by us and stay as they are.
 */
#include <stdlib.h>
#include <string.h>

#include "graders/report/report.h"
#include "util/xalloc.h"

void report_csv_field(FILE *out, const char *s)
{
	char *clean = report_text_clean(s);
	const char *p = clean;
	bool formula = strchr("=+-@\t\r", *p) && *p;

	if (!formula && !strpbrk(p, ",\"\n\r")) {
		fputs(p, out);
		free(clean);
		return;
	}
	fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
	free(clean);
}

int report_csv_write(const struct grade *g, FILE *out)
{
	char a[32], b[32];
	char *failed = grade_failed_ids(g, " ");
	size_t i;

	fputs("exercise,submission,score,max_score,status,failed", out);
	for (i = 0; i < g->nchecks; i++) {
		char *col = xasprintf("%s_message", g->checks[i].id);

		fputc(',', out);
		report_csv_field(out, g->checks[i].id);
		fputc(',', out);
		report_csv_field(out, col);
		free(col);
	}
	fputc('\n', out);
	report_csv_field(out, g->exercise_id);
	fputc(',', out);
	report_csv_field(out, g->submission);
	fprintf(out, ",%s,%s,%s,", report_points(g->score, a, sizeof(a)),
		report_points(g->max_score, b, sizeof(b)), grade_status_name(g->status));
	report_csv_field(out, failed);
	for (i = 0; i < g->nchecks; i++) {
		fprintf(out, ",%s,", report_points(g->checks[i].points, a, sizeof(a)));
		report_csv_field(out, report_visible_message(&g->checks[i]));
	}
	fputc('\n', out);
	free(failed);
	return ferror(out) ? -1 : 0;
}
