/*
 * test_harness.c - harness_run() end to end, on tiny programs of
 * tests/progs/hc_*.c: the events of a clean run, a leak found by the
 * inventory, fork inheritance, the read-only host file system, job
 * control (SIGSTOP/SIGCONT), a timeout, two programs in sequence, an
 * unexecutable program, and fallback mode next to a host object that is
 * not the run's. (The golden and hostile programs have their own suites.)
 */
#include <check.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/run.h"
#include "tests/test_util.h"

static struct run_record test_harness_rec;
static char prog_dir[PATH_MAX];
static int host_shmid = -1; /* a host segment a test made: removed in test_harness_teardown */

static void test_harness_setup(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	ck_assert_int_gt(n, 0);
	exe[n] = '\0';
	/* build/tests/check_shmgrade -> build/tests/progs */
	snprintf(prog_dir, sizeof(prog_dir), "%s/progs", dirname(exe));
	record_init(&test_harness_rec);
}

static void test_harness_teardown(void)
{
	record_release(&test_harness_rec);
	if (host_shmid >= 0)
		shmctl(host_shmid, IPC_RMID, NULL);
	host_shmid = -1;
}

static char *prog_path(const char *name)
{
	static char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", prog_dir, name);
	return path;
}

/* Run one program (argv[0] a name in tests/progs) with the given mode. */
static int run_one(char **argv, enum run_mode_request mode, double timeout_s)
{
	struct run_program prog = { 0 };
	struct run_spec spec = { 0 };

	argv[0] = prog_path(argv[0]);
	prog.argv = argv;
	spec.programs = &prog;
	spec.nprograms = 1;
	spec.limits.timeout_s = timeout_s;
	spec.mode = mode;
	spec.quiet = true;
	return harness_run(&spec, &test_harness_rec);
}

/* The n-th event (0-based) that is not a fork/exec/exit, or NULL. */
static const struct event *ipc_event(size_t n)
{
	size_t i;

	for (i = 0; i < test_harness_rec.nevents; i++)
		if (test_harness_rec.events[i].call < CALL_FORK && n-- == 0)
			return &test_harness_rec.events[i];
	return NULL;
}

/* The process of the record with this pid. */
static const struct process *proc_of(pid_t pid)
{
	size_t i;

	for (i = 0; i < test_harness_rec.nprocesses; i++)
		if (test_harness_rec.processes[i].pid == pid)
			return &test_harness_rec.processes[i];
	return NULL;
}

/* hc_reap HOW: whether children 3 and 4 were reaped by their parent 2. */
static void reap_expect(const char *how, bool three, bool four, double timeout_s)
{
	char *argv[] = { "hc_reap", (char *)how, NULL };

	record_release(&test_harness_rec);
	record_init(&test_harness_rec);
	ck_assert_int_eq(run_one(argv, RUN_MODE_AUTO, timeout_s), 0);
	ck_assert_ptr_nonnull(proc_of(3));
	ck_assert_ptr_nonnull(proc_of(4));
	ck_assert_msg((proc_of(3)->reaped_by == 2) == three, "%s: child 3 reaped_by %d", how,
		      (int)proc_of(3)->reaped_by);
	ck_assert_msg((proc_of(4)->reaped_by == 2) == four, "%s: child 4 reaped_by %d", how,
		      (int)proc_of(4)->reaped_by);
}

/* Reaping is observed (wait events), not guessed: a parent that never
 * waits leaves its children unreaped on every run, though they always end
 * before it does. */
START_TEST(test_reaping)
{
	int i;

	for (i = 0; i < 3; i++)
		reap_expect("none", false, false, 10);
	reap_expect("one", true, false, 10);
	ck_assert(proc_of(3)->reaped_by != proc_of(4)->reaped_by);
	reap_expect("all", true, true, 10);
	reap_expect("ign", true, true, 10);
	reap_expect("waitid", true, true, 10);
	reap_expect("stopped", true, true, 10);
	/* The stop reported by waitpid(WUNTRACED) is not the reaping. */
	ck_assert_uint_gt(proc_of(3)->reaped_seq,
			  tu_event_nth(&test_harness_rec, CALL_WAIT4, 0)->seq);
	/* The time limit kills the parent inside wait(): noted. */
	reap_expect("hang", false, false, 0.5);
	ck_assert_int_eq(test_harness_rec.status, RUN_TIMEOUT);
	ck_assert(proc_of(2)->waiting_when_killed);
}
END_TEST

