/*
 * build_guard.h - what was built is what is graded: the checks around a
 * build that keep a student from handing in a ready program.
 *
 *   - build_guard_scan(): a submission may not hold executables, objects,
 *     libraries or archives that could hide them (by content, whatever the
 *     name), unless the exercise allows binaries;
 *   - struct build_snap: the files of the build folder before the build, so
 *     that a program taken after it must be one the build wrote;
 *   - build_guard_is_program(): the graded program is an ELF executable;
 *   - build_guard_tools(): the compilers a student's Makefile reaches
 *     through PATH are wrappers that add the exercise's flags last and drop
 *     or refuse the options that would silence its warnings.
 *
 * What these cannot catch is documented in doc/exercise-format.md
 * ("What was built is what is graded").
 */
#ifndef GRADERS_BUILD_GUARD_H
#define GRADERS_BUILD_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "graders/load/exercise.h"
#include "harness/run.h"

/* What the first bytes of path say it is ("an ELF file (program, object or
 * shared library)", "a static library (ar archive)", "a gzip archive", ...),
 * or NULL for anything else. Untranslated; the caller translates. */
const char *build_guard_kind(const char *path);

/* The first such file under dir (recursively, symlinks not followed):
 * returns a malloc'ed "relative/path" and sets *kind, or NULL when none. */
char *build_guard_scan(const char *dir, const char **kind);

/* Whether path is an ELF executable or position-independent executable
 * (ET_EXEC or ET_DYN), the only thing a build of C sources should make. */
bool build_guard_is_program(const char *path);

/* The entries directly in a folder, as they were at one moment. */
struct build_snap {
	char **names;
	ino_t *inos;
	struct timespec *ctimes;
	size_t n;
};

void build_snap_take(struct build_snap *s, const char *dir);
void build_snap_release(struct build_snap *s);
/* Whether dir/name is a file that was not in the snapshot, or has been
 * replaced or changed since (another inode, another ctime; a program
 * cannot set a ctime back). */
bool build_snap_fresh(const struct build_snap *s, const char *dir, const char *name);

/*
 * The compiler wrappers of one build. dir holds one per name a Makefile
 * may call a compiler by; put it first on the build's PATH. binds cover
 * each real compiler driver (gcc-12, clang-14, ...) with its wrapper in a
 * namespace run, so that CC=/usr/bin/gcc reaches the wrapper too; the real
 * ones stay reachable under /.shmgrade/usr, where the wrappers call them.
 */
#define BUILD_TOOLS_MAX_BINDS 16
struct build_tools {
	char *dir; /* owned; "BUILD_DIR.tools" */
	char *log; /* owned; where the wrappers write their commands down
		      (BUILD_DIR/BUILD_REPLAY_LOG, made here) */
	struct run_bind binds[BUILD_TOOLS_MAX_BINDS];
	size_t nbinds;
	char *strs[BUILD_TOOLS_MAX_BINDS * 2]; /* owned: the binds' strings */
	size_t nstrs;
};

/* Make the wrappers next to build_dir (not writable by the sandboxed
 * build). Returns 0, or -1 with errno set (t released). */
int build_guard_tools(const struct exercise *ex, const char *build_dir, struct build_tools *t);
void build_guard_tools_release(struct build_tools *t);

#endif /* GRADERS_BUILD_GUARD_H */
