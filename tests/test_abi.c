/*
 * test_abi.c - every SysV IPC system call number of every ABI a program on
 * x86_64 can reach is traced (issue 7): x86_64, x32, i386 direct calls
 * (semtimedop_time64 included) and the i386 ipc() multiplexer.
 *
 * tests/blind/b_every_ipc.c makes each call listed in the kernel's syscall
 * tables (its own copy, not shmgrade's) once, harmlessly failing, and
 * prints what it got; each line must match the next IPC event of the trace
 * (same call, same result, i386 entry or not). Without a tracer in the way
 * a call the filter lets through would run unseen and the counts differ.
 * A unit test also checks xlat.c's tables against libseccomp's.
 */
#include <check.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/xlat.h"
#include "tests/test_util.h"

/* The IPC events of rec, in order. */
static size_t abi_ipc_events(const struct run_record *rec, const struct event **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < rec->nevents; i++)
		if (rec->events[i].call < CALL_FORK && n < max)
			out[n++] = &rec->events[i];
	return n;
}

static void abi_expect_traced(const char *abi, bool i386)
{
	const char *args[] = { abi, NULL };
	const struct event *evs[64];
	struct run_record rec;
	char *out, *line, *save = NULL;
	char call[32], result[64], got[64];
	size_t n, k = 0;

	tu_run(&rec, "blind", "b_every_ipc", args, NULL);
	if (rec.exit_code == 77) {
		record_release(&rec);
		TU_SKIP("no %s entry on this kernel (b_every_ipc exited 77)", abi);
	}
	ck_assert_msg(rec.status == RUN_OK, "%s: %s", abi, rec.message ? rec.message : "");
	n = abi_ipc_events(&rec, evs, 64);
	out = strdup(tu_stdout(&rec));
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save), k++) {
		ck_assert_int_eq(sscanf(line, "%31s %63s", call, result), 2);
		ck_assert_msg(k < n, "%s: '%s' made but not traced (%zu events)", abi, line, n);
		if (evs[k]->err)
			snprintf(got, sizeof(got), "%s", tu_errno_name(evs[k]->err));
		else
			snprintf(got, sizeof(got), "%lld", evs[k]->result);
		ck_assert_msg(!strcmp(ipc_call_name(evs[k]->call), call) && !strcmp(got, result),
			      "%s: the program made %s = %s, the trace says %s = %s", abi, call,
			      result, ipc_call_name(evs[k]->call), got);
		ck_assert_msg(evs[k]->compat32 == i386, "%s: %s: compat32 is %d", abi, call,
			      evs[k]->compat32);
	}
	ck_assert_uint_eq(k, i386 ? (strcmp(abi, "ipc") ? 11 : 12) : 12);
	ck_assert_uint_eq(n, k);
	ck_assert(!rec.untraced_ipc);
	free(out);
	record_release(&rec);
}

START_TEST(test_abi_x86_64)
{
	abi_expect_traced("x86_64", false);
}
END_TEST

START_TEST(test_abi_x32)
{
	abi_expect_traced("x32", false);
}
END_TEST

START_TEST(test_abi_i386)
{
	abi_expect_traced("i386", true);
}
END_TEST

START_TEST(test_abi_ipc)
{
	abi_expect_traced("ipc", true);
}
END_TEST

/* xlat.c's tables hold every IPC call libseccomp knows as a direct call of
 * each ABI, and libseccomp can name each of them (the filter needs it). */
START_TEST(test_abi_tables)
{
	static const char *const names[] = {
		"shmget", "shmat",  "shmdt",	  "shmctl",
		"semget", "semop",  "semtimedop", "semtimedop_time64",
		"semctl", "msgget", "msgsnd",	  "msgrcv",
		"msgctl", "ipc",
	};
	static const struct {
		uint32_t arch;
		enum xlat_abi abi;
		size_t count;
	} abis[] = {
		{ SCMP_ARCH_X86_64, XLAT_ABI_X86_64, 12 },
		{ SCMP_ARCH_X32, XLAT_ABI_X32, 12 },
		{ SCMP_ARCH_X86, XLAT_ABI_I386, 12 },
	};
	long long nrs[64];
	size_t a, i, k, n;
	char *name;
	int nr;

	for (a = 0; a < sizeof(abis) / sizeof(abis[0]); a++) {
		n = xlat_ipc_syscalls(abis[a].abi, nrs, 64);
		ck_assert_uint_eq(n, abis[a].count);
		for (i = 0; i < n; i++) {
			name = seccomp_syscall_resolve_num_arch(abis[a].arch, (int)nrs[i]);
			ck_assert_msg(name != NULL, "abi %zu: libseccomp cannot name %lld", a,
				      nrs[i]);
			free(name);
		}
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			nr = seccomp_syscall_resolve_name_arch(abis[a].arch, names[i]);
			if (nr < 0)
				continue; /* not a direct call there (multiplexed, or none) */
			for (k = 0; k < n && nrs[k] != nr; k++)
				;
			ck_assert_msg(k < n, "abi %zu: %s (%d) is not traced", a, names[i], nr);
		}
	}
	/* The kernel's numbers for the calls libseccomp 2.5 names only as
	 * multiplexed on i386 (syscall_32.tbl). */
	n = xlat_ipc_syscalls(XLAT_ABI_I386, nrs, 64);
	for (nr = 393; nr <= 402; nr++) {
		for (k = 0; k < n && nrs[k] != nr; k++)
			;
		ck_assert_msg(k < n, "i386 %d is not traced", nr);
	}
}
END_TEST

Suite *abi_suite(void);
Suite *abi_suite(void)
{
	Suite *s = suite_create("abi");
	TCase *tc = tcase_create("abi");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_abi_tables);
	tcase_add_test(tc, test_abi_x86_64);
	tcase_add_test(tc, test_abi_x32);
	tcase_add_test(tc, test_abi_i386);
	tcase_add_test(tc, test_abi_ipc);
	suite_add_tcase(s, tc);
	return s;
}
