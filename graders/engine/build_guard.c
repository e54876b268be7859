/*
 * build_guard.c - refuse ready programs in a submission, check that the
 * graded program is one the build made, and the compiler wrappers of a
 * student's Makefile (build_guard.h).
 */
#include "graders/engine/build_guard.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graders/engine/build_replay.h"
#include "graders/engine/workdir.h"
#include "graders/report/i18n.h"
#include "util/util.h"
#include "util/xalloc.h"

/*
 * Magic numbers of what a build makes or could unpack. Archives and
 * compressed files are refused too: a Makefile could unpack a program from
 * them. Names and extensions mean nothing; "prog.c" holding an ELF file is
 * an ELF file.
 */
static const struct {
	size_t offset, len;
	const char *magic;
	const char *kind;
} guard_magics[] = {
	{ 0, 4, "\177ELF", N_("an ELF file (a compiled program, object or library)") },
	{ 0, 8, "!<arch>\n", N_("a static library or archive (ar)") },
	{ 0, 8, "!<thin>\n", N_("a static library or archive (ar)") },
	{ 0, 4, "BC\300\336", N_("compiled LLVM bitcode") },
	{ 0, 4, "gpch", N_("a precompiled header") },
	{ 0, 4, "\317\372\355\376", N_("a compiled program (Mach-O)") },
	{ 0, 2, "\037\213", N_("a compressed file (gzip)") },
	{ 0, 3, "BZh", N_("a compressed file (bzip2)") },
	{ 0, 6, "\3757zXZ\0", N_("a compressed file (xz)") },
	{ 0, 4, "\050\265\057\375", N_("a compressed file (zstd)") },
	{ 0, 4, "\004\042\115\030", N_("a compressed file (lz4)") },
	{ 0, 4, "LZIP", N_("a compressed file (lzip)") },
	{ 0, 4, "PK\003\004", N_("an archive (zip)") },
	{ 0, 6, "7z\274\257\047\034", N_("an archive (7z)") },
	{ 0, 5, "07070", N_("an archive (cpio)") },
	{ 257, 5, "ustar", N_("an archive (tar)") },
};

/* An ELF header anywhere in buf[0..n): "\177ELF", class 1 or 2, byte
 * order 1 or 2, version 1. */
static bool build_guard_has_elf(const unsigned char *buf, size_t n)
{
	const unsigned char *p = buf, *end = buf + n;

	while (p + 7 <= end && (p = memmem(p, (size_t)(end - p), "\177ELF", 4)) && p + 7 <= end) {
		if ((p[4] == 1 || p[4] == 2) && (p[5] == 1 || p[5] == 2) && p[6] == 1)
			return true;
		p++;
	}
	return false;
}

/*
 * A program hidden inside another file (after a few bytes of text, in a
 * "picture") that a Makefile cuts out with tail or dd: an ELF header at
 * any offset.
 */
static bool build_guard_elf_inside(int fd)
{
	unsigned char buf[65536];
	size_t have = 0, len;
	ssize_t n;

	for (;;) {
		n = EINTR_RETRY(read(fd, buf + have, sizeof(buf) - have));
		if (n <= 0)
			return false;
		len = have + (size_t)n;
		if (build_guard_has_elf(buf, len))
			return true;
		/* A header cut by the chunk's end starts in its last 6 bytes. */
		have = len < 6 ? len : 6;
		memmove(buf, buf + len - have, have);
	}
}

const char *build_guard_kind(const char *path)
{
	unsigned char buf[512];
	ssize_t n;
	size_t i;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	const char *kind = NULL;

	if (fd < 0)
		return NULL;
	n = EINTR_RETRY(read(fd, buf, sizeof(buf)));
	for (i = 0; n > 0 && i < ARRAY_SIZE(guard_magics); i++)
		if ((size_t)n >= guard_magics[i].offset + guard_magics[i].len &&
		    !memcmp(buf + guard_magics[i].offset, guard_magics[i].magic,
			    guard_magics[i].len)) {
			kind = guard_magics[i].kind;
			break;
		}
	if (!kind && n > 0 && lseek(fd, 0, SEEK_SET) == 0 && build_guard_elf_inside(fd))
		kind = N_("a file with a compiled program (ELF) inside");
	close(fd);
	return kind;
}

