/*
 * build_replay.c - plan the rebuild of a Makefile's programs from the
 * sources handed in (build_replay.h).
 *
 * The command list comes from files the sandboxed build could write: read
 * them without following links (shmgrade may be root; a link to a host
 * file must not end up quoted in a report), and trust no argument.
 */
#include "graders/engine/build_replay.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graders/report/i18n.h"
#include "util/xalloc.h"
#include "util/util.h"

/* Bounds on what a build may ask to repeat. The script is one argument of
 * sh -c (at most 128 KiB in Linux). */
#define REPLAY_MAX_COMMANDS 400
#define REPLAY_MAX_FILE (64 << 10)
#define REPLAY_MAX_SCRIPT (120 << 10)

struct build_replay_cmd {
	char *seq;   /* the log file's name, for ordering */
	char **args; /* [0] the working directory, then the arguments */
	size_t nargs;
};

struct build_replay_ctx {
	const struct exercise *ex;
	const char *compiler;
	char *made, *fresh; /* realpaths */
	struct build_replay *r;
	char **objects;
	size_t nobjects, cap_objects, cap_programs;
	char *script;
	size_t len, cap;
};

void build_replay_init(struct build_replay *r)
{
	memset(r, 0, sizeof(*r));
}

void build_replay_release(struct build_replay *r)
{
	size_t i;

	free(r->script);
	for (i = 0; i < r->nprograms; i++)
		free(r->programs[i]);
	free(r->programs);
	free(r->why);
	free(r->command);
	build_replay_init(r);
}

static void build_replay_push(char ***v, size_t *n, size_t *cap, char *s)
{
	if (*n + 1 > *cap) {
		*cap = *cap ? 2 * *cap : 16;
		*v = xrealloc(*v, *cap, sizeof(**v));
	}
	(*v)[(*n)++] = s;
}

static bool build_replay_in(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

bool build_replay_links(const struct build_replay *r, const char *path)
{
	return build_replay_in(r->programs, r->nprograms, path);
}

static bool build_replay_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

static void build_replay_emit(struct build_replay_ctx *c, const char *s)
{
	size_t n = strlen(s);

	if (c->len + n + 1 > c->cap) {
		c->cap = (c->len + n + 1) * 2;
		c->script = xrealloc(c->script, c->cap, 1);
	}
	memcpy(c->script + c->len, s, n + 1);
	c->len += n;
}

/* s between single quotes for the shell, then a space. */
static void build_replay_emit_word(struct build_replay_ctx *c, const char *s)
{
	char one[2] = { 0, 0 };

	build_replay_emit(c, "'");
	for (; *s; s++) {
		one[0] = *s;
		build_replay_emit(c, *s == '\'' ? "'\\''" : one);
	}
	build_replay_emit(c, "' ");
}

/* "./" + a folder-relative path: a name starting with '-' or '@' stays a
 * file for gcc. */
static void build_replay_emit_path(struct build_replay_ctx *c, const char *rel)
{
	char *p = xasprintf("./%s", rel);

	build_replay_emit_word(c, p);
	free(p);
}

static int build_replay_refuse(struct build_replay_ctx *c, const char *fmt, const char *what)
{
	if (!c->r->why)
		c->r->why = xasprintf(fmt, what);
	return -1;
}

/*
 * path as the command saw it (relative to its folder cwd, or absolute) as
 * a path relative to the build folder, without "." or ".." parts; NULL
 * when it lies outside.
 */
static char *build_replay_rel(const struct build_replay_ctx *c, const char *cwd, const char *path)
{
	size_t m = strlen(c->made);
	char *joined, *out, *tok, *save = NULL, *slash;

	if (path[0] == '/') {
		if (strncmp(path, c->made, m) || (path[m] != '/' && path[m] != '\0'))
			return NULL;
		joined = xstrdup(path + m);
	} else {
		joined = xasprintf("%s/%s", cwd, path);
	}
	out = xcalloc(strlen(joined) + 2, 1);
	for (tok = strtok_r(joined, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			if (!*out) {
				free(out);
				free(joined);
				return NULL;
			}
			slash = strrchr(out, '/');
			*(slash ? slash : out) = '\0';
			continue;
		}
		if (*out)
			strcat(out, "/");
		strcat(out, tok);
	}
	free(joined);
	if (!*out)
		strcpy(out, ".");
	return out;
}

/* Whether rel is a regular file of the fresh copy: handed in, not made. */
static bool build_replay_handed_in(const struct build_replay_ctx *c, const char *rel)
{
	char *p = xasprintf("%s/%s", c->fresh, rel);
	struct stat st;
	bool ok = lstat(p, &st) == 0 && S_ISREG(st.st_mode);

	free(p);
	return ok;
}

/* ---- the options shmgrade repeats -------------------------------------- */

/* A command with one of these makes no object or program: not repeated. */
static const char *const build_replay_info[] = {
	"-E",	      "-S",	      "-M",	      "-MM",
	"--version",  "-dumpversion", "-dumpmachine", "-dumpfullversion",
	"-dumpspecs", "--help",	      "-###",	      "-fsyntax-only",
	NULL,
};
/* Options that only silence warnings: dropped, as the wrappers do. */
static const char *const build_replay_quiet[] = {
	"-w", "-Wno-", "-fmax-errors=", "-fdiagnostics-", "-fno-diagnostics", NULL,
};
static const char *const build_replay_plain[] = {
	"-c",	       "-pthread",	   "-ansi", "-pipe", "-static", "-pie", "-no-pie",
	"-static-pie", "-rdynamic",	   "-v",    "-MD",   "-MMD",	"-MP",	"-s",
	"-pedantic",   "-pedantic-errors", NULL,
};
/* Prefixes of options that change code or warnings only. */
static const char *const build_replay_prefixes[] = { "-std=", "-O", "-g", "-W", "-f", "-m", NULL };
/* ... except these: they reach other files or programs. */
static const char *const build_replay_banned[] = {
	"-Wl,",
	"-Wa,",
	"-Wp,",
	"-fplugin",
	"-fprofile",
	"-fauto-profile",
	"-fuse-",
	"-fcompare-debug",
	"-fdump",
	"-fopt-info",
	"-fcallgraph-info",
	"-fsave-optimization-record",
	"-fself-test",
	"-fstack-usage",
	NULL,
};

static bool build_replay_listed(const char *const *list, const char *a, bool prefix)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (prefix ? !strncmp(a, list[i], strlen(list[i])) : !strcmp(a, list[i]))
			return true;
	return false;
}

