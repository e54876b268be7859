/*
 * build.c - copy a submission into a fresh directory and compile it inside
 * the sandbox (see build.h for the kinds of submission and the outcomes).
 */
#include "graders/engine/build.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graders/engine/build_guard.h"
#include "graders/engine/build_headers.h"
#include "graders/engine/build_replay.h"
#include "graders/report/i18n.h"
#include "graders/engine/workdir.h"
#include "util/xalloc.h"
#include "util/util.h"

/* A folder handed in is copied only up to this size: a student's build
 * directory full of core files must not fill the disk. */
#define BUILD_MAX_FILES 1000
#define BUILD_MAX_BYTES (64ULL << 20)

void build_init(struct build *b)
{
	memset(b, 0, sizeof(*b));
}

void build_release(struct build *b)
{
	size_t i;

	free(b->res.output);
	for (i = 0; i < b->nbins; i++)
		free(b->bins[i]);
	free(b->bins);
	free(b->error);
	build_init(b);
}

unsigned build_count_lines(const char *text, const char *what)
{
	unsigned n = 0;
	const char *p = text;

	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		if (memmem(p, len, what, strlen(what)))
			n++;
		p = eol ? eol + 1 : NULL;
	}
	return n;
}

/* Append a printf-formatted text to b->res.output. */
static void build_say(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void build_say(struct build *b, const char *fmt, ...)
{
	char *msg, *all;
	va_list ap;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	all = xasprintf("%s%s", b->res.output ? b->res.output : "", msg);
	free(msg);
	free(b->res.output);
	b->res.output = all;
}

/* The student's failure: nothing more is built. Returns 0 (build_run's
 * "the result says what happened"). */
static int build_refuse(struct build *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int build_refuse(struct build *b, const char *fmt, ...)
{
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* Shaped like gcc's messages ("error: ..."), so that the compiles
	 * rule quotes this line as the evidence. */
	build_say(b, "error: %s\n", msg);
	free(msg);
	b->res.ok = false;
	b->res.attempted = true; /* "compiles" must fail, not pass as a binary */
	return 0;
}

/* The grader's failure. Returns -1. */
static int build_fail(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int build_fail(struct build *b, const char *fmt, ...)
{
	va_list ap;

	free(b->error);
	va_start(ap, fmt);
	b->error = xvasprintf(fmt, ap);
	va_end(ap);
	b->res.ok = false;
	return -1;
}

static bool build_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static bool build_is_file(const char *dir, const char *name, bool exec)
{
	char *p = xasprintf("%s/%s", dir, name);
	struct stat st;
	bool ok = stat(p, &st) == 0 && S_ISREG(st.st_mode) && (!exec || (st.st_mode & 0111));

	free(p);
	return ok;
}

/* The *.c names directly in dir, sorted; *n gets how many. */
static char **build_list_sources(const char *dir, size_t *n)
{
	struct dirent **names;
	char **v;
	int i, k = 0, count = scandir(dir, &names, NULL, alphasort);

	*n = 0;
	if (count < 0)
		return NULL;
	v = xcalloc((size_t)count + 1, sizeof(*v));
	for (i = 0; i < count; i++) {
		if (build_has_suffix(names[i]->d_name, ".c") && names[i]->d_name[0] != '.' &&
		    build_is_file(dir, names[i]->d_name, false))
			v[k++] = xstrdup(names[i]->d_name);
		free(names[i]);
	}
	free(names);
	*n = (size_t)k;
	return v;
}

/*
 * Run argv (argv[0] a host path) in dir inside the sandbox; its stdout and
 * stderr go to b->res.output. *ok: it ended by itself with status 0. Returns -1
 * when the sandbox broke.
 */
static int build_sandboxed(const struct exercise *ex, char **argv, char *const *envp,
			   const struct build_tools *tools, const char *dir,
			   const struct build_options *o, struct build *b, bool *ok)
{
	struct run_program prog = { .argv = argv, .envp = envp };
	struct run_spec spec = { .programs = &prog, .nprograms = 1, .dir = dir };
	const char *ro[2];
	char *hide[2];
	struct run_record rec;
	size_t i;
	int ret;

	/* What the build sees of the host besides the system folders and dir:
	 * the compiler wrappers and the exercise's data, read-only. */
	spec.ro_dirs = ro;
	if (tools) {
		ro[spec.nro_dirs++] = tools->dir;
		spec.binds = tools->binds;
		spec.nbinds = tools->nbinds;
	}
	if (ex->data_dir)
		ro[spec.nro_dirs++] = ex->data_dir;
	spec.nhide_dirs = exercise_private_dirs(ex, hide);
	spec.hide_dirs = (const char *const *)hide;

	/* spec is zeroed: every limit not set here keeps the harness default */
	spec.limits.output_kib = 1024;
	spec.limits.timeout_s = ex->build.timeout_s > 0 ? ex->build.timeout_s : 60;
	spec.limits.memory_mib = o->memory_mib;
	spec.limits.processes = o->processes;
	spec.mode = o->mode;
	spec.quiet = o->quiet;
	spec.exec_writable = true; /* a Makefile may run what it compiled */
	record_init(&rec);
	ret = harness_run(&spec, &rec);
	for (i = 0; i < spec.nhide_dirs; i++)
		free(hide[i]);
	b->wall_ms += rec.wall_ms;
	if (ret < 0 || rec.status == RUN_INTERNAL_ERROR) {
		build_fail(b, _("the sandbox failed while building: %s"),
			   rec.message ? rec.message : "unknown error");
		record_release(&rec);
		return -1;
	}
	if (rec.noutputs > 0) {
		build_say(b, "%s", rec.outputs[0].out ? rec.outputs[0].out : "");
		build_say(b, "%s", rec.outputs[0].err ? rec.outputs[0].err : "");
	}
	*ok = rec.status == RUN_OK && rec.exit_code == 0;
	if (rec.status == RUN_TIMEOUT) {
		build_say(b, "error: ");
		build_say(b, _("the build took longer than %g s and was stopped\n"),
			  spec.limits.timeout_s);
	} else if (rec.status != RUN_OK && rec.status != RUN_RUNTIME_ERROR) {
		build_say(b, "error: %s: %s\n", _("the build was stopped"),
			  run_status_name(rec.status));
	}
	record_release(&rec);
	return 0;
}

/* Source names as compiler arguments: a file a student called "-o.c",
 * "-wrapper.c" or "@opts.c" (a response file) must not become an option
 * of gcc. */
static char **build_safe_names(char **names, size_t n)
{
	char **v = xcalloc(n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = names[i][0] == '-' || names[i][0] == '@' ? xasprintf("./%s", names[i])
								: xstrdup(names[i]);
	return v;
}

/* A source includes a file from outside the folder (build_headers.h): the
 * build fails. */
static void build_refuse_header(struct build *b, const char *bad)
{
	build_refuse(b,
		     _("your sources include '%s', which is neither in your folder nor one of "
		       "the system's headers: shmgrade compiles only what you hand in"),
		     bad);
}

/* s + ' ' + word, the word between single quotes for the shell. */
static char *build_sh_word(char *s, const char *word)
{
	size_t n = strlen(s), i;
	char *out = xmalloc(n + 4 * strlen(word) + 4), *q = out + n;

	memcpy(out, s, n);
	*q++ = ' ';
	*q++ = '\'';
	for (i = 0; word[i]; i++) {
		if (word[i] == '\'') {
			memcpy(q, "'\\''", 4);
			q += 4;
		} else {
			*q++ = word[i];
		}
	}
	*q++ = '\'';
	*q = '\0';
	free(s);
	return out;
}

/* The script of a compile without a Makefile: argv with -H, then the same
 * sources preprocessed for pragmas that silence warnings (BUILD_PRAGMA_SH;
 * without "-o NAME", which -E would overwrite). */
static char *build_compile_script(char **argv)
{
	char *s = build_sh_word(xstrdup(""), argv[0]), *t;
	size_t i;

	s = build_sh_word(s, "-H");
	for (i = 1; argv[i]; i++)
		s = build_sh_word(s, argv[i]);
	t = xasprintf("%s || exit 1\n" BUILD_PRAGMA_SH "shmgrade_pragmas", s);
	free(s);
	s = t;
	for (i = 0; argv[i]; i++) {
		if (!strcmp(argv[i], "-o") && argv[i + 1]) {
			i++;
			continue;
		}
		s = build_sh_word(s, argv[i]);
	}
	return s;
}

/* Run the compiler argv (argv[0] a host path) in dir with -H, and check
 * the headers it opened; its messages, without the -H lines, go to b. */
static int build_compile_run(const struct exercise *ex, char **argv, const char *dir,
			     const struct build_options *o, struct build *b, bool *ok)
{
	char *sh = util_find_program("sh"), *script = build_compile_script(argv), *bad = NULL;
	char *v[] = { sh, "-c", script, NULL };
	struct build a;
	int ret;

	build_init(&a);
	ret = sh ? build_sandboxed(ex, v, NULL, NULL, dir, o, &a, ok)
		 : build_fail(&a, _("cannot find 'sh' on this machine"));
	b->wall_ms += a.wall_ms;
	if (ret < 0)
		ret = build_fail(b, "%s", a.error ? a.error : "compile failed");
	else
		bad = build_headers_take(a.res.output, dir, ex->data_dir);
	if (ret == 0)
		build_say(b, "%s", a.res.output ? a.res.output : "");
	if (bad) {
		build_refuse_header(b, bad);
		*ok = false;
	}
	free(bad);
	free(script);
	free(sh);
	build_release(&a);
	return ret;
}

/* Compile program p of ex from the sources (names in dir). */
static int build_compile(const struct exercise *ex, size_t p, char **sources, size_t n,
			 const char *dir, const struct build_options *o, struct build *b)
{
	const char *name = ex->progs[p].name;
	char **safe = build_safe_names(sources, n);
	char **argv = exercise_build_argv(ex, safe, n, name);
	char *path = util_find_program(argv[0]);
	bool ok = false;
	int ret;

	strv_free(safe, n);

	if (!path) {
		ret = build_fail(b, _("cannot find the compiler '%s' on this machine (install it)"),
				 argv[0]);
		exercise_argv_free(argv);
		return ret;
	}
	free(argv[0]);
	argv[0] = path;
	b->res.attempted = true;
	ret = build_compile_run(ex, argv, dir, o, b, &ok);
	exercise_argv_free(argv);
	if (ret == 0 && ok && build_is_file(dir, name, true))
		b->bins[p] = xasprintf("%s/%s", dir, name);
	else if (ret == 0)
		b->res.ok = false;
	return ret;
}

/* The sources of program p in a folder without a Makefile; NULL (with the
 * student's failure recorded) when they are missing. */
static char **build_prog_sources(const struct exercise *ex, size_t p, const char *dir, size_t *n,
				 struct build *b)
{
	const struct exercise_prog *pr = &ex->progs[p];
	char **v;
	size_t i;

	if (pr->nsources == 0 && ex->nprogs == 1) {
		v = build_list_sources(dir, n);
		if (v && *n > 0)
			return v;
		strv_free(v, *n);
		build_refuse(b, _("no .c file was handed in"));
		return NULL;
	}
	*n = pr->nsources ? pr->nsources : 1;
	v = xcalloc(*n + 1, sizeof(*v));
	for (i = 0; i < *n; i++)
		v[i] = pr->nsources ? xstrdup(pr->sources[i]) : xasprintf("%s.c", pr->name);
	for (i = 0; i < *n; i++) {
		if (!build_is_file(dir, v[i], false)) {
			build_refuse(b, _("missing source file '%s' (program '%s')"), v[i],
				     pr->name);
			strv_free(v, *n);
			return NULL;
		}
	}
	return v;
}

static int build_sources(const struct exercise *ex, const char *dir, const struct build_options *o,
			 struct build *b)
{
	size_t p, n;
	char **src;

	for (p = 0; p < ex->nprogs; p++) {
		src = build_prog_sources(ex, p, dir, &n, b);
		if (!src)
			return 0;
		if (build_compile(ex, p, src, n, dir, o, b) < 0) {
			strv_free(src, n);
			return -1;
		}
		strv_free(src, n);
	}
	return 0;
}

static bool build_has_makefile(const char *dir)
{
	return build_is_file(dir, "Makefile", false) || build_is_file(dir, "makefile", false) ||
	       build_is_file(dir, "GNUmakefile", false);
}

/* Executable regular files directly in dir, as a NULL-terminated list. */
static char **build_list_executables(const char *dir, size_t *n)
{
	struct dirent **names;
	char **v;
	int i, k = 0, count = scandir(dir, &names, NULL, alphasort);

	*n = 0;
	if (count < 0)
		return xcalloc(1, sizeof(char *));
	v = xcalloc((size_t)count + 1, sizeof(*v));
	for (i = 0; i < count; i++) {
		if (names[i]->d_name[0] != '.' && build_is_file(dir, names[i]->d_name, true))
			v[k++] = xstrdup(names[i]->d_name);
		free(names[i]);
	}
	free(names);
	*n = (size_t)k;
	return v;
}

/* Program p of a Makefile build, at path: one the build wrote (not a file
 * handed in), and a compiled program (not a script), unless the exercise
 * takes binaries. */
static void build_take_made(const struct exercise *ex, size_t p, const char *dir, const char *name,
			    const struct build_snap *before, struct build *b)
{
	char *path = xasprintf("%s/%s", dir, name);

	if (!ex->build.binary && !build_snap_fresh(before, dir, name))
		build_refuse(b, _("'%s' was not made by the build: it was handed in ready"), name);
	else if (!ex->build.binary && !build_guard_is_program(path))
		build_refuse(b,
			     _("'%s' is not a compiled program: the build must make an executable"),
			     name);
	else
		b->bins[p] = xstrdup(path);
	free(path);
}

/* After make: program p is the executable named as it, or, for a single
 * program, the one executable the build wrote. */
static void build_pick_made(const struct exercise *ex, const char *dir,
			    const struct build_snap *before, struct build *b)
{
	size_t p, i, n, fresh = 0;
	char **after = build_list_executables(dir, &n);
	const char *pick = NULL;

	for (i = 0; i < n; i++)
		if (build_snap_fresh(before, dir, after[i])) {
			fresh++;
			pick = after[i];
		}
	for (p = 0; p < ex->nprogs; p++) {
		if (build_is_file(dir, ex->progs[p].name, true))
			build_take_made(ex, p, dir, ex->progs[p].name, before, b);
		else if (ex->nprogs == 1 && fresh == 1)
			build_take_made(ex, p, dir, pick, before, b);
		else
			build_refuse(b, _("your Makefile did not make the program '%s'"),
				     ex->progs[p].name);
	}
	strv_free(after, n);
}

/*
 * The folder beside dir where shmgrade rebuilds a Makefile's programs: a
 * copy of the submission where no Makefile ran. Made after make ended, under
 * a name make could not guess: in fallback mode the build sees the work
 * folder and could have filled a folder made before, or taken its name.
 */
static char *build_fresh_copy(const char *sub, const char *dir)
{
	char *fresh = xasprintf("%s.rebuilt.XXXXXX", dir);

	if (!mkdtemp(fresh)) {
		free(fresh);
		return NULL;
	}
	if (workdir_own(fresh) < 0 ||
	    workdir_copy_tree(sub, fresh, BUILD_MAX_FILES, BUILD_MAX_BYTES) < 0) {
		free(fresh);
		return NULL;
	}
	return fresh;
}

/* A regular file the build wrote, opened without following a link or
 * waiting on a FIFO; NULL otherwise. */
static FILE *build_open_made(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	FILE *f;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !(f = fdopen(fd, "rb"))) {
		close(fd);
		return NULL;
	}
	return f;
}

/* Whether files a and b hold the same bytes. */
static bool build_same_file(const char *a, const char *b)
{
	FILE *fa = build_open_made(a), *fb = build_open_made(b);
	bool same = fa && fb;
	int x, y;

	while (same) {
		x = getc(fa);
		y = getc(fb);
		same = x == y;
		if (x == EOF)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

/* The link of the rebuild that made program made (a path in dir): its own
 * name, or one whose output make copied to that name ("cp bin/prog .").
 * Only a name is taken from make's files; the program graded is always the
 * rebuild's. */
static const char *build_rebuilt_name(const struct build_replay *r, const char *dir,
				      const char *made)
{
	const char *name = strrchr(made, '/') + 1;
	size_t i;

	if (build_replay_links(r, name))
		return name;
	for (i = 0; i < r->nprograms; i++) {
		char *other = xasprintf("%s/%s", dir, r->programs[i]);
		bool same = build_same_file(made, other);

		free(other);
		if (same)
			return r->programs[i];
	}
	return NULL;
}

/* Program p comes out of the rebuild under the name make gave it. */
static void build_take_rebuilt(size_t p, const char *dir, const char *fresh,
			       const struct build_replay *r, struct build *b)
{
	const char *name = strrchr(b->bins[p], '/') + 1;
	const char *link = build_rebuilt_name(r, dir, b->bins[p]);
	char *path = xasprintf("%s/%s", fresh, link ? link : name);

	if (link && build_guard_is_program(path)) {
		free(b->bins[p]);
		b->bins[p] = path;
		return;
	}
	build_refuse(b,
		     _("'%s' was not linked by a compiler command of your build: shmgrade grades "
		       "only a program the compiler made from the .c files you handed in"),
		     name);
	free(b->bins[p]);
	b->bins[p] = NULL;
	free(path);
}

/*
 * After make: shmgrade repeats the compile and link commands the wrappers
 * saw, with the exercise's compiler and flags, in fresh (a copy of the
 * submission), and grades what they make (build_replay.h). Their messages
 * count the warnings, even when the Makefile hid its own.
 */
static int build_rebuild(const struct exercise *ex, const char *sub, const char *dir,
			 const struct build_options *o, struct build *b)
{
	char *fresh = build_fresh_copy(sub, dir), *bad = NULL;
	char *cc = util_find_program(ex->build.compiler ? ex->build.compiler : "gcc");
	char *sh = util_find_program("sh");
	char *argv[] = { sh, "-c", NULL, NULL };
	unsigned shown = build_count_lines(b->res.output, "warning:");
	struct build_replay r;
	struct build a;
	bool ok = false;
	size_t p;
	int ret = 0;

	build_replay_init(&r);
	build_init(&a);
	if (!fresh)
		ret = build_fail(b, _("cannot copy '%s': %s"), sub, strerror(errno));
	else if (!cc || !sh)
		ret = build_fail(b, _("cannot find the compiler '%s' on this machine (install it)"),
				 cc ? "sh" : "gcc");
	else if (build_replay_plan(ex, cc, dir, fresh, &r) < 0)
		build_refuse(b,
			     _("shmgrade grades what it rebuilds from your sources with the "
			       "compiler commands of your build, and cannot repeat '%s': %s"),
			     r.command ? r.command : "", r.why);
	else if (argv[2] = r.script,
		 build_sandboxed(ex, argv, run_default_env, NULL, fresh, o, &a, &ok) < 0)
		ret = build_fail(b, "%s", a.error ? a.error : "rebuild failed");
	else if ((bad = build_headers_take(a.res.output, fresh, ex->data_dir)))
		build_refuse_header(b, bad);
	else if (!ok)
		build_refuse(b,
			     _("shmgrade repeated the compiler commands of your build in a clean "
			       "copy of your sources, and they failed:\n%s"),
			     a.res.output ? a.res.output : "");
	else {
		b->audit_warnings = build_count_lines(a.res.output, "warning:");
		if (b->audit_warnings > shown)
			build_say(
				b,
				_("shmgrade compiled your sources with the exercise's flags:\n%s"),
				a.res.output);
		for (p = 0; p < ex->nprogs; p++)
			if (b->bins[p])
				build_take_rebuilt(p, dir, fresh, &r, b);
	}
	free(bad);
	build_release(&a);
	build_replay_release(&r);
	free(fresh);
	free(cc);
	free(sh);
	return ret;
}

/* The programs' environment (run_default_env) with the compiler wrappers'
 * folder first on PATH. NULL-terminated; exercise_argv_free() frees it. */
static char **build_env(const char *tools_dir)
{
	size_t i, n = 0;
	char **envp;

	while (run_default_env[n])
		n++;
	envp = xcalloc(n + 1, sizeof(*envp));
	for (i = 0; i < n; i++)
		envp[i] = strncmp(run_default_env[i], "PATH=", 5)
				  ? xstrdup(run_default_env[i])
				  : xasprintf("PATH=%s:%s", tools_dir, run_default_env[i] + 5);
	return envp;
}

/*
 * make, with the compiler wrappers first on PATH (build_guard.h): the
 * Makefile's "cc", "gcc", "$(CC)" get the exercise's flags whatever CFLAGS
 * says.
 */
static int build_make(const struct exercise *ex, const char *sub, const char *dir,
		      const struct build_options *o, struct build *b)
{
	char *make = util_find_program("make");
	char *argv[] = { make, NULL };
	char **envp;
	struct build_snap before;
	struct build_tools tools;
	bool ok = false;
	int ret;

	if (!make)
		return build_fail(b, _("cannot find 'make' on this machine (install it)"));
	if (build_guard_tools(ex, dir, &tools) < 0) {
		ret = build_fail(b, _("cannot make the compiler wrappers: %s"), strerror(errno));
		free(make);
		return ret;
	}
	envp = build_env(tools.dir);
	build_snap_take(&before, dir);
	b->res.attempted = true;
	ret = build_sandboxed(ex, argv, envp, &tools, dir, o, b, &ok);
	if (ret == 0 && !ok)
		build_refuse(b, _("make failed"));
	else if (ret == 0)
		build_pick_made(ex, dir, &before, b);
	if (ret == 0 && ok && !ex->build.binary && b->res.ok)
		ret = build_rebuild(ex, sub, dir, o, b);
	build_snap_release(&before);
	exercise_argv_free(envp);
	build_guard_tools_release(&tools);
	free(make);
	return ret;
}

/* Ready executables (build.binary): named as the programs in dir. */
static int build_binaries(const struct exercise *ex, const char *dir, struct build *b)
{
	size_t p;

	for (p = 0; p < ex->nprogs; p++) {
		if (!build_is_file(dir, ex->progs[p].name, true))
			return build_refuse(
				b, _("missing the program '%s' (no source and no executable)"),
				ex->progs[p].name);
		b->bins[p] = xasprintf("%s/%s", dir, ex->progs[p].name);
	}
	return 0;
}

/* A submission holding a compiled program, object, library or an archive
 * that could hide one (by content) is refused unless the exercise takes
 * binaries: the graded program must be one the build made. */
static bool build_refuse_compiled(const struct exercise *ex, const char *dir, struct build *b)
{
	const char *kind;
	char *bad = ex->build.binary ? NULL : build_guard_scan(dir, &kind);

	if (!bad)
		return false;
	build_refuse(b,
		     _("'%s' is %s: this exercise grades only what it builds from your "
		       "sources (remove it)"),
		     bad, _(kind));
	free(bad);
	return true;
}

static int build_folder(const struct exercise *ex, const char *sub, const char *dir,
			const struct build_options *o, struct build *b)
{
	size_t n;
	char **src;

	if (workdir_copy_tree(sub, dir, BUILD_MAX_FILES, BUILD_MAX_BYTES) < 0) {
		if (errno == E2BIG)
			return build_refuse(
				b,
				_("the folder handed in is too big (more than %d files or %llu MiB)"),
				BUILD_MAX_FILES, BUILD_MAX_BYTES >> 20);
		return build_fail(b, _("cannot copy '%s': %s"), sub, strerror(errno));
	}
	if (build_refuse_compiled(ex, dir, b))
		return 0;
	if (build_has_makefile(dir) && ex->build.makefile_forbidden)
		return build_refuse(b, _("this exercise builds your sources itself: hand them in "
					 "without a Makefile"));
	if (build_has_makefile(dir))
		return build_make(ex, sub, dir, o, b);
	src = build_list_sources(dir, &n);
	strv_free(src, n);
	if (n == 0 && ex->build.binary)
		return build_binaries(ex, dir, b);
	return build_sources(ex, dir, o, b);
}

static int build_file(const struct exercise *ex, const char *sub, const struct stat *st,
		      const char *dir, const struct build_options *o, struct build *b)
{
	const char *base = strrchr(sub, '/') ? strrchr(sub, '/') + 1 : sub;
	bool source = build_has_suffix(base, ".c");
	char *dst = xasprintf("%s/%s", dir, source ? base : ex->progs[0].name);
	char *name = xstrdup(base);
	const char *kind = ex->build.binary ? NULL : build_guard_kind(sub);
	int ret;

	if (source && ex->nprogs > 1)
		ret = build_refuse(
			b, _("this exercise has %zu programs: hand in a folder with their sources"),
			ex->nprogs);
	else if (kind)
		ret = build_refuse(b,
				   _("'%s' is %s: this exercise grades only what it builds from "
				     "your sources"),
				   base, _(kind));
	else if (!source && !((st->st_mode & 0111) && ex->build.binary))
		ret = build_refuse(b, _("'%s' is not a C source file (.c)"), base);
	else if (workdir_copy_file(sub, dst) < 0)
		ret = build_fail(b, _("cannot copy '%s': %s"), sub, strerror(errno));
	else if (!source)
		ret = (b->bins[0] = xstrdup(dst), 0);
	else
		ret = build_compile(ex, 0, &name, 1, dir, o, b);
	free(name);
	free(dst);
	return ret;
}

int build_run(const struct exercise *ex, const char *submission, const char *dir,
	      const struct build_options *o, struct build *b)
{
	struct stat st;
	size_t p;
	int ret;

	b->nbins = ex->nprogs;
	b->bins = xcalloc(ex->nprogs, sizeof(*b->bins));
	b->res.ok = true;
	if (stat(submission, &st) < 0)
		ret = build_fail(b, _("cannot read the submission '%s': %s"), submission,
				 strerror(errno));
	else if (S_ISDIR(st.st_mode))
		ret = build_folder(ex, submission, dir, o, b);
	else if (S_ISREG(st.st_mode))
		ret = build_file(ex, submission, &st, dir, o, b);
	else
		ret = build_fail(b, _("'%s' is neither a file nor a folder"), submission);
	for (p = 0; p < b->nbins; p++)
		if (!b->bins[p])
			b->res.ok = false;
	b->res.warnings = build_count_lines(b->res.output, "warning:");
	if (b->audit_warnings)
		b->res.warnings = b->audit_warnings;
	b->res.errors = build_count_lines(b->res.output, "error:");
	return ret;
}
