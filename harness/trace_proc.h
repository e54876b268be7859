/*
 * trace_proc.h - the tracer's internals, shared by trace.c (stops, the
 * loop) and trace_proc.c (tasks and processes: fork, exec, exit, /proc).
 * Nothing outside the tracer includes this header: use trace.h.
 */
#ifndef HARNESS_TRACE_PROC_H
#define HARNESS_TRACE_PROC_H

#include <stdbool.h>
#include <sys/types.h>

#include "harness/record.h"
#include "harness/trace.h"

enum trace_role {
	TRACE_ROLE_UNKNOWN, /* seen before its parent's fork event */
	TRACE_ROLE_LAUNCHER,
	TRACE_ROLE_INIT,
	TRACE_ROLE_SETUP, /* a program's first process before its exec */
	TRACE_ROLE_PROGRAM,
};

/* One traced thread (a process is one or more tasks with the same tgid). */
struct trace_task {
	pid_t tid, tgid; /* host */
	pid_t ns_tid;	 /* inside the run */
	enum trace_role role;
	long proc;	   /* index into rec->processes, -1 for none */
	bool seen;	   /* its first stop (the attach SIGSTOP) was handled */
	bool held;	   /* stopped, waiting for its parent's fork event */
	long long held_us; /* since when (trace_now_us) */
	bool in_call;	   /* between the seccomp stop and the exit stop */
	bool exiting;	   /* PTRACE_EVENT_EXIT seen */
	long ev;	   /* index of the event of the call in progress, -1 */
	/* The last traced entry, and an interrupted call the kernel may
	 * restart (trace_restart.h). */
	long long entry_nr;
	unsigned long long entry_ip, entry_sp, entry_args[6];
	long restart_ev;	    /* its event, or -1 */
	int restart_code;	    /* -rval: 512 ERESTARTSYS ... 516 */
	unsigned long long ts_addr; /* semtimedop: the timespec rewritten, or 0 */
	unsigned char ts_orig[16];
	unsigned ts_len;
	long long ts_deadline_us;
};

#define TRACE_GONE 64

struct trace_seg {
	int id;
	long long key;
	unsigned long long size;
	bool pre; /* a precondition */
};

struct trace {
	struct trace_config cfg;
	struct run_record *rec;
	struct trace_task *tasks;
	size_t ntasks, atasks;
	struct trace_seg *segs; /* segments created and not removed */
	size_t nsegs;
	long *proc_parent; /* per rec->processes: its parent's index or -1 */
	size_t aproc_parent;
	pid_t launcher, init; /* host pids */
	bool launcher_reaped, init_reaped, killing;
	long long idle_since_us; /* killing: since when no program task is left, or -1 */
	int programs_started;	 /* init's forks so far: the next program index */
	/* Unknown tids reaped before their parent's fork event (a ring):
	 * never added as tasks. */
	pid_t gone[TRACE_GONE];
	unsigned ngone;
	unsigned long seq;
	unsigned long ret_seq;	    /* returns seen so far (event.ret_seq) */
	unsigned long call_stops;   /* seccomp and syscall-exit stops so far */
	unsigned errors;	    /* unexpected ptrace failures */
	unsigned long kernel_extra; /* optional questions to kstat so far (trace_kernel.c) */
	struct trace_sched *sched;  /* --perturb (trace_sched.h), or NULL */
	enum run_status status;
	struct trace_inject *inject; /* trace_inject.c; NULL until used */
};

/* trace.c. trace_resume() lets the perturbing scheduler hold a program
 * task (trace_sched.h); trace_resume_now() resumes it whatever. */
void trace_resume(struct trace *t, struct trace_task *task, int sig);
void trace_resume_now(struct trace *t, struct trace_task *task, int sig);
long long trace_now_us(const struct trace *t);
struct event *trace_event_new(struct trace *t, const struct trace_task *task, enum ipc_call call);
/* The call of ev returned now: set its ret_seq and seq_at_return. */
void trace_event_returned(struct trace *t, struct event *ev);
/* Whether the record holds the most events a run may have; if so the run
 * was stopped (output_limit). */
bool trace_full(struct trace *t);

/* trace_proc.c. Pointers into t->tasks are invalidated by trace_task_add
 * and trace_proc_task_remove. */
struct trace_task *trace_task_add(struct trace *t, pid_t tid);
struct trace_task *trace_task_find(struct trace *t, pid_t tid);
void trace_proc_fork(struct trace *t, struct trace_task *task, int event);
void trace_proc_exec(struct trace *t, struct trace_task *task);
void trace_proc_exit_stop(struct trace *t, struct trace_task *task);
void trace_proc_reaped(struct trace *t, struct trace_task *task, int status);
/* Read the attachments of every live program process (before a kill). */
void trace_proc_snapshot(struct trace *t);
/* Open /proc/<tid>/<name> read-only (maps, exe...), with the task's fsuid
 * when the tracer lacks CAP_SYS_PTRACE; an fd or -1 with errno set. */
int trace_proc_open(pid_t tid, const char *name);
/* The tracer's file-system ids while it takes a task's (trace_proc_become). */
struct trace_proc_fsids {
	uid_t uid;
	gid_t gid;
	int dumpable;
};
/* After a /proc/<tid> access failed with EACCES or EPERM: take the task's
 * fsuid and fsgid (root without CAP_SYS_PTRACE, a Docker container) and
 * return 0, saving ours in old; -1 (errno kept) when that cannot help: not
 * root, or the task is root's or gone. trace_proc_restore() gives them back. */
int trace_proc_become(pid_t tid, struct trace_proc_fsids *old);
/* The tracer's own fsuid, fsgid and dumpable flag again; errno kept. */
void trace_proc_restore(const struct trace_proc_fsids *old);
/* Adopt tasks held too long for a fork event that will not come. */
void trace_proc_adopt_orphans(struct trace *t);

#endif /* HARNESS_TRACE_PROC_H */
