/*
 * exercise.h - the exercise model: what an exercise YAML file says, checked
 * and ready to use. doc/exercise-format.md is the author's manual of the
 * file format; this header is the programmer's.
 *
 * Life of an exercise:
 *
 *   struct exercise ex;
 *   struct diag_list diags;
 *   diag_init(&diags, path);
 *   if (exercise_load(&ex, path, &diags) < 0) {
 *           diag_print(&diags, stderr);   (every problem: exit 2)
 *           ...
 *   }
 *   diag_print(&diags, stderr);           (warnings, if any)
 *   ... build (ex.build, ex.progs), run (ex.runs), evaluate (ex.checks in
 *       ex.order, rules.h), report ...
 *   exercise_release(&ex);
 *   diag_release(&diags);
 *
 * A loaded exercise is complete: every default is filled in (documented at
 * each field), every name is resolved to an index, every regex compiled once
 * to prove it valid, the requires graph is acyclic and the check points sum
 * to ex.points. Code that uses the model needs no further validation.
 *
 * Files: exercise.c (the model's lifecycle and look-ups), with helpers in
 * lang.c (languages and texts in each), exercise_key.c (SysV keys: parse,
 * format, resolve with ftok), exercise_build.c (the compiler's argv) and
 * exercise_files.c (the run's files); their headers come with this one.
 * Loading: exercise_load.c (the exercise and its submission), runs_load.c,
 * checks_load.c (checks and rule parameters), over yaml_load.c (the only
 * user of libyaml) and ynode.c.
 *
 * Ownership: a struct exercise owns every string and array hanging from it;
 * exercise_release() frees them all and leaves it as after exercise_init().
 * Nothing in it points into the YAML text or the libyaml objects.
 */
#ifndef GRADERS_EXERCISE_H
#define GRADERS_EXERCISE_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/load/diag.h"
#include "harness/record.h"
#include "harness/run.h"
#include "graders/load/exercise_build.h"
#include "graders/load/exercise_files.h"
#include "graders/load/exercise_key.h"
#include "graders/load/lang.h"

struct exercise;
struct rule; /* rules.h: the rule table */

/* Where something was written in the YAML file (1-based; 0: not from a file,
 * e.g. a default). */
struct mark {
	int line, col;
};

/* ---- submission ------------------------------------------------------- */

/* One executable the submission must provide. A plain exercise has one,
 * named "prog"; a writer/reader exercise has two. */
struct exercise_prog {
	char *name;	/* owned; how runs refer to it; default "prog" */
	char **sources; /* owned; file names expected in the submission;
			   nsources 0: every *.c file handed in */
	size_t nsources;
	struct mark mark;
};

/* How a program is built: compiler flags... sources -o OUTPUT libs... */
struct exercise_build {
	char *compiler; /* owned; default "gcc" */
	char **flags;	/* owned; default -std=c11 -Wall -O1 */
	size_t nflags;
	char **libs; /* owned; default -lpthread */
	size_t nlibs;
	double timeout_s;	 /* default 60 */
	bool binary;		 /* "binaries: allow": the student may hand in ready
				    executables, objects and libraries; default false:
				    a submission holding any is refused (build.c) */
	bool makefile_forbidden; /* "makefile: forbid": a folder with a Makefile
				    is refused; default false (make runs) */
};

/* ---- runs --------------------------------------------------------------- */

/* A file created in the run's working directory before any program starts
 * (e.g. the path given to ftok). */
struct exercise_file {
	char *path;    /* owned; relative, no "..", no leading "/" */
	char *content; /* owned; default "" */
	unsigned mode; /* default 0644 */
	struct mark mark;
};

/* An IPC object the harness creates before the programs start. The key must
 * be resolved (exercise_key_resolve) into a struct run_precondition. */
struct exercise_pre {
	enum ipc_kind kind;	 /* "shm" (default), "sem", "msg" */
	struct key_spec key;	 /* required; never KEY_PRIVATE */
	unsigned long long size; /* shm: bytes (required); sem: nsems (default 1) */
	unsigned mode;		 /* default 0600 */
	char *content;		 /* shm: written at its start; owned; may be NULL */
	unsigned short *values;	 /* sem: the first semaphores' values; owned */
	size_t nvalues;
	long long *msg_types; /* msg: the messages put in it, in order; owned */
	char **msg_texts;
	size_t nmsgs;
	struct mark mark;
};

