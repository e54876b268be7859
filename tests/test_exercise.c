/*
 * test_exercise.c - the exercise model and its YAML loader: the golden table
 * of malformed files (tests/yaml/bad/NN-what.yaml, each with the message and
 * position it must produce), the good files, every field of the example
 * exercise, keys, files, the compiler's argv, languages, diagnostics.
 *
 * The tests read files relative to the repository root (as `make check`
 * runs them); SHMGRADE_SRCDIR overrides that.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graders/load/diag.h"
#include "graders/load/exercise.h"
#include "graders/rules/rules.h"
#include "graders/load/ynode.h"

/* A path under the source tree (static buffer: one at a time). */
static const char *te_path(const char *rel)
{
	static char buf[4096];
	const char *src = getenv("SHMGRADE_SRCDIR");

	snprintf(buf, sizeof(buf), "%s/%s", src ? src : ".", rel);
	return buf;
}

/* ---- the golden table of malformed files ----------------------------------------- */

struct te_bad {
	const char *file; /* under tests/yaml/bad/ */
	int line, col;	  /* 0, 0: "the file as a whole" */
	const char *msg;  /* one of the errors, exactly */
};

static const struct te_bad te_bad_table[] = {
	{ "01-empty", 0, 0, "the file is empty" },
	{ "02-syntax", 2, 6,
	  "yaml syntax error: did not find expected ',' or ']' while parsing a flow sequence" },
	{ "03-not-a-map", 1, 1, "the exercise must be a map, not a list" },
	{ "04-unknown-key", 3, 1, "unknown key 'pionts' in the exercise (did you mean 'points'?)" },
	{ "05-missing-title", 1, 1, "the exercise is missing required key 'title'" },
	{ "06-points-type", 3, 9, "'points' must be a number, not 'ten'" },
	{ "07-points-sum", 3, 9, "the checks' points add up to 3, but 'points' says 10" },
	{ "08-unknown-rule", 7, 41,
	  "unknown rule 'segment_create' (did you mean 'segment_created'?)" },
	{ "09-bad-regex", 11, 33, "bad regex in 'value': unmatched ( or \\(" },
	{ "10-duplicate-check", 7, 10, "duplicate check id 'c1' (first at line 6)" },
	{ "11-requires-unknown", 7, 62,
	  "'requires' names unknown check 'compile' (did you mean 'compiles'?)" },
	{ "12-requires-cycle", 6, 5, "'requires' makes a cycle: a -> b -> a" },
	{ "13-unknown-param", 11, 12,
	  "rule 'segment_created' has no parameter 'sise' (did you mean 'size'?)" },
	{ "14-missing-param", 10, 11, "rule 'max_nattch' needs parameter 'at_least'" },
	{ "15-bad-mode", 11, 18, "'mode' must be octal permission bits like 0600, not '0999'" },
	{ "16-bad-key", 11, 17, "'key': a ftok key is written ftok(file, 65) or ftok(file, 'A')" },
	{ "17-bool", 7, 59, "'hidden' must be true or false, not 'yes'" },
	{ "18-duplicate-key", 10, 5, "duplicate key 'points' (first at line 9)" },
	{ "19-alias", 6, 21, "aliases (*t) are not supported: write the value again" },
	{ "20-unknown-program", 9, 14, "unknown program 'lector'" },
	{ "21-runs-empty", 4, 7, "'runs' must not be empty" },
	{ "22-unknown-run", 7, 57, "'runs' names unknown run 'r2'" },
	{ "23-bad-enum", 11, 33, "'stream': unknown value 'stdrr' (did you mean 'stderr'?)" },
	{ "24-number-value", 11, 34,
	  "'value' must be a number when 'match' is number, not 'cinco'" },
	{ "25-pattern-field", 11, 21,
	  "'pattern' names unknown field 'natch' (did you mean 'nattch'?)" },
	{ "26-title-language", 2, 19, "unknown key 'fr' in 'title' (did you mean 'es'?)" },
	{ "27-private-precondition", 6, 15,
	  "a precondition needs a real key: the program could never find an IPC_PRIVATE object" },
	{ "28-ftok-file-missing", 7, 15, "ftok file 'clave.txt' is not among the run's 'files'" },
	{ "29-first-concurrent", 6, 9, "the first program cannot be 'concurrent' (with what?)" },
	{ "30-repeat-range", 5, 13, "'repeat' must be from 1 to 1000, not 0" },
	{ "31-sources-and-programs", 6, 13,
	  "give either 'sources' (one program) or 'programs', not both" },
	{ "32-shorthand-mixed", 5, 11,
	  "'args' goes inside each item of 'programs' when the run lists them" },
	{ "33-two-documents", 7, 1, "only one YAML document per file" },
	{ "34-requires-self", 7, 62, "check 'c1' requires itself" },
	{ "35-errno-result", 11, 49,
	  "'errno' means the call failed: 'result' must be error (or left out)" },
	{ "36-bad-id", 1, 5,
	  "'id' 'mi ejercicio' may use only letters, digits, '_', '.' and '-' (at most 64)" },
	{ "37-timeout-range", 4, 19, "'timeout' must be from 0.1 to 600, not 0" },
	{ "38-too-deep", 7, 39, "values nested more than 32 deep" },
	{ "39-tab-indent", 5, 1,
	  "yaml syntax error: found character that cannot start any token while scanning for the next token" },
	{ "40-unknown-call", 12, 21, "'call': unknown value 'shmdet' (did you mean 'shmget'?)" },
	{ "41-missing-checks", 1, 1, "the exercise is missing required key 'checks'" },
	{ "42-check-missing-rule", 7, 5, "check is missing required key 'rule'" },
	{ "43-with-not-map", 7, 60, "'with' must be a map of parameters, not a single value" },
	{ "44-int-range", 7, 68, "'value' must be from 0 to 255, not 256" },
	{ "45-file-path", 5, 13,
	  "file 'path' must be a plain file name (no '/', not starting with '.'), not '../etc/passwd'" },
	{ "47-ftok-param-file", 13, 17,
	  "ftok file 'clave.txt' is not among the 'files' of run 'r2'" },
	{ "48-file-empty-path", 6, 16, "file 'path' must not be empty" },
	{ "60-precondition-values-kind", 6, 43, "'values' goes with a precondition of kind sem" },
	{ "61-semaphore-sequence", 6, 73,
	  "'sequence' must be operations like \"P0 V1\": P (down), V (up) or Z (wait for zero), "
	  "each with its semaphore number" },
	{ "62-value-after-missing", 6, 81, "'when: after' needs 'after', the event to look after" },
	{ "63-needs-unknown", 5, 21,
	  "'needs': unknown value 'fresh_namespaces' (did you mean 'fresh_namespace'?)" },
	/* Selectors checked against their call (issue 15): nothing may silently
	 * never match. */
	{ "sel-01-arg-name", 13, 33,
	  "'args': shmget has no argument 'shmflag' (did you mean 'shmflg'?)" },
	{ "sel-02-arg-flag", 13, 41,
	  "'args': 'IPC_CRAET' is not a flag of shmget's 'shmflg' (did you mean 'IPC_CREAT'?)" },
	{ "sel-03-arg-cmd", 15, 40,
	  "'args': 'IPC_STATT' is not a command of shmctl (did you mean 'IPC_STAT'?)" },
	{ "sel-04-arg-mtyp", 13, 33,
	  "'args': msgsnd has no argument 'mtyp' (did you mean 'mtype'?)" },
	{ "sel-05-arg-key", 13, 38,
	  "'args': semget's 'key': a key is IPC_PRIVATE, a 32-bit number (4660, 0x1234) or ftok(file, 65) (did you mean 'IPC_PRIVATE'?)" },
	{ "sel-06-arg-number", 13, 39, "'args': shmget's 'size' must be a number, not '4 KiB'" },
	{ "sel-07-arg-other-flag", 13, 40,
	  "'args': 'IPC_CREAT' is not a flag of shmat's 'shmflg' (its flags: SHM_RDONLY, SHM_RND, SHM_REMAP, SHM_EXEC)" },
	{ "sel-08-errno", 13, 33, "'errno': unknown errno 'EEXISTS' (did you mean 'EEXIST'?)" },
	{ "sel-09-sem-cmd", 13, 38,
	  "'args': 'SETVALL' is not a command of semctl (did you mean 'SETVAL'?)" },
	{ "sel-10-msg-flag", 13, 41,
	  "'args': 'MSG_EXCEP' is not a flag of msgrcv's 'msgflg' (did you mean 'MSG_EXCEPT'?)" },
	{ "sel-11-perm", 13, 41,
	  "'args': msgget's 'msgflg' takes flag names and octal permission bits like 0600, not '0999'" },
	{ "sel-12-fork-args", 13, 31, "'args': fork has no arguments a selector can match" },
	{ "sel-13-arg-ftok-file", 13, 38,
	  "ftok file 'otro.txt' is not among the 'files' of run 'r1'" },
	{ "sel-14-arg-id", 13, 39,
	  "'args': shmat's 'shmid' must be an id (a number, or precondition), not 'IPC_PRIVATE'" },
	{ "sel-15-sem-flg", 14, 56,
	  "'args': 'SEM_UNDOO' is not a flag of semop's 'sem_flg' (did you mean 'SEM_UNDO'?)" },
	{ "sel-16-selector-errno", 14, 36,
	  "'errno': unknown errno 'ENOMSGG' (did you mean 'ENOMSG'?)" },
};

