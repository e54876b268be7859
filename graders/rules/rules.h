/*
 * rules.h - the rule table: every rule a check can name, its parameter
 * schema and its evaluation over run records.
 *
 * A check in an exercise names a rule ("rule: segment_created") and gives
 * its parameters ("with: {size: 4096, mode: 0600}"). The loader validates
 * the parameters against the rule's schema (names, types, required,
 * defaults, plus the rule's own cross-parameter validate hook) and stores
 * them in a struct rule_params (exercise.h). After the runs, the check
 * pipeline calls rule_evaluate() once per check with a rule_ctx holding the
 * build result and the run records that check looks at (every repetition of
 * every run it names), and gets PASS, FAIL or ERROR with a one-line evidence
 * message in Spanish and in English.
 *
 *   PASS  the student's program did what the check asks;
 *   FAIL  it did not (the evidence says what it did instead);
 *   ERROR the grader could not tell: a run broke in the harness
 *         (RUN_INTERNAL_ERROR), no inventory, no build result given, an ftok
 *         key that cannot be resolved. Never scored as the student's fault.
 *
 * Rules that look at runs pass only when they pass on every run record of
 * the context (repeat: N means N records, all must pass); the first failing
 * record's evidence is reported, prefixed with the run's id and repetition.
 * Every rule copes with empty records (no events, no processes, no output):
 * it fails with a message or passes vacuously, never crashes.
 *
 * The rules and their parameters are listed, for authors, in
 * doc/exercise-format.md; `rule_table()` is the source of truth.
 */
#ifndef GRADERS_RULES_H
#define GRADERS_RULES_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "graders/load/exercise.h"
#include "harness/record.h"

enum rule_verdict { RULE_PASS, RULE_FAIL, RULE_ERROR };

/* "pass", "fail", "error". */
const char *rule_verdict_name(enum rule_verdict v);

/* What building the submission gave: the one struct for it, filled by
 * build_run() (struct build's res), kept in the grade (grade.build) and
 * read by the rules and the reporters. */
struct build_result {
	bool attempted;	   /* false: nothing was compiled (binary handed in) */
	bool ok;	   /* every program built */
	unsigned warnings; /* "warning:" lines in the compiler output */
	unsigned errors;   /* "error:" lines */
	char *output;	   /* the compiler's stdout+stderr, owned by the struct
			      holding this one (build_release, grade_release);
			      may be NULL */
};

/* One run record a rule looks at. */
struct rule_run {
	const struct run_record *rec;	 /* never NULL */
	const struct exercise_run *spec; /* the run as the exercise says; may be
					    NULL (then process.program and
					    outputs[k] are taken as program
					    indexes of ex->progs) */
	const char *dir;		 /* the run's working directory, still present; may
					    be NULL */
	const struct file_ident *files;	 /* spec->files as they were before the
				run (ftok keys are computed from them); NULL:
				computed in dir as it is now (unit tests) */
	unsigned repetition;		 /* 0-based, for repeat: N */
};

struct fault_sweep; /* rules_fault.h */

struct rule_ctx {
	const struct exercise *ex;	  /* may be NULL (unit tests) */
	const struct build_result *build; /* NULL: not built (compiles: ERROR) */
	const struct rule_run *runs;	  /* the records the check looks at */
	size_t nruns;
	const char *submission; /* as handed in (a file or a folder), for
				   naming the student's program; may be NULL */
	/* survives_faults: the runs of the fault sweep the check engine made
	 * (NULL: none, the rule is then an ERROR). */
	const struct fault_sweep *sweep;
};

/* The evidence: one line in each language, owned. */
struct rule_result {
	char *msg[LANG_COUNT];
	/* What kind of failure it was, for the exercise's hints: known kind
	 * names (feedback.h), each between spaces (" timeout differs "). */
	char kinds[192];
	/* A FAIL that still earns this share of the check's points (0 < f <
	 * 1; survives_faults: the error paths handled); 0: none. */
	double fraction;
	/* The record it did not pass on, when one is to blame (a rule that
	 * looks at each run); NULL: all of them together, or none. */
	const struct run_record *failed_rec;
};

