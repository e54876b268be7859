/*
 * test_blind.c - blind spots of a tracer (tests/blind/b_*.c): a static
 * binary, raw syscall(), the i386 `int $0x80` entry (direct numbers and
 * the ipc() multiplexer, whose SHMAT returns the address through memory)
 * and x32 numbers are traced; clone(CLONE_UNTRACED) and clone3 are
 * refused and reported (a CALL_DENIED event, rec->denied_calls > 0), and
 * ordinary fork() and threads still work after them.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/run.h"
#include "tests/test_audit.h"
#include "tests/test_golden.h"
#include "tests/test_util.h"

/* name traces exactly as the ordinary g_private does (test_golden.h): one
 * segment created, attached, detached and removed by one process. */
static void blind_expect_private(const char *name)
{
	struct run_record rec;
	char *text, *golden;

	golden = tu_replace(strdup(tu_golden_text("g_private")), "g_private", name);
	tu_run(&rec, "blind", name, NULL, NULL);
	text = tu_render(&rec);
	ck_assert_str_eq(text, golden);
	free(text);
	free(golden);
	record_release(&rec);
}

START_TEST(test_blind_static)
{
	blind_expect_private("b_static_static");
}
END_TEST

START_TEST(test_blind_raw_syscall)
{
	blind_expect_private("b_raw_syscall");
}
END_TEST

/* i386 shmget (395), shmctl (396) and ipc(SHMGET); the last segment is
 * left behind on purpose: the inventory must find it explained. */
START_TEST(test_blind_int80)
{
	struct run_record rec;
	char *text;
	size_t i;

	tu_run(&rec, "blind", "b_int80", NULL, NULL);
	if (!strcmp(tu_stdout(&rec), "unsupported\n")) {
		record_release(&rec);
		TU_SKIP("no int 0x80 here (kernel without CONFIG_IA32_EMULATION)");
	}
	text = tu_render(&rec);
	ck_assert_str_eq(text, "status ok exit 0\n"
			       "[2] shmget(key=IPC_PRIVATE, size=4096, "
			       "shmflg=IPC_CREAT|0600) = 0 [i386]\n"
			       "[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0 [i386]\n"
			       "[2] shmget(key=0x5348000a, size=8192, "
			       "shmflg=IPC_CREAT|0600) = 1 [i386]\n"
			       "[2] exit 0\n"
			       "process [2] b_int80 ppid - exit 0\n"
			       "segment 0 key=IPC_PRIVATE size=4096 mode=0600 creator=[2] "
			       "attaches=0 detaches=0 "
			       "max_nattch=0 removed_by=[2]\n"
			       "segment 1 key=0x5348000a size=8192 mode=0600 creator=[2] "
			       "attaches=0 detaches=0 "
			       "max_nattch=0 leaked\n"
			       "leaks shm=1 sem=0 msg=0 untraced_ipc=no denied=0\n");
	for (i = 0; i < 3; i++)
		ck_assert_msg(rec.events[i].compat32, "event %zu not marked compat32", i);
	if (rec.mode == RUN_MODE_NAMESPACE) /* in fallback the ids are the host's */
		ck_assert_str_eq(tu_stdout(&rec), "shmget=0 shmctl=0 ipc_shmget=1\n");
	else
		ck_assert_ptr_nonnull(strstr(tu_stdout(&rec), " shmctl=0 ipc_shmget="));
	free(text);
	record_release(&rec);
}
END_TEST

/* A segment's whole life through int $0x80, attach and remove through the
 * ipc() multiplexer: SHMAT returns its address through memory. */
START_TEST(test_blind_int80_ipc)
{
	struct run_record rec;
	const struct event *at;
	char *text;
	size_t i;

	tu_run(&rec, "blind", "b_int80_ipc", NULL, NULL);
	if (!strcmp(tu_stdout(&rec), "unsupported\n")) {
		record_release(&rec);
		TU_SKIP("no int 0x80 here (kernel without CONFIG_IA32_EMULATION)");
	}
	if (rec.mode == RUN_MODE_NAMESPACE) /* in fallback the ids are the host's */
		ck_assert_str_eq(tu_stdout(&rec),
				 "shmget=0 shmat=0 raddr=0x40000000 shmdt=0 shmctl=0\n");
	else
		ck_assert_ptr_nonnull(
			strstr(tu_stdout(&rec), " shmat=0 raddr=0x40000000 shmdt=0 shmctl=0\n"));
	text = tu_render(&rec);
	ck_assert_str_eq(text, "status ok exit 0\n"
			       "[2] shmget(key=IPC_PRIVATE, size=4096, "
			       "shmflg=IPC_CREAT|0600) = 0 [i386]\n"
			       "[2] shmat(shmid=0, shmaddr=addr, shmflg=0) = addr [i386]\n"
			       "[2] shmdt(shmaddr=addr) = 0 [shmid 0] [i386]\n"
			       "[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0 [i386]\n"
			       "[2] exit 0\n"
			       "process [2] b_int80_ipc ppid - exit 0\n"
			       "segment 0 key=IPC_PRIVATE size=4096 mode=0600 creator=[2] "
			       "attaches=1 detaches=1 "
			       "max_nattch=1 removed_by=[2]\n"
			       "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n");
	at = tu_event_nth(&rec, CALL_SHMAT, 0);
	ck_assert_int_eq(at->result, 0x40000000);
	ck_assert_int_eq(tu_event_arg(at, "shmaddr")->num, 0x40000000);
	for (i = 0; i < 4; i++)
		ck_assert_msg(rec.events[i].compat32, "event %zu not marked compat32", i);
	free(text);
	record_release(&rec);
}
END_TEST