START_TEST(test_clean_run_events)
{
	char *argv[] = { "hc_shm_basic", NULL };
	static const enum ipc_call want[] = { CALL_SHMGET, CALL_SHMAT, CALL_SHMDT, CALL_SHMCTL };
	const struct event *ev;
	size_t i;

	ck_assert_int_eq(run_one(argv, RUN_MODE_AUTO, 10), 0);
	ck_assert_str_eq(run_status_name(test_harness_rec.status), "ok");
	ck_assert_int_eq(test_harness_rec.exit_code, 0);
	for (i = 0; i < 4; i++) {
		ev = ipc_event(i);
		ck_assert_ptr_nonnull(ev);
		ck_assert_int_eq(ev->call, want[i]);
		ck_assert_int_ge(ev->result, 0);
		ck_assert_int_eq(ev->seq > 0, 1);
		ck_assert_int_eq(ev->pid, test_harness_rec.processes[0].pid);
	}
	ck_assert_ptr_null(ipc_event(4));
	/* shmdt knew its segment; the exit event closes the list. */
	ck_assert_int_eq(ipc_event(2)->shmdt_shmid, (int)ipc_event(0)->result);
	ck_assert_int_eq(test_harness_rec.events[test_harness_rec.nevents - 1].call, CALL_EXIT);
	ck_assert(test_harness_rec.inventory.taken);
	ck_assert_uint_eq(test_harness_rec.inventory.n, 0);
	ck_assert_uint_eq(test_harness_rec.leaks.shm, 0);
	ck_assert_uint_eq(test_harness_rec.nprocesses, 1);
	ck_assert_uint_eq(test_harness_rec.noutputs, 1);
	ck_assert_ptr_nonnull(strstr(test_harness_rec.outputs[0].out, "hello"));
	if (test_harness_rec.mode == RUN_MODE_NAMESPACE) {
		ck_assert_int_eq(ipc_event(0)->result, 0); /* ids restart at 0 */
		ck_assert_int_eq(test_harness_rec.processes[0].ppid, 1);
	}
}
END_TEST

START_TEST(test_leak_and_fork_inheritance)
{
	char *argv[] = { "hc_shm_leak", NULL };
	const struct process *parent, *child;
	const struct event *fork_ev = NULL;
	size_t i;
	int id;

	ck_assert_int_eq(run_one(argv, RUN_MODE_AUTO, 10), 0);
	ck_assert_str_eq(run_status_name(test_harness_rec.status), "ok");
	id = (int)ipc_event(0)->result;
	ck_assert_int_ge(id, 0);
	/* The inventory found the segment, created by the parent. */
	ck_assert(test_harness_rec.inventory.taken);
	ck_assert_uint_eq(test_harness_rec.inventory.n, 1);
	ck_assert_int_eq(test_harness_rec.inventory.items[0].id, id);
	ck_assert_int_eq(test_harness_rec.inventory.items[0].ds.key, 0x1234);
	ck_assert_uint_eq(test_harness_rec.leaks.shm, 1);
	/* Two processes; the child inherited the attachment. */
	ck_assert_uint_eq(test_harness_rec.nprocesses, 2);
	parent = &test_harness_rec.processes[0];
	child = &test_harness_rec.processes[1];
	ck_assert_int_eq(test_harness_rec.inventory.items[0].ds.cpid, parent->pid);
	ck_assert_int_eq(child->ppid, parent->pid);
	for (i = 0; i < test_harness_rec.nevents; i++)
		if (test_harness_rec.events[i].call == CALL_FORK)
			fork_ev = &test_harness_rec.events[i];
	ck_assert_ptr_nonnull(fork_ev);
	ck_assert_int_eq(fork_ev->child_pid, child->pid);
	ck_assert(!fork_ev->clone_vm && !fork_ev->clone_thread);
	ck_assert_uint_eq(child->nattached_at_exit, 1);
	ck_assert_int_eq(child->attached_at_exit[0], id);
	ck_assert_uint_eq(parent->nattached_at_exit, 1);
	ck_assert_uint_eq(test_harness_rec.nsegments, 1);
	ck_assert_uint_eq(test_harness_rec.segments[0].max_nattch, 2);
}
END_TEST