void rule_result_init(struct rule_result *r);
void rule_result_release(struct rule_result *r);

/* Set both messages (replacing older ones). The two formats take the same
 * arguments in the same order. */
void rule_result_set(struct rule_result *r, const char *es, const char *en, ...)
	__attribute__((format(printf, 3, 4)));

/* Set the message of one language only (when the arguments differ by
 * language, e.g. a word that must be translated). */
void rule_result_setl(struct rule_result *r, enum lang lang, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Note that the failure is of this kind (a name of feedback_kinds[]). */
void rule_result_kind(struct rule_result *r, const char *kind);

/* The message in lang ("" when none). */
const char *rule_result_msg(const struct rule_result *r, enum lang lang);

/* One parameter of a rule's schema. */
struct param_schema {
	const char *name;
	enum param_type type;
	bool required;
	const char *def;	    /* default as YAML text ("0", "stdout",
				       "true"); NULL: unset unless given */
	const char *const *choices; /* PARAM_ENUM: NULL-terminated */
	long long min, max;	    /* PARAM_INT: range; both 0: 0 to 2^40 */
	const char *help;	    /* one line, English, for the docs */
};

typedef enum rule_verdict (*rule_eval_fn)(const struct rule_ctx *ctx, const struct rule_params *p,
					  struct rule_result *out);

/* Evaluate one run record of the context (a rule's each_run). */
typedef enum rule_verdict (*rule_run_fn)(const struct rule_ctx *ctx, const struct rule_run *run,
					 const struct rule_params *p, struct rule_result *out);

/* Cross-parameter checks at load time ("regex requires value"); add errors
 * to d at the parameters' marks (check is the mark of the check). */
typedef void (*rule_validate_fn)(const struct rule_params *p, struct mark check,
				 struct diag_list *d);

struct rule {
	const char *name;    /* as the YAML names it */
	const char *summary; /* one line, English, for the docs */
	const struct param_schema *params;
	size_t nparams;
	rule_eval_fn eval;
	rule_validate_fn validate; /* may be NULL */
	rule_run_fn each_run;	   /* instead of eval: called on every run
				      (rules_each_run() says how) */
};

/* The names a call can be given by (call_made's "call", an event
 * selector's "call"): "shmget" ... "exit", NULL-terminated; the index of a
 * name is its enum ipc_call. "semop" also matches CALL_SEMTIMEDOP events
 * (glibc's semop() is semtimedop()). */
extern const char *const rule_call_choices[];

/* The table, sorted by name; *n gets its length. */
const struct rule *rule_table(size_t *n);

/* The rule called name, or NULL. */
const struct rule *rule_find(const char *name);

/* Index of the parameter name in rule->params, or -1. */
long rule_param_index(const struct rule *rule, const char *name);

/* The value of parameter name. name must be in the rule's schema (a
 * programming error otherwise: abort()). Check ->set for optional ones. */
const struct param_value *rule_param(const struct rule_params *p, const char *name);

/*
 * Evaluate rule p->rule over ctx. Always leaves both messages in out set
 * (a generic one when the rule gave none). out must be rule_result_init()ed;
 * older messages are replaced.
 */
enum rule_verdict rule_evaluate(const struct rule_ctx *ctx, const struct rule_params *p,
				struct rule_result *out);

/*
 * Compile a POSIX extended regex that may name groups as (?<name>...): the
 * names are stripped before regcomp() and names[k] gets the name of group
 * k + 1 (NULL for unnamed groups; at most RULE_MAX_GROUPS groups).
 * Flags: REG_EXTENDED | REG_NEWLINE ('.' stops at newlines, ^ and $ match
 * at every line of an output), and REG_ICASE when icase.
 * Returns 0, or -1 with why[] holding regerror()'s lowercase message (then
 * re needs no regfree). names[] strings are owned by
 * the caller (free each).
 */
#define RULE_MAX_GROUPS 16
int rule_regex_compile(const char *pattern, bool icase, regex_t *re, char *names[RULE_MAX_GROUPS],
		       char *why, size_t whylen);

#endif /* GRADERS_RULES_H */
