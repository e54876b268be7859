/*
 * test_decode.c - the name tables (xlat.c) and the syscall decoder
 * (decode.c), with the tracee's memory faked by a buffer.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/decode.h"
#include "harness/record.h"
#include "harness/xlat.h"
#include "tests/test_util.h"

/* ---- a fake tracee memory: one buffer at a fixed address ---- */

#define FAKE_BASE 0x10000ULL

struct fake_mem {
	unsigned char buf[4096];
	unsigned reads;
};

static int fake_read(void *ctx, unsigned long long addr, void *buf, size_t len)
{
	struct fake_mem *m = ctx;

	m->reads++;
	if (addr < FAKE_BASE || addr + len > FAKE_BASE + sizeof(m->buf))
		return -1;
	memcpy(buf, m->buf + (addr - FAKE_BASE), len);
	return 0;
}

static void fake_put(struct fake_mem *m, unsigned long long addr, const void *p, size_t len)
{
	ck_assert(addr >= FAKE_BASE && addr + len <= FAKE_BASE + sizeof(m->buf));
	memcpy(m->buf + (addr - FAKE_BASE), p, len);
}

static const struct event_arg *arg_named(const struct event *ev, const char *name)
{
	size_t i;

	for (i = 0; i < ev->nargs; i++)
		if (strcmp(ev->args[i].name, name) == 0)
			return &ev->args[i];
	return NULL;
}

static void assert_sym(const struct event *ev, const char *name, const char *want)
{
	const struct event_arg *a = arg_named(ev, name);

	ck_assert_msg(a != NULL, "no argument %s", name);
	ck_assert_int_eq(a->kind, ARG_SYM);
	ck_assert_str_eq(a->str, want);
}

static void assert_num(const struct event *ev, const char *name, enum arg_kind kind, long long want)
{
	const struct event_arg *a = arg_named(ev, name);

	ck_assert_msg(a != NULL, "no argument %s", name);
	ck_assert_int_eq(a->kind, kind);
	ck_assert_int_eq(a->num, want);
}

/* Decode entry + exit of an x86_64 call. */
static void decode_x86(struct event *ev, long long nr, unsigned long long a0, unsigned long long a1,
		       unsigned long long a2, unsigned long long a3, unsigned long long a4,
		       long long rval, struct fake_mem *m)
{
	const unsigned long long args[6] = { a0, a1, a2, a3, a4, 0 };

	memset(ev, 0, sizeof(*ev));
	ck_assert_int_eq(decode_entry(ev, XLAT_ARCH_X86_64, nr, args, fake_read, m), 0);
	decode_exit(ev, rval, fake_read, m);
}

/* ---- tables ---- */

static void assert_table_renders(const struct xlat *tab, bool perm)
{
	char want[64];

	for (; tab->name; tab++) {
		char *s = xlat_flags(tab, tab->val | (perm ? 0640 : 0), perm);

		snprintf(want, sizeof(want), "%s%s", tab->name, perm ? "|0640" : "");
		ck_assert_str_eq(s, want);
		free(s);
	}
}

START_TEST(test_flag_tables)
{
	assert_table_renders(xlat_shmget_flags, true);
	assert_table_renders(xlat_get_flags, true);
	assert_table_renders(xlat_shmat_flags, false);
	assert_table_renders(xlat_msgsnd_flags, false);
	assert_table_renders(xlat_msgrcv_flags, false);
	assert_table_renders(xlat_sem_flags, false);
	/* The values agree with the C library's headers. */
	ck_assert_int_eq(xlat_shmget_flags[0].val, IPC_CREAT);
	ck_assert_int_eq(xlat_shmat_flags[0].val, SHM_RDONLY);
	ck_assert_int_eq(xlat_sem_flags[1].val, SEM_UNDO);
	ck_assert_int_eq(xlat_msgrcv_flags[1].val, MSG_NOERROR);
}
END_TEST