/* Namespace mode: the host's folders outside the allow-list (here one
 * under /var/tmp) are not even there; the run directory and the run's own
 * /tmp are writable. */
START_TEST(test_host_readonly)
{
	char outside[] = "/var/tmp/shmgrade-hc-XXXXXX", path[sizeof(outside) + 16];
	char *argv[] = { "hc_write_outside", outside, NULL };

	if (!harness_namespaces_available()) /* fallback mode makes no such promise */
		TU_SKIP("no namespaces here");
	ck_assert_ptr_nonnull(mkdtemp(outside));
	ck_assert_int_eq(chmod(outside, 0777), 0); /* writable by whoever runs it */
	ck_assert_int_eq(run_one(argv, RUN_MODE_FORCE_NAMESPACE, 10), 0);
	snprintf(path, sizeof(path), "%s/hc_written", outside);
	unlink(path);
	rmdir(outside);
	ck_assert_str_eq(run_status_name(test_harness_rec.status), "ok");
	ck_assert_str_eq(test_harness_rec.outputs[0].out,
			 "outside=No such file or directory rundir=ok tmp=ok\n");
}
END_TEST

/* A group-stop stays a stop (PTRACE_LISTEN): the parent sees it. */
START_TEST(test_job_control)
{
	char *argv[] = { "hc_stop_child", NULL };

	ck_assert_int_eq(run_one(argv, RUN_MODE_AUTO, 10), 0);
	ck_assert_str_eq(run_status_name(test_harness_rec.status), "ok");
	ck_assert_str_eq(test_harness_rec.outputs[0].out, "stopped=19\nexit=9\n");
}
END_TEST

START_TEST(test_timeout)
{
	char *argv[] = { "hc_sleep", NULL };

	ck_assert_int_eq(run_one(argv, RUN_MODE_AUTO, 0.3), 0);
	ck_assert_str_eq(run_status_name(test_harness_rec.status), "timeout");
	ck_assert_int_eq(test_harness_rec.signal, 9);
	ck_assert(test_harness_rec.wall_ms >= 250 && test_harness_rec.wall_ms < 5000);
	/* Killed, it never stopped at its exit: what it had attached was
	 * noted just before the kill. */
	ck_assert_uint_eq(test_harness_rec.nprocesses, 1);
	ck_assert_uint_eq(test_harness_rec.processes[0].nattached_at_exit, 1);
	ck_assert(!test_harness_rec.processes[0].orphaned);
	ck_assert_uint_eq(test_harness_rec.leaks.shm, 0);
}
END_TEST

START_TEST(test_unexecutable)
{
	char *argv[] = { "/dev/null", NULL };
	struct run_program prog = { 0 };
	struct run_spec spec = { 0 };

	prog.argv = argv;
	spec.programs = &prog;
	spec.nprograms = 1;
	spec.quiet = true;
	ck_assert_int_eq(harness_run(&spec, &test_harness_rec), -1);
	ck_assert_str_eq(run_status_name(test_harness_rec.status), "internal_error");
	ck_assert_ptr_nonnull(test_harness_rec.message);
	ck_assert_ptr_nonnull(strstr(test_harness_rec.message, "cannot execute"));
}
END_TEST

/* Program 1 leaves segment 0x1234 behind, program 2 (started after every
 * process of program 1 ended) opens and removes it. */
START_TEST(test_two_programs)
{
	char *leak[] = { prog_path("hc_shm_leak"), NULL };
	char *argv2[] = { NULL, "4660", "rm", NULL };
	struct run_program progs[2] = { { 0 } };
	struct run_spec spec = { 0 };

	leak[0] = strdup(leak[0]);
	argv2[0] = prog_path("hc_key_user");
	progs[0].argv = leak;
	progs[1].argv = argv2;
	spec.programs = progs;
	spec.nprograms = 2;
	spec.quiet = true;
	ck_assert_int_eq(harness_run(&spec, &test_harness_rec), 0);
	free(leak[0]);
	ck_assert_str_eq(run_status_name(test_harness_rec.status), "ok");
	ck_assert_uint_eq(test_harness_rec.noutputs, 2);
	ck_assert_int_eq(test_harness_rec.outputs[1].exit_code, 0);
	ck_assert_uint_eq(test_harness_rec.nprocesses, 3);
	ck_assert_int_eq(test_harness_rec.processes[2].program, 1);
	ck_assert_uint_eq(test_harness_rec.inventory.n, 0);
	ck_assert_uint_eq(test_harness_rec.leaks.shm, 0);
	ck_assert_uint_eq(test_harness_rec.nsegments, 1);
	ck_assert(test_harness_rec.segments[0].removed);
	ck_assert_int_eq(test_harness_rec.segments[0].removed_by_pid,
			 test_harness_rec.processes[2].pid);
}
END_TEST

