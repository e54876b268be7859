/*
 * rules_util.h - what every rule family (rules_*.c) uses: walking the run
 * records of a context, the result's messages, parameter shortcuts and
 * text for evidence. It brings the other shared helpers with it, one
 * concern a file: rules_proc.h (the roles of processes), rules_event.h
 * (events: what, when, which arguments), rules_select.h (matching events
 * against selectors and args maps), rules_attach.h (following attachments
 * across fork and exec).
 *
 * Everything here copes with empty records: zero processes, no events, no
 * outputs. Pointers returned point into the record (valid while it is).
 */
#ifndef GRADERS_RULES_UTIL_H
#define GRADERS_RULES_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/rules/rules.h"
#include "graders/rules/rules_attach.h"
#include "graders/rules/rules_event.h"
#include "graders/rules/rules_proc.h"
#include "graders/rules/rules_select.h"

/*
 * Call fn on every run of ctx; PASS when every one passes. The first run
 * that does not pass gives the verdict and its message, prefixed with the
 * run's id and repetition when there are several. A record whose status is
 * RUN_INTERNAL_ERROR is an ERROR without calling fn; no run at all is an
 * ERROR too (the check pipeline gave the rule nothing to look at).
 */
enum rule_verdict rules_each_run(const struct rule_ctx *ctx, const struct rule_params *p,
				 struct rule_result *out, rule_run_fn fn);

/* Prepend a prefix to both messages (es, en: printf formats, same args). */
void rules_result_prefix(struct rule_result *r, const char *es, const char *en, ...)
	__attribute__((format(printf, 3, 4)));
/* The same, after what r says. */
void rules_result_suffix(struct rule_result *r, const char *es, const char *en, ...)
	__attribute__((format(printf, 3, 4)));

/* Parameter shortcuts: the value, or dflt when the parameter is unset. */
long long rules_int(const struct rule_params *p, const char *name, long long dflt);
bool rules_bool(const struct rule_params *p, const char *name, bool dflt);
const char *rules_str(const struct rule_params *p, const char *name);
bool rules_set(const struct rule_params *p, const char *name);

/* At most max characters of s on one line (newlines as \n, cut with
 * "..."); malloc'ed. */
char *rules_snippet(const char *s, size_t max);

/* "SIGSEGV" (or "signal 42") into buf. */
const char *rules_signal_name(int sig, char buf[32]);

/* Whether s (a number in its own text) parses fully as a long long. */
bool rules_parse_ll(const char *s, long long *out);

#endif /* GRADERS_RULES_UTIL_H */
