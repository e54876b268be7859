/*
 * xlat.h - name tables kept as data (strace's xlat/ idea): IPC flags and
 * commands, errno and signal names, the syscall numbers of the IPC calls on
 * x86_64, x32 and i386, and the i386 ipc() multiplexer's call numbers.
 *
 * Every table is a static array ending with a { 0, NULL } entry. Strings
 * returned are static unless the function says "owned".
 */
#ifndef HARNESS_XLAT_H
#define HARNESS_XLAT_H

#include <stdbool.h>
#include <stddef.h>

#include "harness/record.h"

struct xlat {
	unsigned long long val;
	const char *name;
};

/* Flag bits per call: the same bit means different things per call
 * (04000 is IPC_NOWAIT and SHM_HUGETLB; 010000 SHM_RDONLY, SHM_NORESERVE,
 * MSG_NOERROR and SEM_UNDO), so each call has its own table. */
extern const struct xlat xlat_shmget_flags[]; /* IPC_CREAT IPC_EXCL SHM_HUGETLB SHM_NORESERVE */
/* shmget's huge page size field: value = (shmflg >> 26) & 0x3f. */
extern const struct xlat xlat_shm_huge[];
#define XLAT_SHM_HUGE_SHIFT 26
#define XLAT_SHM_HUGE_MASK 0x3fU
extern const struct xlat xlat_get_flags[];    /* semget, msgget: IPC_CREAT IPC_EXCL */
extern const struct xlat xlat_shmat_flags[];  /* SHM_RDONLY SHM_RND SHM_REMAP SHM_EXEC */
extern const struct xlat xlat_msgsnd_flags[]; /* IPC_NOWAIT */
extern const struct xlat xlat_msgrcv_flags[]; /* IPC_NOWAIT MSG_NOERROR MSG_EXCEPT MSG_COPY */
extern const struct xlat xlat_sem_flags[];    /* sem_flg: IPC_NOWAIT SEM_UNDO */

/* Commands: the common IPC_* ones, then one table per kind. */
extern const struct xlat xlat_ipc_cmds[];
extern const struct xlat xlat_shm_cmds[];
extern const struct xlat xlat_sem_cmds[];
extern const struct xlat xlat_msg_cmds[];

/*
 * What an exercise may say about each argument of a call's events, by the
 * name decode.c gives it: one table per call (tests/test_decode.c checks
 * that the two agree), so that a selector such as
 * {call: shmget, args: {shmflg: IPC_CREAT}} is checked when the exercise is
 * loaded against the same names and flag tables the trace prints.
 */
enum xlat_arg_type {
	XARG_INT,   /* a number: size, nsems, msgsz, msgtyp, mtype, sem_op... */
	XARG_ID,    /* an IPC id: a number, or "precondition" */
	XARG_KEY,   /* a key_t: a number, IPC_PRIVATE, ftok(file, id) */
	XARG_ADDR,  /* an address or pointer: a number, or NULL */
	XARG_FLAGS, /* flag names from table (and extra) joined by '|'; with
		       perm, octal permission bits too ("IPC_CREAT|0600") */
	XARG_CMD,   /* one command: xlat_ipc_cmds or table */
	XARG_TEXT,  /* any text (exec's filename) */
};

struct xlat_arg {
	const char *name;
	enum xlat_arg_type type;
	const struct xlat *table; /* FLAGS, CMD */
	const struct xlat *extra; /* FLAGS: more names (shmget's SHM_HUGE_*) */
	bool perm;		  /* FLAGS: the low nine bits are permissions */
};

/*
 * The arguments of call's events (and semop's per-operation sem_num,
 * sem_op, sem_flg), ending with a { NULL } entry; fork and exit have none.
 * NULL for a call out of range.
 */
const struct xlat_arg *xlat_call_args(enum ipc_call call);

/* The errno named name ("EINVAL"), or -1; and the largest errno value
 * xlat_errno_name() knows (to walk the names). */
int xlat_errno_value(const char *name);
int xlat_errno_max(void);

/* The name for val in tab, or NULL. */
const char *xlat_lookup(const struct xlat *tab, unsigned long long val);

/* The value named name in tab; returns 0 and sets *val, or -1. */
int xlat_value(const struct xlat *tab, const char *name, unsigned long long *val);

/*
 * Render flag bits as "IPC_CREAT|IPC_EXCL|0600" (owned). With perm, the low
 * nine bits are the permission bits and are always printed, as four octal
 * digits ("IPC_CREAT|0000" shows the classic missing-mode mistake; flg 0
 * prints "0000"). Without perm, no flags print "0". Bits no table names are
 * appended in hex ("0x80000").
 */
char *xlat_flags(const struct xlat *tab, unsigned long long val, bool perm);

/* "EEXIST" for EEXIST, NULL for 0 or an unknown number. */
const char *xlat_errno_name(int err);
/* "SIGSEGV" for SIGSEGV; "SIGRTMIN+n" style names are not covered: NULL. */
const char *xlat_signal_name(int sig);

/* The architectures decode_entry() knows (linux/audit.h values). */
#define XLAT_ARCH_X86_64 0xc000003eU
#define XLAT_ARCH_I386 0x40000003U
#define XLAT_X32_BIT 0x40000000LL

/* The i386 ipc() multiplexer: its syscall number and the call word's parts. */
#define XLAT_I386_IPC 117
#define XLAT_IPC_VERSION_SHIFT 16
#define XLAT_IPC_64 0x100
/* A get's IPC_CREAT (kernel ABI, as the flag tables spell it). */
#define XLAT_IPC_CREAT 01000

/*
 * The IPC call a syscall number stands for; returns 0 and sets *call, or -1
 * when nr is not one (or is the i386 ipc() multiplexer: see xlat_ipc_call).
 * x32 numbers (nr | 0x40000000 under AUDIT_ARCH_X86_64) are those of x86_64.
 */
int xlat_syscall(unsigned arch, long long nr, enum ipc_call *call);

/* The call ipc()'s call number (low 16 bits, version stripped) stands for. */
int xlat_ipc_call(unsigned ipc_nr, enum ipc_call *call);

/* The system call ABIs a program on x86_64 can reach. */
enum xlat_abi {
	XLAT_ABI_X86_64, /* AUDIT_ARCH_X86_64, the syscall instruction */
	XLAT_ABI_X32,	 /* AUDIT_ARCH_X86_64 with nr | 0x40000000 */
	XLAT_ABI_I386,	 /* AUDIT_ARCH_I386: int $0x80, sysenter, compat mode */
	XLAT_ABI_COUNT_,
};

/*
 * Every SysV IPC system call number of abi, as the filter must trace them
 * (the one table per ABI that the filter, the decoder and the tests share):
 * x86_64's eleven calls plus semtimedop; x32's, the same with the x32 bit;
 * i386's direct calls (Linux 5.1+), semtimedop_time64 and the ipc()
 * multiplexer. Stores at most max numbers in nrs; returns how many there
 * are.
 */
size_t xlat_ipc_syscalls(enum xlat_abi abi, long long *nrs, size_t max);

#endif /* HARNESS_XLAT_H */
