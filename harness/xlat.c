/*
 * xlat.c - the name tables (see xlat.h). Values are spelled out rather than
 * taken from <sys/shm.h> and friends: they are the kernel's ABI, the same
 * for every tracee whatever libc built shmgrade, and some (SHM_STAT_ANY,
 * MSG_COPY) are missing from older headers.
 */
#include "harness/xlat.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "util/xalloc.h"

const struct xlat xlat_shmget_flags[] = {
	{ 01000, "IPC_CREAT" },	     { 02000, "IPC_EXCL" }, { 04000, "SHM_HUGETLB" },
	{ 010000, "SHM_NORESERVE" }, { 0, NULL },
};

/* SHM_HUGE_*: log2 of the page size, in the six bits at SHM_HUGE_SHIFT. */
const struct xlat xlat_shm_huge[] = {
	{ 16, "SHM_HUGE_64KB" },
	{ 19, "SHM_HUGE_512KB" },
	{ 20, "SHM_HUGE_1MB" },
	{ 21, "SHM_HUGE_2MB" },
	{ 23, "SHM_HUGE_8MB" },
	{ 24, "SHM_HUGE_16MB" },
	{ 25, "SHM_HUGE_32MB" },
	{ 28, "SHM_HUGE_256MB" },
	{ 29, "SHM_HUGE_512MB" },
	{ 30, "SHM_HUGE_1GB" },
	{ 31, "SHM_HUGE_2GB" },
	{ 34, "SHM_HUGE_16GB" },
	{ 0, NULL },
};

const struct xlat xlat_get_flags[] = {
	{ 01000, "IPC_CREAT" },
	{ 02000, "IPC_EXCL" },
	{ 0, NULL },
};

const struct xlat xlat_shmat_flags[] = {
	{ 010000, "SHM_RDONLY" }, { 020000, "SHM_RND" }, { 040000, "SHM_REMAP" },
	{ 0100000, "SHM_EXEC" },  { 0, NULL },
};

const struct xlat xlat_msgsnd_flags[] = {
	{ 04000, "IPC_NOWAIT" },
	{ 0, NULL },
};

const struct xlat xlat_msgrcv_flags[] = {
	{ 04000, "IPC_NOWAIT" },
	{ 010000, "MSG_NOERROR" },
	{ 020000, "MSG_EXCEPT" },
	{ 040000, "MSG_COPY" },
	{ 0, NULL },
};

const struct xlat xlat_sem_flags[] = {
	{ 04000, "IPC_NOWAIT" },
	{ 010000, "SEM_UNDO" },
	{ 0, NULL },
};

const struct xlat xlat_ipc_cmds[] = {
	{ 0, "IPC_RMID" }, { 1, "IPC_SET" }, { 2, "IPC_STAT" }, { 3, "IPC_INFO" }, { 0, NULL },
};

const struct xlat xlat_shm_cmds[] = {
	{ 11, "SHM_LOCK" }, { 12, "SHM_UNLOCK" },   { 13, "SHM_STAT" },
	{ 14, "SHM_INFO" }, { 15, "SHM_STAT_ANY" }, { 0, NULL },
};

const struct xlat xlat_sem_cmds[] = {
	{ 11, "GETPID" },   { 12, "GETVAL" },	    { 13, "GETALL" }, { 14, "GETNCNT" },
	{ 15, "GETZCNT" },  { 16, "SETVAL" },	    { 17, "SETALL" }, { 18, "SEM_STAT" },
	{ 19, "SEM_INFO" }, { 20, "SEM_STAT_ANY" }, { 0, NULL },
};

const struct xlat xlat_msg_cmds[] = {
	{ 11, "MSG_STAT" },
	{ 12, "MSG_INFO" },
	{ 13, "MSG_STAT_ANY" },
	{ 0, NULL },
};

/* errno names indexed by value (Linux numbers are dense, 1..133). The
 * aliases EWOULDBLOCK and EDEADLOCK print as EAGAIN and EDEADLK. */
