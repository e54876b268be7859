/*
 * test_inject.c - fault injection (inject.h, issue 12): golden traces of
 * runs where chosen calls were failed on purpose. Each text holds the
 * kernel's inventory at the end, which proves that the call never ran: a
 * failed shmget left no segment, a failed shmat never raised shm_nattch,
 * a failed fork made no process.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness/inject.h"
#include "tests/test_audit.h"
#include "tests/test_util.h"

/* Run build/tests/progs/<name> with one injection (text as for --inject)
 * and return its rendering; rec is left for more assertions. */
static char *inject_run(struct run_record *rec, const char *name, const char *text)
{
	struct tu_opts o = TU_OPTS_DEFAULT;
	struct run_inject inj;
	const char *why = NULL;

	ck_assert_msg(inject_parse(text, &inj, &why) == 0, "%s: %s", text, why);
	o.inject = &inj;
	o.ninject = 1;
	tu_run(rec, "progs", name, NULL, &o);
	ck_assert_msg(rec->inventory.taken, "the inventory was not taken");
	return tu_render(rec);
}

static const char *inject_stderr(const struct run_record *rec)
{
	return rec->noutputs && rec->outputs[0].err ? rec->outputs[0].err : "";
}

/* Every way to make shmget fails, and the kernel has no segment. */
START_TEST(test_inject_every_path)
{
	struct run_record rec;
	char *text = inject_run(&rec, "i_paths", "shmget:ENOSPC:all");
	const char *out = tu_stdout(&rec);
	size_t i, n = 0;

	for (i = 0; i < rec.nevents; i++)
		if (rec.events[i].call == CALL_SHMGET) {
			ck_assert_msg(rec.events[i].injected && rec.events[i].err == ENOSPC,
				      "event %zu not injected:\n%s", i, text);
			n++;
		}
	if (strstr(out, "i386")) {
		ck_assert_str_eq(out, "glibc ENOSPC\nsyscall ENOSPC\ni386 ENOSPC\nipc ENOSPC\n");
		ck_assert_uint_eq(n, 4);
	} else {
		ck_assert_str_eq(out, "glibc ENOSPC\nsyscall ENOSPC\n");
		ck_assert_uint_eq(n, 2);
	}
	ck_assert_uint_eq(rec.inventory.n, 0);
	ck_assert_uint_eq(rec.nsegments, 0);
	free(text);
	record_release(&rec);
}
END_TEST

/* The second shmat of the loop fails: the kernel counted one attach. */
START_TEST(test_inject_shmat_nth)
{
	struct run_record rec;
	char *text = inject_run(&rec, "i_cycle", "shmat:ENOMEM:2");

	ck_assert_str_eq(
		text,
		"status runtime_error exit 1\n"
		"[2] shmget(key=IPC_PRIVATE, size=4096, shmflg=IPC_CREAT|0600) = 0\n"
		"[2] shmat(shmid=0, shmaddr=NULL, shmflg=0) = addr\n"
		"[2] shmdt(shmaddr=addr) = 0 [shmid 0]\n"
		"[2] shmat(shmid=0, shmaddr=NULL, shmflg=0) = -1 ENOMEM (injected)\n"
		"[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
		"[2] exit 1\n"
		"process [2] i_cycle ppid - exit 1\n"
		"segment 0 key=IPC_PRIVATE size=4096 mode=0600 creator=[2] attaches=1 detaches=1 max_nattch=1 removed_by=[2]\n"
		"leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n");
	ck_assert_str_eq(inject_stderr(&rec), "shmat: Cannot allocate memory\n");
	free(text);
	record_release(&rec);
}
END_TEST

/* A failed shmdt leaves the mapping: the segment, removed, still has
 * the process attached (SHM_DEST) until it exits. */
