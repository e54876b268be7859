/*
 * build_replay.h - what a student's Makefile builds is rebuilt by shmgrade
 * from the sources handed in, and only that is graded.
 *
 * A Makefile is untrusted code: whatever file it leaves under the program's
 * name could have been decoded from a blob (base64 -d, xxd -r, printf of
 * escaped bytes, a decoder it compiles and runs, cp of a renamed file). So
 * the program make wrote is never run. The compiler wrappers of the build
 * (build_guard.h) write down each compile and link command the Makefile
 * ran through them (BUILD_REPLAY_LOG in the build folder). shmgrade reads
 * that list as a recipe only (the student could have written it: nothing
 * in it is trusted), keeps the commands that compile or link, checks each
 * argument against a list of plain compiler options, and runs them again,
 * with the exercise's compiler and flags, in a fresh copy of the
 * submission where no Makefile ever ran:
 *   - an input is a .c file that was handed in (not one the build wrote), an
 *     object made by an earlier compile of the rebuild, or a system library
 *     (-lNAME); objects, archives, linker scripts, -L, -Wl, -x, response
 *     files and the like are refused;
 *   - outputs stay inside the folder; a compile writes *.o;
 *   - the graded program is the rebuild's link output under the name the
 *     Makefile's program had.
 * The rebuild's own messages count the warnings (a Makefile that hides
 * them, or goes around the wrappers, changes nothing).
 */
#ifndef GRADERS_BUILD_REPLAY_H
#define GRADERS_BUILD_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/load/exercise.h"

/* The folder, inside the build folder, where the wrappers write one file
 * per command: "SEQ" holding the working directory and the arguments, each
 * ended by a NUL byte. */
#define BUILD_REPLAY_LOG ".shmgrade-cc"

/*
 * A shell function for shmgrade's compile scripts: "shmgrade_pragmas CC
 * ARGS..." preprocesses the sources of a compile (ARGS without -o) and
 * prints a "warning:" line when they turn warnings off: a pragma (#pragma
 * GCC/clang diagnostic ignored, or through _Pragma) in their own lines (the
 * system's headers have some: glibc's bsearch at -O1), a header of its own
 * marked "#pragma GCC system_header" (its line markers carry flag 3: the
 * compiler's own markers for a system macro expanded in a source, which
 * return to the same line at once, do not count), or a line directive
 * (#line, "# 1 "/usr/x.h" 3") in any source or header of the submission,
 * which could mark its code as the system's. The count of warnings is the
 * compiler's, not one a source can set to zero. Output only: it never fails
 * the script.
 */
#define BUILD_PRAGMA_SH                                                                                                                     \
	"shmgrade_pragmas() {\n"                                                                                                            \
	"\t\"$@\" -E 2>/dev/null | awk '\n"                                                                                                 \
	"BEGIN { mine = 1 }\n"                                                                                                              \
	"function lines(f, l) {\n"                                                                                                          \
	"\twhile ((getline l < f) > 0)\n"                                                                                                   \
	"\t\tif (l ~ /^[ \\t]*#[ \\t]*(line[ \\t]+)?[0-9]/) d = 1\n"                                                                        \
	"\tclose(f)\n"                                                                                                                      \
	"}\n"                                                                                                                               \
	"/^[ \\t]*#[ \\t]*pragma[ \\t]+(GCC|clang)[ \\t]+diagnostic[ \\t]+ignored/ { if (mine) q = 1 }\n"                                   \
	"/^# [0-9]+ \"/ {\n"                                                                                                                \
	"\tmatch($0, /\"[^\"]*\"/); f = substr($0, RSTART + 1, RLENGTH - 2); r = substr($0, RSTART + RLENGTH)\n"                            \
	"\tif (p && !(f == pf && $2 == pl && r == \"\")) q = 1\n"                                                                           \
	"\tp = 0; mine = f !~ /^(\\/usr\\/|<)/\n"                                                                                           \
	"\tif (mine) { seen[f] = 1; if (r ~ / 3( |$)/) { p = 1; pf = f; pl = $2 } }\n"                                                      \
	"}\n"                                                                                                                               \
	"END {\n"                                                                                                                           \
	"\tif (p) q = 1\n"                                                                                                                  \
	"\tfor (f in seen) lines(f)\n"                                                                                                      \
	"\tif (q) print \"warning: a pragma in your sources turns the compiler'\"'\"'s warnings off; shmgrade counts it as a warning\"\n"   \
	"\tif (d) print \"warning: a line directive in your sources hides where their code comes from; shmgrade counts it as a warning\"\n" \
	"}'\n"                                                                                                                              \
	"\treturn 0\n"                                                                                                                      \
	"}\n"

/* The rebuild's plan. */
struct build_replay {
	char *script;	 /* owned; a /bin/sh script run in the fresh copy */
	char **programs; /* owned; folder-relative paths the links make */
	size_t nprograms;
	size_t ncommands; /* compile and link commands in the script */
	char *why;	  /* owned; set when a command cannot be repeated */
	char *command;	  /* owned; that command, as "cc ARGS" */
};

void build_replay_init(struct build_replay *r);
void build_replay_release(struct build_replay *r);

/*
 * Read the commands the wrappers wrote under made/BUILD_REPLAY_LOG (made:
 * the folder make ran in, as an absolute path) and plan their rebuild in
 * fresh (a copy of the submission, nothing built yet). Returns 0 with
 * r->script, or -1 with r->why (the student's: a command that cannot be
 * repeated, in words for the report).
 */
int build_replay_plan(const struct exercise *ex, const char *compiler, const char *made,
		      const char *fresh, struct build_replay *r);

/* Whether the rebuild's links make path (folder-relative). */
bool build_replay_links(const struct build_replay *r, const char *path);

#endif /* GRADERS_BUILD_REPLAY_H */
