/*
 * class_result.c - a student's stored result file (class_result.h).
 */
#include "graders/report/class_result.h"

#include <fcntl.h>
#include <jansson.h>
#include <string.h>
#include <unistd.h>

#include "graders/report/i18n.h"
#include "graders/report/report.h"
#include "util/xjson.h"
#include "util/xalloc.h"

/* What result.json keeps of each run: its outcome, no events (the
 * student's results.json or gradescope.json hold those, --trace). */
static json_t *class_result_runs(const struct grade *g)
{
	json_t *runs = json_array();
	size_t i;

	for (i = 0; g && i < g->nruns; i++) {
		const struct run_outcome *r = &g->runs[i];
		const struct run_record *rec = &r->rec;

		json_array_append_new(
			runs,
			json_pack("{s:o, s:i, s:s, s:b, s:I, s:i, s:{s:i, s:i, s:i}}", "run",
				  report_json_str(r->run_id), "repetition", (int)r->repetition,
				  "status", run_status_name(rec->status), "failing", r->failing,
				  "events_total", (json_int_t)rec->nevents, "processes",
				  (int)rec->nprocesses, "leaks", "shm", (int)rec->leaks.shm, "sem",
				  (int)rec->leaks.sem, "msg", (int)rec->leaks.msg));
	}
	return runs;
}

int class_result_write(const struct grade *g, const struct class_sub *s, const char *key,
		       const char *error, const char *path)
{
	json_t *checks = xjson(json_array()), *j;
	size_t i;
	int fd, ret = 0;

	for (i = 0; g && i < g->nchecks; i++) {
		const struct grade_item *c = &g->checks[i];

		xjson_push(checks,
			   xjson_pack("{s:o, s:o, s:o, s:o, s:s, s:o}", "id",
				      report_json_str(c->id), "title", report_json_str(c->title),
				      "points", report_json_num(c->points), "max_points",
				      report_json_num(c->max_points), "status",
				      grade_item_status_name(c->status), "message",
				      report_json_str(report_visible_message(c))));
	}
	j = json_pack("{s:i, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:s, s:o, s:o, s:s, s:o, s:o}",
		      "shmgrade_result", 1, "key", key, "entry", report_json_str(s->entry),
		      "student", report_json_str(s->student), "id", report_json_str(s->id),
		      "layout", s->layout, "exercise", report_json_str(g ? g->exercise_id : NULL),
		      "exercise_title", report_json_str(g ? g->exercise_title : NULL), "lang",
		      i18n_lang() == LANG_ES ? "es" : "en", "score",
		      report_json_num(g ? g->score : 0), "max_score",
		      report_json_num(g ? g->max_score : 0), "status",
		      g ? grade_status_name(g->status) : "error", "error",
		      g && g->error	   ? report_json_str(g->error)
		      : g && g->ungradable ? report_json_str(g->ungradable)
		      : error		   ? report_json_str(error)
					   : json_null(),
		      "checks", checks);
	json_object_set_new(j, "runs", class_result_runs(g));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || json_dumpfd(j, fd, JSON_INDENT(1) | JSON_SORT_KEYS) < 0 || fsync(fd) < 0)
		ret = -1;
	if (fd >= 0 && close(fd) < 0)
		ret = -1;
	json_decref(j);
	return ret;
}

char *class_result_key(const char *path)
{
	json_t *j = json_load_file(path, 0, NULL);
	const char *key = json_string_value(json_object_get(j, "key"));
	const char *st = json_string_value(json_object_get(j, "status"));
	char *r = NULL;

	if (key && *key && st && strcmp(st, "error"))
		r = xstrdup(key);
	json_decref(j);
	return r;
}
