/*
 * filter.c - the seccomp filter (libseccomp), see filter.h.
 *
 * Architectures: native x86_64, x86 (int $0x80 from a 64-bit process reaches
 * the i386 table: the direct IPC calls 393-402, semtimedop_time64 420 and
 * the ipc() multiplexer 117) and x32. The IPC calls are traced by number,
 * from xlat.c's one table per ABI (xlat_ipc_syscalls), each ABI in a
 * context of its own, then merged: a name-based rule would miss what
 * libseccomp does not name the same way on every arch (semtimedop_time64
 * exists only on i386; i386's direct IPC calls are "multiplexed" names to
 * it). x32 is traced like the others rather than killed: the decoder knows
 * the x32 numbers (nr | 0x40000000), and on a kernel without x32 the call
 * fails with ENOSYS after the tracer saw it. Any other arch kills the
 * process (SCMP_FLTATR_ACT_BADARCH).
 *
 * Denied calls are traced too (FILTER_TAG_EPERM / _ENOSYS): the tracer skips
 * them, sets the error and records a CALL_DENIED event, so a refused
 * clone(CLONE_UNTRACED) shows in the record instead of failing silently.
 * clone3 passes its flags in memory, where BPF cannot look: it is refused
 * with ENOSYS, which glibc answers by using clone (so pthread_create and
 * posix_spawn each leave one harmless "denied clone3" event).
 */
#include "harness/filter.h"

#include <errno.h>
#include <stdint.h>
#include <linux/if_ether.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness/xlat.h"
#include "util/util.h"

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif

/* The ABIs of the filter: libseccomp's arch and xlat.c's table of IPC
 * numbers. */
static const struct {
	uint32_t arch;
	enum xlat_abi abi;
} filter_abis[] = {
	{ SCMP_ARCH_X86_64, XLAT_ABI_X86_64 },
	{ SCMP_ARCH_X86, XLAT_ABI_I386 },
	{ SCMP_ARCH_X32, XLAT_ABI_X32 },
};

/* Calls refused: letting them run would open gaps (ptrace of a
 * sibling, writing into another process, io_uring's unseen syscalls, new
 * user or IPC namespaces whose objects the inventory cannot see). */
static const struct {
	const char *name;
	enum filter_tag tag;
} filter_denied_calls[] = {
	{ "ptrace", FILTER_TAG_EPERM },
	{ "process_vm_writev", FILTER_TAG_EPERM },
	{ "unshare", FILTER_TAG_EPERM },
	{ "setns", FILTER_TAG_EPERM },
	{ "clone3", FILTER_TAG_ENOSYS },
	{ "io_uring_setup", FILTER_TAG_ENOSYS },
	/* A filter of the program's own would outrank this one: one returning
	 * RET_USER_NOTIF, or RET_TRACE with another tag (the newest filter's
	 * data wins), hides IPC calls from the tracer and lets refused calls
	 * run. So no program installs a filter; prctl(PR_SET_SECCOMP) below. */
	{ "seccomp", FILTER_TAG_EPERM },
};

/* clone() flags that are refused: CLONE_UNTRACED would make a child the
 * tracer never sees; new namespaces would hide IPC objects. */
static const unsigned long filter_clone_flags[] = {
	CLONE_UNTRACED, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNS,
};

bool filter_clone_refused(unsigned long long flags)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(filter_clone_flags); i++)
		if (flags & filter_clone_flags[i])
			return true;
	return false;
}

enum filter_fork filter_fork_kind(unsigned arch, long long nr)
{
	if (seccomp_syscall_resolve_name_arch(arch, "clone") == nr)
		return FILTER_FORK_CLONE;
	if (seccomp_syscall_resolve_name_arch(arch, "vfork") == nr)
		return FILTER_FORK_VFORK;
	if (seccomp_syscall_resolve_name_arch(arch, "fork") == nr)
		return FILTER_FORK_FORK;
	return FILTER_FORK_NONE;
}

/* Fault injection of fork: the calls that make a process stop, so that the
 * tracer can fail them (a thread's clone does not: CLONE_THREAD). clone3
 * is refused already (glibc falls back to clone). A clone with a refused
 * flag may match both this rule and the EPERM one: the tracer refuses it
 * at either stop (filter_clone_refused). */
static int filter_add_fork_rules(scmp_filter_ctx ctx)
{
	int rc;

	rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TAG_FORK), SCMP_SYS(fork), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TAG_FORK), SCMP_SYS(vfork), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TAG_FORK), SCMP_SYS(clone), 1,
				      SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
	return rc;
}

/*
 * The IPC calls of one ABI, exactly the numbers xlat.c lists for it. A
 * libseccomp rule takes a native (or pseudo) number and translates it to
 * each arch by name, so each number goes through its name on its own arch
 * (i386's 420 is "semtimedop_time64", which x86_64 does not have). A
 * number libseccomp cannot name fails the build: better no run than a
 * call the filter lets through unseen.
 */
