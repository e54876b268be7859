/*
 * inject.h - fault injection: make chosen calls of a run fail on purpose.
 *
 * Like strace's -e inject=CALL:error=ERRNO:when=N, a call picked here is
 * stopped at its entry (the seccomp stop), its syscall number replaced by
 * -1 so that the kernel never runs it, and its return value set to -ERRNO:
 * a failed shmget creates nothing, a failed shmat maps nothing, a failed
 * shmdt leaves the mapping. The program sees -1 and that errno, through
 * glibc's wrappers, raw syscall(), the i386 ipc() multiplexer and int 0x80
 * alike. Its event carries injected = true (record.h).
 *
 * A call is picked by its name (an IPC call of record.h, or fork: every
 * fork, vfork and clone that makes a process, not a thread), by which
 * one it is (the N-th of that name in the run, in the order the tracer saw
 * them, or every one) and, for the fault sweep, by its call site: where in
 * the program's executable it was called from (inject_site).
 */
#ifndef HARNESS_INJECT_H
#define HARNESS_INJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "harness/record.h"

/* The call site of an event: the return address into the program's own
 * executable that the call came from, as an offset in that file, with the
 * file's inode (two programs of a run are told apart). offset 0: unknown.
 * The same in every run of the same binary (no ASLR in it), and the same
 * for every turn of a loop. */
struct inject_site {
	unsigned long long offset;
	unsigned long long ino;
};

struct run_inject {
	enum ipc_call call; /* an IPC call or CALL_FORK; CALL_SEMOP also picks
			       semtimedop (glibc's semop() is semtimedop) */
	int err;	    /* the errno the program sees (> 0) */
	unsigned nth;	    /* 1-based; 0: every call */
	/* With site.offset != 0 only calls from that site count (nth among
	 * them). */
	struct inject_site site;
};

/* At most this many injections per run. */
#define INJECT_MAX 16

/*
 * Parse "CALL:ERRNO[:N|all]" ("shmat:ENOMEM", "semop:EINTR:2",
 * "fork:EAGAIN:all"). ERRNO is a name (EINVAL) or a number. Returns 0, or -1
 * with *why set to a static English explanation.
 */
int inject_parse(const char *text, struct run_inject *out, const char **why);

/* The call named name ("shmget" ... "msgctl", "semop", "fork"), or
 * CALL_COUNT_ when it cannot be injected. */
enum ipc_call inject_call_find(const char *name);

/* Whether inj picks a call named call (semop picks semtimedop too). */
bool inject_call_matches(const struct run_inject *inj, enum ipc_call call);

/* The errno a call fails with when none is given: what the kernel says
 * when memory or ids run out (ENOSPC for the gets, ENOMEM for shmat,
 * EAGAIN for fork) or the object went away (EIDRM for semop, msgsnd,
 * msgrcv); EINVAL for shmdt and the ctl calls. */
int inject_default_errno(enum ipc_call call);

/* Whether any of the n injections is about fork. */
bool inject_has_fork(const struct run_inject *inj, size_t n);

#endif /* HARNESS_INJECT_H */