/* One program started in a run. */
struct exercise_invocation {
	size_t prog; /* index into ex->progs */
	char **args; /* owned; argv[1..]; may be empty */
	size_t nargs;
	char *stdin_text; /* owned; NULL: stdin is /dev/null */
	char **env;	  /* owned; "NAME=value", added to the harness's
			     default environment */
	size_t nenv;
	bool concurrent; /* start with the previous one (default false:
			    after every process of the previous one ended) */
	double delay_ms; /* concurrent only: wait before starting it */
	struct mark mark;
};

/* One run: the programs, the files and objects they find, the limits. */
struct exercise_run {
	char *id;			      /* owned; default "run1", "run2", ... */
	struct exercise_invocation *programs; /* at least one */
	size_t nprograms;
	struct exercise_file *files;
	size_t nfiles;
	struct exercise_pre *pre;
	size_t npre;
	struct run_limits limits;  /* the exercise's limits, then the run's */
	unsigned repeat;	   /* run it this many times; every one must pass
				      (default 1, at most 1000) */
	unsigned needs;		   /* EXERCISE_NEEDS_* bits (YAML needs: [...]) */
	struct run_inject *inject; /* owned; calls failed on purpose (YAML
				      inject: [{call, errno, nth}], inject.h) */
	size_t ninject;
	/* schedule: perturb (the run's, else the exercise's): the harness
	 * perturbs the schedule (run_spec.perturb); schedule_set: the run
	 * said it itself (free or perturb). */
	bool perturb, schedule_set;
	struct mark mark;
};

/* The run is meaningful only in a fresh IPC namespace (its first shmid is
 * 0, no other objects exist): fallback mode on a host cannot grade it. */
#define EXERCISE_NEEDS_FRESH_NAMESPACE (1u << 0)

/* ---- rule parameters ----------------------------------------------------- */

/* Which processes of a run something is about (rules' "who"). A program's
 * parent is the process the harness started; its children are the ones it
 * (or they) forked; the creator made the IPC object at hand. */
enum who { WHO_ANY, WHO_PARENT, WHO_CHILD, WHO_CREATOR, WHO_EVERY };

/* "any", "parent", "child", "creator", "every". */
const char *who_name(enum who who);

/* One "name: value" of an args map (call_made, event selectors): matched
 * against the decoded arguments of an event (record.h), see rules.h. */
struct param_arg {
	char *name, *value;	     /* owned; value as sel_args_check() normalised it
					("IPC_CREAT|0600", spaces and "600" spelt so) */
	struct mark name_mark, mark; /* of the name and of the value */
	struct key_spec key;	     /* a key argument (shmget's, semget's,
					msgget's key): the key it names */
};

enum sel_result { SEL_ANY, SEL_OK, SEL_ERROR };

/* Picks events of a run record (the ordering rule):
 *   {call: shmctl, args: {cmd: IPC_RMID}, who: parent, program: writer,
 *    result: ok, errno: EINVAL, which: first}                      */
struct event_selector {
	enum ipc_call call;	/* required */
	enum who who;		/* default WHO_ANY (WHO_EVERY not allowed) */
	long prog;		/* -1: any program; else index into ex->progs */
	struct param_arg *args; /* owned; all must match */
	size_t nargs;
	enum sel_result result; /* default SEL_ANY; "errno" implies SEL_ERROR */
	char *errno_name;	/* owned; "EINVAL"... or NULL */
	int which;		/* 0: first matching event, 1: last, -1: the
				   rule's default */
};

enum param_type {
	PARAM_INT,    /* a whole number (decimal, 0x hex) */
	PARAM_NUMBER, /* a real number */
	PARAM_BOOL,   /* true / false */
	PARAM_STRING, /* any scalar */
	PARAM_ENUM,   /* one of the schema's choices */
	PARAM_REGEX,  /* POSIX extended regex, (?<name>...) groups allowed */
	PARAM_MODE,   /* permission bits, always octal: 0600, "600" */
	PARAM_KEY,    /* a key_spec */
	PARAM_ARGS,   /* a map of argument name to expected value */
	PARAM_EVENT,  /* an event_selector */
	PARAM_PROG,   /* the name of one of the exercise's programs */
};

/* "integer", "number", ... as error messages name them. */
const char *param_type_name(enum param_type type);