START_TEST(test_flag_rendering)
{
	static const struct {
		long long flg;
		const char *want;
	} cases[] = {
		{ 0, "0000" },
		{ IPC_CREAT, "IPC_CREAT|0000" },
		{ IPC_CREAT | 0600, "IPC_CREAT|0600" },
		{ IPC_CREAT | IPC_EXCL | 0666, "IPC_CREAT|IPC_EXCL|0666" },
		{ 0644, "0644" },
		{ IPC_CREAT | 0x80000 | 0600, "IPC_CREAT|0x80000|0600" },
		{ (long long)0xffffffffU & ~(0x3fLL << 26),
		  "IPC_CREAT|IPC_EXCL|SHM_HUGETLB|SHM_NORESERVE|0x3ffe000|0777" },
		{ -1,
		  "IPC_CREAT|IPC_EXCL|SHM_HUGETLB|SHM_NORESERVE|0x3ffe000|63<<SHM_HUGE_SHIFT|0777" },
		{ IPC_CREAT | SHM_HUGETLB | 21 << 26 | 0600,
		  "IPC_CREAT|SHM_HUGETLB|SHM_HUGE_2MB|0600" },
		{ 30 << 26, "SHM_HUGE_1GB|0000" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = decode_shmflg(cases[i].flg);

		ck_assert_str_eq(s, cases[i].want);
		free(s);
	}
	{
		char *s = xlat_flags(xlat_shmat_flags, 0, false);

		ck_assert_str_eq(s, "0");
		free(s);
		s = xlat_flags(xlat_shmat_flags, SHM_RDONLY | SHM_RND, false);
		ck_assert_str_eq(s, "SHM_RDONLY|SHM_RND");
		free(s);
	}
}
END_TEST

static void assert_cmds(enum ipc_kind kind, const struct xlat *tab)
{
	for (; tab->name; tab++) {
		char *s = decode_ipc_cmd(kind, (long long)tab->val);

		ck_assert_str_eq(s, tab->name);
		free(s);
	}
}

START_TEST(test_cmd_tables)
{
	static const struct {
		enum ipc_kind kind;
		int cmd;
		const char *name;
	} libc[] = {
		{ IPC_KIND_SHM, IPC_RMID, "IPC_RMID" }, { IPC_KIND_SHM, IPC_SET, "IPC_SET" },
		{ IPC_KIND_SHM, IPC_STAT, "IPC_STAT" }, { IPC_KIND_SHM, IPC_INFO, "IPC_INFO" },
		{ IPC_KIND_SHM, SHM_INFO, "SHM_INFO" }, { IPC_KIND_SHM, SHM_STAT, "SHM_STAT" },
		{ IPC_KIND_SHM, SHM_LOCK, "SHM_LOCK" }, { IPC_KIND_SHM, SHM_UNLOCK, "SHM_UNLOCK" },
		{ IPC_KIND_SEM, GETPID, "GETPID" },	{ IPC_KIND_SEM, GETVAL, "GETVAL" },
		{ IPC_KIND_SEM, GETALL, "GETALL" },	{ IPC_KIND_SEM, GETNCNT, "GETNCNT" },
		{ IPC_KIND_SEM, GETZCNT, "GETZCNT" },	{ IPC_KIND_SEM, SETVAL, "SETVAL" },
		{ IPC_KIND_SEM, SETALL, "SETALL" },	{ IPC_KIND_SEM, SEM_STAT, "SEM_STAT" },
		{ IPC_KIND_SEM, SEM_INFO, "SEM_INFO" }, { IPC_KIND_MSG, MSG_STAT, "MSG_STAT" },
		{ IPC_KIND_MSG, MSG_INFO, "MSG_INFO" }, { IPC_KIND_SEM, 20, "SEM_STAT_ANY" },
		{ IPC_KIND_SHM, 15, "SHM_STAT_ANY" },	{ IPC_KIND_MSG, 13, "MSG_STAT_ANY" },
	};
	size_t i;
	char *s;

	assert_cmds(IPC_KIND_SHM, xlat_ipc_cmds);
	assert_cmds(IPC_KIND_SHM, xlat_shm_cmds);
	assert_cmds(IPC_KIND_SEM, xlat_sem_cmds);
	assert_cmds(IPC_KIND_MSG, xlat_msg_cmds);
	for (i = 0; i < sizeof(libc) / sizeof(libc[0]); i++) {
		s = decode_ipc_cmd(libc[i].kind, libc[i].cmd);
		ck_assert_str_eq(s, libc[i].name);
		free(s);
	}
	s = decode_ipc_cmd(IPC_KIND_SHM, 0x100 | IPC_STAT);
	ck_assert_str_eq(s, "IPC_64|IPC_STAT");
	free(s);
	s = decode_ipc_cmd(IPC_KIND_MSG, 99);
	ck_assert_str_eq(s, "99");
	free(s);
	/* 13 is SHM_STAT for shm but MSG_STAT_ANY for queues. */
	s = decode_ipc_cmd(IPC_KIND_SEM, 13);
	ck_assert_str_eq(s, "GETALL");
	free(s);
}
END_TEST

START_TEST(test_errno_signal_names)
{
	static const struct {
		int err;
		const char *name;
	} errs[] = {
		{ EACCES, "EACCES" }, { EEXIST, "EEXIST" },	  { EINVAL, "EINVAL" },
		{ ENOENT, "ENOENT" }, { ENOMEM, "ENOMEM" },	  { ENOSPC, "ENOSPC" },
		{ EPERM, "EPERM" },   { EIDRM, "EIDRM" },	  { EAGAIN, "EAGAIN" },
		{ EINTR, "EINTR" },   { EFAULT, "EFAULT" },	  { E2BIG, "E2BIG" },
		{ ENOMSG, "ENOMSG" }, { ERANGE, "ERANGE" },	  { EFBIG, "EFBIG" },
		{ ENOSYS, "ENOSYS" }, { EHWPOISON, "EHWPOISON" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	};
	size_t i;
	int e;

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
		ck_assert_str_eq(xlat_errno_name(errs[i].err), errs[i].name);
	/* Every errno up to the last one has a name. */
	for (e = 1; e <= EHWPOISON; e++) {
		if (e == 41 || e == 58) /* never assigned on Linux */
			continue;
		ck_assert_msg(xlat_errno_name(e) != NULL, "errno %d has no name", e);
	}
	ck_assert_ptr_null(xlat_errno_name(0));
	ck_assert_ptr_null(xlat_errno_name(100000));
	ck_assert_str_eq(xlat_signal_name(SIGSEGV), "SIGSEGV");
	ck_assert_str_eq(xlat_signal_name(SIGKILL), "SIGKILL");
	ck_assert_str_eq(xlat_signal_name(SIGXCPU), "SIGXCPU");
	ck_assert_str_eq(xlat_signal_name(SIGSYS), "SIGSYS");
	ck_assert_ptr_null(xlat_signal_name(0));
	ck_assert_ptr_null(xlat_signal_name(64));
}
END_TEST

START_TEST(test_syscall_numbers)
{
	static const struct {
		unsigned arch;
		long long nr;
		enum ipc_call call;
	} cases[] = {
		{ XLAT_ARCH_X86_64, 29, CALL_SHMGET },
		{ XLAT_ARCH_X86_64, 30, CALL_SHMAT },
		{ XLAT_ARCH_X86_64, 31, CALL_SHMCTL },
		{ XLAT_ARCH_X86_64, 67, CALL_SHMDT },
		{ XLAT_ARCH_X86_64, 64, CALL_SEMGET },
		{ XLAT_ARCH_X86_64, 65, CALL_SEMOP },
		{ XLAT_ARCH_X86_64, 66, CALL_SEMCTL },
		{ XLAT_ARCH_X86_64, 220, CALL_SEMTIMEDOP },
		{ XLAT_ARCH_X86_64, 68, CALL_MSGGET },
		{ XLAT_ARCH_X86_64, 69, CALL_MSGSND },
		{ XLAT_ARCH_X86_64, 70, CALL_MSGRCV },
		{ XLAT_ARCH_X86_64, 71, CALL_MSGCTL },
		{ XLAT_ARCH_X86_64, 0x40000000 + 29, CALL_SHMGET },
		{ XLAT_ARCH_X86_64, 0x40000000 + 220, CALL_SEMTIMEDOP },
		{ XLAT_ARCH_I386, 393, CALL_SEMGET },
		{ XLAT_ARCH_I386, 394, CALL_SEMCTL },
		{ XLAT_ARCH_I386, 395, CALL_SHMGET },
		{ XLAT_ARCH_I386, 396, CALL_SHMCTL },
		{ XLAT_ARCH_I386, 397, CALL_SHMAT },
		{ XLAT_ARCH_I386, 398, CALL_SHMDT },
		{ XLAT_ARCH_I386, 399, CALL_MSGGET },
		{ XLAT_ARCH_I386, 400, CALL_MSGSND },
		{ XLAT_ARCH_I386, 401, CALL_MSGRCV },
		{ XLAT_ARCH_I386, 402, CALL_MSGCTL },
		{ XLAT_ARCH_I386, 420, CALL_SEMTIMEDOP },
	};
	enum ipc_call call;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		call = CALL_COUNT_;
		ck_assert_int_eq(xlat_syscall(cases[i].arch, cases[i].nr, &call), 0);
		ck_assert_int_eq(call, cases[i].call);
	}
	ck_assert_int_eq(xlat_syscall(XLAT_ARCH_X86_64, 0, &call), -1);
	ck_assert_int_eq(xlat_syscall(XLAT_ARCH_I386, 29, &call), -1);
	ck_assert_int_eq(xlat_syscall(0xc00000b7U /* aarch64 */, 194, &call), -1);
	ck_assert_int_eq(xlat_ipc_call(21, &call), 0);
	ck_assert_int_eq(call, CALL_SHMAT);
	ck_assert_int_eq(xlat_ipc_call(1 << 16 | 12, &call), 0);
	ck_assert_int_eq(call, CALL_MSGRCV);
	ck_assert_int_eq(xlat_ipc_call(5, &call), -1);
}
END_TEST

/* ---- x86_64 decoding ---- */

START_TEST(test_shmget)
{
	struct event ev;

	decode_x86(&ev, 29, IPC_PRIVATE, 4096, IPC_CREAT | 0600, 0, 0, 3, NULL);
	ck_assert_int_eq(ev.call, CALL_SHMGET);
	ck_assert(!ev.compat32);
	ck_assert_int_eq(ev.nargs, 3);
	ck_assert_str_eq(ev.args[0].name, "key");
	ck_assert_str_eq(ev.args[1].name, "size");
	ck_assert_str_eq(ev.args[2].name, "shmflg");
	assert_num(&ev, "key", ARG_INT, 0);
	assert_num(&ev, "size", ARG_INT, 4096);
	assert_sym(&ev, "shmflg", "IPC_CREAT|0600");
	ck_assert_int_eq(ev.result, 3);
	ck_assert_int_eq(ev.err, 0);
	event_clear(&ev);

	/* A negative key (ftok can make one) stays negative; errors decode. */
	decode_x86(&ev, 29, 0xfffffffeULL, 100, IPC_CREAT | IPC_EXCL | 0644, 0, 0, -EEXIST, NULL);
	assert_num(&ev, "key", ARG_INT, -2);
	assert_sym(&ev, "shmflg", "IPC_CREAT|IPC_EXCL|0644");
	ck_assert_int_eq(ev.result, -1);
	ck_assert_int_eq(ev.err, EEXIST);
	event_clear(&ev);
}
END_TEST

START_TEST(test_shmat_shmdt)
{
	struct event ev;

	decode_x86(&ev, 30, 5, 0, SHM_RDONLY, 0, 0, 0x7f0000001000LL, NULL);
	ck_assert_int_eq(ev.call, CALL_SHMAT);
	assert_num(&ev, "shmid", ARG_INT, 5);
	assert_num(&ev, "shmaddr", ARG_HEX, 0);
	assert_sym(&ev, "shmflg", "SHM_RDONLY");
	ck_assert_int_eq(ev.result, 0x7f0000001000LL);
	event_clear(&ev);

	decode_x86(&ev, 67, 0x7f0000001000ULL, 0, 0, 0, 0, -EINVAL, NULL);
	ck_assert_int_eq(ev.call, CALL_SHMDT);
	ck_assert_int_eq(ev.nargs, 1);
	assert_num(&ev, "shmaddr", ARG_HEX, 0x7f0000001000LL);
	ck_assert_int_eq(ev.err, EINVAL);
	event_clear(&ev);
}
END_TEST

START_TEST(test_shmctl_stat_reads_struct_at_exit)
{
	struct fake_mem *m = calloc(1, sizeof(*m));
	unsigned long long buf = FAKE_BASE + 64;
	struct shmid_ds ds;
	struct event ev;
	const unsigned long long args[6] = { 7, IPC_STAT, buf, 0, 0, 0 };

	/* Offsets are the kernel's; building the buffer with the C library's
	 * struct checks they agree (x86_64: 112 bytes). */
	ck_assert_int_eq(sizeof(ds), 112);
	memset(&ds, 0, sizeof(ds));
	ds.shm_perm.__key = 0x41002422;
	ds.shm_perm.uid = 1000;
	ds.shm_perm.cuid = 1001;
	ds.shm_perm.mode = 01600;
	ds.shm_segsz = 4096;
	ds.shm_cpid = 2;
	ds.shm_lpid = 3;
	ds.shm_nattch = 2;
	ds.shm_ctime = 1234567;
	memset(&ev, 0, sizeof(ev));
	ck_assert_int_eq(decode_entry(&ev, XLAT_ARCH_X86_64, 31, args, fake_read, m), 0);
	ck_assert(!ev.has_ds_buf); /* not read at entry: the kernel fills it */
	fake_put(m, buf, &ds, sizeof(ds));
	decode_exit(&ev, 0, fake_read, m);
	ck_assert(ev.has_ds_buf);
	ck_assert_int_eq(ev.ds_buf.key, 0x41002422);
	ck_assert_int_eq(ev.ds_buf.uid, 1000);
	ck_assert_int_eq(ev.ds_buf.cuid, 1001);
	ck_assert_int_eq(ev.ds_buf.mode, 01600);
	ck_assert_int_eq(ev.ds_buf.size, 4096);
	ck_assert_int_eq(ev.ds_buf.cpid, 2);
	ck_assert_int_eq(ev.ds_buf.lpid, 3);
	ck_assert_int_eq(ev.ds_buf.nattch, 2);
	ck_assert_int_eq(ev.ds_buf.ctime, 1234567);
	assert_num(&ev, "shmid", ARG_INT, 7);
	assert_sym(&ev, "cmd", "IPC_STAT");
	assert_num(&ev, "buf", ARG_HEX, (long long)buf);
	event_clear(&ev);

	/* A failed IPC_STAT leaves no structure. */
	decode_x86(&ev, 31, 7, IPC_STAT, buf, 0, 0, -EACCES, m);
	ck_assert(!ev.has_ds_buf);
	event_clear(&ev);
	/* An unreadable buffer neither. */
	decode_x86(&ev, 31, 7, IPC_STAT, 0x999999999ULL, 0, 0, 0, m);
	ck_assert(!ev.has_ds_buf);
	event_clear(&ev);
	/* SHM_STAT_ANY fills it too. */
	decode_x86(&ev, 31, 0, 15, buf, 0, 0, 7, m);
	ck_assert(ev.has_ds_buf);
	assert_sym(&ev, "cmd", "SHM_STAT_ANY");
	event_clear(&ev);
	free(m);
}
END_TEST

START_TEST(test_ipc_set_reads_struct_at_entry)
{
	struct fake_mem *m = calloc(1, sizeof(*m));
	struct shmid_ds ds;
	struct event ev;
	const unsigned long long args[6] = { 7, IPC_SET, FAKE_BASE, 0, 0, 0 };

	memset(&ds, 0, sizeof(ds));
	ds.shm_perm.mode = 0644;
	ds.shm_perm.uid = 42;
	fake_put(m, FAKE_BASE, &ds, sizeof(ds));
	memset(&ev, 0, sizeof(ev));
	ck_assert_int_eq(decode_entry(&ev, XLAT_ARCH_X86_64, 31, args, fake_read, m), 0);
	ck_assert(ev.has_ds_buf);
	ck_assert_int_eq(ev.ds_buf.mode, 0644);
	ck_assert_int_eq(ev.ds_buf.uid, 42);
	/* The kernel may change the buffer afterwards: exit does not reread. */
	memset(m->buf, 0, sizeof(ds));
	decode_exit(&ev, 0, fake_read, m);
	ck_assert_int_eq(ev.ds_buf.mode, 0644);
	assert_sym(&ev, "cmd", "IPC_SET");
	event_clear(&ev);
	free(m);
}
END_TEST

START_TEST(test_semop_sops)
{
	struct fake_mem *m = calloc(1, sizeof(*m));
	struct sembuf sops[2] = { { 0, -1, SEM_UNDO }, { 1, 1, IPC_NOWAIT } };
	struct event ev;

	fake_put(m, FAKE_BASE, sops, sizeof(sops));
	decode_x86(&ev, 65, 3, FAKE_BASE, 2, 0, 0, 0, m);
	ck_assert_int_eq(ev.call, CALL_SEMOP);
	assert_num(&ev, "semid", ARG_INT, 3);
	assert_num(&ev, "sops", ARG_HEX, FAKE_BASE);
	assert_num(&ev, "nsops", ARG_INT, 2);
	ck_assert_int_eq(ev.nsops_read, 2);
	ck_assert_int_eq(ev.sops[0].sem_num, 0);
	ck_assert_int_eq(ev.sops[0].sem_op, -1);
	ck_assert_int_eq(ev.sops[0].sem_flg, SEM_UNDO);
	ck_assert_int_eq(ev.sops[1].sem_num, 1);
	ck_assert_int_eq(ev.sops[1].sem_op, 1);
	event_clear(&ev);

	/* glibc's semop() arrives as semtimedop with a NULL timeout. */
	decode_x86(&ev, 220, 3, FAKE_BASE, 1, 0, 0, -EINTR, m);
	ck_assert_int_eq(ev.call, CALL_SEMTIMEDOP);
	ck_assert_int_eq(ev.nsops_read, 1);
	assert_num(&ev, "timeout", ARG_HEX, 0);
	ck_assert_int_eq(ev.err, EINTR);
	event_clear(&ev);

	/* Unreadable sops: nothing read, the call still decodes. */
	decode_x86(&ev, 65, 3, 0xdead0000ULL, 1, 0, 0, 0, m);
	ck_assert_int_eq(ev.nsops_read, 0);
	event_clear(&ev);
	/* Many operations: only the first EVENT_MAX_SOPS. */
	decode_x86(&ev, 65, 3, FAKE_BASE, 1000, 0, 0, 0, m);
	ck_assert_int_eq(ev.nsops_read, EVENT_MAX_SOPS);
	ck_assert(!ev.sops_changed);
	event_clear(&ev);
	free(m);
}
END_TEST

/* Inputs rewritten while the kernel used them (another thread): read again
 * at the exit, the difference is recorded. */
START_TEST(test_inputs_rewritten)
{
	struct fake_mem *m = calloc(1, sizeof(*m));
	struct sembuf op = { 0, 1, 0 };
	const unsigned long long semop_args[6] = { 3, FAKE_BASE, 1, 0, 0, 0 };
	const unsigned long long msgsnd_args[6] = { 2, FAKE_BASE, 16, 0, 0, 0 };
	long mtype = 7;
	struct event ev;

	fake_put(m, FAKE_BASE, &op, sizeof(op));
	memset(&ev, 0, sizeof(ev));
	ck_assert_int_eq(decode_entry(&ev, XLAT_ARCH_X86_64, 65, semop_args, fake_read, m), 0);
	op.sem_op = 5;
	fake_put(m, FAKE_BASE, &op, sizeof(op));
	decode_exit(&ev, 0, fake_read, m);
	ck_assert_int_eq(ev.sops[0].sem_op, 1); /* what the entry read */
	ck_assert(ev.sops_changed);
	event_clear(&ev);

	fake_put(m, FAKE_BASE, &mtype, sizeof(mtype));
	memset(&ev, 0, sizeof(ev));
	ck_assert_int_eq(decode_entry(&ev, XLAT_ARCH_X86_64, 69, msgsnd_args, fake_read, m), 0);
	assert_num(&ev, "mtype", ARG_INT, 7);
	mtype = 9;
	fake_put(m, FAKE_BASE, &mtype, sizeof(mtype));
	decode_exit(&ev, 0, fake_read, m);
	assert_num(&ev, "mtype", ARG_NULL, 0);
	ck_assert(ev.mtype_changed);
	event_clear(&ev);
	free(m);
}
END_TEST

START_TEST(test_semctl_msgctl)
{
	struct fake_mem *m = calloc(1, sizeof(*m));
	struct semid_ds sds;
	struct msqid_ds mds;
	struct event ev;

	decode_x86(&ev, 64, 1234, 2, IPC_CREAT | 0666, 0, 0, 4, m);
	assert_num(&ev, "key", ARG_INT, 1234);
	assert_num(&ev, "nsems", ARG_INT, 2);
	assert_sym(&ev, "semflg", "IPC_CREAT|0666");
	event_clear(&ev);

	decode_x86(&ev, 66, 4, 1, SETVAL, 5, 0, 0, m);
	assert_num(&ev, "semnum", ARG_INT, 1);
	assert_sym(&ev, "cmd", "SETVAL");
	assert_num(&ev, "arg", ARG_INT, 5);
	event_clear(&ev);

	decode_x86(&ev, 66, 4, 0, IPC_RMID, 0, 0, 0, m);
	assert_sym(&ev, "cmd", "IPC_RMID");
	ck_assert_ptr_null(arg_named(&ev, "arg"));
	event_clear(&ev);

	memset(&sds, 0, sizeof(sds));
	sds.sem_perm.mode = 0600;
	sds.sem_nsems = 2;
	fake_put(m, FAKE_BASE, &sds, sizeof(sds));
	decode_x86(&ev, 66, 4, 0, IPC_STAT, FAKE_BASE, 0, 0, m);
	ck_assert(ev.has_ds_buf);
	ck_assert_int_eq(ev.ds_buf.size, 2);
	ck_assert_int_eq(ev.ds_buf.mode, 0600);
	event_clear(&ev);

	memset(&mds, 0, sizeof(mds));
	mds.msg_perm.mode = 0640;
	mds.msg_qnum = 3;
	mds.msg_qbytes = 16384;
	fake_put(m, FAKE_BASE, &mds, sizeof(mds));
	decode_x86(&ev, 71, 6, IPC_STAT, FAKE_BASE, 0, 0, 0, m);
	assert_num(&ev, "msqid", ARG_INT, 6);
	ck_assert(ev.has_ds_buf);
	ck_assert_int_eq(ev.ds_buf.nattch, 3);
	ck_assert_int_eq(ev.ds_buf.size, 16384);
	ck_assert_int_eq(ev.ds_buf.mode, 0640);
	event_clear(&ev);
	free(m);
}
END_TEST

START_TEST(test_msgsnd_msgrcv)
{
	struct fake_mem *m = calloc(1, sizeof(*m));
	long mtype = 7;
	struct event ev;

	fake_put(m, FAKE_BASE, &mtype, sizeof(mtype));
	decode_x86(&ev, 68, IPC_PRIVATE, IPC_CREAT | 0600, 0, 0, 0, 2, m);
	assert_num(&ev, "key", ARG_INT, 0);
	assert_sym(&ev, "msgflg", "IPC_CREAT|0600");
	event_clear(&ev);

	decode_x86(&ev, 69, 2, FAKE_BASE, 16, IPC_NOWAIT, 0, 0, m);
	ck_assert_str_eq(ev.args[0].name, "msqid");
	ck_assert_str_eq(ev.args[1].name, "msgp");
	ck_assert_str_eq(ev.args[2].name, "msgsz");
	ck_assert_str_eq(ev.args[3].name, "msgflg");
	assert_sym(&ev, "msgflg", "IPC_NOWAIT");
	assert_num(&ev, "mtype", ARG_INT, 7);
	event_clear(&ev);

	decode_x86(&ev, 69, 2, 0xbad00000ULL, 16, 0, 0, 0, m);
	assert_num(&ev, "mtype", ARG_NULL, 0);
	event_clear(&ev);

	decode_x86(&ev, 70, 2, FAKE_BASE, 16, (unsigned long long)-8LL, MSG_NOERROR | IPC_NOWAIT,
		   12, m);
	assert_num(&ev, "msgtyp", ARG_INT, -8);
	assert_sym(&ev, "msgflg", "IPC_NOWAIT|MSG_NOERROR");
	assert_num(&ev, "mtype", ARG_INT, 7); /* the received one, at exit */
	ck_assert(!ev.mtype_changed);
	ck_assert_int_eq(ev.result, 12);
	event_clear(&ev);

	/* A received mtype the kernel could not have delivered for msgtyp
	 * (the buffer was rewritten): unknown. */
	decode_x86(&ev, 70, 2, FAKE_BASE, 16, (unsigned long long)-3LL, IPC_NOWAIT, 12, m);
	assert_num(&ev, "mtype", ARG_NULL, 0);
	ck_assert(ev.mtype_changed);
	event_clear(&ev);
	decode_x86(&ev, 70, 2, FAKE_BASE, 16, 5, IPC_NOWAIT, 12, m);
	assert_num(&ev, "mtype", ARG_NULL, 0);
	event_clear(&ev);
	decode_x86(&ev, 70, 2, FAKE_BASE, 16, 7, IPC_NOWAIT, 12, m);
	assert_num(&ev, "mtype", ARG_INT, 7);
	event_clear(&ev);

	decode_x86(&ev, 70, 2, FAKE_BASE, 16, 0, IPC_NOWAIT, -ENOMSG, m);
	ck_assert_ptr_null(arg_named(&ev, "mtype"));
	ck_assert_int_eq(ev.err, ENOMSG);
	event_clear(&ev);
	free(m);
}
END_TEST

START_TEST(test_unknown_syscall)
{
	const unsigned long long args[6] = { 0 };
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ck_assert_int_eq(decode_entry(&ev, XLAT_ARCH_X86_64, 1, args, NULL, NULL), -1);
	ck_assert_int_eq(ev.call, CALL_COUNT_);
	ck_assert_int_eq(ev.nargs, 0);
	decode_exit(&ev, 0, NULL, NULL); /* harmless */
	ck_assert_int_eq(decode_entry(&ev, XLAT_ARCH_I386, 117, (const unsigned long long[6]){ 99 },
				      NULL, NULL),
			 -1);
	ck_assert_int_eq(ev.call, CALL_COUNT_);
}
END_TEST

/* ---- i386 ---- */

static void decode_i386(struct event *ev, long long nr, const unsigned long long a[6],
			long long rval, struct fake_mem *m)
{
	memset(ev, 0, sizeof(*ev));
	ck_assert_int_eq(decode_entry(ev, XLAT_ARCH_I386, nr, a, fake_read, m), 0);
	ck_assert(ev->compat32);
	decode_exit(ev, rval, fake_read, m);
}

START_TEST(test_i386_ipc_demux)
{
	struct fake_mem *m = calloc(1, sizeof(*m));
	uint32_t raddr = 0xf7001000U, semarg = 9, kludge[2] = { FAKE_BASE + 256, 5 };
	struct event ev;

	/* ipc(SHMGET, key, size, shmflg) */
	decode_i386(&ev, 117, (const unsigned long long[6]){ 23, 0, 4096, IPC_CREAT | 0600 }, 3, m);
	ck_assert_int_eq(ev.call, CALL_SHMGET);
	ck_assert_int_eq(ev.ipc_mux, 23);
	assert_num(&ev, "size", ARG_INT, 4096);
	assert_sym(&ev, "shmflg", "IPC_CREAT|0600");
	ck_assert_int_eq(ev.result, 3);
	event_clear(&ev);

	/* ipc(SHMAT, shmid, shmflg, &raddr, shmaddr): address comes back in memory. */
	decode_i386(&ev, 117, (const unsigned long long[6]){ 21, 3, SHM_RDONLY, FAKE_BASE + 8, 0 },
		    0, m);
	ck_assert_int_eq(ev.call, CALL_SHMAT);
	ck_assert_int_eq(ev.result, 0); /* not written yet in this fake */
	event_clear(&ev);
	fake_put(m, FAKE_BASE + 8, &raddr, sizeof(raddr));
	decode_i386(&ev, 117, (const unsigned long long[6]){ 21, 3, SHM_RDONLY, FAKE_BASE + 8, 0 },
		    0, m);
	assert_num(&ev, "shmid", ARG_INT, 3);
	assert_sym(&ev, "shmflg", "SHM_RDONLY");
	ck_assert_int_eq(ev.result, 0xf7001000LL);
	ck_assert_int_eq(ev.id, 3);
	ck_assert_uint_eq(ev.flags, SHM_RDONLY);
	ck_assert_uint_eq(ev.result_addr, FAKE_BASE + 8);
	event_clear(&ev);

	/* ipc(SHMCTL, shmid, IPC_RMID|IPC_64, 0, buf): IPC_64 stripped. */
	decode_i386(&ev, 117, (const unsigned long long[6]){ 24, 3, IPC_RMID | 0x100, 0, 0 }, 0, m);
	ck_assert_int_eq(ev.call, CALL_SHMCTL);
	assert_sym(&ev, "cmd", "IPC_RMID");
	ck_assert_int_eq(ev.cmd, IPC_RMID);
	ck_assert_int_eq(ev.id, 3);
	event_clear(&ev);

	/* ipc(SHMDT, 0, 0, 0, shmaddr) */
	decode_i386(&ev, 117, (const unsigned long long[6]){ 22, 0, 0, 0, 0xf7001000U }, 0, m);
	ck_assert_int_eq(ev.call, CALL_SHMDT);
	assert_num(&ev, "shmaddr", ARG_HEX, 0xf7001000LL);
	event_clear(&ev);

	/* ipc(SEMCTL, semid, semnum, cmd, &arg): the union is read at entry. */
	fake_put(m, FAKE_BASE + 16, &semarg, sizeof(semarg));
	decode_i386(&ev, 117,
		    (const unsigned long long[6]){ 3, 4, 0, SETVAL | 0x100, FAKE_BASE + 16 }, 0, m);
	ck_assert_int_eq(ev.call, CALL_SEMCTL);
	assert_sym(&ev, "cmd", "SETVAL");
	assert_num(&ev, "arg", ARG_INT, 9);
	event_clear(&ev);

	/* ipc(MSGRCV) version 0: msgp and msgtyp through a kludge struct. */
	fake_put(m, FAKE_BASE + 32, kludge, sizeof(kludge));
	decode_i386(&ev, 117, (const unsigned long long[6]){ 12, 2, 64, 0, FAKE_BASE + 32, 0 },
		    -ENOMSG, m);
	ck_assert_int_eq(ev.call, CALL_MSGRCV);
	assert_num(&ev, "msgp", ARG_HEX, FAKE_BASE + 256);
	assert_num(&ev, "msgtyp", ARG_INT, 5);
	assert_num(&ev, "msgsz", ARG_INT, 64);
	ck_assert_int_eq(ev.err, ENOMSG);
	event_clear(&ev);

	/* ... version 1: msgp is ptr, msgtyp is fifth. */
	decode_i386(
		&ev, 117,
		(const unsigned long long[6]){ 1 << 16 | 12, 2, 64, 0, FAKE_BASE, 0xffffffffULL },
		0, m);
	assert_num(&ev, "msgp", ARG_HEX, FAKE_BASE);
	assert_num(&ev, "msgtyp", ARG_INT, -1);
	event_clear(&ev);

	/* ipc(SEMOP, semid, nsops, 0, sops) */
	{
		struct sembuf op = { 0, -1, 0 };

		fake_put(m, FAKE_BASE + 64, &op, sizeof(op));
		decode_i386(&ev, 117, (const unsigned long long[6]){ 1, 4, 1, 0, FAKE_BASE + 64 },
			    0, m);
		ck_assert_int_eq(ev.call, CALL_SEMOP);
		ck_assert_int_eq(ev.nsops_read, 1);
		ck_assert_int_eq(ev.sops[0].sem_op, -1);
		event_clear(&ev);
	}
	free(m);
}
END_TEST

START_TEST(test_i386_direct)
{
	struct event ev;

	/* Direct shmat returns the address; above 2 GiB it is not an error. */
	decode_i386(&ev, 397, (const unsigned long long[6]){ 3, 0, 0 }, (int32_t)0xf7001000U, NULL);
	ck_assert_int_eq(ev.call, CALL_SHMAT);
	ck_assert_int_eq(ev.ipc_mux, 0);
	ck_assert_int_eq(ev.err, 0);
	ck_assert_int_eq(ev.result, 0xf7001000LL);
	event_clear(&ev);

	/* Errors arrive sign-extended or not: both decode. */
	decode_i386(&ev, 395, (const unsigned long long[6]){ 1, 4096, 0 }, 0xfffffffeLL, NULL);
	ck_assert_int_eq(ev.err, ENOENT);
	ck_assert_int_eq(ev.result, -1);
	event_clear(&ev);

	/* i386 structures are not decoded. */
	decode_i386(&ev, 396, (const unsigned long long[6]){ 3, IPC_STAT, FAKE_BASE }, 0, NULL);
	ck_assert(!ev.has_ds_buf);
	assert_sym(&ev, "cmd", "IPC_STAT");
	event_clear(&ev);
}
END_TEST

/* ---- the normalised fields: one answer whatever the entry ---- */

/* The fields decode_entry() normalises, as one comparable value. */
static void assert_same_norm(const struct event *a, const struct event *b, const char *what)
{
	ck_assert_msg(a->call == b->call, "%s: call", what);
	ck_assert_msg(a->id == b->id, "%s: id %d vs %d", what, a->id, b->id);
	ck_assert_msg(a->key == b->key, "%s: key", what);
	ck_assert_msg(a->size == b->size, "%s: size %llu vs %llu", what, a->size, b->size);
	ck_assert_msg(a->flags == b->flags, "%s: flags %#x vs %#x", what, a->flags, b->flags);
	ck_assert_msg(a->may_create == b->may_create, "%s: may_create", what);
	ck_assert_msg(a->cmd == b->cmd, "%s: cmd %d vs %d", what, a->cmd, b->cmd);
	ck_assert_msg(a->semnum == b->semnum, "%s: semnum", what);
	ck_assert_msg(a->addr == b->addr, "%s: addr %#llx vs %#llx", what, a->addr, b->addr);
	ck_assert_msg(a->msgtyp == b->msgtyp, "%s: msgtyp", what);
}

/*
 * Each call made three ways: x86_64, i386 direct (or the only i386 way) and
 * the i386 ipc() multiplexer, with IPC_64 in the command where a program can
 * put it. The normalised fields must agree, and hold the expected values.
 */
START_TEST(test_normalised_fields)
{
	static const struct {
		const char *what;
		long long nr64, nr32;
		unsigned long long a64[6], a32[6], mux[6];
	} cases[] = {
		{ "shmget",
		  29,
		  395,
		  { 0x1234, 8192, 01600 },
		  { 0x1234, 8192, 01600 },
		  { 23, 0x1234, 8192, 01600 } },
		{ "shmat",
		  30,
		  397,
		  { 5, 0x20000, SHM_RDONLY },
		  { 5, 0x20000, SHM_RDONLY },
		  { 21, 5, SHM_RDONLY, FAKE_BASE, 0x20000 } },
		{ "shmdt", 67, 398, { 0x20000 }, { 0x20000 }, { 22, 0, 0, 0, 0x20000 } },
		{ "shmctl",
		  31,
		  396,
		  { 5, IPC_RMID, 0 },
		  { 5, IPC_RMID | 0x100, 0 },
		  { 24, 5, IPC_RMID | 0x100, 0, 0 } },
		{ "semget", 64, 393, { 0, 3, 0600 }, { 0, 3, 0600 }, { 2, 0, 3, 0600 } },
		{ "semctl",
		  66,
		  394,
		  { 7, 2, GETVAL },
		  { 7, 2, GETVAL | 0x100 },
		  { 3, 7, 2, GETVAL | 0x100, FAKE_BASE } },
		{ "msgget", 68, 399, { 0x99, 01666 }, { 0x99, 01666 }, { 13, 0x99, 01666 } },
		{ "msgsnd",
		  69,
		  400,
		  { 4, FAKE_BASE, 16, IPC_NOWAIT },
		  { 4, FAKE_BASE, 16, IPC_NOWAIT },
		  { 11, 4, 16, IPC_NOWAIT, FAKE_BASE } },
		{ "msgrcv",
		  70,
		  401,
		  { 4, FAKE_BASE, 16, 3, MSG_NOERROR },
		  { 4, FAKE_BASE, 16, 3, MSG_NOERROR },
		  { 12 | (1 << 16), 4, 16, MSG_NOERROR, FAKE_BASE, 3 } },
		{ "msgctl",
		  71,
		  402,
		  { 4, IPC_STAT, FAKE_BASE },
		  { 4, IPC_STAT | 0x100, FAKE_BASE },
		  { 14, 4, IPC_STAT | 0x100, 0, FAKE_BASE } },
	};
	struct fake_mem *m = calloc(1, sizeof(*m));
	struct event e64, e32, emux;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&e64, 0, sizeof(e64));
		memset(&e32, 0, sizeof(e32));
		memset(&emux, 0, sizeof(emux));
		ck_assert_int_eq(decode_entry(&e64, XLAT_ARCH_X86_64, cases[i].nr64, cases[i].a64,
					      fake_read, m),
				 0);
		ck_assert_int_eq(decode_entry(&e32, XLAT_ARCH_I386, cases[i].nr32, cases[i].a32,
					      fake_read, m),
				 0);
		ck_assert_int_eq(
			decode_entry(&emux, XLAT_ARCH_I386, 117, cases[i].mux, fake_read, m), 0);
		ck_assert_str_eq(ipc_call_name(e64.call), cases[i].what);
		assert_same_norm(&e64, &e32, cases[i].what);
		assert_same_norm(&e64, &emux, cases[i].what);
		event_clear(&e64);
		event_clear(&e32);
		event_clear(&emux);
	}
	/* The values themselves, on the x86_64 decodes. */
	decode_x86(&e64, 29, 0x1234, 8192, 01600, 0, 0, 3, m);
	ck_assert(e64.key == 0x1234 && e64.size == 8192 && e64.flags == 01600 && e64.may_create);
	event_clear(&e64);
	decode_x86(&e64, 29, 0, 8192, 0600, 0, 0, 3, m); /* IPC_PRIVATE creates without IPC_CREAT */
	ck_assert(e64.may_create);
	event_clear(&e64);
	decode_x86(&e64, 29, 0x1234, 0, 0600, 0, 0, 3, m); /* a keyed get without IPC_CREAT opens */
	ck_assert(!e64.may_create);
	event_clear(&e64);
	decode_x86(&e64, 29, 0xffffffffULL, 0, 01600, 0, 0, 3, m); /* key_t -1, sign-extended */
	ck_assert_int_eq(e64.key, -1);
	event_clear(&e64);
	decode_x86(&e64, 31, 5, IPC_STAT | 0x100, FAKE_BASE, 0, 0, 0, m);
	ck_assert_int_eq(e64.cmd, IPC_STAT);
	ck_assert_int_eq(e64.id, 5);
	ck_assert_uint_eq(e64.addr, FAKE_BASE);
	assert_sym(&e64, "cmd", "IPC_64|IPC_STAT"); /* shown as the program wrote it */
	event_clear(&e64);
	decode_x86(&e64, 66, 7, 2, SETVAL, 5, 0, 0, m);
	ck_assert(e64.id == 7 && e64.semnum == 2 && e64.cmd == SETVAL && e64.addr == 0);
	event_clear(&e64);
	decode_x86(&e64, 220, 7, FAKE_BASE, 2, FAKE_BASE + 64, 0, 0, m);
	ck_assert(e64.id == 7 && e64.addr == FAKE_BASE && e64.size == 2 &&
		  e64.timeout == FAKE_BASE + 64);
	event_clear(&e64);
	decode_x86(&e64, 70, 4, FAKE_BASE, 16, (unsigned long long)-5, IPC_NOWAIT, -1 - ENOMSG, m);
	ck_assert(e64.msgtyp == -5 && e64.flags == IPC_NOWAIT && e64.size == 16);
	event_clear(&e64);
	free(m);
}
END_TEST

