/*
 * cmd_gradescope.c - `shmgrade gradescope-package EXERCISE.yaml [OPTIONS]`:
 * a complete Gradescope autograder as a zip (Gradescope's documented
 * interface: setup.sh runs once when the image is built, run_autograder for
 * every submission, results in /autograder/results/results.json):
 *
 *   setup.sh          installs shmgrade: the .deb of the zip, or builds
 *                     shmgrade-src/ (doc/ci.md shows both scripts)
 *   run_autograder    finds the sources wherever the upload put them, runs
 *                     `shmgrade check --format gradescope`, writes
 *                     results.json (none when shmgrade could not grade)
 *   exercise.yaml     the exercise, checked before it is packed
 *   shmgrade-options  check's options (--lang), one line
 *   shmgrade_*.deb or shmgrade-src/   what setup.sh installs
 */

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graders/cli/cli.h"
#include "graders/load/diag.h"
#include "graders/load/exercise.h"
#include "graders/report/i18n.h"
#include "graders/util/zip.h"
#include "util/xalloc.h"

static const char cmd_gradescope_setup[] =
	"#!/bin/bash\n"
	"# setup.sh - Gradescope runs this once, as root, while it builds the\n"
	"# autograder's image (Ubuntu). It installs shmgrade from the Debian package\n"
	"# in this zip when there is one, else builds it from shmgrade-src/.\n"
	"set -euo pipefail\n"
	"cd \"$(dirname \"$0\")\"\n"
	"export DEBIAN_FRONTEND=noninteractive\n"
	"debs=(shmgrade_*.deb)\n"
	"if [ -f \"${debs[0]}\" ]; then\n"
	"\tapt-get update -qq\n"
	"\tapt-get install -y -qq \"./${debs[0]}\"\n"
	"else\n"
	"\tif ! command -v gcc make pkg-config msgfmt >/dev/null ||\n"
	"\t\t! pkg-config --exists yaml-0.1 libseccomp jansson; then\n"
	"\t\tapt-get update -qq\n"
	"\t\tapt-get install -y -qq --no-install-recommends gcc make pkg-config libc6-dev \\\n"
	"\t\t\tlibyaml-dev libseccomp-dev libjansson-dev gettext\n"
	"\tfi\n"
	"\tprefix=${SHMGRADE_PREFIX:-/usr/local}\n"
	"\tmake -C shmgrade-src PREFIX=\"$prefix\"\n"
	"\tmake -C shmgrade-src install PREFIX=\"$prefix\"\n"
	"fi\n"
	"\"${SHMGRADE_PREFIX:-/usr/local}/bin/shmgrade\" --version 2>/dev/null || shmgrade --version\n";

static const char cmd_gradescope_run[] =
	"#!/bin/bash\n"
	"# run_autograder - Gradescope runs this for every submission, as root, in\n"
	"# the autograder's container. The upload is in /autograder/submission;\n"
	"# Gradescope reads /autograder/results/results.json.\n"
	"# shmgrade runs as root here and never runs the student's program as root\n"
	"# (it gets an unprivileged user of its own); Docker refuses namespaces, so\n"
	"# shmgrade chooses its fallback mode by itself.\n"
	"set -uo pipefail\n"
	"root=${AUTOGRADER_ROOT:-/autograder}\n"
	"shmgrade=${SHMGRADE:-shmgrade}\n"
	"src=$root/source\n"
	"mkdir -p \"$root/results\"\n"
	"\n"
	"# A zip often holds a folder, or several levels of them: grade the\n"
	"# shallowest folder with a C source or a Makefile (not macOS's __MACOSX,\n"
	"# not hidden folders); the whole upload when there is none.\n"
	"sub=$root/submission\n"
	"found=$(find \"$sub\" -mindepth 1 \\( -name __MACOSX -o -name '.*' \\) -prune -o -type f \\\n"
	"\t\\( -name '*.c' -o -name Makefile -o -name makefile \\) -printf '%d %h\\n' 2>/dev/null |\n"
	"\tsort -n | head -n 1 | cut -d' ' -f2-)\n"
	"[ -n \"$found\" ] && sub=$found\n"
	"\n"
	"opts=()\n"
	"[ -f \"$src/shmgrade-options\" ] && read -r -a opts <\"$src/shmgrade-options\"\n"
	"out=$(mktemp -d)\n"
	"\"$shmgrade\" check \"$src/exercise.yaml\" \"$sub\" --format gradescope -o \"$out\" \"${opts[@]}\"\n"
	"rc=$?\n"
	"# 0 and 1 are grades; 2 means shmgrade could not grade: no results.json,\n"
	"# so Gradescope says the autograder failed instead of giving a 0.\n"
	"if [ \"$rc\" -le 1 ] && [ -s \"$out/gradescope.json\" ]; then\n"
	"\tcp \"$out/gradescope.json\" \"$root/results/results.json\"\n"
	"\trm -rf \"$out\"\n"
	"\texit 0\n"
	"fi\n"
	"echo \"run_autograder: shmgrade could not grade this submission (exit $rc)\" >&2\n"
	"rm -rf \"$out\"\n"
	"exit 2\n";

