/*
 * sandbox_probe.h - whether this host lets the sandbox (sandbox.h) make its
 * namespaces: namespace mode or fallback (run.c asks once per process).
 */
#ifndef HARNESS_SANDBOX_PROBE_H
#define HARNESS_SANDBOX_PROBE_H

#include <stdbool.h>

/* Whether unshare(USER|IPC|PID|NS), the maps and a private /proc work here
 * (forks a probe; not cached). */
bool sandbox_probe(void);

#endif /* HARNESS_SANDBOX_PROBE_H */