/* What one command reads and writes, as the planner found it. */
struct build_replay_one {
	const char *cwd;
	bool compile, info;
	char *out;   /* -o, folder-relative */
	char **srcs; /* .c inputs, folder-relative */
	size_t nsrcs, cap_srcs, ninputs;
	char **words; /* the arguments to emit */
	size_t nwords, cap_words;
};

static void build_replay_one_release(struct build_replay_one *o)
{
	size_t i;

	free(o->out);
	for (i = 0; i < o->nsrcs; i++)
		free(o->srcs[i]);
	free(o->srcs);
	for (i = 0; i < o->nwords; i++)
		free(o->words[i]);
	free(o->words);
}

static void build_replay_word(struct build_replay_one *o, char *w)
{
	build_replay_push(&o->words, &o->nwords, &o->cap_words, w);
}

/* A path option's value (folder-relative, "./"-prefixed); -1 outside. */
static int build_replay_path_word(struct build_replay_ctx *c, struct build_replay_one *o,
				  const char *opt, const char *v, bool must_exist)
{
	char *rel = build_replay_rel(c, o->cwd, v);

	if (!rel)
		return build_replay_refuse(c, _("'%s' lies outside your folder"), v);
	if (must_exist && !build_replay_handed_in(c, rel)) {
		free(rel);
		return build_replay_refuse(c, _("'%s' is not a file you handed in"), v);
	}
	build_replay_word(o, xstrdup(opt));
	build_replay_word(o, xasprintf("./%s", rel));
	free(rel);
	return 0;
}

static bool build_replay_lib_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && !strchr("_+.-", *s))
			return false;
	return true;
}

