/*
 * test_hostile.c - programs that attack the sandbox (tests/hostile/h_*.c):
 * fork bomb, infinite loop, memory bomb through a huge segment, 200
 * leaked segments, output flood, setsid daemon, kill(-1, SIGKILL), ptrace,
 * files left in /tmp and /dev/shm. Each must end with the right status and
 * leave the host as it was.
 *
 * The checked fixture is the teardown audit (test_audit.h): the host's
 * /proc/sysvipc/{shm,sem,msg} and processes are as before each test, no
 * process of the run left (by ancestry, or by a tag each program gets as
 * argv[1] and every process of its tree keeps in its command line).
 *
 * These programs run only inside the sandbox's namespaces: in fallback
 * mode kill(-1) would reach the host. When namespaces are unavailable (or
 * SHMGRADE_FALLBACK=1 is set) each test says so and does nothing.
 */
#include <check.h>
#include <stddef.h>
#include <sys/un.h>
#include <sys/socket.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness/run.h"
#include "tests/test_audit.h"
#include "tests/test_util.h"

/* The tag given as argv[1] to the program of the current test: every
 * process of its tree carries it in its command line (tu_audit_begin). */
static char hostile_tag[64];

static void hostile_setup(void)
{
	static unsigned serial;

	snprintf(hostile_tag, sizeof(hostile_tag), "shmgrade-hostile-%d-%u", (int)getpid(),
		 ++serial);
	tu_audit_begin(hostile_tag);
}

static void hostile_teardown(void)
{
	tu_audit_end();
}

/* Run a hostile program with the given limits, namespaces required, its
 * argv[1] the fixture's tag (the programs ignore it). Returns false (and
 * runs nothing) when namespaces are unavailable. */
static bool hostile_run(struct run_record *rec, const char *name, struct run_limits limits)
{
	struct tu_opts o = TU_OPTS_DEFAULT;
	const char *args[] = { hostile_tag, NULL };

	if (!tu_namespaces_expected()) {
		tu_skip_note("%s not run: no namespaces here", name);
		return false;
	}
	o.limits = limits;
	o.mode = RUN_MODE_FORCE_NAMESPACE;
	tu_run(rec, "hostile", name, args, &o);
	ck_assert_int_eq(rec->mode, RUN_MODE_NAMESPACE);
	return true;
}

/* Every process of the record ended (exited or killed). */
static void hostile_all_ended(const struct run_record *rec)
{
	size_t i;

	for (i = 0; i < rec->nprocesses; i++)
		ck_assert_msg(rec->processes[i].exited || rec->processes[i].signal,
			      "process %d did not end", (int)rec->processes[i].pid);
}

START_TEST(test_hostile_forkbomb)
{
	struct run_limits lim = {
		.timeout_s = 10.0, .memory_mib = 512, .processes = 16, .output_kib = 1024
	};
	struct run_record rec;

	if (!hostile_run(&rec, "h_forkbomb", lim))
		return;
	ck_assert_str_eq(run_status_name(rec.status), "process_limit");
	ck_assert_uint_gt(rec.nprocesses, 16);
	ck_assert_msg(rec.wall_ms < 9000, "ended by the timeout (%.0f ms), not the limit",
		      rec.wall_ms);
	hostile_all_ended(&rec);
	record_release(&rec);
}
END_TEST

START_TEST(test_hostile_loop)
{
	struct run_limits lim = {
		.timeout_s = 1.5, .memory_mib = 512, .processes = 64, .output_kib = 1024
	};
	struct run_record rec;

	if (!hostile_run(&rec, "h_loop", lim))
		return;
	ck_assert_str_eq(run_status_name(rec.status), "timeout");
	ck_assert_msg(rec.wall_ms >= 1400 && rec.wall_ms < 4500, "wall %.0f ms for a 1.5 s timeout",
		      rec.wall_ms);
	ck_assert_int_eq(rec.signal, SIGKILL);
	hostile_all_ended(&rec);
	record_release(&rec);
}
END_TEST

START_TEST(test_hostile_membomb)
{
	struct run_limits lim = { 0 }; /* the defaults */
	struct run_record rec;

	if (!hostile_run(&rec, "h_membomb", lim))
		return;
	ck_assert_str_eq(run_status_name(rec.status), "memory_limit");
	ck_assert_msg(strstr(tu_stdout(&rec), "survived") == NULL, "the bomb went off");
	ck_assert_uint_eq(rec.leaks.shm, 0);
	hostile_all_ended(&rec);
	record_release(&rec);
}
END_TEST