#define X(e) [e] = #e
static const char *const xlat_errnos[] = {
	X(EPERM),
	X(ENOENT),
	X(ESRCH),
	X(EINTR),
	X(EIO),
	X(ENXIO),
	X(E2BIG),
	X(ENOEXEC),
	X(EBADF),
	X(ECHILD),
	X(EAGAIN),
	X(ENOMEM),
	X(EACCES),
	X(EFAULT),
	X(ENOTBLK),
	X(EBUSY),
	X(EEXIST),
	X(EXDEV),
	X(ENODEV),
	X(ENOTDIR),
	X(EISDIR),
	X(EINVAL),
	X(ENFILE),
	X(EMFILE),
	X(ENOTTY),
	X(ETXTBSY),
	X(EFBIG),
	X(ENOSPC),
	X(ESPIPE),
	X(EROFS),
	X(EMLINK),
	X(EPIPE),
	X(EDOM),
	X(ERANGE),
	X(EDEADLK),
	X(ENAMETOOLONG),
	X(ENOLCK),
	X(ENOSYS),
	X(ENOTEMPTY),
	X(ELOOP),
	X(ENOMSG),
	X(EIDRM),
	X(ECHRNG),
	X(EL2NSYNC),
	X(EL3HLT),
	X(EL3RST),
	X(ELNRNG),
	X(EUNATCH),
	X(ENOCSI),
	X(EL2HLT),
	X(EBADE),
	X(EBADR),
	X(EXFULL),
	X(ENOANO),
	X(EBADRQC),
	X(EBADSLT),
	X(EBFONT),
	X(ENOSTR),
	X(ENODATA),
	X(ETIME),
	X(ENOSR),
	X(ENONET),
	X(ENOPKG),
	X(EREMOTE),
	X(ENOLINK),
	X(EADV),
	X(ESRMNT),
	X(ECOMM),
	X(EPROTO),
	X(EMULTIHOP),
	X(EDOTDOT),
	X(EBADMSG),
	X(EOVERFLOW),
	X(ENOTUNIQ),
	X(EBADFD),
	X(EREMCHG),
	X(ELIBACC),
	X(ELIBBAD),
	X(ELIBSCN),
	X(ELIBMAX),
	X(ELIBEXEC),
	X(EILSEQ),
	X(ERESTART),
	X(ESTRPIPE),
	X(EUSERS),
	X(ENOTSOCK),
	X(EDESTADDRREQ),
	X(EMSGSIZE),
	X(EPROTOTYPE),
	X(ENOPROTOOPT),
	X(EPROTONOSUPPORT),
	X(ESOCKTNOSUPPORT),
	X(EOPNOTSUPP),
	X(EPFNOSUPPORT),
	X(EAFNOSUPPORT),
	X(EADDRINUSE),
	X(EADDRNOTAVAIL),
	X(ENETDOWN),
	X(ENETUNREACH),
	X(ENETRESET),
	X(ECONNABORTED),
	X(ECONNRESET),
	X(ENOBUFS),
	X(EISCONN),
	X(ENOTCONN),
	X(ESHUTDOWN),
	X(ETOOMANYREFS),
	X(ETIMEDOUT),
	X(ECONNREFUSED),
	X(EHOSTDOWN),
	X(EHOSTUNREACH),
	X(EALREADY),
	X(EINPROGRESS),
	X(ESTALE),
	X(EUCLEAN),
	X(ENOTNAM),
	X(ENAVAIL),
	X(EISNAM),
	X(EREMOTEIO),
	X(EDQUOT),
	X(ENOMEDIUM),
	X(EMEDIUMTYPE),
	X(ECANCELED),
	X(ENOKEY),
	X(EKEYEXPIRED),
	X(EKEYREVOKED),
	X(EKEYREJECTED),
	X(EOWNERDEAD),
	X(ENOTRECOVERABLE),
	X(ERFKILL),
	X(EHWPOISON),
};
#undef X

#define X(s) [s] = #s
static const char *const xlat_signals[] = {
	X(SIGHUP),  X(SIGINT),	  X(SIGQUIT), X(SIGILL),  X(SIGTRAP),	X(SIGABRT), X(SIGBUS),
	X(SIGFPE),  X(SIGKILL),	  X(SIGUSR1), X(SIGSEGV), X(SIGUSR2),	X(SIGPIPE), X(SIGALRM),
	X(SIGTERM), X(SIGSTKFLT), X(SIGCHLD), X(SIGCONT), X(SIGSTOP),	X(SIGTSTP), X(SIGTTIN),
	X(SIGTTOU), X(SIGURG),	  X(SIGXCPU), X(SIGXFSZ), X(SIGVTALRM), X(SIGPROF), X(SIGWINCH),
	X(SIGIO),   X(SIGPWR),	  X(SIGSYS),
};
#undef X