static const char cmd_gradescope_usage_text[] =
	N_("usage: shmgrade gradescope-package EXERCISE.yaml [OPTIONS]\n"
	   "\n"
	   "Write a Gradescope autograder for EXERCISE.yaml as a zip: setup.sh (installs\n"
	   "shmgrade), run_autograder (grades each submission, wherever in the upload\n"
	   "its sources are, and writes results.json), the exercise and shmgrade itself,\n"
	   "as a Debian package or as its source tree.\n"
	   "\n"
	   "options:\n"
	   "  -o, --output ZIP   the zip to write (default: EXERCISE-ID-gradescope.zip)\n"
	   "  --deb FILE         put this shmgrade .deb in the zip (setup.sh installs it)\n"
	   "  --source DIR       put this shmgrade source tree in the zip (setup.sh builds\n"
	   "                     it); the default when shmgrade runs from its build tree\n"
	   "  --lang es|en       language of the students' reports\n"
	   "  -h, --help         this text\n"
	   "\n"
	   "exit status: 0 the zip was written, 2 it was not (bad options, malformed\n"
	   "exercise, unreadable files).\n");

enum { OPT_DEB = 256, OPT_SOURCE, OPT_LANG };

static const struct option cmd_gradescope_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "deb", required_argument, NULL, OPT_DEB },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct cmd_gradescope_cli {
	const char *output, *deb, *source, *lang;
};

/* nftw has no user pointer: the walk's state. */
static struct zip *cmd_gradescope_zip;
static size_t cmd_gradescope_rootlen;

/* Every file of the source tree under shmgrade-src/, without what a build
 * or git left there. */
static int cmd_gradescope_walk(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	static const char *const skip[] = { "build", ".git", "shmgrade", "tests/fuzz/run", NULL };
	const char *rel = path + cmd_gradescope_rootlen + (path[cmd_gradescope_rootlen] == '/');
	char *name;
	size_t i;

	(void)st;
	(void)ftw;
	for (i = 0; skip[i]; i++)
		if (!strcmp(rel, skip[i]))
			return type == FTW_D ? FTW_SKIP_SUBTREE : FTW_CONTINUE;
	if (!strncmp(rel, "debian/", 7) &&
	    (strstr(rel, "/.debhelper") || !strncmp(rel, "debian/shmgrade/", 16)))
		return type == FTW_D ? FTW_SKIP_SUBTREE : FTW_CONTINUE;
	if (type != FTW_F)
		return FTW_CONTINUE;
	name = xasprintf("shmgrade-src/%s", rel);
	i = (size_t)zip_add_file(cmd_gradescope_zip, name, path);
	free(name);
	return i ? FTW_STOP : FTW_CONTINUE;
}

/* The source tree shmgrade runs from: the folder of /proc/self/exe when it
 * holds the Makefile and graders/cli/main.c. malloc'ed, or NULL. */
static char *cmd_gradescope_own_tree(void)
{
	char exe[PATH_MAX], *slash, *mk;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	bool ok;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	mk = xasprintf("%s/graders/cli/main.c", exe);
	ok = access(mk, R_OK) == 0;
	free(mk);
	return ok ? xstrdup(exe) : NULL;
}

static int cmd_gradescope_parse(int argc, char **argv, struct cmd_gradescope_cli *o)
{
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", cmd_gradescope_options, NULL)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case OPT_DEB: o->deb = optarg; break;
		case OPT_SOURCE: o->source = optarg; break;
		case OPT_LANG: o->lang = optarg; break;
		case 'h': fputs(_(cmd_gradescope_usage_text), stdout); return 1;
		default: fputs(_("try 'shmgrade gradescope-package --help'\n"), stderr); return -1;
		}
	}
	return 0;
}