/* Fallback: the host segment this test made (another "user's" object
 * with a key the program opens) survives; the run's own leak is removed. */
START_TEST(test_fallback_host_safety)
{
	key_t key = (key_t)(0x5a000000 | (getpid() & 0xffffff));
	char keystr[32], *argv[] = { "hc_key_user", keystr, NULL };
	struct shmid_ds before, after;
	int host_id, own_id = -1;

	host_id = host_shmid = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0644);
	ck_assert_int_ge(host_id, 0);
	ck_assert_int_eq(shmctl(host_id, IPC_STAT, &before), 0);
	snprintf(keystr, sizeof(keystr), "%d", (int)key);
	ck_assert_int_eq(run_one(argv, RUN_MODE_FORCE_FALLBACK, 10), 0);
	ck_assert_int_eq(test_harness_rec.mode, RUN_MODE_FALLBACK);
	ck_assert_str_eq(run_status_name(test_harness_rec.status), "ok");
	ck_assert_int_eq(sscanf(test_harness_rec.outputs[0].out, "%*d %d", &own_id), 1);
	/* The run's own segment leaked, was reported, then removed. */
	ck_assert_uint_eq(test_harness_rec.leaks.shm, 1);
	ck_assert_uint_eq(test_harness_rec.inventory.n, 1);
	ck_assert_int_eq(test_harness_rec.inventory.items[0].id, own_id);
	ck_assert_int_eq(shmctl(own_id, IPC_STAT, &after), -1);
	/* The host's segment is untouched. */
	ck_assert_int_eq(shmctl(host_id, IPC_STAT, &after), 0);
	ck_assert_int_eq(after.shm_perm.__key, key);
	ck_assert_int_eq(after.shm_ctime, before.shm_ctime);
	ck_assert_int_eq(shmctl(host_id, IPC_RMID, NULL), 0);
	host_shmid = -1;
}
END_TEST

/* A program kept under /tmp (a repository cloned there, as CI may do) can
 * still exec itself by path: the fresh /tmp of the run would hide it. */
START_TEST(test_exec_from_tmp)
{
	char dir[] = "/tmp/shmgrade-hc-XXXXXX", copy[sizeof(dir) + 16], cmd[PATH_MAX * 2 + 64];
	struct run_program prog = { 0 };
	struct run_spec spec = { 0 };
	char *argv[] = { copy, NULL };
	int ret;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	snprintf(copy, sizeof(copy), "%s/g_exec", dir);
	snprintf(cmd, sizeof(cmd), "cp '%s/g_exec' '%s'", prog_dir, copy);
	ck_assert_int_eq(system(cmd), 0);
	prog.argv = argv;
	spec.programs = &prog;
	spec.nprograms = 1;
	spec.limits.timeout_s = 10;
	spec.quiet = true;
	ret = harness_run(&spec, &test_harness_rec);
	unlink(copy);
	rmdir(dir);
	ck_assert_int_eq(ret, 0);
	ck_assert_str_eq(run_status_name(test_harness_rec.status), "ok");
	ck_assert_int_eq(test_harness_rec.exit_code, 0);
	ck_assert_uint_eq(test_harness_rec.leaks.shm, 0);
}
END_TEST

Suite *harness_suite(void);

Suite *harness_suite(void)
{
	Suite *s = suite_create("harness");
	TCase *tc = tcase_create("run");

	tcase_add_checked_fixture(tc, test_harness_setup, test_harness_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_clean_run_events);
	tcase_add_test(tc, test_reaping);
	tcase_add_test(tc, test_leak_and_fork_inheritance);
	tcase_add_test(tc, test_host_readonly);
	tcase_add_test(tc, test_job_control);
	tcase_add_test(tc, test_timeout);
	tcase_add_test(tc, test_unexecutable);
	tcase_add_test(tc, test_two_programs);
	tcase_add_test(tc, test_fallback_host_safety);
	tcase_add_test(tc, test_exec_from_tmp);
	suite_add_tcase(s, tc);
	return s;
}
