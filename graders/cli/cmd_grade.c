/*
 * cmd_grade.c - `shmgrade grade EXERCISE.yaml CLASS_DIR`: grade a class (its
 * shards are joined by `shmgrade merge`, cmd_merge.c).
 *
 * Theory of operation. The parent scans CLASS_DIR (class_scan.h), gives
 * every submission a content key (SHA-256 of shmgrade's binary and
 * version, the exercise file, the options that change a result, and the
 * submission's files) and skips those whose stored result has the same
 * key. Each remaining submission is graded by a forked worker, at most -j
 * at once: the worker runs the same engine as `check` (engine.h) and writes
 * its reports and result file into a fresh folder beside the student's,
 * then swaps it in with one rename (renameat2 RENAME_EXCHANGE), so a
 * student's folder is always a whole old result or a whole new one. A run
 * killed at any point loses at most the submissions being graded; the next
 * run grades them (a stored error is graded again too). A worker that
 * crashes breaks one submission, not the class. Fallback mode's lock is a
 * flock per process (harness/fallback.c), so workers take turns there.
 * Last, the class outputs are written from the stored results only
 * (class_report.h), so they do not depend on -j or on sharding.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "graders/engine/engine.h"
#include "graders/report/class_report.h"
#include "graders/report/class_result.h"
#include "graders/cli/class_scan.h"
#include "graders/cli/cli.h"
#include "graders/load/diag.h"
#include "graders/report/i18n.h"
#include "graders/report/report.h"
#include "graders/util/sha256.h"
#include "harness/rmtree.h"
#include "util/util.h"
#include "util/xalloc.h"

#ifndef SHMGRADE_VERSION
#define SHMGRADE_VERSION "0.1.0"
#endif

struct cmd_grade_cli {
	const char *out, *lang;
	unsigned jobs, shard_k, shard_n, formats;
	enum report_trace trace;
	bool force, quiet, fallback, progress;
};

static const char cmd_grade_usage_text[] =
	N_("usage: shmgrade grade EXERCISE.yaml CLASS_DIR [OPTIONS]\n"
	   "\n"
	   "Grade every submission of CLASS_DIR: each entry, a .c file or a folder, is\n"
	   "one student. Moodle (\"Name_123_assignsubmission_file_\"), Canvas\n"
	   "(\"lastfirst_123_456_file.c\"), Git repository and plain folders are\n"
	   "recognised and give the student's name and id. Results are stored per\n"
	   "submission: running it again grades only what changed, and a run that was\n"
	   "stopped goes on where it stopped.\n"
	   "\n"
	   "options:\n"
	   "  -o, --output DIR   where to write (default ./shmgrade-EXERCISE_ID):\n"
	   "                     gradebook.csv, summary.json, class.html, and\n"
	   "                     students/NAME/ with report.html and the formats asked for\n"
	   "  -j, --jobs N       grade N submissions at once (default: the CPUs)\n"
	   "  --shard K/N        grade only the K-th of N disjoint shares of the class\n"
	   "                     (join them with 'shmgrade merge')\n"
	   "  --format F[,F...]  also write these formats per student (as in check)\n"
	   "  --trace summary|failing|full  how much of each run's trace the students'\n"
	   "                     json and gradescope files hold (as in check; default\n"
	   "                     summary); failing or full also write results.json\n"
	   "  --force            grade everything again\n"
	   "  --lang es|en       language of the reports\n"
	   "  --fallback         no namespaces (also SHMGRADE_FALLBACK=1)\n"
	   "  -q, --quiet        no progress on stderr\n"
	   "  -h, --help         this text\n"
	   "\n"
	   "exit status: 0 every submission was graded (whatever its score), 2 shmgrade\n"
	   "failed on some submission, or on its options or exercise.\n");

enum { OPT_FORMAT = 256, OPT_LANG, OPT_FALLBACK, OPT_FORCE, OPT_SHARD, OPT_TRACE };

static const struct option cmd_grade_options_table[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "fallback", no_argument, NULL, OPT_FALLBACK },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static volatile sig_atomic_t cmd_grade_stop;

static void cmd_grade_on_signal(int sig)
{
	cmd_grade_stop = sig;
}

static const char *cmd_grade_find_lang(int argc, char **argv)
{
	const char *lang = NULL;
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--lang") && i + 1 < argc)
			lang = argv[++i];
		else if (!strncmp(argv[i], "--lang=", 7))
			lang = argv[i] + 7;
	}
	return lang;
}

static int cmd_grade_parse_shard(const char *s, struct cmd_grade_cli *o)
{
	char tail;

	if (sscanf(s, "%u/%u%c", &o->shard_k, &o->shard_n, &tail) != 2 || o->shard_n == 0 ||
	    o->shard_k == 0 || o->shard_k > o->shard_n) {
		cli_error(_("--shard wants K/N with 1 <= K <= N, not '%s'"), s);
		return -1;
	}
	return 0;
}

static int cmd_grade_parse_opt(int c, struct cmd_grade_cli *o)
{
	const char *bad;
	int badlen;

	switch (c) {
	case 'o': o->out = optarg; return 0;
	case 'j': return cli_parse_uint("-j", optarg, 1, 1024, &o->jobs);
	case OPT_SHARD: return cmd_grade_parse_shard(optarg, o);
	case OPT_FORMAT:
		if (report_formats_parse(optarg, &o->formats, &bad, &badlen) < 0) {
			cli_error(_("unknown format '%.*s' (known: %s)"), badlen, bad,
				  report_formats_known());
			return -1;
		}
		return 0;
	case OPT_TRACE:
		if (report_trace_parse(optarg, &o->trace) < 0) {
			cli_error(_("--trace wants summary, failing or full, not '%s'"), optarg);
			return -1;
		}
		return 0;
	case OPT_FORCE: o->force = true; return 0;
	case OPT_LANG: o->lang = optarg; return 0;
	case OPT_FALLBACK: o->fallback = true; return 0;
	case 'q': o->quiet = true; return 0;
	case 'h': fputs(_(cmd_grade_usage_text), stdout); return 1;
	default: fputs(_("try 'shmgrade grade --help'\n"), stderr); return -1;
	}
}

static int cmd_grade_hash_file(struct sha256 *h, const char *path)
{
	char buf[65536];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((r = EINTR_RETRY(read(fd, buf, sizeof(buf)))) > 0)
		sha256_update(h, buf, (size_t)r);
	close(fd);
	return r < 0 ? -1 : 0;
}

/* What every key of this run starts with: shmgrade itself (version and
 * binary: a rebuilt grader may grade differently), the exercise with the
 * files it refers to (its data: folder, whole: an edit to a data file
 * changes what the programs read), and the options that change a result
 * or the files written. */
