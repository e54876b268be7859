/*
 * report_csv.c - one gradebook row (RFC 4180, with its header line):
 *   exercise,submission,score,max_score,status,failed
 * "failed" lists the ids of the checks that did not pass, separated by
 * spaces. Spreadsheets and tools/demo.sh read it; `shmgrade grade` writes
 * many such rows.
 */
#include <stdlib.h>
#include <string.h>

#include "graders/report.h"

static void rcsv_field(FILE *out, const char *s)
{
	if (!s)
		s = "";
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

int report_csv_write(const struct grade *g, FILE *out)
{
	char a[32], b[32];
	char *failed = grade_failed_ids(g, " ");

	fputs("exercise,submission,score,max_score,status,failed\n", out);
	rcsv_field(out, g->exercise_id);
	fputc(',', out);
	rcsv_field(out, g->submission);
	fprintf(out, ",%s,%s,%s,", report_points(g->score, a, sizeof(a)),
		report_points(g->max_score, b, sizeof(b)), grade_status_name(g->status));
	rcsv_field(out, failed);
	fputc('\n', out);
	free(failed);
	return ferror(out) ? -1 : 0;
}