/* The value of one parameter, as the loader left it. */
struct param_value {
	bool set;		/* given in the YAML or by the schema's default */
	struct mark mark;	/* of the value in the YAML (0 for a default) */
	long long i;		/* INT, MODE, BOOL (0/1), ENUM (index of the
				   choice), PROG (index into ex->progs) */
	double d;		/* NUMBER; INT too (converted) */
	char *s;		/* owned; STRING, ENUM, REGEX, PROG: the text */
	struct key_spec key;	/* KEY */
	struct param_arg *args; /* ARGS; owned */
	size_t nargs;
	struct event_selector *ev; /* EVENT; owned */
};

/* The parameters of one check: v[i] belongs to rule->params[i]. Read them
 * with rule_param() (rules.h). */
struct rule_params {
	const struct rule *rule;
	struct param_value *v; /* owned; rule->nparams entries */
	size_t n;
};

void rule_params_release(struct rule_params *p);

/* ---- checks --------------------------------------------------------------- */

struct fail_case;

struct exercise_check {
	char *id;		      /* owned; unique; [A-Za-z0-9_-]+ */
	struct ltext title;	      /* required */
	double points;		      /* >= 0; default 0 */
	const struct rule *rule;      /* from the rule table (rules.h) */
	struct rule_params params;    /* validated against the rule's schema */
	struct ltext pass, fail;      /* feedback; may be empty */
	struct fail_case *fail_cases; /* owned; hints per kind of failure (feedback.h) */
	size_t nfail_cases;
	bool hidden;	  /* counted, but details not shown to the student */
	size_t *requires; /* owned; indexes into ex->checks */
	size_t nrequires;
	size_t *runs; /* owned; indexes into ex->runs; nruns 0: all */
	size_t nruns;
	struct mark mark;
};

/* Whether check c looks at run number run_index. */
bool exercise_check_uses_run(const struct exercise_check *c, size_t run_index);

/* ---- the exercise ---------------------------------------------------------- */

struct exercise {
	char *path;		     /* owned; the file it was loaded from */
	char *id;		     /* owned; required; [A-Za-z0-9_.-]+ */
	struct ltext title;	     /* required */
	struct ltext description;    /* may be empty */
	double points;		     /* the total; equals the sum of the checks' */
	struct exercise_prog *progs; /* at least one */
	size_t nprogs;
	struct exercise_build build;
	char *data_dir;		   /* owned; "data:", made absolute (relative to
				      the exercise file); a folder every build and
				      run sees read-only at this path; may be NULL */
	struct exercise_run *runs; /* at least one */
	size_t nruns;
	struct exercise_check *checks; /* at least one */
	size_t nchecks;
	size_t *order; /* owned; nchecks indexes: every check after the
			  checks it requires (evaluate in this order) */
};

void exercise_init(struct exercise *ex);
void exercise_release(struct exercise *ex);

/*
 * Load and validate the exercise in the YAML file path (exercise_load.c).
 * Every problem found is added to diags (which the caller diag_init()ed,
 * normally with the same path) as an error or a warning, sorted by position.
 * Returns 0 when diags has no error (warnings allowed): ex is complete.
 * Returns -1 when there is at least one error (including an unreadable
 * file): ex is left as after exercise_init().
 */
int exercise_load(struct exercise *ex, const char *path, struct diag_list *diags);

/* The same from a buffer (need not be NUL-terminated); name is only used as
 * ex->path. */
int exercise_load_buffer(struct exercise *ex, const char *name, const char *buf, size_t len,
			 struct diag_list *diags);

/*
 * shmgrade's folders of reference solutions that no build or run may see,
 * even where they lie inside a system folder it does see (a checkout under
 * /usr/local/src): "reference" next to the running binary and next to the
 * exercise's folder, when they exist. Puts malloc'ed absolute paths in
 * out[0..1]; returns how many.
 */
size_t exercise_private_dirs(const struct exercise *ex, char *out[2]);

/* Free an array of n owned strings and the array (NULL is fine). */
void strv_free(char **v, size_t n);

/* Look things up by name; -1 when absent. */
long exercise_prog_find(const struct exercise *ex, const char *name);
long exercise_run_find(const struct exercise *ex, const char *id);
long exercise_check_find(const struct exercise *ex, const char *id);

#endif /* GRADERS_EXERCISE_H */