/* An option with a value (separate or joined): opt is "-o", "-I", ... */
static int build_replay_valued(struct build_replay_ctx *c, struct build_replay_one *o,
			       const char *opt, const char *v)
{
	if (!strcmp(opt, "-o") && !strcmp(v, "/dev/null")) {
		o->info = true; /* a probe ($(shell cc -c t.c -o /dev/null)) */
		return 0;
	}
	if (!strcmp(opt, "-o")) {
		free(o->out);
		o->out = build_replay_rel(c, o->cwd, v);
		return o->out ? 0 : build_replay_refuse(c, _("'%s' lies outside your folder"), v);
	}
	if (!strcmp(opt, "-I") || !strcmp(opt, "-iquote")) {
		/* A system folder stays as it is; nothing else of the host is
		 * in view in namespace mode. */
		char *rel = v[0] == '/' ? build_replay_rel(c, o->cwd, v) : NULL;

		if (v[0] == '/' && !rel) {
			build_replay_word(o, xstrdup(opt));
			build_replay_word(o, xstrdup(v));
			return 0;
		}
		free(rel);
		return build_replay_path_word(c, o, opt, v, false);
	}
	if (!strcmp(opt, "-include"))
		return build_replay_path_word(c, o, opt, v, true);
	if (!strcmp(opt, "-MF"))
		return build_replay_path_word(c, o, opt, v, false);
	if (!strcmp(opt, "-l") && !build_replay_lib_name(v))
		return build_replay_refuse(c, _("'-l%s' is not a system library"), v);
	build_replay_word(o, xasprintf("%s%s", opt, v));
	return 0;
}

/* A file name: a .c handed in, or an object an earlier compile made. */
static int build_replay_input(struct build_replay_ctx *c, struct build_replay_one *o, const char *a)
{
	char *rel = build_replay_rel(c, o->cwd, a);

	if (!rel)
		return build_replay_refuse(c, _("'%s' lies outside your folder"), a);
	if (build_replay_suffix(rel, ".c") && build_replay_handed_in(c, rel)) {
		build_replay_push(&o->srcs, &o->nsrcs, &o->cap_srcs, xstrdup(rel));
	} else if (!build_replay_suffix(rel, ".o") ||
		   !build_replay_in(c->objects, c->nobjects, rel)) {
		free(rel);
		return build_replay_refuse(
			c,
			_("'%s' is neither a C source you handed in nor an object "
			  "compiled from one"),
			a);
	}
	build_replay_word(o, xasprintf("./%s", rel));
	o->ninputs++;
	free(rel);
	return 0;
}

static const char *const build_replay_valued_opts[] = {
	"-o", "-I", "-D", "-U", "-l", "-include", "-iquote", "-MF", "-MT", "-MQ", NULL,
};

/* One argument at args[*i] (the value of an option too). */
static int build_replay_arg(struct build_replay_ctx *c, struct build_replay_one *o, char **args,
			    size_t n, size_t *i)
{
	const char *a = args[*i];

	if (a[0] != '-' || !a[1])
		return a[0] == '-' ? build_replay_refuse(c, _("the option '%s' is not allowed"), a)
				   : build_replay_input(c, o, a);
	if (build_replay_listed(build_replay_info, a, false) || !strncmp(a, "-print-", 7)) {
		o->info = true;
		return 0;
	}
	if (build_replay_listed(build_replay_valued_opts, a, false)) {
		if (++*i >= n)
			return build_replay_refuse(c, _("the option '%s' has no value"), a);
		return build_replay_valued(c, o, a, args[*i]);
	}
	if (strchr("oIDUl", a[1]) && a[2]) {
		char opt[3] = { '-', a[1], 0 };

		return build_replay_valued(c, o, opt, a + 2);
	}
	if (build_replay_listed(build_replay_quiet, a, true))
		return 0;
	if (build_replay_listed(build_replay_banned, a, true))
		return build_replay_refuse(c, _("the option '%s' is not allowed"), a);
	if (build_replay_listed(build_replay_plain, a, false) ||
	    build_replay_listed(build_replay_prefixes, a, true)) {
		if (!strcmp(a, "-c"))
			o->compile = true;
		build_replay_word(o, xstrdup(a));
		return 0;
	}
	return build_replay_refuse(c, _("the option '%s' is not allowed"), a);
}

/* The object a compile without -o writes for source rel: NAME.o in the
 * command's folder. */
static char *build_replay_default_object(const struct build_replay_ctx *c, const char *cwd,
					 const char *rel)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	char *name = xasprintf("%.*s.o", (int)(strlen(base) - 2), base);
	char *out = build_replay_rel(c, cwd, name);

	free(name);
	return out;
}

/* "mkdir -p" the folder of output rel when it is not the top one. */
static void build_replay_emit_mkdir(struct build_replay_ctx *c, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	char *dir;

	if (!slash)
		return;
	dir = xasprintf("%.*s", (int)(slash - rel), rel);
	build_replay_emit(c, "mkdir -p ");
	build_replay_emit_path(c, dir);
	build_replay_emit(c, "|| exit 1\n");
	free(dir);
}

