/*
 * cmd_trace.c - `shmgrade trace [OPTIONS] [--] PROGRAM [ARG...]`: run one
 * program in the sandbox and print its IPC timeline (or the JSON record).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graders/cli/cli.h"
#include "graders/report/i18n.h"
#include "harness/record.h"
#include "harness/record_json.h"
#include "harness/run.h"
#include "harness/timeline.h"
#include "util/util.h"

struct cmd_trace_opts {
	bool json, color, quiet;
	struct run_limits limits;
	const char *stdin_path, *dir;
	enum run_mode_request mode;
	struct run_inject inject[INJECT_MAX];
	size_t ninject;
	bool perturb, seeded;
	unsigned long long seed;
};

static const char cmd_trace_usage_text[] =
	N_("usage: shmgrade trace [OPTIONS] [--] PROGRAM [ARG...]\n"
	   "\n"
	   "Run PROGRAM in a sandbox (its own IPC, PID and mount namespaces), trace every\n"
	   "System V IPC call it and its children make, and show the lifecycle of every\n"
	   "segment, semaphore set and message queue.\n"
	   "\n"
	   "options:\n"
	   "  --json             print the run record as JSON (man shmgrade: JSON OUTPUT)\n"
	   "  --timeout SECONDS  wall-clock limit (default 10)\n"
	   "  --memory MIB       memory per process, of all processes together, and SysV\n"
	   "                     memory in all (default 512)\n"
	   "  --processes N      processes and threads alive at once (default 64)\n"
	   "  --output KIB       stdout and stderr cap, each (default 1024)\n"
	   "  --disk MIB         files of the run directory together, each file, and\n"
	   "                     the run's /tmp (default 256)\n"
	   "  --stdin FILE       standard input of the program (default /dev/null)\n"
	   "  --dir DIR          working directory of the run (default: a fresh one)\n"
	   "  --inject CALL:ERRNO[:N|all]  make the N-th CALL (default 1; all: every\n"
	   "                     one) fail with ERRNO without the kernel running it\n"
	   "                     (CALL: shmget ... msgctl, or fork); repeatable\n"
	   "  --fallback         no namespaces: run on the host's IPC namespace, one run\n"
	   "                     at a time, removing only what the run made (also\n"
	   "                     SHMGRADE_FALLBACK=1)\n"
	   "  --perturb          perturb the schedule: the program's processes on one\n"
	   "                     CPU, released one at a time in an order drawn from a\n"
	   "                     seed (printed on stderr and in the JSON record)\n"
	   "  --seed S           the seed of --perturb (implies it): replays a schedule\n"
	   "  --color, --no-color  colour the timeline (default: on a terminal)\n"
	   "  -q, --quiet        no notices on stderr\n"
	   "  -h, --help         this text\n"
	   "\n"
	   "exit status: 0 the program ran and ended by itself with status 0, 1 it\n"
	   "failed (non-zero exit, signal, limit), 2 shmgrade itself failed.\n");

enum {
	OPT_JSON = 256,
	OPT_TIMEOUT,
	OPT_MEMORY,
	OPT_PROCS,
	OPT_OUTPUT,
	OPT_STDIN,
	OPT_DIR,
	OPT_FALLBACK,
	OPT_COLOR,
	OPT_NOCOLOR,
	OPT_DISK,
	OPT_INJECT,
	OPT_PERTURB,
	OPT_SEED
};

static const struct option cmd_trace_options[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "memory", required_argument, NULL, OPT_MEMORY },
	{ "processes", required_argument, NULL, OPT_PROCS },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "disk", required_argument, NULL, OPT_DISK },
	{ "stdin", required_argument, NULL, OPT_STDIN },
	{ "dir", required_argument, NULL, OPT_DIR },
	{ "inject", required_argument, NULL, OPT_INJECT },
	{ "fallback", no_argument, NULL, OPT_FALLBACK },
	{ "perturb", no_argument, NULL, OPT_PERTURB },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "color", no_argument, NULL, OPT_COLOR },
	{ "no-color", no_argument, NULL, OPT_NOCOLOR },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Returns 0, 1 for --help, or -1 on a bad option (already reported). */
