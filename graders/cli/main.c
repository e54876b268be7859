/*
 * main.c - the shmgrade executable: dispatch to a subcommand.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "graders/cli/cli.h"
#include "graders/report/i18n.h"
#include "util/util.h"

#ifndef SHMGRADE_VERSION
#define SHMGRADE_VERSION "0.1.0"
#endif

struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct subcommand main_commands[] = {
	{ "trace", cmd_trace,
	  N_("run a program in the sandbox and show its System V IPC lifecycle") },
	{ "check", cmd_check, "build and grade one submission against an exercise" },
	{ "grade", cmd_grade,
	  N_("grade a whole class folder: gradebook, summary and HTML reports") },
	{ "merge", cmd_merge, N_("join the outputs of 'grade --shard' runs") },
	{ "validate", cmd_validate,
	  "prove an exercise: reference solutions and mutants get their expected verdicts" },
	{ "gradescope-package", cmd_gradescope_package,
	  N_("write a Gradescope autograder (zip) for an exercise") },
};

static void main_usage(FILE *out)
{
	size_t i;

	fputs(_("usage: shmgrade COMMAND [OPTIONS] [ARGS]\n\ncommands:\n"), out);
	for (i = 0; i < ARRAY_SIZE(main_commands); i++)
		fprintf(out, "  %-18s %s\n", main_commands[i].name, _(main_commands[i].summary));
	fputs(_("\noptions:\n  -h, --help  this text\n  --version   print the version and exit\n"),
	      out);
	fputs(_("\n'shmgrade COMMAND --help' describes one command; 'man shmgrade' all of them.\n"),
	      out);
}

int main(int argc, char **argv)
{
	size_t i;

	setlocale(LC_ALL, "");
	/* The language of the environment; check and validate set it again
	 * after reading --lang. */
	i18n_setup(NULL, NULL);
	if (argc < 2) {
		main_usage(stderr);
		return EXIT_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		main_usage(stdout);
		return EXIT_PASS;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("shmgrade %s\n", SHMGRADE_VERSION);
		return EXIT_PASS;
	}
	for (i = 0; i < ARRAY_SIZE(main_commands); i++)
		if (!strcmp(argv[1], main_commands[i].name))
			return main_commands[i].fn(argc - 1, argv + 1);
	cli_error(_("'%s' is not a command; 'shmgrade --help' lists them"), argv[1]);
	return EXIT_ERROR;
}