/* Load the exercise to refuse a broken one now, not on Gradescope. */
static int cmd_gradescope_check_exercise(const char *yaml, char **id)
{
	struct exercise ex;
	struct diag_list diags;
	int ret;

	diag_init(&diags, yaml);
	ret = exercise_load(&ex, yaml, &diags);
	diag_print(&diags, stderr);
	diag_release(&diags);
	if (ret < 0)
		return -1;
	*id = xstrdup(ex.id);
	for (size_t i = 0; i < ex.nruns; i++)
		if (ex.runs[i].needs & EXERCISE_NEEDS_FRESH_NAMESPACE)
			fprintf(stderr,
				_("shmgrade: warning: run '%s' needs a fresh IPC namespace, which "
				  "Gradescope's Docker containers refuse: its checks will be errors "
				  "there\n"),
				ex.runs[i].id);
	exercise_release(&ex);
	return 0;
}

static int cmd_gradescope_write(const struct cmd_gradescope_cli *o, const char *yaml,
				const char *zippath, const char *source)
{
	struct zip z;
	char *opts, *debname;

	if (zip_open(&z, zippath) < 0)
		return cli_error(_("cannot write '%s': %s"), zippath, strerror(errno));
	zip_add(&z, "setup.sh", cmd_gradescope_setup, sizeof(cmd_gradescope_setup) - 1, 0755);
	zip_add(&z, "run_autograder", cmd_gradescope_run, sizeof(cmd_gradescope_run) - 1, 0755);
	zip_add_file(&z, "exercise.yaml", yaml);
	opts = xasprintf("%s%s\n", o->lang ? "--lang " : "", o->lang ? o->lang : "");
	zip_add(&z, "shmgrade-options", opts, strlen(opts), 0644);
	free(opts);
	if (o->deb) {
		const char *base = strrchr(o->deb, '/');

		/* setup.sh looks for shmgrade_*.deb. */
		base = base ? base + 1 : o->deb;
		debname = strncmp(base, "shmgrade_", 9) ? xasprintf("shmgrade_%s", base)
							: xstrdup(base);
		zip_add_file(&z, debname, o->deb);
		free(debname);
	} else {
		cmd_gradescope_zip = &z;
		cmd_gradescope_rootlen = strlen(source);
		while (cmd_gradescope_rootlen > 1 && source[cmd_gradescope_rootlen - 1] == '/')
			cmd_gradescope_rootlen--;
		if (nftw(source, cmd_gradescope_walk, 16, FTW_PHYS | FTW_ACTIONRETVAL) < 0 &&
		    !z.err)
			z.err = errno;
	}
	if (zip_close(&z) < 0)
		return cli_error(_("cannot write '%s': %s"), zippath, strerror(errno));
	return EXIT_PASS;
}

int cmd_gradescope_package(int argc, char **argv)
{
	struct cmd_gradescope_cli o = { NULL, NULL, NULL, NULL };
	char *id = NULL, *zippath, *source = NULL;
	int ret = cmd_gradescope_parse(argc, argv, &o);

	if (ret)
		return ret > 0 ? EXIT_PASS : EXIT_ERROR;
	if (optind != argc - 1) {
		fputs(_(cmd_gradescope_usage_text), stderr);
		return EXIT_ERROR;
	}
	if (o.lang && strcmp(o.lang, "es") && strcmp(o.lang, "en"))
		return cli_error(_("--lang wants es or en, not '%s'"), o.lang);
	if (o.deb && access(o.deb, R_OK) < 0)
		return cli_error(_("cannot read '%s': %s"), o.deb, strerror(errno));
	if (!o.deb) {
		source = o.source ? xstrdup(o.source) : cmd_gradescope_own_tree();
		if (!source)
			return cli_error(
				_("give --deb FILE or --source DIR: shmgrade is not running "
				  "from its source tree"));
	}
	if (cmd_gradescope_check_exercise(argv[optind], &id) < 0) {
		free(source);
		return EXIT_ERROR;
	}
	zippath = o.output ? xstrdup(o.output) : xasprintf("%s-gradescope.zip", id);
	ret = cmd_gradescope_write(&o, argv[optind], zippath, source);
	if (ret == EXIT_PASS)
		fprintf(stderr, _("shmgrade: wrote %s\n"), zippath);
	free(zippath);
	free(source);
	free(id);
	return ret;
}