#define TE_NBAD (sizeof(te_bad_table) / sizeof(te_bad_table[0]))

/* Load rel; return the load's result, the list in *d (caller releases). */
static int te_load(struct exercise *ex, const char *rel, struct diag_list *d)
{
	const char *path = te_path(rel);

	diag_init(d, path);
	return exercise_load(ex, path, d);
}

static bool te_has(const struct diag_list *d, int line, int col, const char *msg)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].line == line && d->v[i].col == col && !strcmp(d->v[i].msg, msg))
			return true;
	return false;
}

static char *te_dump(const struct diag_list *d)
{
	static char buf[8192];
	size_t i, len = 0;
	char *s;

	buf[0] = '\0';
	for (i = 0; i < d->n && len < sizeof(buf) - 1; i++) {
		s = diag_format(d, i);
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "\n  %s", s);
		free(s);
	}
	return buf;
}

START_TEST(test_bad_golden)
{
	const struct te_bad *b = &te_bad_table[_i];
	struct exercise ex;
	struct diag_list d;
	char rel[256];

	snprintf(rel, sizeof(rel), "tests/yaml/bad/%s.yaml", b->file);
	ck_assert_int_eq(te_load(&ex, rel, &d), -1);
	ck_assert_uint_ge(d.errors, 1);
	ck_assert_msg(te_has(&d, b->line, b->col, b->msg), "%s: want %d:%d: %s; got:%s", b->file,
		      b->line, b->col, b->msg, te_dump(&d));
	/* A failed load leaves nothing behind. */
	ck_assert_ptr_null(ex.checks);
	ck_assert_ptr_null(ex.id);
	ck_assert_uint_eq(ex.nruns, 0);
	diag_release(&d);
}
END_TEST

