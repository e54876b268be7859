/*
 * run.h - run programs in a sandbox under an exact IPC trace.
 *
 * Theory of operation (one run; see sandbox.c and trace.c for the details):
 *
 *   caller (tracer: holds the namespace fds, the deadline, the output pipes)
 *    └─ launcher: attached with PTRACE_SEIZE; unshare(USER|IPC|PID|NS); the tracer
 *       writes its uid/gid map (inside uid 0 = the caller's uid, or nobody
 *       when the caller is root), opens /proc/L/ns/{user,ipc}
 *        └─ init (pid 1 of the run; trusted; traced, unfiltered): the
 *           host's file system read-only but for the run directory; private
 *           /proc, fresh tmpfs /dev/shm and /tmp, shmmax/shmall/shmmni caps,
 *           shm_rmid_forced=0, then /proc/sys read-only; creates the
 *           preconditions, starts the programs in order (or together),
 *           reaps every orphan
 *            └─ program: rlimits, setsid, no capabilities, its stdio pipes,
 *               no_new_privs, the seccomp filter (RET_TRACE on the IPC
 *               calls), execve
 *    └─ inventory helper, after every program process has ended and before
 *       the namespace fds are closed: setns(user), setns(ipc), lists all
 *       shm/sem/msg objects with *_INFO + *_STAT_ANY.
 *
 * Fallback mode (no namespaces: refused by the host, or asked for): the same
 * without unshare (so no private mounts: the host's files stay writable
 * with the programs' uid), one run at a time on the machine (a lock), objects
 * attributed to the run only through the trace and removed only after their
 * identity was checked again (doc/architecture.md, fallback mode).
 *
 * Programs of a run start in order: each one after every process of the
 * previous group ended, or (concurrent) delay_ms after the previous one
 * started. What a group leaves behind (orphans, daemons) may run for one
 * second after the group's first processes ended; then it is killed.
 *
 * harness_run() waits for any child (waitpid(-1): the only way to learn of
 * a task whose parent died before its fork was reported), so it may reap
 * the caller's other children. It blocks SIGCHLD and SIGPIPE in the calling
 * thread while it runs (restored afterwards) and must not be called from
 * two threads of one process at once: run parallel runs in worker
 * processes.
 */
#ifndef HARNESS_RUN_H
#define HARNESS_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "harness/inject.h"
#include "harness/record.h"

/* The programs' environment when run_program.envp is NULL, and the base
 * of every environment the graders give (NULL-terminated): PATH is
 * "PATH=" RUN_DEFAULT_PATH, then HOME=/tmp and LANG=C.UTF-8. */
#define RUN_DEFAULT_PATH "/usr/bin:/bin"
extern char *const run_default_env[];

struct run_program {
	char *const *argv;	/* argv[0]: path of the executable (absolute or
				   relative to the caller's cwd, resolved before) */
	char *const *envp;	/* NULL: run_default_env */
	const char *stdin_path; /* NULL: /dev/null */
	bool concurrent;	/* start together with the previous program instead of
				   after every process of the previous one ended */
	double delay_ms;	/* wait this long before starting it (concurrent only) */
};

/* An object the harness creates before the programs start (in the run's
 * namespace), e.g. to test IPC_EXCL or a size mismatch. */
struct run_precondition {
	enum ipc_kind kind; /* IPC_KIND_SHM (sem/msg: nsems / ignored) */
	long long key;
	unsigned long long size; /* shm: bytes; sem: nsems */
	unsigned mode;
	/* What it starts with (borrowed; NULL / 0: nothing). shm: content
	 * written at its start (at most size bytes); sem: the values of the
	 * first nvalues semaphores (SETALL; the rest 0); msg: nmsgs messages
	 * of msg_types[k] with text msg_texts[k], sent in order. */
	const char *content;
	const unsigned short *values;
	size_t nvalues;
	const long long *msg_types;
	char *const *msg_texts;
	size_t nmsgs;
};

struct run_limits {
	double timeout_s;    /* wall clock; default 10 */
	unsigned memory_mib; /* address space per process and SysV shm in all; default 512 */
	unsigned processes;  /* tasks alive at once; default 64 */
	unsigned output_kib; /* per stream, per program; default 1024 */
	/* Added for exercises about failures; 0 keeps the default. */
	int shm_segments;  /* kernel.shmmni of the run (namespace mode only):
			      0: 1024; -1: none (every new segment: ENOSPC) */
	int memlock_kib;   /* RLIMIT_MEMLOCK of the programs: 0: the caller's;
			      -1: zero (SHM_LOCK fails with EPERM) */
	unsigned disk_mib; /* files of the run directory together (sampled),
			      each file (RLIMIT_FSIZE), and each of the run's
			      /tmp and /dev/shm (at most a quarter of
			      memory_mib too); default 256. Over it: output_limit */
};