static int filter_add_ipc_rules(scmp_filter_ctx ctx, uint32_t arch, enum xlat_abi abi)
{
	long long nrs[32];
	size_t i, n = xlat_ipc_syscalls(abi, nrs, ARRAY_SIZE(nrs));
	char *name;
	int nr, rc;

	if (n > ARRAY_SIZE(nrs))
		return -E2BIG;
	for (i = 0; i < n; i++) {
		name = seccomp_syscall_resolve_num_arch(arch, (int)nrs[i]);
		nr = name ? seccomp_syscall_resolve_name(name) : __NR_SCMP_ERROR;
		free(name);
		if (nr == __NR_SCMP_ERROR)
			return -ENOSYS;
		rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TAG_IPC), nr, 0);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The wait calls, traced to record who reaps whom ("waitpid" is i386's). */
static const char *const filter_wait_calls[] = { "wait4", "waitid", "waitpid" };

static int filter_add_rules(scmp_filter_ctx ctx)
{
	size_t i;
	int nr, rc;

	for (i = 0; i < ARRAY_SIZE(filter_wait_calls); i++) {
		nr = seccomp_syscall_resolve_name(filter_wait_calls[i]);
		if (nr == __NR_SCMP_ERROR)
			return -EINVAL;
		rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TAG_WAIT), nr, 0);
		if (rc < 0)
			return rc;
	}
	for (i = 0; i < ARRAY_SIZE(filter_denied_calls); i++) {
		nr = seccomp_syscall_resolve_name(filter_denied_calls[i].name);
		if (nr == __NR_SCMP_ERROR)
			return -EINVAL;
		rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(filter_denied_calls[i].tag), nr, 0);
		if (rc < 0)
			return rc;
	}
	for (i = 0; i < ARRAY_SIZE(filter_clone_flags); i++) {
		unsigned long fl = filter_clone_flags[i];

		rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TAG_EPERM), SCMP_SYS(clone), 1,
				      SCMP_A0(SCMP_CMP_MASKED_EQ, fl, fl));
		if (rc < 0)
			return rc;
	}
	return seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TAG_EPERM), SCMP_SYS(prctl), 1,
				SCMP_A0(SCMP_CMP_EQ, PR_SET_SECCOMP));
}

/*
 * Fallback mode: calls that reach another process by its pid or a pidfd.
 * The run shares the host's PID namespace with the grader and every other
 * process of the user, so each one is traced and the tracer lets it run
 * only when its target is one of the run's processes (trace.c). ptrace and
 * process_vm_writev are refused everywhere (filter_denied_calls).
 */
static const struct {
	const char *name;
	enum filter_target target;
	int arg;
} filter_pid_calls[] = {
	{ "kill", FILTER_TARGET_PID, 0 },
	{ "tkill", FILTER_TARGET_PID, 0 },
	{ "tgkill", FILTER_TARGET_PID, 1 },
	{ "rt_sigqueueinfo", FILTER_TARGET_PID, 0 },
	{ "rt_tgsigqueueinfo", FILTER_TARGET_PID, 1 },
	{ "pidfd_open", FILTER_TARGET_PID, 0 },
	{ "process_vm_readv", FILTER_TARGET_PID, 0 },
	{ "prlimit64", FILTER_TARGET_PID, 0 },
	{ "pidfd_send_signal", FILTER_TARGET_PIDFD, 0 },
	{ "pidfd_getfd", FILTER_TARGET_PIDFD, 0 },
	{ "process_madvise", FILTER_TARGET_PIDFD, 0 },
};

enum filter_target filter_pid_target(unsigned arch, long long nr, int *arg)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(filter_pid_calls); i++)
		if (seccomp_syscall_resolve_name_arch(arch, filter_pid_calls[i].name) == nr) {
			*arg = filter_pid_calls[i].arg;
			return filter_pid_calls[i].target;
		}
	return FILTER_TARGET_NONE;
}

/*
 * Fallback mode only: the run shares the host's network namespace (in
 * namespace mode it has an empty one of its own), so IP sockets, which
 * would reach every service listening on the machine, are refused; and
 * the calls aimed at other processes are traced (filter_pid_calls).
 */
static int filter_add_host_rules(scmp_filter_ctx ctx)
{
	static const int families[] = { AF_INET, AF_INET6, AF_NETLINK, AF_PACKET };
	size_t i;
	int nr, rc = 0;

	for (i = 0; rc == 0 && i < ARRAY_SIZE(filter_pid_calls); i++) {
		nr = seccomp_syscall_resolve_name(filter_pid_calls[i].name);
		if (nr == __NR_SCMP_ERROR)
			return -EINVAL;
		rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TAG_PID), nr, 0);
	}
	for (i = 0; rc == 0 && i < ARRAY_SIZE(families); i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(FILTER_TAG_EPERM), SCMP_SYS(socket), 1,
				      SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffU, families[i]));
	return rc;
}

