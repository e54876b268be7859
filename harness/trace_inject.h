/*
 * trace_inject.h - the tracer's side of fault injection (inject.h): count
 * the calls each injection is about, find call sites, decide which call
 * fails. Tracer internals: only trace*.c include it.
 */
#ifndef HARNESS_TRACE_INJECT_H
#define HARNESS_TRACE_INJECT_H

#include <stdbool.h>
#include <sys/types.h>

#include "harness/decode.h"
#include "harness/trace_proc.h"

/* Whether the tracer must find the call site of IPC calls (an injection
 * names one, or the caller asked for sites: cfg.sites). */
bool trace_inject_wants_sites(const struct trace *t);

/*
 * At the entry of the call of ev (decoded; sp the task's stack pointer):
 * note its call site when wanted, count it for every injection about its
 * call, and say whether it must fail: true with *err set and
 * ev->injected = true. The caller then skips the call.
 */
bool trace_inject_pick(struct trace *t, const struct trace_task *task, struct event *ev,
		       unsigned long long sp, decode_read_fn rd, void *ctx, int *err);

/* The process tgid ran execve: its executable's mappings changed. */
void trace_inject_forget(struct trace *t, pid_t tgid);

/* Free the tracer's injection state (trace_free). */
void trace_inject_free(struct trace *t);

#endif /* HARNESS_TRACE_INJECT_H */