/* The wait calls: one decoder too (trace_reap.c reads these fields). */
START_TEST(test_wait_fields)
{
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	decode_wait_entry(&ev, CALL_WAITID, XLAT_ARCH_X86_64,
			  (const unsigned long long[6]){ P_PID, 42, FAKE_BASE, WEXITED | WNOWAIT });
	ck_assert(ev.call == CALL_WAITID && ev.wait_idtype == P_PID && ev.wait_id == 42);
	ck_assert(ev.addr == FAKE_BASE && ev.wait_options == (WEXITED | WNOWAIT));
	assert_sym(&ev, "idtype", "P_PID");
	assert_sym(&ev, "options", "WEXITED|WNOWAIT");
	event_clear(&ev);
	decode_wait_entry(&ev, CALL_WAIT4, XLAT_ARCH_I386,
			  (const unsigned long long[6]){ 0xffffffffULL, FAKE_BASE, WNOHANG });
	ck_assert(ev.compat32 && ev.wait_idtype == -1 && ev.wait_id == -1);
	ck_assert(ev.addr == FAKE_BASE && ev.wait_options == WNOHANG);
	assert_num(&ev, "pid", ARG_INT, -1);
	event_clear(&ev);
}
END_TEST

/* ---- against the real kernel: our own memory is the "tracee" ---- */