static int cmd_trace_parse_opt(int c, struct cmd_trace_opts *o)
{
	switch (c) {
	case OPT_JSON: o->json = true; return 0;
	case OPT_TIMEOUT:
		return cli_parse_double("--timeout", optarg, 0.001, 86400, &o->limits.timeout_s);
	case OPT_MEMORY:
		return cli_parse_uint("--memory", optarg, 1, 1 << 20, &o->limits.memory_mib);
	case OPT_PROCS:
		return cli_parse_uint("--processes", optarg, 1, 100000, &o->limits.processes);
	case OPT_OUTPUT:
		return cli_parse_uint("--output", optarg, 1, 1 << 20, &o->limits.output_kib);
	case OPT_DISK: return cli_parse_uint("--disk", optarg, 1, 1 << 20, &o->limits.disk_mib);
	case OPT_STDIN: o->stdin_path = optarg; return 0;
	case OPT_DIR: o->dir = optarg; return 0;
	case OPT_INJECT: return cli_parse_inject(optarg, o->inject, &o->ninject);
	case OPT_FALLBACK: o->mode = RUN_MODE_FORCE_FALLBACK; return 0;
	case OPT_PERTURB: o->perturb = true; return 0;
	case OPT_SEED:
		o->perturb = o->seeded = true;
		return cli_parse_seed("--seed", optarg, &o->seed);
	case OPT_COLOR: o->color = true; return 0;
	case OPT_NOCOLOR: o->color = false; return 0;
	case 'q': o->quiet = true; return 0;
	case 'h': fputs(_(cmd_trace_usage_text), stdout); return 1;
	default: fputs(_("try 'shmgrade trace --help'\n"), stderr); return -1;
	}
}

static int cmd_trace_exit_code(const struct run_record *rec, int ret)
{
	if (ret < 0 || rec->status == RUN_INTERNAL_ERROR)
		return EXIT_ERROR;
	return rec->status == RUN_OK && rec->exit_code == 0 ? EXIT_PASS : EXIT_FAIL;
}

static int cmd_trace_run(struct cmd_trace_opts *o, char **prog_argv)
{
	struct run_program prog = { 0 };
	struct run_spec spec = { 0 };
	struct run_record rec;
	char *path = util_find_program(prog_argv[0]);
	char *saved = prog_argv[0];
	int ret, code;

	if (!path)
		return cli_error(_("cannot run '%s': no such executable"), prog_argv[0]);
	if (o->stdin_path && access(o->stdin_path, R_OK) < 0) {
		free(path);
		return cli_error(_("cannot read '%s' (--stdin): %s"), o->stdin_path,
				 strerror(errno));
	}
	prog_argv[0] = path;
	prog.argv = prog_argv;
	prog.stdin_path = o->stdin_path;
	spec.programs = &prog;
	spec.nprograms = 1;
	spec.dir = o->dir;
	spec.limits = o->limits;
	spec.mode = o->mode;
	spec.quiet = o->quiet;
	spec.inject = o->inject;
	spec.ninject = o->ninject;
	spec.exec_writable = true; /* a tool to look at a program: any exec */
	spec.perturb = o->perturb;
	spec.seed = o->seeded ? o->seed : harness_random_seed();
	if (o->perturb && !o->quiet && !o->json)
		fprintf(stderr,
			_("shmgrade: perturbed schedule, seed %llu (replay: --seed %llu)\n"),
			spec.seed, spec.seed);
	record_init(&rec);
	ret = harness_run(&spec, &rec);
	prog_argv[0] = saved;
	if (o->json)
		record_json_write(&rec, stdout);
	else if (ret == 0)
		timeline_write(&rec, stdout, o->color);
	if (ret < 0 || rec.status == RUN_INTERNAL_ERROR)
		cli_error(_("the sandbox failed: %s"),
			  rec.message ? rec.message : _("unknown error"));
	code = cmd_trace_exit_code(&rec, ret);
	record_release(&rec);
	free(path);
	return code;
}

int cmd_trace(int argc, char **argv)
{
	struct cmd_trace_opts o = { .limits = RUN_LIMITS_DEFAULT, .mode = RUN_MODE_AUTO };
	int c, r;

	o.color = cli_use_color(stdout);
	optind = 1;
	while ((c = getopt_long(argc, argv, "+qh", cmd_trace_options, NULL)) != -1) {
		r = cmd_trace_parse_opt(c, &o);
		if (r)
			return r > 0 ? EXIT_PASS : EXIT_ERROR;
	}
	if (optind >= argc) {
		fputs(_(cmd_trace_usage_text), stderr);
		return EXIT_ERROR;
	}
	return cmd_trace_run(&o, argv + optind);
}
