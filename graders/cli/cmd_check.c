/*
 * cmd_check.c - `shmgrade check EXERCISE.yaml SUBMISSION [OPTIONS]`: grade
 * one submission and report it (engine.h does the work, report.h the output).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graders/engine/engine.h"
#include "graders/cli/cli.h"
#include "graders/load/diag.h"
#include "graders/report/i18n.h"
#include "graders/engine/workdir.h"
#include "graders/report/report.h"

struct cmd_check_cli {
	unsigned formats;
	const char *outdir, *lang;
	struct report_style style;
	struct engine_options run;
	bool progress;
	struct run_inject inject[INJECT_MAX];
	size_t ninject;
};

static const char cmd_check_usage_text[] = N_(
	"usage: shmgrade check EXERCISE.yaml SUBMISSION [OPTIONS]\n"
	"\n"
	"Build SUBMISSION (a .c file, a folder of sources with or without its own\n"
	"Makefile, or an executable when the exercise allows it) inside the sandbox,\n"
	"run it as EXERCISE.yaml says, and grade every check of the exercise.\n"
	"\n"
	"options:\n"
	"  --format F[,F...]  text (default), json, junit, gradescope, github, tap, csv,\n"
	"                     html\n"
	"  -o, --output DIR   write each format to DIR/<file>: report.txt, results.json,\n"
	"                     junit.xml, gradescope.json, github.txt, report.tap,\n"
	"                     grade.csv, report.html; stdout still gets the text report (the github\n"
	"                     one when github is asked for). Without -o every format\n"
	"                     asked for goes to stdout, one after another.\n"
	"  --trace summary|failing|full  how much of each run's trace the json and\n"
	"                     gradescope formats hold: a summary of every run (the\n"
	"                     default: lifecycles, processes, leaks, the notable\n"
	"                     events and a count of the others), the whole trace of\n"
	"                     the runs a failed check looked at, or every event\n"
	"  --lang es|en       language of the report (default: from LC_ALL,\n"
	"                     LC_MESSAGES or LANG; es* is Spanish, else English)\n"
	"  --fallback         no namespaces (also SHMGRADE_FALLBACK=1)\n"
	"  --inject CALL:ERRNO[:N|all]  in every run, make the N-th CALL (default 1;\n"
	"                     all: every one) fail with ERRNO, to try an error path\n"
	"                     of your program (CALL: shmget ... msgctl, or fork);\n"
	"                     repeatable\n"
	"  --perturb          perturb the schedule of every run (as schedule: perturb):\n"
	"                     races show up; each run's record and report say its seed\n"
	"  --seed S           seed of the perturbed runs (repetition k uses S+k): replays\n"
	"                     a failing run's schedule\n"
	"  --keep             keep the work directory (its path goes to stderr)\n"
	"  --color, --no-color  colour the text report (default: on a terminal)\n"
	"  -q, --quiet        no progress or notices on stderr\n"
	"  -h, --help         this text\n"
	"\n"
	"exit status: 0 every check passed, 1 some check did not pass (a submission\n"
	"that does not compile included), 2 shmgrade failed (bad options, malformed\n"
	"exercise, missing file or compiler, sandbox failure).\n");

enum {
	OPT_FORMAT = 256,
	OPT_LANG,
	OPT_FALLBACK,
	OPT_KEEP,
	OPT_COLOR,
	OPT_NOCOLOR,
	OPT_INJECT,
	OPT_TRACE,
	OPT_PERTURB,
	OPT_SEED
};

static const struct option cmd_check_options_table[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "fallback", no_argument, NULL, OPT_FALLBACK },
	{ "inject", required_argument, NULL, OPT_INJECT },
	{ "keep", no_argument, NULL, OPT_KEEP },
	{ "perturb", no_argument, NULL, OPT_PERTURB },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "color", no_argument, NULL, OPT_COLOR },
	{ "no-color", no_argument, NULL, OPT_NOCOLOR },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* --lang decides the language of everything, --help and option errors
 * included, so it is looked for before the options are parsed. */
static const char *cmd_check_find_lang(int argc, char **argv)
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