static void cmd_grade_base_key(const struct cmd_grade_cli *o, const struct exercise *ex,
			       const char *yaml, struct sha256 *h)
{
	char opts[64];

	sha256_init(h);
	sha256_update(h, "shmgrade grade 2\0" SHMGRADE_VERSION,
		      sizeof("shmgrade grade 2\0" SHMGRADE_VERSION));
	cmd_grade_hash_file(h, "/proc/self/exe");
	sha256_update(h, "\0", 1);
	cmd_grade_hash_file(h, yaml);
	sha256_update(h, "\0data", 5);
	if (ex->data_dir && class_scan_hash_path(ex->data_dir, h) < 0)
		sha256_update(h, "unreadable", 10);
	snprintf(opts, sizeof(opts), "\n%d %u %d %d", (int)i18n_lang(), o->formats, o->fallback,
		 (int)o->trace);
	sha256_update(h, opts, strlen(opts));
}

/* The submissions of the class and what each needs. */
struct cmd_grade_job {
	struct class_sub *sub;
	char key[65];
	bool todo;
	pid_t pid;
	double started;
};

struct cmd_grade_run {
	const struct cmd_grade_cli *o;
	const struct exercise *ex;
	char *students; /* OUT/students */
	struct cmd_grade_job *jobs;
	size_t njobs, ntodo, done, failures, errors;
	double t0;
};

static double cmd_grade_now(void)
{
	return (double)util_monotonic_ns() / 1e9;
}

/* Swap the finished folder tmp in as dst; the old one is removed. */
static int cmd_grade_swap_in(const char *tmp, const char *dst)
{
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dst, RENAME_EXCHANGE) == 0)
		return rmtree(tmp);
	if (errno != ENOENT)
		return -1;
	return rename(tmp, dst);
}