static bool build_replay_not_program(const char *rel)
{
	return build_replay_suffix(rel, ".c") || build_replay_suffix(rel, ".h") ||
	       build_replay_suffix(rel, ".o") || build_replay_suffix(rel, ".a") ||
	       build_replay_suffix(rel, ".so");
}

/* The outputs of o; -1 when one is not allowed. */
static int build_replay_outputs(struct build_replay_ctx *c, struct build_replay_one *o)
{
	size_t i;

	if (o->compile && o->out && !build_replay_suffix(o->out, ".o"))
		return build_replay_refuse(c, _("a compile must write an object (.o), not '%s'"),
					   o->out);
	if (o->compile && o->out) {
		build_replay_emit_mkdir(c, o->out);
		build_replay_push(&c->objects, &c->nobjects, &c->cap_objects, xstrdup(o->out));
	} else if (o->compile) {
		for (i = 0; i < o->nsrcs; i++)
			build_replay_push(&c->objects, &c->nobjects, &c->cap_objects,
					  build_replay_default_object(c, o->cwd, o->srcs[i]));
	} else {
		char *out = o->out ? xstrdup(o->out) : build_replay_rel(c, o->cwd, "a.out");

		if (build_replay_not_program(out)) {
			build_replay_refuse(c, _("a link must write a program, not '%s'"), out);
			free(out);
			return -1;
		}
		build_replay_emit_mkdir(c, out);
		build_replay_push(&c->r->programs, &c->r->nprograms, &c->cap_programs, out);
	}
	return 0;
}

static void build_replay_emit_command(struct build_replay_ctx *c, const struct build_replay_one *o)
{
	const struct exercise_build *b = &c->ex->build;
	size_t i;

	build_replay_emit_word(c, c->compiler);
	build_replay_emit(c, "-H "); /* the headers it opens (build_headers.h) */
	for (i = 0; i < o->nwords; i++)
		build_replay_emit_word(c, o->words[i]);
	if (o->out) {
		build_replay_emit(c, "-o ");
		build_replay_emit_path(c, o->out);
	}
	for (i = 0; i < b->nflags; i++)
		build_replay_emit_word(c, b->flags[i]);
	for (i = 0; !o->compile && i < b->nlibs; i++)
		build_replay_emit_word(c, b->libs[i]);
	build_replay_emit(c, "|| exit 1\n");
	/* The same sources, preprocessed, for pragmas that silence warnings
	 * (BUILD_PRAGMA_SH; without -o: it would overwrite the object). */
	build_replay_emit(c, "{ set +x; } 2>/dev/null\nshmgrade_pragmas ");
	build_replay_emit_word(c, c->compiler);
	for (i = 0; i < o->nwords; i++)
		build_replay_emit_word(c, o->words[i]);
	for (i = 0; i < b->nflags; i++)
		build_replay_emit_word(c, b->flags[i]);
	build_replay_emit(c, "\nset -x\n");
	c->r->ncommands++;
}

/* The command as the report shows it: "cc ARGS", cut at 240 bytes. */
static char *build_replay_show(const struct build_replay_cmd *cmd)
{
	char *s = xstrdup("cc"), *t;
	size_t i;

	for (i = 1; i < cmd->nargs && strlen(s) < 240; i++) {
		t = xasprintf("%s %s", s, cmd->args[i]);
		free(s);
		s = t;
	}
	if (strlen(s) > 240)
		strcpy(s + 236, " ...");
	return s;
}

/* Plan one logged command in pass 0 (compiles) or 1 (links). */
static int build_replay_command(struct build_replay_ctx *c, const struct build_replay_cmd *cmd,
				int pass)
{
	struct build_replay_one o = { 0 };
	char *cwd = build_replay_rel(c, ".", cmd->args[0]);
	size_t i;
	int ret = 0;

	if (cmd->args[0][0] != '/' || !cwd) {
		free(cwd);
		return build_replay_refuse(c, _("it ran outside your folder (in '%s')"),
					   cmd->args[0]);
	}
	/* Compiles in pass 0, links in pass 1: a link's objects are checked
	 * only once every compile has made its own (the list's order is the
	 * wrappers' pids, not always the order make ran them in). */
	for (i = 1; i < cmd->nargs && strcmp(cmd->args[i], "-c"); i++)
		;
	if ((i < cmd->nargs) != (pass == 0)) {
		free(cwd);
		return 0;
	}
	o.cwd = cwd;
	for (i = 1; ret == 0 && i < cmd->nargs; i++)
		ret = build_replay_arg(c, &o, cmd->args, cmd->nargs, &i);
	if (ret == 0 && !o.info && o.ninputs > 0 && o.compile == (pass == 0)) {
		ret = build_replay_outputs(c, &o);
		if (ret == 0)
			build_replay_emit_command(c, &o);
	}
	if (ret < 0 && !c->r->command)
		c->r->command = build_replay_show(cmd);
	build_replay_one_release(&o);
	free(cwd);
	return ret;
}