/* The table has 25+ entries, each a file, and every file of tests/yaml/bad/
 * is in the table (46-many-errors has a test of its own). */
START_TEST(test_bad_table_complete)
{
	struct dirent *e;
	size_t i, len;
	char rel[256];
	bool found;
	DIR *dir;

	ck_assert_uint_ge(TE_NBAD, 25);
	for (i = 0; i < TE_NBAD; i++) {
		snprintf(rel, sizeof(rel), "tests/yaml/bad/%s.yaml", te_bad_table[i].file);
		ck_assert_msg(access(te_path(rel), R_OK) == 0, "%s is missing", rel);
	}
	dir = opendir(te_path("tests/yaml/bad"));
	ck_assert_ptr_nonnull(dir);
	while ((e = readdir(dir))) {
		len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") ||
		    !strcmp(e->d_name, "46-many-errors.yaml"))
			continue;
		for (found = false, i = 0; i < TE_NBAD && !found; i++)
			found = strlen(te_bad_table[i].file) == len - 5 &&
				!strncmp(te_bad_table[i].file, e->d_name, len - 5);
		ck_assert_msg(found, "tests/yaml/bad/%s has no entry in te_bad_table", e->d_name);
	}
	closedir(dir);
}
END_TEST

/* All problems at once, in order of position. */
START_TEST(test_all_at_once)
{
	struct exercise ex;
	struct diag_list d;
	size_t i;

	ck_assert_int_eq(te_load(&ex, "tests/yaml/bad/46-many-errors.yaml", &d), -1);
	ck_assert_msg(d.errors >= 8, "only %u errors:%s", d.errors, te_dump(&d));
	ck_assert(
		te_has(&d, 3, 1, "unknown key 'pionts' in the exercise (did you mean 'points'?)"));
	ck_assert(te_has(&d, 6, 5, "unknown key 'stdinn' in run (did you mean 'stdin'?)"));
	ck_assert(te_has(&d, 11, 11,
			 "unknown rule 'segment_create' (did you mean 'segment_created'?)"));
	ck_assert(te_has(&d, 12, 9, "duplicate check id 'c1' (first at line 8)"));
	ck_assert(te_has(&d, 16, 19, "bad regex in 'value': unmatched ( or \\("));
	ck_assert(te_has(&d, 17, 16, "'requires' names unknown check 'c3' (did you mean 'c1'?)"));
	ck_assert(te_has(&d, 18, 5, "'requires' makes a cycle: c4 -> c5 -> c4"));
	ck_assert(
		te_has(&d, 30, 21, "'pattern' names unknown field 'sise' (did you mean 'size'?)"));
	ck_assert_uint_eq(d.warnings, 1);
	for (i = 1; i < d.n; i++)
		ck_assert(d.v[i - 1].line < d.v[i].line ||
			  (d.v[i - 1].line == d.v[i].line && d.v[i - 1].col <= d.v[i].col) ||
			  d.v[i - 1].line == 0);
	diag_release(&d);
}
END_TEST

START_TEST(test_missing_file)
{
	struct exercise ex;
	struct diag_list d;

	ck_assert_int_eq(te_load(&ex, "tests/yaml/bad/no-such-file.yaml", &d), -1);
	ck_assert(te_has(&d, 0, 0, "cannot open: No such file or directory"));
	diag_release(&d);
}
END_TEST

/* ---- good files ------------------------------------------------------------------ */

static const char *const te_good[] = {
	"exercises/shm-01-private.yaml",	"tests/yaml/good/writer-reader.yaml",
	"tests/yaml/good/minimal.yaml",		"tests/yaml/good/every-rule.yaml",
	"tests/yaml/good/private-example.yaml", "tests/yaml/good/limits.yaml",
	"tests/yaml/good/selectors.yaml",
};

