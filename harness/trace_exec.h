/*
 * trace_exec.h - which programs a run may exec (trace_config.exec_checked):
 * what was built is what runs, even when a program decodes another one at
 * run time and execs it, or maps it through the dynamic loader.
 */
#ifndef HARNESS_TRACE_EXEC_H
#define HARNESS_TRACE_EXEC_H

#include <stdbool.h>
#include <sys/types.h>

#include "harness/trace_proc.h"

/* At tid's PTRACE_EVENT_EXEC stop: whether the program now loaded
 * (/proc/TID/exe) is one the run may exec. */
bool trace_exec_allowed(const struct trace *t, pid_t tid);

/* At a FILTER_TAG_EXECMAP stop of tid (call nr of audit arch arch, its
 * arguments): whether the memory may become executable. Only a file the
 * run may exec (the run's programs, the machine's) may be mapped as code;
 * anonymous memory and mprotect never become code, nor i386's old mmap
 * (its arguments are in memory). Without exec_checked: always. */
bool trace_exec_map_allowed(const struct trace *t, pid_t tid, unsigned arch, long long nr,
			    const unsigned long long *args);

/* Record the exec of name (owned: taken) as a denied "execve" (EACCES)
 * and kill the task before the program runs. */
void trace_exec_refuse(struct trace *t, struct trace_task *task, char *name);

#endif /* HARNESS_TRACE_EXEC_H */
