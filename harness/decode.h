/*
 * decode.h - turn a raw IPC syscall into an event with named, symbolic
 * arguments (the strace of shmgrade; tables of names live in xlat.c).
 *
 * The tracer calls decode_entry() at the seccomp stop of a traced call and
 * decode_exit() at its syscall-exit stop. Neither blocks or stops anything;
 * reading the tracee's memory goes through the callback (process_vm_readv in
 * the tracer, a plain buffer in the tests).
 */
#ifndef HARNESS_DECODE_H
#define HARNESS_DECODE_H

#include <stddef.h>
#include <sys/types.h>

#include "harness/record.h"

/* Copy len bytes at addr of the tracee into buf; return 0, or -1 when the
 * memory cannot be read (the argument is then shown as unreadable). */
typedef int (*decode_read_fn)(void *ctx, unsigned long long addr, void *buf, size_t len);

/*
 * Fill ev->call, ev->compat32, the normalised arguments (id, key, size,
 * flags, may_create, cmd, semnum, addr, msgtyp, timeout, result_addr:
 * record.h) and ev->args from a syscall entry. This is the one reader of
 * the positional arguments: everything else reads the normalised fields.
 * arch is AUDIT_ARCH_X86_64 or AUDIT_ARCH_I386 (x32 arrives as X86_64 with
 * nr | 0x40000000). The i386 ipc() multiplexer (nr 117) is split into the
 * call it stands for, and IPC_64 is stripped from commands (cmd; the
 * symbolic cmd argument still shows it). Input buffers (IPC_SET's struct,
 * semop's sembuf array) are read here.
 * Returns 0, or -1 when nr is not an IPC call this module knows (ev is then
 * left with call = CALL_COUNT_).
 */
int decode_entry(struct event *ev, unsigned arch, long long nr, const unsigned long long args[6],
		 decode_read_fn rd, void *ctx);

/*
 * Complete ev from the syscall's return value rval (a negative errno on
 * failure, as the kernel returns it): result, err, output buffers (IPC_STAT,
 * SHM_STAT, ...), and for the ipc() SHMAT the address it stores in memory.
 */
void decode_exit(struct event *ev, long long rval, decode_read_fn rd, void *ctx);

/*
 * Fill ev (call, compat32, the normalised fields wait_idtype, wait_id,
 * wait_options and addr, and args) from the entry of a wait call: call is
 * CALL_WAIT4, CALL_WAITID or CALL_WAITPID, arch as for decode_entry().
 * Nothing is read from the tracee's memory; its exit is the tracer's
 * (trace_reap.c), from these fields.
 */
void decode_wait_entry(struct event *ev, enum ipc_call call, unsigned arch,
		       const unsigned long long args[6]);

/* Render "IPC_CREAT|IPC_EXCL|0600" style strings (owned by the caller). */
char *decode_shmflg(long long flg);
char *decode_ipc_cmd(enum ipc_kind kind, long long cmd);

#endif /* HARNESS_DECODE_H */