struct xlat_sys {
	long long nr;
	enum ipc_call call;
};

/* The kernel's syscall tables (arch/x86/entry/syscalls/syscall_64.tbl and
 * syscall_32.tbl): every SysV IPC entry is here, the filter traces exactly
 * these (xlat_ipc_syscalls) and tests/test_abi.c checks them against
 * the kernel's numbers and libseccomp's tables. */

/* asm/unistd_64.h; x32 uses the same numbers with the x32 bit set (they
 * are "common" in syscall_64.tbl; no x32-only IPC entry exists). */
static const struct xlat_sys xlat_sys_x86_64[] = {
	{ 29, CALL_SHMGET }, { 30, CALL_SHMAT },  { 31, CALL_SHMCTL }, { 67, CALL_SHMDT },
	{ 64, CALL_SEMGET }, { 65, CALL_SEMOP },  { 66, CALL_SEMCTL }, { 220, CALL_SEMTIMEDOP },
	{ 68, CALL_MSGGET }, { 69, CALL_MSGSND }, { 70, CALL_MSGRCV }, { 71, CALL_MSGCTL },
	{ -1, CALL_COUNT_ },
};

/* asm/unistd_32.h: the direct calls (Linux 5.1+); 420 is semtimedop_time64.
 * i386 has no direct semop: it goes through ipc(). */
static const struct xlat_sys xlat_sys_i386[] = {
	{ 393, CALL_SEMGET }, { 394, CALL_SEMCTL }, { 395, CALL_SHMGET },     { 396, CALL_SHMCTL },
	{ 397, CALL_SHMAT },  { 398, CALL_SHMDT },  { 399, CALL_MSGGET },     { 400, CALL_MSGSND },
	{ 401, CALL_MSGRCV }, { 402, CALL_MSGCTL }, { 420, CALL_SEMTIMEDOP }, { -1, CALL_COUNT_ },
};

/* linux/ipc.h (the kernel's ipc/syscall.c): ipc()'s call numbers. */
static const struct xlat_sys xlat_sys_ipc[] = {
	{ 1, CALL_SEMOP },   { 2, CALL_SEMGET },  { 3, CALL_SEMCTL },  { 4, CALL_SEMTIMEDOP },
	{ 11, CALL_MSGSND }, { 12, CALL_MSGRCV }, { 13, CALL_MSGGET }, { 14, CALL_MSGCTL },
	{ 21, CALL_SHMAT },  { 22, CALL_SHMDT },  { 23, CALL_SHMGET }, { 24, CALL_SHMCTL },
	{ -1, CALL_COUNT_ },
};

/* ---- what a selector may name (xlat.h) ---- */

#define XA_END                                                                                     \
	{                                                                                          \
		NULL, XARG_INT, NULL, NULL, false                                                  \
	}
static const struct xlat_arg xlat_args_shmget[] = {
	{ "key", XARG_KEY, NULL, NULL, false },
	{ "size", XARG_INT, NULL, NULL, false },
	{ "shmflg", XARG_FLAGS, xlat_shmget_flags, xlat_shm_huge, true },
	XA_END,
};
static const struct xlat_arg xlat_args_shmat[] = {
	{ "shmid", XARG_ID, NULL, NULL, false },
	{ "shmaddr", XARG_ADDR, NULL, NULL, false },
	{ "shmflg", XARG_FLAGS, xlat_shmat_flags, NULL, false },
	XA_END,
};
static const struct xlat_arg xlat_args_shmdt[] = {
	{ "shmaddr", XARG_ADDR, NULL, NULL, false },
	XA_END,
};
static const struct xlat_arg xlat_args_shmctl[] = {
	{ "shmid", XARG_ID, NULL, NULL, false },
	{ "cmd", XARG_CMD, xlat_shm_cmds, NULL, false },
	{ "buf", XARG_ADDR, NULL, NULL, false },
	XA_END,
};
static const struct xlat_arg xlat_args_semget[] = {
	{ "key", XARG_KEY, NULL, NULL, false },
	{ "nsems", XARG_INT, NULL, NULL, false },
	{ "semflg", XARG_FLAGS, xlat_get_flags, NULL, true },
	XA_END,
};
/* semop and semtimedop; sem_num, sem_op and sem_flg are those of one of
 * the operations in sops. */