START_TEST(test_good_files)
{
	struct exercise ex;
	struct diag_list d;
	int r = te_load(&ex, te_good[_i], &d);

	ck_assert_msg(r == 0, "%s:%s", te_good[_i], te_dump(&d));
	ck_assert_msg(d.n == 0, "%s has warnings:%s", te_good[_i], te_dump(&d));
	ck_assert_uint_ge(ex.nchecks, 1);
	ck_assert_uint_ge(ex.nruns, 1);
	ck_assert_uint_ge(ex.nprogs, 1);
	exercise_release(&ex);
	ck_assert_ptr_null(ex.checks);
	diag_release(&d);
}
END_TEST

/* Every limit key, and the YAML's 0 ("none") for memlock and shm_segments. */
START_TEST(test_limits_model)
{
	struct exercise ex;
	struct diag_list d;

	ck_assert_int_eq(te_load(&ex, "tests/yaml/good/limits.yaml", &d), 0);
	ck_assert_uint_eq(ex.nruns, 2);
	ck_assert(ex.runs[0].limits.timeout_s == 2);
	ck_assert_uint_eq(ex.runs[0].limits.memory_mib, 64);
	ck_assert_uint_eq(ex.runs[0].limits.processes, 8);
	ck_assert_uint_eq(ex.runs[0].limits.output_kib, 16);
	ck_assert_int_eq(ex.runs[0].limits.memlock_kib, -1);
	ck_assert_int_eq(ex.runs[0].limits.shm_segments, 3);
	ck_assert_int_eq(ex.runs[1].limits.memlock_kib, 64);
	ck_assert_int_eq(ex.runs[1].limits.shm_segments, -1);
	ck_assert_uint_eq(ex.runs[1].limits.memory_mib, 64); /* from the top level */
	ck_assert_uint_eq(ex.runs[0].limits.disk_mib, 20);
	ck_assert_uint_eq(ex.runs[1].limits.disk_mib, 300);
	exercise_release(&ex);
	diag_release(&d);
}
END_TEST

START_TEST(test_example_model)
{
	struct exercise ex;
	struct diag_list d;
	const struct exercise_check *c;
	const struct param_value *v;
	static const char *const argv_want[] = { "gcc",	  "-std=c11", "-Wall",	  "-O1",
						 "shm.c", "-o",	      "out/prog", "-lpthread" };
	char *srcs[] = { "shm.c", "shm.h" };
	char **argv;
	size_t i;

	ck_assert_int_eq(te_load(&ex, "tests/yaml/good/private-example.yaml", &d), 0);
	ck_assert_str_eq(ex.id, "private-example");
	ck_assert_str_eq(ltext_get(&ex.title, LANG_EN), "Create, use and remove a private segment");
	ck_assert_str_eq(ltext_get(&ex.title, LANG_ES),
			 "Crear, usar y eliminar un segmento privado");
	ck_assert(strstr(ltext_get(&ex.description, LANG_ES), "IPC_RMID") != NULL);
	ck_assert(ex.points == 10);
	ck_assert_uint_eq(ex.nprogs, 1);
	ck_assert_str_eq(ex.progs[0].name, "prog");
	ck_assert_uint_eq(ex.progs[0].nsources, 1);
	ck_assert_str_eq(ex.progs[0].sources[0], "shm.c");
	ck_assert_str_eq(ex.build.compiler, "gcc");
	ck_assert(ex.build.timeout_s == 60);
	ck_assert(!ex.build.binary);
	argv = exercise_build_argv(&ex, srcs, 2, "out/prog"); /* the header is not compiled */
	for (i = 0; i < 8; i++)
		ck_assert_str_eq(argv[i], argv_want[i]);
	ck_assert_ptr_null(argv[8]);
	exercise_argv_free(argv);

	ck_assert_uint_eq(ex.nruns, 1);
	ck_assert_str_eq(ex.runs[0].id, "basic");
	ck_assert_uint_eq(ex.runs[0].nprograms, 1);
	ck_assert_uint_eq(ex.runs[0].programs[0].prog, 0);
	ck_assert_uint_eq(ex.runs[0].programs[0].nargs, 0);
	ck_assert_ptr_null(ex.runs[0].programs[0].stdin_text);
	ck_assert(ex.runs[0].limits.timeout_s == 5);
	ck_assert_uint_eq(ex.runs[0].limits.memory_mib, 256);
	ck_assert_uint_eq(ex.runs[0].limits.processes, 64);    /* harness default */
	ck_assert_uint_eq(ex.runs[0].limits.output_kib, 1024); /* harness default */
	ck_assert_uint_eq(ex.runs[0].repeat, 1);

	ck_assert_uint_eq(ex.nchecks, 7);
	ck_assert_str_eq(ex.checks[ex.order[0]].id, "compiles");
	c = &ex.checks[exercise_check_find(&ex, "creates")];
	ck_assert_str_eq(c->rule->name, "segment_created");
	ck_assert(c->points == 2);
	ck_assert_uint_eq(c->nrequires, 1);
	ck_assert_str_eq(ex.checks[c->requires[0]].id, "compiles");
	ck_assert_uint_eq(c->nruns, 0);
	ck_assert(exercise_check_uses_run(c, 0));
	v = rule_param(&c->params, "size");
	ck_assert(v->set && v->i == 4096);
	ck_assert_int_eq(v->mark.line, 65);
	v = rule_param(&c->params, "mode");
	ck_assert(v->set && v->i == 0600);
	v = rule_param(&c->params, "key");
	ck_assert(v->set && v->key.kind == KEY_PRIVATE);
	ck_assert(!rule_param(&c->params, "at_least")->mark.line); /* a default */
	ck_assert(strstr(ltext_get(&c->fail, LANG_EN), "IPC_CREAT") != NULL);
	ck_assert(ltext_empty(&c->pass));
	c = &ex.checks[exercise_check_find(&ex, "no-leaks")];
	ck_assert(c->hidden && c->points == 0);
	c = &ex.checks[exercise_check_find(&ex, "runs-cleanly")];
	ck_assert_int_eq(rule_param(&c->params, "value")->i, 0);
	ck_assert(!rule_param(&c->params, "program")->set);
	exercise_release(&ex);
	diag_release(&d);
}
END_TEST