/* Export the BPF program through a memfd into a malloc'ed array. */
static int filter_export(scmp_filter_ctx ctx, struct filter *f)
{
	off_t len;
	int fd, rc;

	fd = memfd_create("shmgrade-filter", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0)
		goto out;
	len = lseek(fd, 0, SEEK_END);
	if (len <= 0 || len % sizeof(struct sock_filter) ||
	    len / sizeof(struct sock_filter) > BPF_MAXINSNS) {
		rc = -E2BIG;
		goto out;
	}
	f->prog.filter = malloc(len);
	if (!f->prog.filter) {
		rc = -ENOMEM;
		goto out;
	}
	if (pread(fd, f->prog.filter, len, 0) != len) {
		rc = -EIO;
		free(f->prog.filter);
		f->prog.filter = NULL;
		goto out;
	}
	f->prog.len = len / sizeof(struct sock_filter);
	rc = 0;
out:
	close(fd);
	return rc;
}

/*
 * Memory made executable (trace_exec.h): mmap or mmap2 with PROT_EXEC, and
 * mprotect or pkey_mprotect adding it, stop for the tracer, so that a
 * program cannot run code it decoded by mapping it itself (dlopen of a
 * library it wrote, a loader of its own). i386's old mmap passes its
 * arguments in memory, where BPF cannot look: it always stops.
 */
static int filter_add_execmap_rules(scmp_filter_ctx ctx, uint32_t arch)
{
	const uint32_t tag = SCMP_ACT_TRACE(FILTER_TAG_EXECMAP);
	int rc;

	if (arch == SCMP_ARCH_X86) {
		rc = seccomp_rule_add(ctx, tag, SCMP_SYS(mmap), 0);
		if (rc == 0)
			rc = seccomp_rule_add(ctx, tag, SCMP_SYS(mmap2), 1,
					      SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
	} else {
		rc = seccomp_rule_add(ctx, tag, SCMP_SYS(mmap), 1,
				      SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
	}
	if (rc == 0)
		rc = seccomp_rule_add(ctx, tag, SCMP_SYS(mprotect), 1,
				      SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, tag, SCMP_SYS(pkey_mprotect), 1,
				      SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
	return rc;
}

/* The filter of one ABI alone (a context holding only its arch). */
static int filter_abi_ctx(size_t k, bool host, bool forks, scmp_filter_ctx *out)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	uint32_t arch = filter_abis[k].arch;
	int rc;

	if (!ctx)
		return -ENOMEM;
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (rc == 0 && arch != seccomp_arch_native()) {
		rc = seccomp_arch_add(ctx, arch);
		if (rc == 0)
			rc = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
	}
	if (rc == 0)
		rc = filter_add_ipc_rules(ctx, arch, filter_abis[k].abi);
	if (rc == 0)
		rc = filter_add_rules(ctx);
	if (rc == 0)
		rc = filter_add_execmap_rules(ctx, arch);
	if (rc == 0 && host)
		rc = filter_add_host_rules(ctx);
	if (rc == 0 && forks)
		rc = filter_add_fork_rules(ctx);
	if (rc < 0) {
		seccomp_release(ctx);
		return rc;
	}
	*out = ctx;
	return 0;
}

/* One context per ABI, merged into one filter (libseccomp merges contexts
 * whose arches differ). */
int filter_build(struct filter *f, bool host, bool forks)
{
	scmp_filter_ctx ctx = NULL, more;
	size_t k;
	int rc = 0;

	memset(f, 0, sizeof(*f));
	for (k = 0; rc == 0 && k < ARRAY_SIZE(filter_abis); k++) {
		rc = filter_abi_ctx(k, host, forks, k ? &more : &ctx);
		if (rc == 0 && k) {
			rc = seccomp_merge(ctx, more);
			if (rc < 0)
				seccomp_release(more);
		}
	}
	if (rc == 0)
		rc = filter_export(ctx, f);
	if (ctx)
		seccomp_release(ctx);
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return 0;
}

void filter_release(struct filter *f)
{
	free(f->prog.filter);
	memset(f, 0, sizeof(*f));
}

int filter_install(const struct filter *f)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &f->prog, 0, 0);
}

char *filter_syscall_name(unsigned arch, long long nr)
{
	char *name = seccomp_syscall_resolve_num_arch(arch, (int)nr);
	char *s;

	if (name)
		return name;
	if (asprintf(&s, "syscall_%lld", nr) < 0)
		return NULL;
	return s;
}