START_TEST(test_hostile_leak200)
{
	struct run_limits lim = { 0 }; /* the defaults */
	struct run_record rec;
	size_t i;

	if (!hostile_run(&rec, "h_leak200", lim))
		return;
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	ck_assert_str_eq(tu_stdout(&rec), "leaked 200\n");
	ck_assert_uint_eq(rec.leaks.shm, 200);
	ck_assert_uint_eq(rec.nsegments, 200);
	for (i = 0; i < rec.nsegments; i++) {
		ck_assert(rec.segments[i].leaked);
		ck_assert(!rec.segments[i].removed);
		ck_assert_int_eq(rec.segments[i].creator_pid, rec.processes[0].pid);
	}
	ck_assert(!rec.untraced_ipc);
	record_release(&rec); /* the fixture checks the host kept none */
}
END_TEST

START_TEST(test_hostile_flood)
{
	struct run_limits lim = {
		.timeout_s = 10.0, .memory_mib = 512, .processes = 64, .output_kib = 64
	};
	struct run_record rec;
	size_t i;

	if (!hostile_run(&rec, "h_flood", lim))
		return;
	ck_assert_str_eq(run_status_name(rec.status), "output_limit");
	ck_assert(rec.outputs[0].out_truncated);
	ck_assert_uint_gt(rec.outputs[0].out_len, 0);
	ck_assert_uint_le(rec.outputs[0].out_len, 64 * 1024);
	for (i = 0; i < rec.outputs[0].out_len; i++)
		ck_assert_int_eq(rec.outputs[0].out[i], 'y');
	hostile_all_ended(&rec);
	record_release(&rec);
}
END_TEST

START_TEST(test_hostile_daemon)
{
	struct run_limits lim = {
		.timeout_s = 5.0, .memory_mib = 512, .processes = 64, .output_kib = 1024
	};
	struct run_record rec;
	const struct process *d;

	if (!hostile_run(&rec, "h_daemon", lim))
		return;
	/* The program itself exited 0 at once; its daemon was then killed. */
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	ck_assert_int_eq(rec.exit_code, 0);
	ck_assert_uint_eq(rec.nprocesses, 3);
	d = &rec.processes[2];
	ck_assert_int_eq(d->ppid, rec.processes[1].pid);
	ck_assert(d->orphaned);
	ck_assert_int_eq(d->signal, SIGKILL);
	ck_assert_msg(rec.wall_ms < 4500, "waited for the timeout (%.0f ms)", rec.wall_ms);
	hostile_all_ended(&rec);
	record_release(&rec); /* the fixture checks no h_daemon is left */
}
END_TEST

START_TEST(test_hostile_killall)
{
	struct run_limits lim = { 0 }; /* the defaults */
	struct run_record rec;

	if (!hostile_run(&rec, "h_killall", lim))
		return;
	/* Inside the PID namespace kill(-1) reaches only the program's own
	 * child: the run ends normally, inventory and all. */
	ck_assert_str_eq(tu_stdout(&rec), "child: signal 9\ncaller: alive\n");
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	ck_assert_int_eq(rec.exit_code, 0);
	ck_assert_uint_eq(rec.nprocesses, 2);
	ck_assert_int_eq(rec.processes[1].signal, SIGKILL);
	ck_assert(rec.inventory.taken);
	record_release(&rec);
}
END_TEST

START_TEST(test_hostile_ptrace)
{
	struct run_limits lim = { 0 }; /* the defaults */
	struct run_record rec;
	size_t i;

	if (!hostile_run(&rec, "h_ptrace", lim))
		return;
	ck_assert_str_eq(tu_stdout(&rec), "traceme: refused EPERM\n"
					  "attach parent: refused EPERM\n"
					  "attach 1: refused EPERM\n");
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	ck_assert_uint_eq(rec.denied_calls, 3);
	ck_assert_uint_eq(tu_event_count(&rec, CALL_DENIED), 3);
	for (i = 0; i < 3; i++) {
		const struct event *ev = tu_event_nth(&rec, CALL_DENIED, i);
		const struct event_arg *a = tu_event_arg(ev, "syscall");

		ck_assert_ptr_nonnull(a);
		ck_assert_str_eq(a->str, "ptrace");
		ck_assert_int_eq(ev->err, EPERM);
	}
	record_release(&rec);
}
END_TEST

/* Files a run leaves in /tmp and /dev/shm: the next run does not see
 * them, and neither does the host. */
