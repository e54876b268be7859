/*
 * build.h - turn a submission into the executables an exercise runs.
 *
 * A submission is one of:
 *   - a .c file (exercises with one program): compiled alone;
 *   - a folder of sources: each program is compiled from the sources the
 *     exercise names for it (every *.c of the folder when it names none and
 *     has one program; "NAME.c" for program NAME otherwise);
 *   - a folder with its own Makefile: `make` is run and each program must
 *     come out under its name (one program: any new executable will do);
 *   - an executable, or a folder of executables named as the programs, when
 *     the exercise allows binaries (build.binary).
 *
 * Everything is copied into a fresh directory first and every compiler or
 * make runs inside the sandbox (harness_run), with the exercise's build
 * time limit: a student's Makefile is untrusted code like their program.
 *
 * Outcomes: a submission that does not build is the student's failure
 * (build_run returns 0 with b->res.ok false and the compiler's messages in
 * b->output); a missing compiler, an unreadable submission path or a
 * sandbox failure is the grader's (-1, b->error says why).
 */
#ifndef GRADERS_BUILD_H
#define GRADERS_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/load/exercise.h"
#include "graders/rules/rules.h"
#include "harness/run.h"

struct build {
	struct build_result res; /* res.output owned: compiler/make stdout +
				    stderr, or why the submission could not be
				    built; may be NULL */
	char **bins;		 /* owned; one absolute path per ex->progs, NULL
				    entries when not built */
	size_t nbins;
	char *error;		 /* owned; set when build_run returned -1 */
	unsigned audit_warnings; /* warnings of shmgrade's own compile of a
				    Makefile build's sources; counted when
				    more than make showed */
	double wall_ms;		 /* time spent compiling */
};

struct build_options {
	enum run_mode_request mode; /* passed to harness_run */
	bool quiet;		    /* no harness notices */
	unsigned memory_mib;	    /* default 1024 */
	unsigned processes;	    /* default 64 */
};

#define BUILD_OPTIONS_DEFAULT                                                                      \
	{                                                                                          \
		RUN_MODE_AUTO, true, 1024, 64                                                      \
	}

void build_init(struct build *b);
void build_release(struct build *b);

/*
 * Build submission (a path) for ex in dir (an existing, empty directory the
 * sandbox may write: workdir_subdir()). Returns 0 when b->res says what the
 * student's submission gave, -1 when the grader could not tell (b->error).
 */
int build_run(const struct exercise *ex, const char *submission, const char *dir,
	      const struct build_options *o, struct build *b);

/* Count the lines of text that contain what ("warning:", "error:"). */
unsigned build_count_lines(const char *text, const char *what);

#endif /* GRADERS_BUILD_H */