/* The worker: grade one submission, store it. Never returns. */
static void cmd_grade_worker(struct cmd_grade_run *r, struct cmd_grade_job *j)
{
	struct engine_options co = ENGINE_OPTIONS_DEFAULT;
	struct report_style st = { .utf8 = true, .trace = r->o->trace };
	char *tmp = xasprintf("%s/.tmp-%s-%d", r->students, j->sub->slug, (int)getpid());
	char *src = xasprintf("%s-src", tmp), *path = xasprintf("%s/result.json", tmp);
	char *dst = xasprintf("%s/%s", r->students, j->sub->slug);
	const char *sub = j->sub->path, *crash;
	struct grade g;
	int code = 3;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	co.lang = i18n_lang();
	co.mode = r->o->fallback ? RUN_MODE_FORCE_FALLBACK : RUN_MODE_AUTO;
	co.quiet = true;
	/* For the tests of a worker that breaks: tests/cli/grade.sh. */
	crash = getenv("SHMGRADE_TEST_CRASH");
	if (crash && strstr(j->sub->entry, crash))
		abort();
	grade_init(&g);
	rmtree(tmp);
	if (mkdir(tmp, 0755) < 0)
		_exit(4);
	if (j->sub->members && (mkdir(src, 0755) < 0 || class_sub_stage(j->sub, src) < 0))
		grade_set_error(&g, "cannot gather the files of '%s': %s", j->sub->entry,
				strerror(errno));
	else
		engine_grade(r->ex, j->sub->members ? src : sub, &co, &g);
	if (j->sub->members)
		rmtree(src);
	free(g.submission);
	g.submission = xstrdup(j->sub->entry);
	if (report_write_dir(r->o->formats | 1u << REPORT_HTML, &g, &st, tmp) == 0 &&
	    class_result_write(&g, j->sub, j->key, NULL, path) == 0 &&
	    cmd_grade_swap_in(tmp, dst) == 0)
		code = g.status == GRADE_ERROR ? 3 : 0;
	else
		code = 4;
	_exit(code);
}

static void cmd_grade_progress(struct cmd_grade_run *r, const struct cmd_grade_job *j,
			       const char *status)
{
	double el = cmd_grade_now() - r->t0, rate = el > 0 ? r->done / el : 0;
	double eta = rate > 0 ? (r->ntodo - r->done) / rate : 0;

	if (r->o->quiet)
		return;
	if (r->o->progress) {
		/* Back to the line's start and clear it: not the translator's. */
		fputs("\r\033[K", stderr);
		fprintf(stderr,
			_("graded %zu/%zu  %.1f/s  ETA %dm%02ds  %zu not full marks, "
			  "%zu grader errors"),
			r->done, r->ntodo, rate, (int)eta / 60, (int)eta % 60, r->failures,
			r->errors);
		return;
	}
	fprintf(stderr, "[%zu/%zu] %-5s %s", r->done, r->ntodo, status, j->sub->student);
	if (*j->sub->id)
		fprintf(stderr, " (%s)", j->sub->id);
	fprintf(stderr, "  %.1fs\n", cmd_grade_now() - j->started);
}

/* Store a result in error for a submission whose worker broke. */
static void cmd_grade_store_crash(struct cmd_grade_run *r, struct cmd_grade_job *j, const char *msg)
{
	char *tmp = xasprintf("%s/.tmp-crash-%s", r->students, j->sub->slug);
	char *res = xasprintf("%s/result.json", tmp);
	char *dst = xasprintf("%s/%s", r->students, j->sub->slug);

	rmtree(tmp);
	if (mkdir(tmp, 0755) == 0 && class_result_write(NULL, j->sub, "", msg, res) == 0)
		cmd_grade_swap_in(tmp, dst);
	rmtree(tmp);
	free(tmp);
	free(res);
	free(dst);
}

/* The status stored in a result file ("pass", "fail", "error"). */
static const char *cmd_grade_stored_status(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	const char *st = "error";

	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, " \"status\": ", 11))
			continue;
		st = strstr(line, "\"pass\"")	? "pass"
		     : strstr(line, "\"fail\"") ? "fail"
						: "error";
	}
	if (f)
		fclose(f);
	return st;
}