static int cmd_check_parse_opt(int c, struct cmd_check_cli *o)
{
	const char *bad;
	int badlen;

	switch (c) {
	case OPT_FORMAT:
		if (report_formats_parse(optarg, &o->formats, &bad, &badlen) < 0) {
			cli_error(_("unknown format '%.*s' (known: %s)"), badlen, bad,
				  report_formats_known());
			return -1;
		}
		return 0;
	case 'o': o->outdir = optarg; return 0;
	case OPT_TRACE:
		if (report_trace_parse(optarg, &o->style.trace) < 0) {
			cli_error(_("--trace wants summary, failing or full, not '%s'"), optarg);
			return -1;
		}
		return 0;
	case OPT_LANG: o->lang = optarg; return 0;
	case OPT_FALLBACK: o->run.mode = RUN_MODE_FORCE_FALLBACK; return 0;
	case OPT_KEEP: o->run.keep = true; return 0;
	case OPT_INJECT: return cli_parse_inject(optarg, o->inject, &o->ninject);
	case OPT_PERTURB: o->run.perturb = true; return 0;
	case OPT_SEED: o->run.seeded = true; return cli_parse_seed("--seed", optarg, &o->run.seed);
	case OPT_COLOR: o->style.color = true; return 0;
	case OPT_NOCOLOR: o->style.color = false; return 0;
	case 'q':
		o->progress = false;
		o->run.quiet = true;
		return 0;
	case 'h': fputs(_(cmd_check_usage_text), stdout); return 1;
	default: fputs(_("try 'shmgrade check --help'\n"), stderr); return -1;
	}
}

static void cmd_check_show_progress(void *arg, const char *step)
{
	(void)arg;
	fprintf(stderr, "\r\033[K%s...", step);
}

/* Write the reports; returns -1 when one could not be written. */
static int cmd_check_report(const struct cmd_check_cli *o, const struct grade *g)
{
	enum report_format f;
	int ret = 0;

	if (o->outdir) {
		if (mkdir(o->outdir, 0755) < 0 && errno != EEXIST) {
			cli_error(_("cannot make the folder '%s': %s"), o->outdir, strerror(errno));
			ret = -1;
		} else if (report_write_dir(o->formats, g, &o->style, o->outdir) < 0) {
			ret = -1;
		}
		f = o->formats & (1u << REPORT_GITHUB) ? REPORT_GITHUB : REPORT_TEXT;
		return report_write(f, g, &o->style, stdout) < 0 ? -1 : ret;
	}
	for (f = 0; f < REPORT_COUNT_; f++)
		if (o->formats & (1u << f) && report_write(f, g, &o->style, stdout) < 0)
			ret = -1;
	return ret;
}

static int cmd_check_main(struct cmd_check_cli *o, const char *yaml, const char *submission)
{
	struct exercise ex;
	struct diag_list diags;
	struct grade g;
	int code;

	diag_init(&diags, yaml);
	if (exercise_load(&ex, yaml, &diags) < 0) {
		diag_print(&diags, stderr);
		diag_release(&diags);
		return EXIT_ERROR;
	}
	diag_print(&diags, stderr);
	diag_release(&diags);
	if (access(submission, R_OK) < 0) {
		exercise_release(&ex);
		return cli_error(_("cannot read the submission '%s': %s"), submission,
				 strerror(errno));
	}
	grade_init(&g);
	engine_grade(&ex, submission, &o->run, &g);
	if (o->progress)
		fputs("\r\033[K", stderr);
	if (g.error)
		cli_error("%s", g.error);
	code = grade_exit_code(&g);
	if (cmd_check_report(o, &g) < 0)
		code = EXIT_ERROR;
	grade_release(&g);
	exercise_release(&ex);
	return code;
}

int cmd_check(int argc, char **argv)
{
	struct cmd_check_cli o = { .formats = 1u << REPORT_TEXT, .run = ENGINE_OPTIONS_DEFAULT };
	int c, r;

	if (i18n_setup(cmd_check_find_lang(argc, argv), NULL) < 0)
		return cli_error(_("--lang wants es or en, not '%s'"),
				 cmd_check_find_lang(argc, argv));
	o.run.lang = i18n_lang();
	workdir_trap_signals();
	o.style.color = cli_use_color(stdout);
	o.style.utf8 = i18n_utf8();
	o.style.step_outputs = true;
	o.progress = isatty(STDERR_FILENO);
	o.run.quiet = false;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:qh", cmd_check_options_table, NULL)) != -1) {
		r = cmd_check_parse_opt(c, &o);
		if (r)
			return r > 0 ? EXIT_PASS : EXIT_ERROR;
	}
	if (argc - optind != 2) {
		fputs(_(cmd_check_usage_text), stderr);
		return EXIT_ERROR;
	}
	if (o.progress) {
		o.run.progress = cmd_check_show_progress;
	}
	o.run.inject = o.inject;
	o.run.ninject = o.ninject;
	return cmd_check_main(&o, argv[optind], argv[optind + 1]);
}