static const struct xlat_arg xlat_args_semop[] = {
	{ "semid", XARG_ID, NULL, NULL, false },
	{ "sops", XARG_ADDR, NULL, NULL, false },
	{ "nsops", XARG_INT, NULL, NULL, false },
	{ "timeout", XARG_ADDR, NULL, NULL, false },
	{ "sem_num", XARG_INT, NULL, NULL, false },
	{ "sem_op", XARG_INT, NULL, NULL, false },
	{ "sem_flg", XARG_FLAGS, xlat_sem_flags, NULL, false },
	XA_END,
};
static const struct xlat_arg xlat_args_semctl[] = {
	{ "semid", XARG_ID, NULL, NULL, false },
	{ "semnum", XARG_INT, NULL, NULL, false },
	{ "cmd", XARG_CMD, xlat_sem_cmds, NULL, false },
	{ "arg", XARG_ADDR, NULL, NULL, false }, /* SETVAL's value, else a pointer */
	XA_END,
};
static const struct xlat_arg xlat_args_msgget[] = {
	{ "key", XARG_KEY, NULL, NULL, false },
	{ "msgflg", XARG_FLAGS, xlat_get_flags, NULL, true },
	XA_END,
};
static const struct xlat_arg xlat_args_msgsnd[] = {
	{ "msqid", XARG_ID, NULL, NULL, false },
	{ "msgp", XARG_ADDR, NULL, NULL, false },
	{ "msgsz", XARG_INT, NULL, NULL, false },
	{ "msgflg", XARG_FLAGS, xlat_msgsnd_flags, NULL, false },
	{ "mtype", XARG_INT, NULL, NULL, false },
	XA_END,
};
static const struct xlat_arg xlat_args_msgrcv[] = {
	{ "msqid", XARG_ID, NULL, NULL, false },
	{ "msgp", XARG_ADDR, NULL, NULL, false },
	{ "msgsz", XARG_INT, NULL, NULL, false },
	{ "msgtyp", XARG_INT, NULL, NULL, false },
	{ "msgflg", XARG_FLAGS, xlat_msgrcv_flags, NULL, false },
	{ "mtype", XARG_INT, NULL, NULL, false }, /* of the message received */
	XA_END,
};
static const struct xlat_arg xlat_args_msgctl[] = {
	{ "msqid", XARG_ID, NULL, NULL, false },
	{ "cmd", XARG_CMD, xlat_msg_cmds, NULL, false },
	{ "buf", XARG_ADDR, NULL, NULL, false },
	XA_END,
};
static const struct xlat_arg xlat_args_exec[] = {
	{ "filename", XARG_TEXT, NULL, NULL, false },
	XA_END,
};
static const struct xlat_arg xlat_args_denied[] = {
	{ "syscall", XARG_TEXT, NULL, NULL, false },
	XA_END,
};
static const struct xlat_arg xlat_args_none[] = { XA_END };
#undef XA_END

const struct xlat_arg *xlat_call_args(enum ipc_call call)
{
	static const struct xlat_arg *const tabs[CALL_COUNT_] = {
		[CALL_SHMGET] = xlat_args_shmget,    [CALL_SHMAT] = xlat_args_shmat,
		[CALL_SHMDT] = xlat_args_shmdt,	     [CALL_SHMCTL] = xlat_args_shmctl,
		[CALL_SEMGET] = xlat_args_semget,    [CALL_SEMOP] = xlat_args_semop,
		[CALL_SEMTIMEDOP] = xlat_args_semop, [CALL_SEMCTL] = xlat_args_semctl,
		[CALL_MSGGET] = xlat_args_msgget,    [CALL_MSGSND] = xlat_args_msgsnd,
		[CALL_MSGRCV] = xlat_args_msgrcv,    [CALL_MSGCTL] = xlat_args_msgctl,
		[CALL_EXEC] = xlat_args_exec,	     [CALL_DENIED] = xlat_args_denied,
	};

	if ((unsigned)call >= CALL_COUNT_)
		return NULL;
	return tabs[call] ? tabs[call] : xlat_args_none;
}