START_TEST(test_inject_shmdt)
{
	struct run_record rec;
	char *text = inject_run(&rec, "i_cycle", "shmdt:EINVAL");

	ck_assert_str_eq(
		text,
		"status runtime_error exit 1\n"
		"[2] shmget(key=IPC_PRIVATE, size=4096, shmflg=IPC_CREAT|0600) = 0\n"
		"[2] shmat(shmid=0, shmaddr=NULL, shmflg=0) = addr\n"
		"[2] shmdt(shmaddr=addr) = -1 EINVAL [shmid -1] (injected)\n"
		"[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
		"[2] exit 1\n"
		"process [2] i_cycle ppid - exit 1\n"
		"segment 0 key=IPC_PRIVATE size=4096 mode=0600 creator=[2] attaches=1 detaches=0 max_nattch=1 removed_by=[2]\n"
		"leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n");
	free(text);
	record_release(&rec);
}
END_TEST

/* glibc's semop() is the semtimedop call; "semop" picks it. */
START_TEST(test_inject_semop)
{
	struct run_record rec;
	char *text = inject_run(&rec, "i_cycle", "semop:EIDRM:2");

	ck_assert_msg(strstr(text, "[2] semtimedop(semid=0, sops=addr, nsops=1, timeout=NULL) = "
				   "-1 EIDRM [{0,1,0}] (injected)\n"),
		      "%s", text);
	ck_assert_msg(strstr(text, "semtimedop(semid=0, sops=addr, nsops=1, timeout=NULL) = 0 "
				   "[{0,-1,0}]\n"),
		      "%s", text);
	ck_assert_str_eq(inject_stderr(&rec), "semop: Identifier removed\n");
	ck_assert_int_eq(rec.exit_code, 1);
	free(text);
	record_release(&rec);
}
END_TEST

/* A failed msgsnd puts nothing in the queue: the kernel counts one
 * message at the end, not two. */
START_TEST(test_inject_msgsnd)
{
	struct run_record rec;
	char *text = inject_run(&rec, "i_queue", "msgsnd:EAGAIN:2");

	ck_assert_msg(strstr(text, ") = -1 EAGAIN (injected)\n"), "%s", text);
	ck_assert_uint_eq(rec.nqueues, 1);
	ck_assert_int_eq(rec.queues[0].at_end, 1);
	ck_assert_uint_eq(rec.queues[0].sent, 1);
	ck_assert_str_eq(inject_stderr(&rec), "msgsnd: Resource temporarily unavailable\n");
	free(text);
	record_release(&rec);
}
END_TEST

/* fork fails with EAGAIN: no second process ever existed. */
START_TEST(test_inject_fork)
{
	struct run_record rec;
	char *text = inject_run(&rec, "i_cycle", "fork:EAGAIN");

	ck_assert_msg(strstr(text, "[2] fork = -1 EAGAIN (injected)\n"), "%s", text);
	ck_assert_uint_eq(rec.nprocesses, 1);
	ck_assert_str_eq(inject_stderr(&rec), "fork: Resource temporarily unavailable\n");
	ck_assert_uint_eq(rec.leaks.shm + rec.leaks.sem, 0);
	free(text);
	record_release(&rec);
}
END_TEST

/* Without injection nothing is marked, and an injection that never
 * matches changes nothing. */
START_TEST(test_inject_none)
{
	struct run_record rec;
	char *text = inject_run(&rec, "i_cycle", "msgget:ENOSPC");

	ck_assert_msg(!strstr(text, "injected"), "%s", text);
	ck_assert_int_eq(rec.exit_code, 0);
	ck_assert_uint_eq(rec.nprocesses, 2);
	free(text);
	record_release(&rec);
}
END_TEST

/* The call site of a loop is one site; different calls, different sites. */
START_TEST(test_inject_sites)
{
	struct tu_opts o = TU_OPTS_DEFAULT;
	const struct event *at[3];
	struct run_record rec;
	size_t i;

	o.sites = true;
	tu_run(&rec, "progs", "i_cycle", NULL, &o);
	for (i = 0; i < 3; i++) {
		at[i] = tu_event_nth(&rec, CALL_SHMAT, i);
		ck_assert_ptr_nonnull(at[i]);
		ck_assert_msg(at[i]->site != 0, "shmat %zu has no site", i);
		ck_assert_msg(at[i]->site == at[0]->site, "the loop's shmat has several sites");
	}
	ck_assert_msg(tu_event_nth(&rec, CALL_SHMGET, 0)->site != at[0]->site, "one site for all");
	ck_assert_msg(tu_event_nth(&rec, CALL_SEMTIMEDOP, 0)->site !=
			      tu_event_nth(&rec, CALL_SEMTIMEDOP, 1)->site,
		      "the two semop calls share a site");
	record_release(&rec);
}
END_TEST