static char *build_guard_scan_dir(const char *dir, const char *rel, const char **kind, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *found = NULL;

	if (!d)
		return NULL;
	while (!found && (de = readdir(d))) {
		char *path, *sub;
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		sub = *rel ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    (*kind = build_guard_kind(path)))
			found = xstrdup(sub);
		else if (S_ISDIR(st.st_mode) && depth < 16)
			found = build_guard_scan_dir(path, sub, kind, depth + 1);
		free(sub);
		free(path);
	}
	closedir(d);
	return found;
}

char *build_guard_scan(const char *dir, const char **kind)
{
	*kind = NULL;
	return build_guard_scan_dir(dir, "", kind, 0);
}

bool build_guard_is_program(const char *path)
{
	unsigned char h[18];
	unsigned type;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	if (fd < 0)
		return false;
	n = read(fd, h, sizeof(h));
	close(fd);
	if (n != (ssize_t)sizeof(h) || memcmp(h, "\177ELF", 4))
		return false;
	/* e_type, in the file's byte order (EI_DATA: 1 little, 2 big). */
	type = h[5] == 2 ? (unsigned)h[16] << 8 | h[17] : (unsigned)h[17] << 8 | h[16];
	return type == 2 || type == 3;
}

/* ---- snapshots -------------------------------------------------------------- */

void build_snap_take(struct build_snap *s, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t cap = 0;

	memset(s, 0, sizeof(*s));
	if (!d)
		return;
	while ((de = readdir(d))) {
		char *path = xasprintf("%s/%s", dir, de->d_name);
		struct stat st;

		if (lstat(path, &st) == 0) {
			if (s->n == cap) {
				cap = cap ? 2 * cap : 16;
				s->names = xrealloc(s->names, cap, sizeof(*s->names));
				s->inos = xrealloc(s->inos, cap, sizeof(*s->inos));
				s->ctimes = xrealloc(s->ctimes, cap, sizeof(*s->ctimes));
			}
			s->names[s->n] = xstrdup(de->d_name);
			s->inos[s->n] = st.st_ino;
			s->ctimes[s->n++] = st.st_ctim;
		}
		free(path);
	}
	closedir(d);
}

void build_snap_release(struct build_snap *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->names[i]);
	free(s->names);
	free(s->inos);
	free(s->ctimes);
	memset(s, 0, sizeof(*s));
}

bool build_snap_fresh(const struct build_snap *s, const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct stat st;
	size_t i;
	int r = lstat(path, &st);

	free(path);
	if (r < 0 || !S_ISREG(st.st_mode))
		return false;
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->names[i], name))
			return s->inos[i] != st.st_ino ||
			       s->ctimes[i].tv_sec != st.st_ctim.tv_sec ||
			       s->ctimes[i].tv_nsec != st.st_ctim.tv_nsec;
	return true;
}

/* ---- compiler wrappers -------------------------------------------------------- */

/*
 * The wrapper, a POSIX shell script (every build sandbox has /bin/sh):
 * the student's arguments, minus those that would silence warnings, then
 * the exercise's flags last (the later of two options wins in gcc and
 * clang). Options that change which compiler or which rules run, or that
 * hide options in a file, are refused with an "error:" line (counted by the
 * "compiles" rule). Variables that redirect gcc's own programs are unset.
 */