START_TEST(test_hostile_tmpfiles)
{
	static const char *const host[] = { "/tmp/shmgrade-h_tmpfiles-marker",
					    "/dev/shm/shmgrade-h_tmpfiles-marker" };
	const char *fresh = "/tmp/shmgrade-h_tmpfiles-marker: fresh\n"
			    "/dev/shm/shmgrade-h_tmpfiles-marker: fresh\n";
	struct run_limits lim = { 0 }; /* the defaults */
	struct run_record rec;
	bool there[2];
	int i;

	for (i = 0; i < 2; i++)
		there[i] = access(host[i], F_OK) == 0; /* someone else's: never ours to judge */
	for (i = 0; i < 2; i++) {
		if (!hostile_run(&rec, "h_tmpfiles", lim))
			return;
		ck_assert_str_eq(tu_stdout(&rec), fresh);
		ck_assert_str_eq(run_status_name(rec.status), "ok");
		record_release(&rec);
	}
	for (i = 0; i < 2; i++) {
		bool leaked = !there[i] && access(host[i], F_OK) == 0;

		if (leaked)
			unlink(host[i]); /* the run made it: remove, then fail */
		ck_assert_msg(!leaked, "the run wrote %s on the host", host[i]);
	}
}
END_TEST

/* A memory bomb spread over processes, each under its own address-space
 * limit: the run's private memory together is capped (sampled). */
START_TEST(test_hostile_forkmem)
{
	struct run_limits lim = { .timeout_s = 20, .memory_mib = 512 };
	struct run_record rec;

	if (!hostile_run(&rec, "h_forkmem", lim))
		return;
	ck_assert_str_eq(run_status_name(rec.status), "memory_limit");
	ck_assert_ptr_nonnull(strstr(rec.message, "over the limit (512 MiB)"));
	ck_assert(rec.wall_ms < 15000);
	hostile_all_ended(&rec);
	record_release(&rec);
}
END_TEST

/* Shared anonymous pages count against --memory, over all processes. */
START_TEST(test_hostile_shmbomb)
{
	struct run_limits lim = { .timeout_s = 20, .memory_mib = 256 };
	struct run_record rec;

	if (!hostile_run(&rec, "h_shmbomb", lim))
		return;
	ck_assert_str_eq(run_status_name(rec.status), "memory_limit");
	ck_assert_msg(strstr(tu_stdout(&rec), "survived") == NULL, "the bomb went off");
	ck_assert_ptr_nonnull(strstr(rec.message, "over the limit (256 MiB)"));
	hostile_all_ended(&rec);
	record_release(&rec);
}
END_TEST

/* As root, where the memory controller is mounted, each run has a memory
 * cgroup of its own (the kernel counts every page; run_cgroup.h), gone
 * after the run. */
START_TEST(test_hostile_cgroup)
{
	struct run_limits lim = { 0 };
	struct run_record rec;
	const char *v1 = "/sys/fs/cgroup/memory/memory.limit_in_bytes";

	if (geteuid() != 0 || access(v1, F_OK) < 0)
		TU_SKIP("no memory cgroup v1 to make here (or not root)");
	if (!hostile_run(&rec, "h_cgroup", lim))
		return;
	ck_assert_msg(strstr(tu_stdout(&rec), "memory:") && strstr(tu_stdout(&rec), "/shmgrade-"),
		      "not in a cgroup of its own: %s", tu_stdout(&rec));
	record_release(&rec);
}
END_TEST

/* Files in the run's /tmp and /dev/shm are memory too. */
START_TEST(test_hostile_tmpfill)
{
	struct run_limits lim = { .timeout_s = 20, .memory_mib = 256 };
	struct run_record rec;

	if (!hostile_run(&rec, "h_tmpfill", lim))
		return;
	ck_assert_str_eq(run_status_name(rec.status), "memory_limit");
	ck_assert_msg(strstr(tu_stdout(&rec), "survived") == NULL, "the filler survived");
	hostile_all_ended(&rec);
	record_release(&rec);
}
END_TEST

/* --disk caps the run's /tmp and the files of its run directory. */
START_TEST(test_hostile_diskfill)
{
	struct run_limits lim = { .timeout_s = 30, .disk_mib = 32 };
	struct run_record rec;

	if (!hostile_run(&rec, "h_diskfill", lim))
		return;
	ck_assert_str_eq(run_status_name(rec.status), "output_limit");
	ck_assert_ptr_nonnull(strstr(rec.message, "over the disk limit (32 MiB)"));
	ck_assert_str_eq(tu_stdout(&rec), "tmp: capped\n");
	hostile_all_ended(&rec);
	record_release(&rec);
}
END_TEST