#define RUN_LIMITS_DEFAULT                                                                         \
	{                                                                                          \
		10.0, 512, 64, 1024, 0, 0, 256                                                     \
	}

enum run_mode_request {
	RUN_MODE_AUTO, /* namespaces, else fallback with a notice */
	RUN_MODE_FORCE_FALLBACK,
	RUN_MODE_FORCE_NAMESPACE, /* fail (internal_error) when refused */
};

/* A file or folder of the host mounted read-only over a path of the run
 * (namespace mode only; ignored in fallback mode): the build's compiler
 * wrappers over the real compilers, and a second view of /usr where the
 * wrappers find the real ones. dst need not exist; its folder must, or be
 * creatable. */
struct run_bind {
	const char *src, *dst;
};

struct run_spec {
	const struct run_program *programs;
	size_t nprograms;
	const struct run_precondition *pre;
	size_t npre;
	const char *dir; /* working directory of the run; NULL: a fresh
			    temporary one, removed afterwards. When the
			    caller is root the programs run as run_uid(),
			    who must be able to use it; inside a namespace
			    run /tmp is a fresh tmpfs, so programs reach
			    a dir under the host's /tmp only as their cwd */
	struct run_limits limits;
	enum run_mode_request mode;
	bool quiet;		    /* no notice on stderr (fallback, ...) */
	const char *const *ro_dirs; /* absolute folders the programs also see,
				   read-only, at their own path (an exercise's
				   data, the build's compiler wrappers); in
				   namespace mode the run sees nothing else of
				   the host but the system folders, the run
				   directory and the programs' folders
				   (sandbox_fs.c) */
	size_t nro_dirs;
	const struct run_bind *binds; /* at most 16, in order */
	size_t nbinds;
	const char *const *hide_dirs; /* absolute folders covered by an empty
				   one when they lie inside a system folder the
				   run sees (shmgrade's reference solutions in a
				   checkout under /usr); at most 4 */
	size_t nhide_dirs;
	/* Calls that fail on purpose (inject.h; at most INJECT_MAX), and
	 * whether every IPC event notes its call site (event.site: the fault
	 * sweep's normal run). */
	const struct run_inject *inject;
	size_t ninject;
	bool sites;
	bool exec_writable;	      /* the programs may exec what they write (a
					 build running what it compiled, `trace`).
					 Otherwise a program may exec only the run's
					 programs and the machine's (root's) files, in
					 every mode (trace_exec.h); in namespace mode
					 the run directory, /tmp, /dev/shm and /run are
					 also mounted noexec, and memfd_create makes no
					 executable file, so a program it wrote or
					 decoded cannot even be mapped as code */
	const char *const *exec_also; /* more files the programs may exec (the
				   exercise's other programs); NULL entries
				   are skipped */
	size_t nexec_also;
	/* Perturb the schedule (trace_sched.h): the programs on one CPU, held
	 * at every traced stop and released one at a time in an order drawn
	 * from seed; the same seed makes the same choices. */
	bool perturb;
	unsigned long long seed;
};

/*
 * Run the programs of spec and fill rec (which must be record_init()ed).
 * Returns 0 when rec describes the run (whatever the programs did: see
 * rec->status), -1 when the harness itself failed: then rec->status is
 * RUN_INTERNAL_ERROR, rec->message says why, and nothing is left behind.
 * The environment variable SHMGRADE_FALLBACK=1 forces fallback mode when
 * spec->mode is RUN_MODE_AUTO.
 */
int harness_run(const struct run_spec *spec, struct run_record *rec);

/* A fresh seed for run_spec.seed (from getrandom; below 2^31, so that it
 * is short to type when replayed with --seed). */
unsigned long long harness_random_seed(void);

/* The strategy a perturbed run with this seed follows (trace_sched.c):
 * "strict, oldest first", "exact round robin, youngest first", "chaos
 * round robin, random order"..., and whether it preempts only at the
 * program's stops, so that the seed replays the same run (strict and
 * exact: seeds = 0, 1 or 3 mod 5), or also by CPU time (chaos: where those
 * preemptions land depends on the machine). */
const char *run_schedule_strategy(unsigned long long seed);
bool run_schedule_exact(unsigned long long seed);

/* A perturbed run of an exercise gets this many times its time limit
 * (the programs share one CPU and stop at every traced call). */
#define RUN_PERTURB_TIME_FACTOR 4

/* The largest seed --seed accepts (JSON numbers stay exact below 2^53). */
#define RUN_SEED_MAX ((1ULL << 53) - 1)

/* Whether this machine lets us make the namespaces (probed once, cached). */
bool harness_namespaces_available(void);

#endif /* HARNESS_RUN_H */