/* A worker ended: read what it stored, or store why it broke. */
static void cmd_grade_reap(struct cmd_grade_run *r, struct cmd_grade_job *j, int wstatus)
{
	char *path = xasprintf("%s/%s/result.json", r->students, j->sub->slug);
	const char *status = "error";
	char msg[128];

	j->pid = 0;
	r->done++;
	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) <= 3) {
		status = cmd_grade_stored_status(path);
	} else {
		if (WIFSIGNALED(wstatus))
			snprintf(msg, sizeof(msg),
				 "shmgrade crashed on this submission (signal %d)",
				 WTERMSIG(wstatus));
		else
			snprintf(msg, sizeof(msg),
				 "shmgrade could not store the result of this "
				 "submission");
		cmd_grade_store_crash(r, j, msg);
	}
	if (!strcmp(status, "fail"))
		r->failures++;
	if (!strcmp(status, "error"))
		r->errors++;
	cmd_grade_progress(r, j, status);
	free(path);
}

static struct cmd_grade_job *cmd_grade_job_of(struct cmd_grade_run *r, pid_t pid)
{
	size_t i;

	for (i = 0; i < r->njobs; i++)
		if (r->jobs[i].pid == pid)
			return &r->jobs[i];
	return NULL;
}

static int cmd_grade_spawn(struct cmd_grade_run *r, struct cmd_grade_job *j)
{
	fflush(NULL);
	j->started = cmd_grade_now();
	j->pid = fork();
	if (j->pid == 0)
		cmd_grade_worker(r, j);
	if (j->pid < 0) {
		cli_error(_("cannot start a worker: %s"), strerror(errno));
		j->pid = 0;
		return -1;
	}
	return 0;
}

/* Grade every job marked todo, jobs at once. */
static void cmd_grade_all(struct cmd_grade_run *r)
{
	size_t next = 0, running = 0;
	int ws;
	pid_t pid;

	r->t0 = cmd_grade_now();
	for (;;) {
		while (!cmd_grade_stop && running < r->o->jobs && next < r->njobs) {
			if (r->jobs[next].todo && cmd_grade_spawn(r, &r->jobs[next]) == 0)
				running++;
			next++;
		}
		if (!running)
			break;
		pid = EINTR_RETRY(waitpid(-1, &ws, 0));
		if (pid < 0)
			break;
		if (cmd_grade_job_of(r, pid)) {
			cmd_grade_reap(r, cmd_grade_job_of(r, pid), ws);
			running--;
		}
	}
	if (r->o->progress && !r->o->quiet)
		fputs("\r\033[K", stderr);
}

/* Remove leftovers of a stopped run, and the folders of students no longer
 * in the class (or in another shard). */
static void cmd_grade_tidy(struct cmd_grade_run *r)
{
	DIR *d = opendir(r->students);
	struct dirent *de;
	size_t i;

	while (d && (de = readdir(d))) {
		bool keep = false;
		char *p;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		for (i = 0; i < r->njobs && !keep; i++)
			keep = !strcmp(de->d_name, r->jobs[i].sub->slug);
		if (keep)
			continue;
		p = xasprintf("%s/%s", r->students, de->d_name);
		rmtree(p);
		free(p);
	}
	if (d)
		closedir(d);
}

/* Which submissions need grading: a key each, compared to the stored one. */
static void cmd_grade_plan(struct cmd_grade_run *r, struct class_list *l, const char *yaml)
{
	struct sha256 base;
	size_t i;

	cmd_grade_base_key(r->o, r->ex, yaml, &base);
	r->jobs = xrealloc(NULL, l->n + 1, sizeof(*r->jobs));
	for (i = 0; i < l->n; i++) {
		struct sha256 h = base;
		struct cmd_grade_job *j;
		char *path, *old;

		if (r->o->shard_n &&
		    class_sub_shard(&l->subs[i], r->o->shard_n) != r->o->shard_k - 1)
			continue;
		j = &r->jobs[r->njobs++];
		memset(j, 0, sizeof(*j));
		j->sub = &l->subs[i];
		if (class_sub_hash(j->sub, &h) < 0)
			sha256_update(&h, "unreadable", 10);
		sha256_hex(&h, j->key);
		path = xasprintf("%s/%s/result.json", r->students, j->sub->slug);
		old = r->o->force ? NULL : class_result_key(path);
		j->todo = !old || strcmp(old, j->key);
		r->ntodo += j->todo;
		free(old);
		free(path);
	}
}