START_TEST(test_writer_reader_model)
{
	struct exercise ex;
	struct diag_list d;
	const struct exercise_run *r;
	const struct exercise_check *c;
	const struct param_value *v;

	ck_assert_int_eq(te_load(&ex, "tests/yaml/good/writer-reader.yaml", &d), 0);
	ck_assert_uint_eq(ex.nprogs, 2);
	ck_assert_str_eq(ex.progs[1].name, "reader");
	ck_assert_uint_eq(ex.progs[1].nsources, 2);
	ck_assert_uint_eq(ex.build.nflags, 4);
	ck_assert(ex.build.timeout_s == 30);
	ck_assert_str_eq(ltext_get(&ex.description, LANG_EN), ltext_get(&ex.description, LANG_ES));

	r = &ex.runs[exercise_run_find(&ex, "together")];
	ck_assert_uint_eq(r->nprograms, 2);
	ck_assert_uint_eq(r->programs[0].prog, 0);
	ck_assert_uint_eq(r->programs[1].prog, 1);
	ck_assert_uint_eq(r->programs[0].nargs, 2);
	ck_assert_str_eq(r->programs[0].args[1], "42");
	ck_assert_uint_eq(r->programs[0].nenv, 2);
	ck_assert_str_eq(r->programs[0].env[0], "GREETING=hola");
	ck_assert_str_eq(r->programs[0].env[1], "EMPTY=");
	ck_assert(!r->programs[0].concurrent);
	ck_assert(r->programs[1].concurrent && r->programs[1].delay_ms == 200);
	ck_assert_str_eq(r->programs[1].stdin_text, "1\n2\n");
	ck_assert_uint_eq(r->nfiles, 2);
	ck_assert_str_eq(r->files[0].path, "clave.txt");
	ck_assert_str_eq(r->files[0].content, "ftok needs me\n");
	ck_assert_str_eq(r->files[1].content, "");
	ck_assert_uint_eq(r->files[1].mode, 0644);
	ck_assert_uint_eq(r->repeat, 3);
	ck_assert(r->limits.timeout_s == 8);
	ck_assert_uint_eq(r->limits.memory_mib, 128);
	ck_assert_uint_eq(r->limits.output_kib, 64);

	r = &ex.runs[exercise_run_find(&ex, "exists")];
	ck_assert_uint_eq(r->npre, 3);
	ck_assert_int_eq(r->pre[0].kind, IPC_KIND_SHM);
	ck_assert_int_eq(r->pre[0].key.kind, KEY_FTOK);
	ck_assert_int_eq(r->pre[0].key.proj_id, 'A');
	ck_assert_uint_eq(r->pre[0].size, 100);
	ck_assert_int_eq(r->pre[1].kind, IPC_KIND_SEM);
	ck_assert_uint_eq(r->pre[1].size, 1);
	ck_assert_int_eq(r->pre[1].key.value, 0x1234);
	ck_assert_int_eq(r->pre[2].kind, IPC_KIND_MSG);
	ck_assert_uint_eq(r->pre[2].mode, 0640);
	ck_assert_uint_eq(r->programs[0].prog, 0);

	c = &ex.checks[exercise_check_find(&ex, "created")];
	ck_assert_uint_eq(c->nruns, 1);
	ck_assert(exercise_check_uses_run(c, 0) && !exercise_check_uses_run(c, 1));
	v = rule_param(&c->params, "key");
	ck_assert_int_eq(v->key.kind, KEY_FTOK);
	ck_assert_str_eq(v->key.path, "clave.txt");
	ck_assert_int_eq(v->key.proj_id, 65);
	c = &ex.checks[exercise_check_find(&ex, "order")];
	v = rule_param(&c->params, "first");
	ck_assert_int_eq(v->ev->call, CALL_SHMDT);
	ck_assert_int_eq(v->ev->who, WHO_CHILD);
	ck_assert_int_eq(v->ev->which, 1);
	v = rule_param(&c->params, "then");
	ck_assert_int_eq(v->ev->call, CALL_SHMCTL);
	ck_assert_uint_eq(v->ev->nargs, 1);
	ck_assert_str_eq(v->ev->args[0].name, "cmd");
	ck_assert_str_eq(v->ev->args[0].value, "IPC_RMID");
	ck_assert_int_eq(v->ev->which, -1);
	ck_assert_int_eq(v->ev->result, SEL_OK);
	c = &ex.checks[exercise_check_find(&ex, "excl")];
	ck_assert_str_eq(rule_param(&c->params, "errno")->s, "EEXIST");
	c = &ex.checks[exercise_check_find(&ex, "printed")];
	ck_assert(c->hidden);
	ck_assert_str_eq(ltext_get(&c->pass, LANG_EN), "Bien");
	ck_assert_str_eq(ltext_get(&c->fail, LANG_EN), "Wrong");
	ck_assert_str_eq(ex.checks[c->requires[0]].id, "stat");
	exercise_release(&ex);
	diag_release(&d);
}
END_TEST