/* An endless stream of IPC calls fills the trace, not the grader's memory. */
START_TEST(test_hostile_ipcflood)
{
	struct run_limits lim = { .timeout_s = 60 };
	struct run_record rec;

	if (!hostile_run(&rec, "h_ipcflood", lim))
		return;
	ck_assert_str_eq(run_status_name(rec.status), "output_limit");
	ck_assert_ptr_nonnull(strstr(rec.message, "the trace is full"));
	ck_assert_uint_le(rec.nevents, 200000 + 16);
	/* Ended by the full trace, before the time limit: how fast is make bench's
	 * business (a fixed bound here failed under load and ASan). */
	ck_assert_msg(rec.wall_ms < lim.timeout_s * 1000.0, "ran into the timeout (%.0f ms)",
		      rec.wall_ms);
	hostile_all_ended(&rec);
	record_release(&rec);
}
END_TEST

/* Refused calls are events too: a loop of them fills the trace and ends
 * the run, instead of growing the grader to gigabytes until the timeout. */
START_TEST(test_hostile_denyflood)
{
	struct run_limits lim = { .timeout_s = 60 };
	struct run_record rec;

	if (!hostile_run(&rec, "h_denyflood", lim))
		return;
	ck_assert_str_eq(run_status_name(rec.status), "output_limit");
	ck_assert_ptr_nonnull(strstr(rec.message, "the trace is full"));
	ck_assert_uint_le(rec.nevents, 200000 + 16);
	ck_assert_uint_ge(rec.denied_calls, 199000);
	/* Ended by the full trace, before the time limit: how fast is make bench's
	 * business (a fixed bound here failed under load and ASan). */
	ck_assert_msg(rec.wall_ms < lim.timeout_s * 1000.0, "ran into the timeout (%.0f ms)",
		      rec.wall_ms);
	hostile_all_ended(&rec);
	record_release(&rec);
}
END_TEST

/* Semaphores and queues are capped per run (kernel.sem, msgmni): they are
 * kernel memory that no rlimit bounds. */
START_TEST(test_hostile_kmem)
{
	struct run_limits lim = { 0 };
	struct run_record rec;

	if (!hostile_run(&rec, "h_kmem", lim))
		return;
	ck_assert_str_eq(tu_stdout(&rec), "sets=128 queues=64\n");
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	ck_assert_uint_eq(rec.leaks.sem, 128);
	ck_assert_uint_eq(rec.leaks.msg, 64);
	record_release(&rec);
}
END_TEST

/* The machine's services are out of reach: an empty network namespace (its
 * loopback is down; abstract unix sockets are per namespace) and an empty
 * /run. The test listens on an abstract socket named by the tag. */
START_TEST(test_hostile_network)
{
	struct run_limits lim = { 0 };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	struct run_record rec;
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(s, 0);
	strncpy(un.sun_path + 1, hostile_tag, sizeof(un.sun_path) - 2);
	ck_assert_int_eq(bind(s, (void *)&un,
			      offsetof(struct sockaddr_un, sun_path) + 1 + strlen(hostile_tag)),
			 0);
	ck_assert_int_eq(listen(s, 1), 0);
	if (!hostile_run(&rec, "h_network", lim)) {
		close(s);
		return;
	}
	close(s);
	ck_assert_str_eq(tu_stdout(&rec), "tcp: ENETUNREACH\nabstract: ECONNREFUSED\nrun: empty\n");
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	record_release(&rec);
}
END_TEST

Suite *hostile_suite(void);

Suite *hostile_suite(void)
{
	Suite *s = suite_create("hostile");
	TCase *tc = tcase_create("hostile");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, hostile_setup, hostile_teardown);
	tcase_add_test(tc, test_hostile_forkbomb);
	tcase_add_test(tc, test_hostile_loop);
	tcase_add_test(tc, test_hostile_membomb);
	tcase_add_test(tc, test_hostile_leak200);
	tcase_add_test(tc, test_hostile_flood);
	tcase_add_test(tc, test_hostile_daemon);
	tcase_add_test(tc, test_hostile_killall);
	tcase_add_test(tc, test_hostile_ptrace);
	tcase_add_test(tc, test_hostile_tmpfiles);
	tcase_add_test(tc, test_hostile_network);
	tcase_add_test(tc, test_hostile_kmem);
	tcase_add_test(tc, test_hostile_ipcflood);
	tcase_add_test(tc, test_hostile_denyflood);
	tcase_add_test(tc, test_hostile_forkmem);
	tcase_add_test(tc, test_hostile_shmbomb);
	tcase_add_test(tc, test_hostile_tmpfill);
	tcase_add_test(tc, test_hostile_cgroup);
	tcase_add_test(tc, test_hostile_diskfill);
	suite_add_tcase(s, tc);
	return s;
}
