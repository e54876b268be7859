/*
 * fuzz_yaml.c - libFuzzer target for the exercise loader (tools/fuzz.sh).
 *
 * Each input is loaded as an exercise file. When it loads, every check's
 * rule is also evaluated over an empty run record and an empty build, so
 * fuzzed parameters reach the rules too. Diagnostics are formatted (that
 * code runs on every bad file a user writes). Everything is released:
 * LeakSanitizer turns a forgotten free into a failure.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "graders/diag.h"
#include "graders/exercise.h"
#include "graders/rules.h"
#include "harness/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_rules(const struct exercise *ex)
{
	struct run_record rec;
	struct build_result build = { .attempted = true, .ok = true };
	struct rule_run run = { .rec = &rec, .spec = &ex->runs[0], .dir = NULL };
	struct rule_ctx ctx = { .ex = ex, .build = &build, .runs = &run, .nruns = 1 };
	struct rule_result res;
	size_t i;

	record_init(&rec);
	for (i = 0; i < ex->nchecks; i++) {
		rule_result_init(&res);
		(void)rule_evaluate(&ctx, &ex->checks[i].params, &res);
		rule_result_release(&res);
	}
	record_release(&rec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct exercise ex;
	struct diag_list d;
	size_t i;

	diag_init(&d, "fuzz.yaml");
	if (exercise_load_buffer(&ex, "fuzz.yaml", (const char *)data, size, &d) == 0) {
		fuzz_rules(&ex);
		exercise_release(&ex);
	}
	for (i = 0; i < d.n; i++)
		free(diag_format(&d, i));
	diag_release(&d);
	return 0;
}