/* A text in one language only loads, with a warning, and both get it. */
START_TEST(test_one_language_warns)
{
	static const char y[] = "id: w\ntitle: {es: Hola}\npoints: 0\nruns: [{}]\n"
				"checks: [{id: c, title: C, points: 0, rule: compiles}]\n";
	struct exercise ex;
	struct diag_list d;

	diag_init(&d, "w.yaml");
	ck_assert_int_eq(exercise_load_buffer(&ex, "w.yaml", y, sizeof(y) - 1, &d), 0);
	ck_assert_uint_eq(d.errors, 0);
	ck_assert_uint_eq(d.warnings, 1);
	ck_assert(te_has(&d, 2, 8, "'title' has no 'en' text; the 'es' one is used"));
	ck_assert_str_eq(ltext_get(&ex.title, LANG_EN), "Hola");
	exercise_release(&ex);
	diag_release(&d);
}
END_TEST

/* submission: binaries and makefile; data: a folder next to the file. */
START_TEST(test_submission_integrity_keys)
{
	static const char ok[] = "id: w\ntitle: W\npoints: 0\nruns: [{}]\n"
				 "submission: {binaries: allow, makefile: forbid}\ndata: yaml\n"
				 "checks: [{id: c, title: C, points: 0, rule: compiles}]\n";
	static const char bad[] = "id: w\ntitle: W\npoints: 0\nruns: [{}]\n"
				  "submission: {binaries: maybe, makefile: never}\ndata: nothere\n"
				  "checks: [{id: c, title: C, points: 0, rule: compiles}]\n";
	struct exercise ex;
	struct diag_list d;

	diag_init(&d, "tests/w.yaml");
	ck_assert_int_eq(exercise_load_buffer(&ex, "tests/w.yaml", ok, sizeof(ok) - 1, &d), 0);
	ck_assert(ex.build.binary);
	ck_assert(ex.build.makefile_forbidden);
	ck_assert_ptr_nonnull(ex.data_dir);
	ck_assert(strstr(ex.data_dir, "/tests/yaml") != NULL && ex.data_dir[0] == '/');
	exercise_release(&ex);
	diag_release(&d);

	diag_init(&d, "tests/w.yaml");
	ck_assert_int_eq(exercise_load_buffer(&ex, "tests/w.yaml", bad, sizeof(bad) - 1, &d), -1);
	ck_assert_uint_eq(d.errors, 3);
	ck_assert_msg(te_has(&d, 6, 7, "'data' must name a folder, not 'nothere'"), "%s",
		      te_dump(&d));
	diag_release(&d);
}
END_TEST

/* ---- keys, files, languages, diagnostics ------------------------------------------ */

struct te_key {
	const char *text;
	int ok;
	enum key_kind kind;
	long long value;
	const char *path;
	int id;
};

static const struct te_key te_keys[] = {
	{ "IPC_PRIVATE", 1, KEY_PRIVATE, 0, NULL, 0 },
	{ "0", 1, KEY_PRIVATE, 0, NULL, 0 },
	{ "4660", 1, KEY_LITERAL, 4660, NULL, 0 },
	{ "0x1234", 1, KEY_LITERAL, 0x1234, NULL, 0 },
	{ "0xffffffff", 1, KEY_LITERAL, -1, NULL, 0 },
	{ "-5", 1, KEY_LITERAL, -5, NULL, 0 },
	{ "ftok(clave.txt, 65)", 1, KEY_FTOK, 0, "clave.txt", 65 },
	{ "ftok( mi clave.txt ,'A')", 1, KEY_FTOK, 0, "mi clave.txt", 'A' },
	{ "ftok(k, 0x7f)", 1, KEY_FTOK, 0, "k", 0x7f },
	{ "ftok(k, 0)", 0, KEY_UNSET, 0, NULL, 0 },
	{ "ftok(k, 256)", 0, KEY_UNSET, 0, NULL, 0 },
	{ "ftok(/etc/passwd, 1)", 0, KEY_UNSET, 0, NULL, 0 },
	{ "ftok(../x, 1)", 0, KEY_UNSET, 0, NULL, 0 },
	{ "ftok(, 1)", 0, KEY_UNSET, 0, NULL, 0 },
	{ "ftok(k 1)", 0, KEY_UNSET, 0, NULL, 0 },
	{ "ftok(k, 1) x", 0, KEY_UNSET, 0, NULL, 0 },
	{ "0x100000000", 0, KEY_UNSET, 0, NULL, 0 },
	{ "12ab", 0, KEY_UNSET, 0, NULL, 0 },
	{ "private", 0, KEY_UNSET, 0, NULL, 0 },
};

