/*
 * engine_sweep.h - the fault sweep of the grading engine (rule
 * survives_faults, rules_fault.h): the program run again once per IPC call
 * site of a normal run, that call failed on purpose each time.
 *
 * The runs reuse the build and the normal run's spec (files,
 * preconditions, programs, limits, its own inject:), each in a directory of
 * its own, several at once: each in a worker process (harness_run() is one
 * per process) that judges its record (rules_fault_judge) and sends the verdict
 * back through a pipe. Engine internals: engine.c calls it.
 */
#ifndef GRADERS_ENGINE_SWEEP_H
#define GRADERS_ENGINE_SWEEP_H

#include <stddef.h>

#include "graders/engine/engine.h"
#include "graders/engine/build.h"
#include "graders/rules/rules_fault.h"

/* What the sweep needs of the grading engine's job (engine.c). */
struct engine_job;

/* A run's spec and what it owns (engine_spec_prepare / _release). */
struct engine_spec {
	struct run_spec spec;
	struct run_precondition *pre;
	struct run_program *progs;
	size_t nprogs;
	char *hide[2];
	struct run_inject inject[INJECT_MAX];
};

/* engine.c: the spec of run ri in dir, its files and preconditions made
 * there; tag names its stdin files. Returns 0, or -1 with a message in
 * rec. Release es either way. */
int engine_spec_prepare(struct engine_job *j, size_t ri, const char *dir, const char *tag,
			struct engine_spec *es, struct run_record *rec);
void engine_spec_release(struct engine_spec *es);

/* engine.c: the job's exercise, build, work directory, submission. */
const struct exercise *engine_job_exercise(const struct engine_job *j);
const struct build_result *engine_job_build(const struct engine_job *j);
const char *engine_job_root(const struct engine_job *j);
const char *engine_job_submission(const struct engine_job *j);

/*
 * Sweep check ci (rule survives_faults) over base, the first record it
 * looks at (made with sites noted), of run ri. Fills out (released by the
 * caller with rules_fault_sweep_release); a failure of ours is out->error.
 */
void engine_sweep(struct engine_job *j, size_t ci, size_t ri, const struct rule_run *base,
		  struct fault_sweep *out);

#endif /* GRADERS_ENGINE_SWEEP_H */