/* ---- the log ------------------------------------------------------------ */

/* One log file (no links, no more than REPLAY_MAX_FILE bytes) as cmd. */
static int build_replay_read(int dirfd, const char *name, struct build_replay_cmd *cmd)
{
	char *buf = xmalloc(REPLAY_MAX_FILE + 1), *p;
	size_t have = 0, cap = 0;
	struct stat st;
	ssize_t n = 1;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	memset(cmd, 0, sizeof(*cmd));
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
		if (fd >= 0)
			close(fd);
		free(buf);
		return -1;
	}
	n = util_read_all(fd, buf, REPLAY_MAX_FILE);
	close(fd);
	if (n > 0)
		have = (size_t)n;
	if (n < 0 || have == 0) {
		free(buf);
		return -1;
	}
	buf[have] = '\0';
	/* Fields end with a NUL byte; a last one without it counts too. */
	for (p = buf; p < buf + have; p += strlen(p) + 1)
		build_replay_push(&cmd->args, &cmd->nargs, &cap, xstrdup(p));
	free(buf);
	cmd->seq = xstrdup(name);
	return 0;
}

static void build_replay_cmd_release(struct build_replay_cmd *cmd)
{
	size_t i;

	for (i = 0; i < cmd->nargs; i++)
		free(cmd->args[i]);
	free(cmd->args);
	free(cmd->seq);
}

static int build_replay_by_seq(const void *a, const void *b)
{
	const struct build_replay_cmd *x = a, *y = b;
	unsigned long long i = strtoull(x->seq, NULL, 10), j = strtoull(y->seq, NULL, 10);

	return i < j ? -1 : i > j;
}

/* The logged commands in the order they ran. */
static struct build_replay_cmd *build_replay_load(const char *made, size_t *n)
{
	char *path = xasprintf("%s/%s", made, BUILD_REPLAY_LOG);
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct build_replay_cmd *v = NULL;
	struct dirent *de;
	size_t cap = 0;
	DIR *d;

	*n = 0;
	free(path);
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((de = readdir(d)) && *n < REPLAY_MAX_COMMANDS) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			v = xrealloc(v, cap, sizeof(*v));
		}
		if (build_replay_read(dirfd(d), de->d_name, &v[*n]) == 0)
			(*n)++;
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), build_replay_by_seq);
	return v;
}

int build_replay_plan(const struct exercise *ex, const char *compiler, const char *made,
		      const char *fresh, struct build_replay *r)
{
	struct build_replay_ctx c = { .ex = ex, .compiler = compiler, .r = r };
	struct build_replay_cmd *cmds;
	size_t n = 0, i;
	int pass, ret = 0;

	c.made = realpath(made, NULL);
	c.fresh = realpath(fresh, NULL);
	cmds = c.made ? build_replay_load(c.made, &n) : NULL;
	build_replay_emit(&c, BUILD_PRAGMA_SH "set -x\n");
	for (pass = 0; ret == 0 && pass < 2; pass++)
		for (i = 0; ret == 0 && i < n; i++)
			ret = build_replay_command(&c, &cmds[i], pass);
	if (ret == 0 && c.len > REPLAY_MAX_SCRIPT)
		ret = build_replay_refuse(&c, "%s", _("it ran too many compiler commands"));
	for (i = 0; i < n; i++)
		build_replay_cmd_release(&cmds[i]);
	free(cmds);
	for (i = 0; i < c.nobjects; i++)
		free(c.objects[i]);
	free(c.objects);
	free(c.made);
	free(c.fresh);
	if (ret == 0)
		r->script = c.script;
	else
		free(c.script);
	return ret;
}