static int self_read(void *ctx, unsigned long long addr, void *buf, size_t len)
{
	(void)ctx;
	memcpy(buf, (const void *)(uintptr_t)addr, len);
	return 0;
}

/*
 * The kernel fills the structures; decoding them must give its values.
 * Everything is decoded first and removed before any assertion, so that a
 * failure leaves nothing behind on the host.
 */
START_TEST(test_real_kernel_structs)
{
	struct shmid_ds sds;
	struct semid_ds semds;
	struct msqid_ds mds;
	struct event shm_ev, sem_ev, msg_ev;
	int shmid, semid, msqid, rm_shm, rm_sem, rm_msg;
	void *addr;

	shmid = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0640);
	semid = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
	msqid = msgget(IPC_PRIVATE, IPC_CREAT | 0620);
	if (shmid < 0 || semid < 0 || msqid < 0) {
		/* No SysV IPC here (a container without it): nothing to compare. */
		if (shmid >= 0)
			shmctl(shmid, IPC_RMID, NULL);
		if (semid >= 0)
			semctl(semid, 0, IPC_RMID);
		if (msqid >= 0)
			msgctl(msqid, IPC_RMID, NULL);
		TU_SKIP("no SysV IPC here");
	}
	addr = shmat(shmid, NULL, 0);
	memset(&shm_ev, 0, sizeof(shm_ev));
	memset(&sem_ev, 0, sizeof(sem_ev));
	memset(&msg_ev, 0, sizeof(msg_ev));
	decode_entry(&shm_ev, XLAT_ARCH_X86_64, 31,
		     (const unsigned long long[6]){ shmid, IPC_STAT, (uintptr_t)&sds }, self_read,
		     NULL);
	decode_exit(&shm_ev, shmctl(shmid, IPC_STAT, &sds), self_read, NULL);
	decode_entry(&sem_ev, XLAT_ARCH_X86_64, 66,
		     (const unsigned long long[6]){ semid, 0, IPC_STAT, (uintptr_t)&semds },
		     self_read, NULL);
	decode_exit(&sem_ev, semctl(semid, 0, IPC_STAT, &semds), self_read, NULL);
	decode_entry(&msg_ev, XLAT_ARCH_X86_64, 71,
		     (const unsigned long long[6]){ msqid, IPC_STAT, (uintptr_t)&mds }, self_read,
		     NULL);
	decode_exit(&msg_ev, msgctl(msqid, IPC_STAT, &mds), self_read, NULL);
	if (addr != (void *)-1)
		shmdt(addr);
	rm_shm = shmctl(shmid, IPC_RMID, NULL);
	rm_sem = semctl(semid, 0, IPC_RMID);
	rm_msg = msgctl(msqid, IPC_RMID, NULL);

	ck_assert(rm_shm == 0 && rm_sem == 0 && rm_msg == 0);
	ck_assert(shm_ev.has_ds_buf);
	ck_assert_int_eq(shm_ev.ds_buf.size, 8192);
	ck_assert_int_eq(shm_ev.ds_buf.nattch, addr != (void *)-1 ? 1 : 0);
	ck_assert_int_eq(shm_ev.ds_buf.cpid, getpid());
	ck_assert_int_eq(shm_ev.ds_buf.mode & 0777, 0640);
	ck_assert_int_eq(shm_ev.ds_buf.uid, geteuid());
	ck_assert(sem_ev.has_ds_buf);
	ck_assert_int_eq(sem_ev.ds_buf.size, 3);
	ck_assert_int_eq(sem_ev.ds_buf.mode & 0777, 0600);
	ck_assert(msg_ev.has_ds_buf);
	ck_assert_int_eq(msg_ev.ds_buf.mode & 0777, 0620);
	ck_assert_int_eq(msg_ev.ds_buf.size, mds.msg_qbytes);
	ck_assert_int_eq(msg_ev.ds_buf.nattch, 0);
	event_clear(&shm_ev);
	event_clear(&sem_ev);
	event_clear(&msg_ev);
}
END_TEST