static char *cmd_grade_default_out(const struct exercise *ex)
{
	return xasprintf("shmgrade-%s", ex->id);
}

static int cmd_grade_write_class(const char *out, size_t ntodo, size_t njobs, bool stopped)
{
	struct class_totals t;

	if (stopped) {
		cli_error(
			_("stopped; what was graded is kept: run the same command again to go on"));
		return EXIT_ERROR;
	}
	if (class_report_write(out, &t) < 0)
		return EXIT_ERROR;
	printf(_("%u submissions (%zu graded now, %zu unchanged): %u with full marks, %u grader "
		 "errors\n"),
	       t.students, ntodo, njobs - ntodo, t.full, t.errors);
	printf(_("gradebook: %s/gradebook.csv  class page: %s/class.html\n"), out, out);
	return t.errors ? EXIT_ERROR : EXIT_PASS;
}

static int cmd_grade_main(struct cmd_grade_cli *o, const char *yaml, const char *dir)
{
	struct exercise ex;
	struct diag_list diags;
	struct class_list l;
	struct cmd_grade_run r = { .o = o, .ex = &ex };
	char *out;
	int code;

	diag_init(&diags, yaml);
	if (exercise_load(&ex, yaml, &diags) < 0) {
		diag_print(&diags, stderr);
		diag_release(&diags);
		return EXIT_ERROR;
	}
	diag_print(&diags, stderr);
	diag_release(&diags);
	out = o->out ? xstrdup(o->out) : cmd_grade_default_out(&ex);
	if (class_scan(dir, out, &l) < 0) {
		code = cli_error(_("cannot read the class folder '%s': %s"), dir, strerror(errno));
		goto done_ex;
	}
	r.students = xasprintf("%s/students", out);
	if (cli_mkdir(out) || cli_mkdir(r.students)) {
		code = EXIT_ERROR;
		goto done;
	}
	cmd_grade_plan(&r, &l, yaml);
	cmd_grade_tidy(&r);
	for (size_t i = 0; i < l.nskipped && !o->quiet; i++)
		fprintf(stderr, _("left out (not a submission): %s\n"), l.skipped[i]);
	if (!o->quiet)
		fprintf(stderr,
			_("grading %zu of %zu submissions (%zu unchanged since the last run)\n"),
			r.ntodo, r.njobs, r.njobs - r.ntodo);
	signal(SIGINT, cmd_grade_on_signal);
	signal(SIGTERM, cmd_grade_on_signal);
	cmd_grade_all(&r);
	code = cmd_grade_write_class(out, r.ntodo, r.njobs, cmd_grade_stop != 0);
	if (r.errors && code == EXIT_PASS)
		code = EXIT_ERROR;
done:
	free(r.jobs);
	free(r.students);
	class_list_release(&l);
done_ex:
	free(out);
	exercise_release(&ex);
	return code;
}

static unsigned cmd_grade_cpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
	return 1;
}

int cmd_grade(int argc, char **argv)
{
	struct cmd_grade_cli o = { .formats = 0 };
	const char *fallback;
	int c, r;

	if (i18n_setup(cmd_grade_find_lang(argc, argv), NULL) < 0)
		return cli_error(_("--lang wants es or en, not '%s'"),
				 cmd_grade_find_lang(argc, argv));
	o.jobs = cmd_grade_cpus();
	o.progress = isatty(STDERR_FILENO);
	fallback = getenv("SHMGRADE_FALLBACK");
	o.fallback = fallback && !strcmp(fallback, "1");
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:j:qh", cmd_grade_options_table, NULL)) != -1) {
		r = cmd_grade_parse_opt(c, &o);
		if (r)
			return r > 0 ? EXIT_PASS : EXIT_ERROR;
	}
	if (argc - optind != 2) {
		fputs(_(cmd_grade_usage_text), stderr);
		return EXIT_ERROR;
	}
	/* A trace asked for goes somewhere: results.json. */
	if (o.trace != REPORT_TRACE_SUMMARY &&
	    !(o.formats & (1u << REPORT_JSON | 1u << REPORT_GRADESCOPE)))
		o.formats |= 1u << REPORT_JSON;
	return cmd_grade_main(&o, argv[optind], argv[optind + 1]);
}