/* A site injection fails only the call made from there. */
START_TEST(test_inject_at_site)
{
	struct tu_opts o = TU_OPTS_DEFAULT;
	struct run_inject inj = { .call = CALL_SEMOP, .err = EINVAL, .nth = 1 };
	struct run_record rec;
	const struct event *ev;

	o.sites = true;
	tu_run(&rec, "progs", "i_cycle", NULL, &o);
	ev = tu_event_nth(&rec, CALL_SEMTIMEDOP, 1);
	inj.site.offset = ev->site;
	inj.site.ino = ev->site_ino;
	record_release(&rec);
	o.inject = &inj;
	o.ninject = 1;
	tu_run(&rec, "progs", "i_cycle", NULL, &o);
	ck_assert_msg(!tu_event_nth(&rec, CALL_SEMTIMEDOP, 0)->injected, "the first semop failed");
	ck_assert_msg(tu_event_nth(&rec, CALL_SEMTIMEDOP, 1)->injected, "the second did not");
	ck_assert_int_eq(rec.exit_code, 1);
	record_release(&rec);
}
END_TEST

START_TEST(test_inject_parse)
{
	struct run_inject inj;
	const char *why;

	ck_assert_int_eq(inject_parse("shmat:ENOMEM", &inj, &why), 0);
	ck_assert_int_eq(inj.call, CALL_SHMAT);
	ck_assert_int_eq(inj.err, ENOMEM);
	ck_assert_uint_eq(inj.nth, 1);
	ck_assert_int_eq(inject_parse("semop:4:all", &inj, &why), 0);
	ck_assert_int_eq(inj.err, 4);
	ck_assert_uint_eq(inj.nth, 0);
	ck_assert_int_eq(inject_parse("fork:EAGAIN:3", &inj, &why), 0);
	ck_assert_int_eq(inj.call, CALL_FORK);
	ck_assert_uint_eq(inj.nth, 3);
	ck_assert_int_eq(inject_parse("shmat", &inj, &why), -1);
	ck_assert_int_eq(inject_parse("open:ENOENT", &inj, &why), -1);
	ck_assert_int_eq(inject_parse("exec:ENOENT", &inj, &why), -1);
	ck_assert_int_eq(inject_parse("shmat:ENOPE", &inj, &why), -1);
	ck_assert_int_eq(inject_parse("shmat:ENOMEM:0", &inj, &why), -1);
	ck_assert_int_eq(inject_parse("shmat:ENOMEM:x", &inj, &why), -1);
	ck_assert_int_eq(inject_parse("shmat:0", &inj, &why), -1);
}
END_TEST

Suite *inject_suite(void);

Suite *inject_suite(void)
{
	Suite *s = suite_create("inject");
	TCase *tc = tcase_create("inject");

	tcase_set_timeout(tc, 30);
	tcase_add_checked_fixture(tc, tu_audit_begin_untagged, tu_audit_end);
	tcase_add_test(tc, test_inject_parse);
	tcase_add_test(tc, test_inject_every_path);
	tcase_add_test(tc, test_inject_shmat_nth);
	tcase_add_test(tc, test_inject_shmdt);
	tcase_add_test(tc, test_inject_semop);
	tcase_add_test(tc, test_inject_fork);
	tcase_add_test(tc, test_inject_msgsnd);
	tcase_add_test(tc, test_inject_none);
	tcase_add_test(tc, test_inject_sites);
	tcase_add_test(tc, test_inject_at_site);
	suite_add_tcase(s, tc);
	return s;
}