Suite *decode_suite(void);

Suite *decode_suite(void)
{
	Suite *s = suite_create("decode");
	TCase *t = tcase_create("xlat");

	tcase_add_test(t, test_flag_tables);
	tcase_add_test(t, test_flag_rendering);
	tcase_add_test(t, test_cmd_tables);
	tcase_add_test(t, test_errno_signal_names);
	tcase_add_test(t, test_syscall_numbers);
	suite_add_tcase(s, t);
	t = tcase_create("x86_64");
	tcase_add_test(t, test_shmget);
	tcase_add_test(t, test_shmat_shmdt);
	tcase_add_test(t, test_shmctl_stat_reads_struct_at_exit);
	tcase_add_test(t, test_ipc_set_reads_struct_at_entry);
	tcase_add_test(t, test_semop_sops);
	tcase_add_test(t, test_inputs_rewritten);
	tcase_add_test(t, test_semctl_msgctl);
	tcase_add_test(t, test_msgsnd_msgrcv);
	tcase_add_test(t, test_unknown_syscall);
	suite_add_tcase(s, t);
	t = tcase_create("i386");
	tcase_add_test(t, test_i386_ipc_demux);
	tcase_add_test(t, test_i386_direct);
	suite_add_tcase(s, t);
	t = tcase_create("normalised");
	tcase_add_test(t, test_normalised_fields);
	tcase_add_test(t, test_wait_fields);
	suite_add_tcase(s, t);
	t = tcase_create("kernel");
	tcase_set_timeout(t, 10);
	tcase_add_test(t, test_real_kernel_structs);
	suite_add_tcase(s, t);
	return s;
}