static const char build_guard_wrapper_head[] =
	"#!/bin/sh\n"
	"# Made by shmgrade for one build: the compiler a Makefile reaches.\n"
	"unset GCC_EXEC_PREFIX COMPILER_PATH LIBRARY_PATH GCC_COMPARE_DEBUG CPATH \\\n"
	"\tC_INCLUDE_PATH DEPENDENCIES_OUTPUT SUNPRO_DEPENDENCIES LD_PRELOAD \\\n"
	"\tLD_LIBRARY_PATH GCC_EXTRA_DIAGNOSTIC_OUTPUT CCC_OVERRIDE_OPTIONS\n"
	"n=$#\n"
	"while [ \"$n\" -gt 0 ]; do\n"
	"\ta=$1\n"
	"\tshift\n"
	"\tn=$((n - 1))\n"
	"\tcase $a in\n"
	"\t-w | -Wno-* | -fmax-errors=* | -fdiagnostics-format=* | -fno-diagnostics*)\n"
	"\t\tprintf '%s\\n' \"shmgrade: '$a' dropped: this exercise sets the "
	"warnings\" >&2\n"
	"\t\tcontinue ;;\n"
	"\t@* | -B* | -specs* | --specs* | -wrapper | -fplugin* | -isystem* | -idirafter* | \\\n"
	"\t-iwithprefix* | --sysroot* | -isysroot* | -Wp,* | -Xpreprocessor | -Xclang | \\\n"
	"\t-no-integrated-cpp | --no-warnings | -save-temps*)\n"
	"\t\tprintf '%s\\n' \"error: shmgrade: the option '$a' is not allowed in this "
	"build\" >&2\n"
	"\t\texit 1 ;;\n"
	"\tesac\n"
	"\tset -- \"$@\" \"$a\"\n"
	"done\n";

/* s between single quotes for the shell. */
static char *build_guard_quote(const char *s)
{
	size_t n = 2;
	const char *p;
	char *out, *q;

	for (p = s; *p; p++)
		n += *p == '\'' ? 4 : 1;
	out = q = xmalloc(n + 1);
	*q++ = '\'';
	for (p = s; *p; p++) {
		if (*p == '\'') {
			memcpy(q, "'\\''", 4);
			q += 4;
		} else {
			*q++ = *p;
		}
	}
	*q++ = '\'';
	*q = '\0';
	return out;
}

/* In a namespace run a wrapper covers each real compiler, which stays
 * reachable through a second view of /usr under BUILD_GUARD_REAL ("/.shmgrade
 * /usr/bin/gcc-12"): the whole of /usr, because gcc and clang find cc1,
 * their headers and libraries relative to their own path. */
#define BUILD_GUARD_REAL "/.shmgrade"

/* The wrapper writes each command it runs down for the rebuild
 * (build_replay.h): one file per command in the log folder, named by its
 * pid ("PID-N" when taken), holding its folder and arguments, each ended by
 * a NUL byte. */
static const char build_guard_wrapper_log[] =
	"n=0\n"
	"while ! (set -C && : >\"$l/$$-$n\") 2>/dev/null && [ \"$n\" -lt 8 ]; do n=$((n + 1)); "
	"done\n"
	"printf '%s\\0' \"$(pwd -P)\" \"$@\" >\"$l/$$-$n\" 2>/dev/null\n";

static int build_guard_write_wrapper(const struct exercise *ex, const char *path, const char *real,
				     const char *log)
{
	char *q = build_guard_quote(real), *qb = build_guard_quote(real),
	     *ql = build_guard_quote(log);
	FILE *f;
	size_t i;
	int ret = -1;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);

	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		free(q);
		free(qb);
		free(ql);
		return errno == EEXIST ? 0 : -1;
	}
	fputs(build_guard_wrapper_head, f);
	fprintf(f, "l=%s\n%s", ql, build_guard_wrapper_log);
	free(ql);
	/* In a namespace run the original path holds this very script. */
	fprintf(f, "r=%s%s\n[ -x \"$r\" ] || r=%s\nexec \"$r\" \"$@\"", BUILD_GUARD_REAL, qb, q);
	free(q);
	free(qb);
	for (i = 0; i < ex->build.nflags; i++) {
		q = build_guard_quote(ex->build.flags[i]);
		fprintf(f, " %s", q);
		free(q);
	}
	fputc('\n', f);
	if (!ferror(f))
		ret = 0;
	if (fclose(f) != 0)
		ret = -1;
	return ret;
}

/* A string t owns. */
static const char *build_guard_keep(struct build_tools *t, char *s)
{
	t->strs[t->nstrs++] = s;
	return s;
}