START_TEST(test_key_parse)
{
	const struct te_key *k = &te_keys[_i];
	struct key_spec ks;
	const char *why = NULL;
	int r = key_spec_parse(k->text, &ks, &why);

	ck_assert_msg((r == 0) == k->ok, "%s: %d (%s)", k->text, r, why ? why : "");
	if (r < 0) {
		ck_assert_ptr_nonnull(why);
		ck_assert_ptr_null(ks.path);
		return;
	}
	ck_assert_int_eq(ks.kind, k->kind);
	if (k->kind == KEY_LITERAL)
		ck_assert(key_equal(ks.value, k->value));
	if (k->path) {
		ck_assert_str_eq(ks.path, k->path);
		ck_assert_int_eq(ks.proj_id, k->id);
	}
	key_spec_release(&ks);
}
END_TEST

static char *te_tmpdir(void)
{
	char tmpl[] = "/tmp/shmgrade-test-XXXXXX";
	char *dir = mkdtemp(tmpl);

	ck_assert_ptr_nonnull(dir);
	return strdup(dir);
}

static void te_rmdir(char *dir, const char *const *files)
{
	char path[4096];

	for (; *files; files++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *files);
		unlink(path);
	}
	rmdir(dir);
	free(dir);
}

START_TEST(test_key_resolve_and_files)
{
	static const char *const names[] = { "clave.txt", "x", NULL };
	struct exercise_file files[] = {
		{ .path = "clave.txt", .content = "hola\n", .mode = 0640 },
		{ .path = "x", .content = "", .mode = 0600 },
	};
	struct exercise_run run = { .files = files, .nfiles = 2 };
	struct key_spec ks;
	const char *why;
	char *dir = te_tmpdir(), path[4096], buf[16];
	struct stat st;
	long long key;
	int fd;

	ck_assert_int_eq(exercise_run_files_create(&run, dir), 0);
	snprintf(path, sizeof(path), "%s/clave.txt", dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0640);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(read(fd, buf, sizeof(buf)), 5);
	close(fd);
	ck_assert(!memcmp(buf, "hola\n", 5));

	ck_assert_int_eq(key_spec_parse("ftok(clave.txt, 65)", &ks, &why), 0);
	ck_assert_int_eq(exercise_key_resolve(&ks, dir, &key), 0);
	ck_assert(key_equal(key, ftok(path, 65)));
	errno = 0;
	ck_assert_int_eq(exercise_key_resolve(&ks, NULL, &key), -1);
	ck_assert_int_eq(errno, EINVAL);
	key_spec_release(&ks);
	ck_assert_int_eq(key_spec_parse("ftok(missing.txt, 65)", &ks, &why), 0);
	ck_assert_int_eq(exercise_key_resolve(&ks, dir, &key), -1);
	ck_assert_int_eq(errno, ENOENT);
	key_spec_release(&ks);
	ck_assert_int_eq(key_spec_parse("0x1234", &ks, &why), 0);
	ck_assert_int_eq(exercise_key_resolve(&ks, NULL, &key), 0);
	ck_assert_int_eq(key, 0x1234);
	ck_assert_int_eq(key_spec_parse("IPC_PRIVATE", &ks, &why), 0);
	ck_assert_int_eq(exercise_key_resolve(&ks, NULL, &key), 0);
	ck_assert_int_eq(key, 0);
	te_rmdir(dir, names);
}
END_TEST

START_TEST(test_key_format)
{
	struct key_spec ks;
	const char *why;
	char *s;

	ck_assert_int_eq(key_spec_parse("ftok(k.txt, 'A')", &ks, &why), 0);
	s = key_spec_format(&ks);
	ck_assert_str_eq(s, "ftok(k.txt, 65)");
	free(s);
	key_spec_release(&ks);
	ck_assert_int_eq(key_spec_parse("4660", &ks, &why), 0);
	s = key_spec_format(&ks);
	ck_assert_str_eq(s, "0x00001234");
	free(s);
}
END_TEST