/* x32 numbers (bit 30): ENOSYS on kernels without the x32 ABI; where it
 * works the call must be in the trace. Either way nothing untraced. */
START_TEST(test_blind_x32)
{
	struct run_record rec;
	const struct event *ev;
	long id = -1;

	tu_run(&rec, "blind", "b_x32", NULL, NULL);
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	ck_assert(!rec.untraced_ipc);
	if (!strcmp(tu_stdout(&rec), "x32 shmget: -1 ENOSYS\n")) {
		ck_assert_uint_eq(rec.nsegments, 0);
		ck_assert_uint_eq(rec.leaks.shm, 0);
	} else {
		ck_assert_msg(sscanf(tu_stdout(&rec), "x32 shmget: %ld", &id) == 1 && id >= 0,
			      "output: %s", tu_stdout(&rec));
		ev = tu_event_nth(&rec, CALL_SHMGET, 0);
		ck_assert_msg(ev || tu_event_count(&rec, CALL_DENIED),
			      "x32 shmget neither traced nor refused");
		if (ev)
			ck_assert_int_eq(ev->result, id);
	}
	record_release(&rec);
}
END_TEST

/* The CALL_DENIED event of syscall name, which must have failed with err. */
static void blind_expect_denied(const struct run_record *rec, const char *syscall, int err)
{
	size_t i;

	for (i = 0; i < tu_event_count(rec, CALL_DENIED); i++) {
		const struct event *ev = tu_event_nth(rec, CALL_DENIED, i);
		const struct event_arg *a = tu_event_arg(ev, "syscall");

		if (a && a->str && !strcmp(a->str, syscall)) {
			ck_assert_str_eq(tu_errno_name(ev->err), tu_errno_name(err));
			ck_assert_int_eq(ev->result, -1);
			ck_assert_int_eq(ev->pid, rec->processes[0].pid);
			ck_assert_uint_gt(rec->denied_calls, 0);
			return;
		}
	}
	ck_abort_msg("no CALL_DENIED event for %s (denied_calls %u)", syscall, rec->denied_calls);
}

START_TEST(test_blind_clone_untraced)
{
	struct run_record rec;

	tu_run(&rec, "blind", "b_clone_untraced", NULL, NULL);
	ck_assert_str_eq(tu_stdout(&rec), "clone(CLONE_UNTRACED): EPERM\nfork: ok\n");
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	blind_expect_denied(&rec, "clone", EPERM);
	ck_assert_uint_eq(rec.nprocesses, 2); /* the fork afterwards, traced */
	ck_assert_uint_eq(tu_event_count(&rec, CALL_FORK), 1);
	ck_assert(!rec.untraced_ipc);
	ck_assert_uint_eq(rec.leaks.shm, 0);
	record_release(&rec);
}
END_TEST

START_TEST(test_blind_clone3)
{
	struct run_record rec;
	const struct event *ev;

	tu_run(&rec, "blind", "b_clone3", NULL, NULL);
	ck_assert_str_eq(tu_stdout(&rec), "clone3: ENOSYS\nfork: ok\nthread: ok\n");
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	/* After the refusal, the forked child's calls are still traced. */
	ev = tu_event_nth(&rec, CALL_SHMGET, 0);
	ck_assert_ptr_nonnull(ev);
	ck_assert_uint_eq(rec.nprocesses, 2);
	ck_assert_int_eq(ev->pid, rec.processes[1].pid);
	ck_assert_uint_eq(rec.nsegments, 1);
	ck_assert_int_eq(rec.segments[0].creator_pid, rec.processes[1].pid);
	ck_assert(rec.segments[0].removed);
	ck_assert(!rec.untraced_ipc);
	blind_expect_denied(&rec, "clone3", ENOSYS);
	record_release(&rec);
}
END_TEST

/* A seccomp filter of the program's own would outrank the sandbox's. */
START_TEST(test_blind_own_filter)
{
	struct run_record rec;

	tu_run(&rec, "blind", "b_own_filter", NULL, NULL);
	ck_assert_str_eq(tu_stdout(&rec), "prctl: EPERM\nseccomp: EPERM\n");
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	blind_expect_denied(&rec, "prctl", EPERM);
	blind_expect_denied(&rec, "seccomp", EPERM);
	ck_assert_uint_eq(tu_event_count(&rec, CALL_SHMGET), 1);
	ck_assert_uint_eq(rec.nsegments, 1);
	ck_assert(rec.segments[0].removed);
	ck_assert(!rec.untraced_ipc);
	record_release(&rec);
}
END_TEST

Suite *blind_suite(void);

Suite *blind_suite(void)
{
	Suite *s = suite_create("blind");
	TCase *tc = tcase_create("blind");

	tcase_set_timeout(tc, 30);
	/* The teardown audit: the host is as before each test (test_audit.h). */
	tcase_add_checked_fixture(tc, tu_audit_begin_untagged, tu_audit_end);
	tcase_add_test(tc, test_blind_static);
	tcase_add_test(tc, test_blind_raw_syscall);
	tcase_add_test(tc, test_blind_int80);
	tcase_add_test(tc, test_blind_int80_ipc);
	tcase_add_test(tc, test_blind_x32);
	tcase_add_test(tc, test_blind_clone_untraced);
	tcase_add_test(tc, test_blind_clone3);
	tcase_add_test(tc, test_blind_own_filter);
	suite_add_tcase(s, tc);
	return s;
}
