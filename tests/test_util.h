/*
 * test_util.h - helpers shared by the harness tests (golden traces, blind
 * spots, hostile programs, fallback mode). Not a suite of its own.
 *
 * A test runs one program of build/tests/<dir>/<name> with tu_run(), then
 * compares tu_render() of the record with a golden text, or looks events up
 * with tu_event_nth() and tu_event_arg(). The tests expect to be run from
 * the repository root (as `make check` does).
 */
#ifndef TESTS_TEST_UTIL_H
#define TESTS_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "harness/record.h"
#include "harness/run.h"

/* How to run: limits (zero fields: the harness defaults), mode, the
 * harness's preconditions. TU_OPTS_DEFAULT: defaults, automatic mode. */
struct tu_opts {
	struct run_limits limits;
	enum run_mode_request mode;
	const struct run_precondition *pre;
	size_t npre;
	const char *dir;		 /* working directory of the run; NULL: a fresh one */
	const struct run_inject *inject; /* calls failed on purpose (inject.h) */
	size_t ninject;
	bool sites; /* note call sites (run_spec.sites) */
};

/* Zero limits are the harness's defaults (run_limits_default). */
#define TU_OPTS_DEFAULT                                                                            \
	{                                                                                          \
		.mode = RUN_MODE_AUTO                                                              \
	}

/* Whether runs in automatic mode get namespaces here: the machine allows
 * them and SHMGRADE_FALLBACK=1 is not set. */
bool tu_namespaces_expected(void);

/*
 * Skip the running test: it cannot run here (no namespaces, no int 0x80,
 * not root). libcheck has no skip, so the note goes to the file named by
 * $TU_SKIP_LOG (check_main.c sets it), and the runner prints each note and
 * "Skipped: N"; tools/run-tests.sh counts those as skipped, not passed.
 * TU_SKIP returns from the test function; call it before any assertion.
 * tu_skip_note only writes the note (for helpers that return false).
 */
void tu_skip_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define TU_SKIP(...)                                                                               \
	do {                                                                                       \
		tu_skip_note(__VA_ARGS__);                                                         \
		return;                                                                            \
	} while (0)

/* The absolute path of build/tests/<dir>/<name> (malloc'ed). Fails the
 * test when it does not exist ("run make progs"). */
char *tu_prog_path(const char *dir, const char *name);

/*
 * Run build/tests/<dir>/<name> with the extra arguments args (NULL-ended,
 * or NULL) and fill rec, which this initialises (the caller releases it).
 * Fails the test when harness_run() returns -1, printing rec->message.
 */
void tu_run(struct run_record *rec, const char *dir, const char *name, const char *const *args,
	    const struct tu_opts *opts);

/*
 * The record as a golden text, one line per fact, stable across runs:
 *   status ok exit 0
 *   [2] shmget(key=IPC_PRIVATE, size=4096, shmflg=IPC_CREAT|0600) = 0
 *   ...
 *   process [2] g_private ppid - exit 0
 *   segment 0 key=IPC_PRIVATE size=4096 mode=0600 creator=[2] ... removed_by=[2]
 *   leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0
 * Pids and ids are the kernel's in namespace mode; in fallback mode they
 * are renumbered in order of appearance (pids from 2, ids from 0) so that
 * the same text holds. Addresses show as NULL or addr, threads as [2/T1].
 * Returns a malloc'ed string.
 */
char *tu_render(const struct run_record *rec);

/* The same, leaving out refused clone3 calls (lines and count) when
 * skip_clone3: glibc's pthread_create() and posix_spawn() try clone3
 * before clone, and whether those refusals are reported is test_blind's
 * business, not the golden traces'. */
char *tu_render_opts(const struct run_record *rec, bool skip_clone3);

/* The n-th (from 0) event of a call, or NULL; how many there are. */
const struct event *tu_event_nth(const struct run_record *rec, enum ipc_call call, size_t n);
size_t tu_event_count(const struct run_record *rec, enum ipc_call call);

/* An event's argument by its (man page) name, or NULL. */
const struct event_arg *tu_event_arg(const struct event *ev, const char *name);

/* "EEXIST" for EEXIST, "0" for 0. */
const char *tu_errno_name(int err);

/* The first program's stdout ("" if none). */
const char *tu_stdout(const struct run_record *rec);

/* Replace every occurrence of from in s by to (s is freed; returns new). */
char *tu_replace(char *s, const char *from, const char *to);

/* The processes of uid alive now ((uid_t)-1: of every uid). */
struct tu_proc {
	pid_t pid;
	unsigned long long start; /* start time in ticks, to tell reused pids */
	char comm[32];
	char exe[256];	   /* readlink of /proc/PID/exe, "" if unreadable */
	char cmdline[256]; /* its arguments, spaces between them */
};
size_t tu_procs_list(uid_t uid, struct tu_proc **out);

/* Whether pid is a descendant of ancestor, now. */
bool tu_proc_descends(pid_t pid, pid_t ancestor);

/* The content of a file, malloc'ed ("" when unreadable). */
char *tu_file_read(const char *path);

/* Decode an x86_64 call nr (no readable memory) made by pid, appended to
 * rec, at time seq * 250 us, with result rval (-errno for a failure). */
struct event *tu_call_add(struct run_record *rec, pid_t pid, long long nr, unsigned long long a0,
			  unsigned long long a1, unsigned long long a2, unsigned long long a3,
			  long long rval);

/* The address the sample record's shmat returns. */
#define TU_SAMPLE_ADDR 0x7f0000000000ULL

/*
 * Fill rec, which this initialises (the caller releases it), with the
 * sample record of the record_json and timeline tests: parent 2 creates
 * two segments, forks 3 (killed by SIGSEGV), removes one. Status ok, exit
 * 0, 12.5 ms; two programs' output ("./a" "hola\n", "./b" "mundo\xff\n"
 * truncated), each with stderr "aviso\n"; an inventory of one segment.
 */
void tu_sample_record(struct run_record *rec);

#endif /* TESTS_TEST_UTIL_H */