START_TEST(test_lang)
{
	enum lang l = LANG_EN;
	struct ltext t = { { NULL, NULL } };

	ck_assert_int_eq(lang_parse("es_ES.UTF-8", &l), 0);
	ck_assert_int_eq(l, LANG_ES);
	ck_assert_int_eq(lang_parse("en", &l), 0);
	ck_assert_int_eq(l, LANG_EN);
	ck_assert_int_eq(lang_parse("C.UTF-8", &l), 0);
	ck_assert_int_eq(l, LANG_EN);
	ck_assert_int_eq(lang_parse("fr_FR", &l), -1);
	ck_assert_int_eq(lang_parse("esperanto", &l), -1);
	ck_assert_str_eq(lang_name(LANG_ES), "es");
	ck_assert_str_eq(ltext_get(&t, LANG_ES), "");
	ck_assert(ltext_empty(&t));
	t.s[LANG_EN] = "only english";
	ck_assert_str_eq(ltext_get(&t, LANG_ES), "only english");
}
END_TEST

START_TEST(test_diag)
{
	struct diag_list d;
	char *s;
	int i;

	diag_init(&d, "x.yaml");
	diag_error(&d, 5, 2, "second %s", "one");
	diag_warning(&d, 1, 9, "first");
	diag_error(&d, 0, 0, "whole file");
	diag_sort(&d);
	s = diag_format(&d, 0);
	ck_assert_str_eq(s, "x.yaml:1:9: warning: first");
	free(s);
	s = diag_format(&d, 1);
	ck_assert_str_eq(s, "x.yaml:5:2: second one");
	free(s);
	s = diag_format(&d, 2);
	ck_assert_str_eq(s, "x.yaml: whole file");
	free(s);
	ck_assert_uint_eq(d.errors, 2);
	ck_assert_uint_eq(d.warnings, 1);
	for (i = 0; i < 300; i++)
		diag_error(&d, i + 10, 1, "e%d", i);
	ck_assert_uint_eq(d.n, DIAG_MAX + 1);
	ck_assert_uint_eq(d.errors, 302);
	diag_sort(&d);
	ck_assert_str_eq(d.v[d.n - 1].msg, "too many problems; the rest are not shown");
	diag_release(&d);
}
END_TEST

START_TEST(test_suggest)
{
	static const char *const keys[] = { "id", "title", "points", "runs", "checks", NULL };

	ck_assert_str_eq(yaml_suggest("pionts", keys), "points");
	ck_assert_str_eq(yaml_suggest("check", keys), "checks");
	ck_assert_str_eq(yaml_suggest("tittle", keys), "title");
	ck_assert_ptr_null(yaml_suggest("description_long", keys));
	ck_assert_ptr_null(yaml_suggest("zzz", keys));
}
END_TEST

/* Hostile inputs: binary garbage, NUL bytes, huge and deep files. */
START_TEST(test_hostile_buffers)
{
	static const char nul[] = "id: a\0b\ntitle: x\n";
	static const char bin[] = "\xff\xfe\x00\x01\x02id: [";
	struct exercise ex;
	struct diag_list d;
	char *big = malloc(YAML_MAX_BYTES + 10);

	diag_init(&d, "n.yaml");
	ck_assert_int_eq(exercise_load_buffer(&ex, "n.yaml", nul, sizeof(nul) - 1, &d), -1);
	ck_assert_uint_ge(d.errors, 1);
	diag_release(&d);
	diag_init(&d, "b.yaml");
	ck_assert_int_eq(exercise_load_buffer(&ex, "b.yaml", bin, sizeof(bin) - 1, &d), -1);
	diag_release(&d);
	memset(big, '#', YAML_MAX_BYTES + 10);
	diag_init(&d, "big.yaml");
	ck_assert_int_eq(exercise_load_buffer(&ex, "big.yaml", big, YAML_MAX_BYTES + 10, &d), -1);
	ck_assert(te_has(&d, 0, 0, "the file is larger than 1048576 bytes"));
	diag_release(&d);
	free(big);
}
END_TEST

Suite *exercise_suite(void);
Suite *exercise_suite(void)
{
	Suite *s = suite_create("exercise");
	TCase *tc = tcase_create("load");

	tcase_add_loop_test(tc, test_bad_golden, 0, TE_NBAD);
	tcase_add_test(tc, test_bad_table_complete);
	tcase_add_test(tc, test_all_at_once);
	tcase_add_test(tc, test_missing_file);
	tcase_add_loop_test(tc, test_good_files, 0, sizeof(te_good) / sizeof(te_good[0]));
	tcase_add_test(tc, test_example_model);
	tcase_add_test(tc, test_submission_integrity_keys);
	tcase_add_test(tc, test_limits_model);
	tcase_add_test(tc, test_writer_reader_model);
	tcase_add_test(tc, test_one_language_warns);
	tcase_add_test(tc, test_hostile_buffers);
	suite_add_tcase(s, tc);

	tc = tcase_create("model");
	tcase_add_loop_test(tc, test_key_parse, 0, sizeof(te_keys) / sizeof(te_keys[0]));
	tcase_add_test(tc, test_key_resolve_and_files);
	tcase_add_test(tc, test_key_format);
	tcase_add_test(tc, test_lang);
	tcase_add_test(tc, test_diag);
	tcase_add_test(tc, test_suggest);
	suite_add_tcase(s, tc);
	return s;
}
