/*
 * filter.h - the seccomp filter every program of a run carries.
 *
 * Built once per run with libseccomp in the trusted process (before any
 * fork), exported as a plain BPF program, and installed in the pre-exec child
 * with filter_install(), which only makes one prctl() call and so is safe
 * between fork and exec.
 *
 * The filter never decides alone: everything it catches returns
 * SECCOMP_RET_TRACE with a tag in SECCOMP_RET_DATA, and the tracer acts on
 * the tag (trace.c). Without a tracer a RET_TRACE call fails with ENOSYS, so
 * a process that escapes the tracer cannot make an unseen IPC call either.
 */
#ifndef HARNESS_FILTER_H
#define HARNESS_FILTER_H

#include <linux/filter.h>
#include <stdbool.h>

/* What SECCOMP_RET_DATA says about a stopped call. */
enum filter_tag {
	FILTER_TAG_IPC = 1,	/* an IPC call: trace it (entry and exit) */
	FILTER_TAG_EPERM = 2,	/* refuse it with EPERM (ptrace, CLONE_UNTRACED, ...) */
	FILTER_TAG_ENOSYS = 3,	/* refuse it with ENOSYS (clone3, io_uring_setup) */
	FILTER_TAG_PID = 4,	/* fallback mode: a call aimed at another process
				   (kill, tgkill, pidfd_open, ...): refused with
				   EPERM unless its target is one of the run's */
	FILTER_TAG_WAIT = 5,	/* a wait call: trace it to see who reaps whom */
	FILTER_TAG_FORK = 6,	/* fork, vfork, clone of a process (not a thread):
				   only in a filter built with forks (fault
				   injection of fork, inject.h) */
	FILTER_TAG_EXECMAP = 7, /* memory made executable (mmap with PROT_EXEC,
				   mprotect adding it): the tracer lets the
				   machine's libraries and the run's programs be
				   mapped and refuses the rest (trace_exec.h) */
};

/* Which fork-like call nr of audit arch arch is. */
enum filter_fork { FILTER_FORK_NONE, FILTER_FORK_FORK, FILTER_FORK_VFORK, FILTER_FORK_CLONE };
enum filter_fork filter_fork_kind(unsigned arch, long long nr);

/* Whether clone() flags hold one the filter refuses (CLONE_UNTRACED, new
 * namespaces): such a call is refused with EPERM whatever its tag. */
bool filter_clone_refused(unsigned long long flags);

/* Which argument of a FILTER_TAG_PID call names its target, and how. */
enum filter_target {
	FILTER_TARGET_NONE,  /* not such a call */
	FILTER_TARGET_PID,   /* a pid (kill: also 0, -1 and -pgid) */
	FILTER_TARGET_PIDFD, /* a pidfd, or an fd of a /proc/PID directory */
};

/* The target of a FILTER_TAG_PID call nr of audit arch arch: what kind, and
 * in which argument (*arg). */
enum filter_target filter_pid_target(unsigned arch, long long nr, int *arg);

struct filter {
	struct sock_fprog prog; /* owns prog.filter (malloc'ed) */
};

/* Build the filter. host: the run shares the host's PID namespace
 * (fallback mode), where kill(-1, ...) or kill(grader) would reach other
 * processes of the user, the grader included: every call aimed at another
 * process is traced (FILTER_TAG_PID) so that the tracer can refuse it.
 * forks: fork, vfork and clone without CLONE_THREAD stop too
 * (FILTER_TAG_FORK), so that the tracer can fail them. Returns 0, or -1
 * with errno set (nothing to release). */
int filter_build(struct filter *f, bool host, bool forks);
void filter_release(struct filter *f);

/* Install f in the calling process; needs no_new_privs (set here too).
 * Async-signal-safe. Returns 0 or -1 with errno set. */
int filter_install(const struct filter *f);

/* The name of syscall nr of the audit arch arch ("clone3"); owned by the
 * caller; "syscall_N" when libseccomp does not know it. */
char *filter_syscall_name(unsigned arch, long long nr);

#endif /* HARNESS_FILTER_H */