int xlat_errno_value(const char *name)
{
	int e;

	for (e = 1; e <= xlat_errno_max(); e++)
		if (xlat_errnos[e] && !strcmp(xlat_errnos[e], name))
			return e;
	/* The aliases glibc also defines. */
	if (!strcmp(name, "EWOULDBLOCK"))
		return EAGAIN;
	if (!strcmp(name, "EDEADLOCK"))
		return EDEADLK;
	return -1;
}

int xlat_errno_max(void)
{
	return (int)(ARRAY_SIZE(xlat_errnos)) - 1;
}

const char *xlat_lookup(const struct xlat *tab, unsigned long long val)
{
	for (; tab->name; tab++)
		if (tab->val == val)
			return tab->name;
	return NULL;
}

int xlat_value(const struct xlat *tab, const char *name, unsigned long long *val)
{
	for (; tab->name; tab++) {
		if (strcmp(tab->name, name) == 0) {
			*val = tab->val;
			return 0;
		}
	}
	return -1;
}

/* Append "|" (unless first) and s to buf, which has room for len bytes. */
static void xlat_append(char *buf, size_t len, const char *s)
{
	size_t used = strlen(buf);

	snprintf(buf + used, len - used, "%s%s", used ? "|" : "", s);
}

char *xlat_flags(const struct xlat *tab, unsigned long long val, bool perm)
{
	unsigned long long rest = perm ? val & ~0777ULL : val;
	char buf[256] = "", num[32];

	for (; tab->name; tab++) {
		if (tab->val && (rest & tab->val) == tab->val) {
			xlat_append(buf, sizeof(buf), tab->name);
			rest &= ~tab->val;
		}
	}
	if (rest) {
		snprintf(num, sizeof(num), "%#llx", rest);
		xlat_append(buf, sizeof(buf), num);
	}
	if (perm) {
		snprintf(num, sizeof(num), "%04llo", val & 0777);
		xlat_append(buf, sizeof(buf), num);
	}
	return xstrdup(buf[0] ? buf : "0");
}

const char *xlat_errno_name(int err)
{
	if (err <= 0 || (size_t)err >= ARRAY_SIZE(xlat_errnos))
		return NULL;
	return xlat_errnos[err];
}

const char *xlat_signal_name(int sig)
{
	if (sig <= 0 || (size_t)sig >= ARRAY_SIZE(xlat_signals))
		return NULL;
	return xlat_signals[sig];
}

static int xlat_sys_find(const struct xlat_sys *tab, long long nr, enum ipc_call *call)
{
	for (; tab->nr >= 0; tab++) {
		if (tab->nr == nr) {
			*call = tab->call;
			return 0;
		}
	}
	return -1;
}

int xlat_syscall(unsigned arch, long long nr, enum ipc_call *call)
{
	if (arch == XLAT_ARCH_X86_64)
		return xlat_sys_find(xlat_sys_x86_64, nr & ~XLAT_X32_BIT, call);
	if (arch == XLAT_ARCH_I386)
		return xlat_sys_find(xlat_sys_i386, nr, call);
	return -1;
}

int xlat_ipc_call(unsigned ipc_nr, enum ipc_call *call)
{
	return xlat_sys_find(xlat_sys_ipc, ipc_nr & 0xffff, call);
}

size_t xlat_ipc_syscalls(enum xlat_abi abi, long long *nrs, size_t max)
{
	const struct xlat_sys *tab = abi == XLAT_ABI_I386 ? xlat_sys_i386 : xlat_sys_x86_64;
	long long bit = abi == XLAT_ABI_X32 ? XLAT_X32_BIT : 0;
	size_t n = 0;

	for (; tab->nr >= 0; tab++, n++)
		if (n < max)
			nrs[n] = tab->nr | bit;
	if (abi == XLAT_ABI_I386) {
		if (n < max)
			nrs[n] = XLAT_I386_IPC;
		n++;
	}
	return n;
}