/* Cover real (an ELF compiler driver under /usr) with the wrapper at path
 * in namespace runs; the first one also adds the second view of /usr. */
static void build_guard_cover(struct build_tools *t, const char *path, const char *real)
{
	size_t i;

	if (strncmp(real, "/usr/", 5) || !build_guard_is_program(real) ||
	    t->nbinds + 2 > BUILD_TOOLS_MAX_BINDS)
		return;
	for (i = 1; i < t->nbinds; i++)
		if (!strcmp(t->binds[i].dst, real))
			return;
	if (t->nbinds == 0) {
		t->binds[0].src = "/usr";
		t->binds[t->nbinds++].dst = BUILD_GUARD_REAL "/usr";
	}
	t->binds[t->nbinds].src = build_guard_keep(t, xstrdup(path));
	t->binds[t->nbinds++].dst = build_guard_keep(t, xstrdup(real));
}

/* Names a Makefile may call a C compiler by. */
static const char *const build_guard_names[] = { "cc", "gcc", "c89", "c99", "clang", "tcc", NULL };
static const char *const build_guard_patterns[] = {
	"gcc-[0-9]*", "clang-[0-9]*", "*-linux-gnu*-gcc", "*-linux-gnu*-gcc-[0-9]*", NULL,
};

static int build_guard_wrap(const struct exercise *ex, struct build_tools *t, const char *name)
{
	char *real = util_find_program(name), *path;
	int ret;

	if (!real)
		return 0;
	path = xasprintf("%s/%s", t->dir, name);
	ret = build_guard_write_wrapper(ex, path, real, t->log);
	if (ret == 0)
		build_guard_cover(t, path, real);
	free(path);
	free(real);
	return ret;
}

/* Every versioned compiler in /usr/bin (gcc-12, x86_64-linux-gnu-gcc-12). */
static int build_guard_wrap_versions(const struct exercise *ex, struct build_tools *t)
{
	DIR *d = opendir("/usr/bin");
	struct dirent *de;
	size_t i;
	int ret = 0;

	if (!d)
		return 0;
	while (ret == 0 && (de = readdir(d)))
		for (i = 0; build_guard_patterns[i]; i++)
			if (fnmatch(build_guard_patterns[i], de->d_name, 0) == 0) {
				ret = build_guard_wrap(ex, t, de->d_name);
				break;
			}
	closedir(d);
	return ret;
}

/* The wrappers' log folder (build_replay.h), at the build folder's real
 * path: the one the sandbox shows and "pwd -P" prints. */
static int build_guard_log_dir(const char *build_dir, struct build_tools *t)
{
	char *real = realpath(build_dir, NULL);

	if (!real)
		return -1;
	t->log = xasprintf("%s/%s", real, BUILD_REPLAY_LOG);
	free(real);
	if (mkdir(t->log, 0700) < 0 || workdir_own(t->log) < 0)
		return -1;
	return 0;
}

int build_guard_tools(const struct exercise *ex, const char *build_dir, struct build_tools *t)
{
	const char *own = ex->build.compiler ? strrchr(ex->build.compiler, '/') : NULL;
	size_t i;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	t->dir = xasprintf("%s.tools", build_dir);
	if (mkdir(t->dir, 0755) < 0 || build_guard_log_dir(build_dir, t) < 0)
		ret = -1;
	for (i = 0; ret == 0 && build_guard_names[i]; i++)
		ret = build_guard_wrap(ex, t, build_guard_names[i]);
	if (ret == 0 && ex->build.compiler)
		ret = build_guard_wrap(ex, t, own ? own + 1 : ex->build.compiler);
	if (ret == 0)
		ret = build_guard_wrap_versions(ex, t);
	if (ret < 0) {
		int e = errno;

		build_guard_tools_release(t);
		errno = e;
	}
	return ret;
}

void build_guard_tools_release(struct build_tools *t)
{
	size_t i;

	for (i = 0; i < t->nstrs; i++)
		free(t->strs[i]);
	free(t->dir);
	free(t->log);
	memset(t, 0, sizeof(*t));
}
