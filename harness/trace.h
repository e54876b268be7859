/*
 * trace.h - the ptrace + seccomp tracer of a run.
 *
 * The tracer is the calling process. It follows every task that descends
 * from the launcher (PTRACE_O_TRACEFORK/VFORK/CLONE), stops only where the
 * seccomp filter says so (filter.h), and turns what it sees into events and
 * processes of the run record:
 *   - IPC calls: a seccomp stop (entry: decode_entry) then the syscall-exit
 *     stop (decode_exit);
 *   - refused calls: skipped at the seccomp stop, recorded as CALL_DENIED;
 *   - fork/vfork/clone, exec and exit of the programs' processes.
 * It also enforces the limits it can see (processes alive, SysV memory asked
 * for by shmget) and kills the run when one is hit or when asked to.
 *
 * The tracer never blocks: trace_wait() handles what waitpid() has ready and
 * returns, so the caller can poll() for SIGCHLD, the deadline and output.
 */
#ifndef HARNESS_TRACE_H
#define HARNESS_TRACE_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "harness/inject.h"
#include "harness/record.h"
#include "harness/run_cgroup.h"

#define TRACE_MAX_EXES 16

struct trace_config {
	struct run_record *rec;	     /* events and processes go here */
	bool namespaces;	     /* pids inside the run differ from the host's */
	unsigned long long mem_cap;  /* bytes of SysV shm the run may create */
	unsigned processes;	     /* program tasks alive at once */
	int shm_segments;	     /* > 0: segments the run may have at once;
					-1: none; 0: no limit from the tracer (the
					kernel's shmmni applies in namespace mode) */
	long long start_ns;	     /* origin of event times (util_monotonic_ns) */
	struct kstat *kstat;	     /* the kernel's word on the run's objects
					(kstat.h; not owned); NULL: none, then
					events carry only what the program's
					buffers held. May be set later with
					trace_set_kstat(). */
	const struct run_cgroup *cg; /* the run's memory cgroup, or NULL/none */
	/* Called when a shmget, semget or msgget returned an id (fallback
	 * mode keeps a journal of them, fallback.h); may be NULL. */
	void (*created)(void *arg, const struct event *ev);
	void *created_arg;
	/* Calls to fail on purpose (inject.h; borrowed, at most INJECT_MAX);
	 * a fork injection needs the filter's fork rules (filter_build). */
	const struct run_inject *inject;
	size_t ninject;
	bool sites; /* note every IPC call's site (event.site) */
	/* exec_checked: a program may exec only the run's programs (exes, by
	 * device and inode) and the machine's own programs (owned by root,
	 * not writable by others), not those that run code given at run time (the loader by itself,
	 * python, perl, tcc, gdb: trace_exec.c). Another
	 * exec (a program the run wrote or decoded, a memfd) is killed before
	 * its first instruction and recorded as a denied "execve" (EACCES):
	 * this holds in fallback mode too, where no mount is noexec. */
	bool exec_checked;
	struct trace_exe {
		dev_t dev;
		ino_t ino;
	} exes[TRACE_MAX_EXES];
	size_t nexes;
	/* Perturb the schedule (trace_sched.h) with this seed. */
	bool perturb;
	unsigned long long seed;
};

struct trace;

/* Allocate a tracer (xalloc); free it with trace_free(). */
struct trace *trace_new(const struct trace_config *cfg);
void trace_free(struct trace *t);

/* Ask k (not owned; NULL: nobody) for the kernel's values from now on. */
void trace_set_kstat(struct trace *t, struct kstat *k);

/* Attach to the launcher (PTRACE_SEIZE with the options: its descendants
 * are attached as they are born). The launcher must be waiting for the
 * caller's word that it was attached. Returns 0, or -1 with errno set; the
 * launcher is in the tracer's table either way (trace_kill() reaches it). */
int trace_attach(struct trace *t, pid_t launcher);

/* Handle every wait status that is ready (waitpid WNOHANG). Returns how
 * many of them were stops of system calls (seccomp or syscall-exit: the
 * caller may expect more soon), or -1 when tracing broke (then
 * rec->message says why; call trace_kill()). */
int trace_wait(struct trace *t);

/* True once the launcher and every traced task have been reaped. */
bool trace_done(const struct trace *t);

/* End the run now with status (the first reason wins: later calls only
 * kill again) and rec->message as given (printf format). */
void trace_stop(struct trace *t, enum run_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* SIGKILL the whole run (init, and every known task). The first call
 * notes what each live program process has attached (attached_at_exit).
 * Safe to repeat; tasks that appear later are killed when first seen. */
void trace_kill(struct trace *t);

/* SIGKILL every program process still alive (init asked: a group's grace
 * ran out). Like trace_kill(), notes first what each has attached. */
void trace_kill_programs(struct trace *t);

/* The status set by trace_stop(), RUN_OK if none. */
enum run_status trace_status(const struct trace *t);

/* Whether trace_kill() has been called. */
bool trace_killing(const struct trace *t);

/* A host pid of the run as seen inside it (init is 1 in namespace mode);
 * 0 when the pid is not one of the run's. */
pid_t trace_ns_pid(const struct trace *t, pid_t host_pid);

/* A precondition segment init made (counts toward the run's SysV memory
 * and segments, see trace_shm.h). */
void trace_note_pre(struct trace *t, int shmid, long long key, unsigned long long size);

/* Microseconds until the tracer has something to do even if no task
 * stops (the perturbing scheduler's time slices); -1: nothing. */
long long trace_wake_us(const struct trace *t);

/* With --perturb: how long the run's tasks and the tracer waited for a
 * CPU so far, µs (trace_sched.h); -1 without. */
long long trace_cpu_wait_us(const struct trace *t);

/* With --perturb: preemptions and switches so far, the CPU the run's
 * programs are pinned to (-1: none). */
void trace_schedule_stats(const struct trace *t, unsigned long *preemptions,
			  unsigned long *switches, int *cpu);

/* init's host pid (0 before it exists). */
pid_t trace_init_pid(const struct trace *t);

#endif /* HARNESS_TRACE_H */
