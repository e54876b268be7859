/*
 * test_fallback.c - fallback mode (no namespaces: the host's IPC
 * namespace), forced with RUN_MODE_FORCE_FALLBACK. doc/architecture.md's host-safety
 * rule: the harness removes only what the run itself created, identified
 * through the trace, never by key, uid or "new since".
 *
 * Before the test case the fixture creates on the host: a segment with the
 * key the program will use (the program's shmget(IPC_CREAT) finds it: it
 * is not the run's), an unrelated keyed segment, an IPC_PRIVATE one, a
 * semaphore set, and as root a segment owned by another uid. The program
 * (tests/progs/fb_attach_leak.c) attaches to the first and leaks a segment,
 * a semaphore set and a queue of its own. Afterwards ours must be intact
 * (same id, key, size, creator) and the program's gone.
 *
 * Our objects are made and removed by an unchecked fixture, which runs in
 * the runner's own process: libcheck does not run a checked teardown after
 * a failed test in fork mode, and the removal must happen even then. The
 * checked teardown only asserts that they are intact after each test.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/run.h"
#include "tests/test_audit.h"
#include "tests/test_golden.h"
#include "tests/test_util.h"

/* One object the test made on the host, with what identifies it. */
struct test_fallback_obj {
	enum ipc_kind kind;
	int id;
	key_t key;
	size_t size; /* shm: bytes; sem: nsems */
	pid_t cpid;  /* shm only */
	uid_t uid;
};

static struct test_fallback_obj test_fallback_objs[8];
static size_t test_fallback_nobjs;

/* A key no segment or semaphore set of the host uses now. */
static key_t test_fallback_free_key(void)
{
	static unsigned seed;
	int tries;

	if (!seed)
		seed = (unsigned)time(NULL) ^ ((unsigned)getpid() << 8);
	for (tries = 0; tries < 1000; tries++) {
		key_t key = (key_t)(0x5f000000u | (rand_r(&seed) & 0xffffff));

		if (shmget(key, 0, 0) < 0 && errno == ENOENT && semget(key, 0, 0) < 0 &&
		    errno == ENOENT)
			return key;
	}
	return (key_t)0x5f5f5f5f;
}

/* Whether obj still exists with the identity we recorded. */
static bool test_fallback_obj_intact(const struct test_fallback_obj *o)
{
	if (o->kind == IPC_KIND_SHM) {
		struct shmid_ds ds;

		return shmctl(o->id, IPC_STAT, &ds) == 0 && ds.shm_perm.__key == o->key &&
		       ds.shm_segsz == o->size && ds.shm_perm.cuid == o->uid &&
		       ds.shm_cpid == o->cpid;
	} else {
		struct semid_ds ds;

		return semctl(o->id, 0, IPC_STAT, &ds) == 0 && ds.sem_perm.__key == o->key &&
		       ds.sem_nsems == o->size && ds.sem_perm.cuid == o->uid;
	}
}

static void test_fallback_record(enum ipc_kind kind, int id, key_t key, size_t size, uid_t uid)
{
	struct test_fallback_obj *o = &test_fallback_objs[test_fallback_nobjs++];
	struct shmid_ds ds;

	o->kind = kind;
	o->id = id;
	o->key = key;
	o->size = size;
	o->uid = uid;
	o->cpid = kind == IPC_KIND_SHM && shmctl(id, IPC_STAT, &ds) == 0 ? ds.shm_cpid : 0;
}

/* A segment made by a child running as uid (root only): another uid. */
static int test_fallback_shm_as(uid_t uid, key_t key, size_t size)
{
	int fds[2], id = -1;
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		int got = -1;

		if (setresgid(uid, uid, uid) == 0 && setresuid(uid, uid, uid) == 0)
			got = shmget(key, size, IPC_CREAT | IPC_EXCL | 0644);
		if (write(fds[1], &got, sizeof(got)) != sizeof(got))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	if (pid < 0 || read(fds[0], &id, sizeof(id)) != sizeof(id))
		id = -1;
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return id;
}

/* Unchecked setup (the runner's process): make our objects. On failure
 * the objects made so far stay recorded, and test_fallback_teardown removes them. */
static void test_fallback_setup(void)
{
	key_t k;
	int id;

	test_fallback_nobjs = 0;
	k = test_fallback_free_key();
	/* The program's key, test_fallback_objs[0]; 0666: as root, the run is uid 65534. */
	if ((id = shmget(k, 8192, IPC_CREAT | IPC_EXCL | 0666)) >= 0)
		test_fallback_record(IPC_KIND_SHM, id, k, 8192, geteuid());
	k = test_fallback_free_key();
	if ((id = shmget(k, 4096, IPC_CREAT | IPC_EXCL | 0600)) >= 0)
		test_fallback_record(IPC_KIND_SHM, id, k, 4096, geteuid());
	if ((id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600)) >= 0)
		test_fallback_record(IPC_KIND_SHM, id, IPC_PRIVATE, 4096, geteuid());
	if ((id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600)) >= 0)
		test_fallback_record(IPC_KIND_SEM, id, IPC_PRIVATE, 2, geteuid());
	/* test_fallback_objs[4]: a keyed set a program may open and change (0666). */
	k = test_fallback_free_key();
	if ((id = semget(k, 1, IPC_CREAT | IPC_EXCL | 0666)) >= 0)
		test_fallback_record(IPC_KIND_SEM, id, k, 1, geteuid());
	k = test_fallback_free_key();
	if (geteuid() == 0 && (id = test_fallback_shm_as(65534, k, 4096)) >= 0)
		test_fallback_record(IPC_KIND_SHM, id, k, 4096, 65534);
}

/* Unchecked teardown (the runner's process, also after failures): remove
 * exactly our objects, each only while it still has our identity. */
static void test_fallback_teardown(void)
{
	size_t i;

	for (i = 0; i < test_fallback_nobjs; i++) {
		const struct test_fallback_obj *o = &test_fallback_objs[i];

		if (!test_fallback_obj_intact(o))
			continue;
		if (o->kind == IPC_KIND_SHM)
			shmctl(o->id, IPC_RMID, NULL);
		else
			semctl(o->id, 0, IPC_RMID);
	}
	test_fallback_nobjs = 0;
}

/* Checked setup and teardown (the test's process): ours are all there,
 * and (the audit, test_audit.h) the host is otherwise as before. */
static void test_fallback_assert_intact(void)
{
	size_t i;

	ck_assert_uint_ge(test_fallback_nobjs, 5);
	for (i = 0; i < test_fallback_nobjs; i++)
		ck_assert_msg(test_fallback_obj_intact(&test_fallback_objs[i]),
			      "object %zu (id %d, key 0x%x) was touched", i,
			      test_fallback_objs[i].id, (unsigned)test_fallback_objs[i].key);
}

static const struct segment *test_fallback_segment(const struct run_record *rec, int shmid)
{
	size_t i;

	for (i = 0; i < rec->nsegments; i++)
		if (rec->segments[i].shmid == shmid)
			return &rec->segments[i];
	return NULL;
}

START_TEST(test_fallback_attach_leak)
{
	struct tu_opts o = TU_OPTS_DEFAULT;
	struct run_record rec;
	char key[32];
	const char *args[] = { key, NULL };
	const struct segment *own, *theirs;
	int existing, shm, sem, msg;

	snprintf(key, sizeof(key), "0x%x", (unsigned)test_fallback_objs[0].key);
	o.mode = RUN_MODE_FORCE_FALLBACK;
	tu_run(&rec, "progs", "fb_attach_leak", args, &o);
	ck_assert_int_eq(rec.mode, RUN_MODE_FALLBACK);
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	ck_assert_msg(sscanf(tu_stdout(&rec), "existing=%d shm=%d sem=%d msg=%d", &existing, &shm,
			     &sem, &msg) == 4,
		      "output: %s", tu_stdout(&rec));
	ck_assert_int_eq(existing, test_fallback_objs[0].id);

	/* The record: the program's three objects leaked, ours not its own. */
	ck_assert_uint_eq(rec.leaks.shm, 1);
	ck_assert_uint_eq(rec.leaks.sem, 1);
	ck_assert_uint_eq(rec.leaks.msg, 1);
	own = test_fallback_segment(&rec, shm);
	ck_assert_ptr_nonnull(own);
	ck_assert(own->leaked);
	ck_assert_int_eq(own->creator_pid, rec.processes[0].pid);
	/* Its shmget(IPC_CREAT) found ours: that is no creation by the run,
	 * and what the record says of it must be the kernel's facts. */
	theirs = test_fallback_segment(&rec, existing);
	if (theirs) {
		ck_assert_msg(!theirs->leaked, "the test's segment counted as the run's leak");
		ck_assert_msg(!theirs->removed, "the test's segment marked removed");
		ck_assert_msg(theirs->creator_pid != rec.processes[0].pid,
			      "the test's segment recorded as created by the run");
		ck_assert_uint_eq(theirs->size, 8192);
	}
	ck_assert(!rec.untraced_ipc);

	/* The host: ours intact (the checked teardown), the program's gone. */
	test_fallback_assert_intact();
	ck_assert_msg(shmctl(shm, IPC_STAT, &(struct shmid_ds){ 0 }) < 0,
		      "segment %d left on the host", shm);
	ck_assert_msg(semctl(sem, 0, IPC_STAT, &(struct semid_ds){ 0 }) < 0,
		      "semaphore set %d left", sem);
	ck_assert_msg(msgctl(msg, IPC_STAT, &(struct msqid_ds){ 0 }) < 0, "queue %d left", msg);
	record_release(&rec);
}
END_TEST

/* A program that opens a host semaphore set with IPC_CREAT and changes it
 * with SETVAL did not create it: fallback must neither remove it nor call
 * it the run's leak (it once did: SETVAL moved its change time). */
START_TEST(test_fallback_foreign_sem)
{
	struct tu_opts o = TU_OPTS_DEFAULT;
	struct run_record rec;
	char key[32];
	const char *args[] = { key, NULL };
	size_t i;

	snprintf(key, sizeof(key), "0x%x", (unsigned)test_fallback_objs[4].key);
	o.mode = RUN_MODE_FORCE_FALLBACK;
	tu_run(&rec, "progs", "fb_sem_setval", args, &o);
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	ck_assert_uint_eq(rec.leaks.sem, 0);
	for (i = 0; i < rec.nsemaphores; i++)
		if (rec.semaphores[i].semid == test_fallback_objs[4].id)
			ck_assert(!rec.semaphores[i].leaked && !rec.semaphores[i].removed);
	test_fallback_assert_intact();
	record_release(&rec);
}
END_TEST

/* IPC_PRIVATE creates without IPC_CREAT: the memory cap sees it too. */
START_TEST(test_fallback_private_cap)
{
	struct tu_opts o = TU_OPTS_DEFAULT;
	struct run_record rec;

	o.mode = RUN_MODE_FORCE_FALLBACK;
	o.limits.memory_mib = 512;
	tu_run(&rec, "progs", "fb_private_nocreat", NULL, &o);
	ck_assert_str_eq(run_status_name(rec.status), "memory_limit");
	/* Two fit in 512 MiB; the third ends the run (host ids: any). */
	ck_assert_ptr_nonnull(strstr(tu_stdout(&rec), "segment 1: "));
	ck_assert_ptr_null(strstr(tu_stdout(&rec), "segment 2: "));
	ck_assert_uint_eq(rec.nsegments, 2);
	test_fallback_assert_intact();
	record_release(&rec);
}
END_TEST

/* SHMGRADE_FALLBACK=1 forces fallback mode too (the test runs in its own
 * process: the variable dies with it). The trace is the same as in a
 * namespace, renumbered (tu_render): test_golden's text. The leak is
 * removed from the host. */
START_TEST(test_fallback_env)
{
	struct run_record rec;
	const struct event *ev;
	char *text;

	setenv("SHMGRADE_FALLBACK", "1", 1);
	tu_run(&rec, "progs", "g_grandchild_leaks", NULL, NULL);
	ck_assert_int_eq(rec.mode, RUN_MODE_FALLBACK);
	text = tu_render(&rec);
	ck_assert_str_eq(text, tu_golden_text("g_grandchild_leaks"));
	ev = tu_event_nth(&rec, CALL_SHMGET, 0);
	ck_assert_msg(shmctl((int)ev->result, IPC_STAT, &(struct shmid_ds){ 0 }) < 0,
		      "the run's leaked segment %lld is still on the host", ev->result);
	free(text);
	record_release(&rec);
	unsetenv("SHMGRADE_FALLBACK");
}
END_TEST

/* One fallback run of fb_sleep in a child process; exit 0 if it was ok. */
static pid_t test_fallback_spawn_sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		char *path = realpath("build/tests/progs/fb_sleep", NULL);
		char *argv[] = { path, NULL };
		struct run_program prog = { .argv = argv };
		struct run_spec spec = { .programs = &prog,
					 .nprograms = 1,
					 .quiet = true,

					 .mode = RUN_MODE_FORCE_FALLBACK };
		struct run_record rec;
		int ok;

		record_init(&rec);
		ok = path && harness_run(&spec, &rec) == 0 && rec.status == RUN_OK;
		_exit(ok ? 0 : 1);
	}
	return pid;
}

/* Two fallback runs started together take turns (a lock): together they
 * last at least twice one sleep. */
START_TEST(test_fallback_one_at_a_time)
{
	struct timespec t0, t1;
	pid_t a, b;
	int sa = -1, sb = -1;
	double ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	a = test_fallback_spawn_sleeper();
	b = test_fallback_spawn_sleeper();
	ck_assert(a > 0 && b > 0);
	waitpid(a, &sa, 0);
	waitpid(b, &sb, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	ck_assert_msg(sa == 0 && sb == 0, "a fallback run failed (%d, %d)", sa, sb);
	ck_assert_msg(ms >= 790, "two fallback runs overlapped: %.0f ms for 2 x 400 ms", ms);
}
END_TEST

/* Without a PID namespace the program shares pids with the grader: every
 * way of reaching it (or init) by pid is refused, its /proc/PID/mem is
 * closed (not dumpable), and the program still signals its own child. */
START_TEST(test_fallback_reach)
{
	static const char *const whos[] = { "grader", "init" };
	static const char *const ways[] = { "kill STOP",
					    "kill -pgid",
					    "tgkill",
					    "tkill",
					    "sigqueue",
					    "pidfd_open",
					    "pidfd_send_signal",
					    "mem",
					    "process_vm_readv",
					    "prlimit" };
	struct tu_opts o = TU_OPTS_DEFAULT;
	struct run_record rec;
	char line[128];
	size_t i, j;

	o.mode = RUN_MODE_FORCE_FALLBACK;
	tu_run(&rec, "hostile", "h_reach", NULL, &o);
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	for (i = 0; i < 2; i++)
		for (j = 0; j < sizeof(ways) / sizeof(ways[0]); j++) {
			snprintf(line, sizeof(line), "%s %s: done\n", whos[i], ways[j]);
			ck_assert_msg(!strstr(tu_stdout(&rec), line), "not refused: %s in\n%s",
				      line, tu_stdout(&rec));
		}
	ck_assert_ptr_nonnull(strstr(tu_stdout(&rec), "kill(-1): EPERM\n"));
	ck_assert_ptr_nonnull(strstr(tu_stdout(&rec), "own child: done\nchild: Terminated\n"));
	record_release(&rec);
}
END_TEST

/* Children SIGKILLed inside shmget/semget/msgget, after the kernel made
 * the object but before the call returned to the tracer: each object is
 * still the run's (the record explains it) and leaves the host (the
 * audit). It used to leave dozens behind. */
START_TEST(test_fallback_killed_in_create)
{
	struct tu_opts o = TU_OPTS_DEFAULT;
	const char *args[] = { "30", NULL };
	struct run_record rec;

	o.mode = RUN_MODE_FORCE_FALLBACK;
	o.limits.timeout_s = 30;
	tu_run(&rec, "hostile", "h_killcreate", args, &o);
	ck_assert_str_eq(run_status_name(rec.status), "ok");
	ck_assert_msg(!rec.untraced_ipc, "an object of the run is unexplained");
	ck_assert_uint_gt(rec.leaks.shm + rec.leaks.sem + rec.leaks.msg, 0);
	test_fallback_assert_intact();
	record_release(&rec);
}
END_TEST

/* Without namespaces (and, as an ordinary user, without a cgroup) shared
 * anonymous memory still counts against --memory: the sampler's
 * proportional shares. */
START_TEST(test_fallback_shmbomb)
{
	struct tu_opts o = TU_OPTS_DEFAULT;
	struct run_record rec;

	o.mode = RUN_MODE_FORCE_FALLBACK;
	o.limits.memory_mib = 256;
	o.limits.timeout_s = 20;
	tu_run(&rec, "hostile", "h_shmbomb", NULL, &o);
	ck_assert_str_eq(run_status_name(rec.status), "memory_limit");
	ck_assert_ptr_null(strstr(tu_stdout(&rec), "survived"));
	record_release(&rec);
}
END_TEST

/* Files, folders and links the program left in /tmp, /var/tmp and
 * /dev/shm go with the run; the host's own (the sentinel, made before the
 * run, which the link names) stay. */
START_TEST(test_fallback_tmpfiles)
{
	static const char *const left[] = { "/tmp/fb_tmpfiles-%s-file",
					    "/var/tmp/fb_tmpfiles-%s-file",
					    "/dev/shm/fb_tmpfiles-%s-shm",
					    "/tmp/fb_tmpfiles-%s-dir", "/tmp/fb_tmpfiles-%s-link" };
	struct tu_opts o = TU_OPTS_DEFAULT;
	char tag[32], sentinel[96], path[96];
	const char *args[] = { tag, NULL };
	struct run_record rec;
	struct stat st;
	size_t i;
	int fd;

	snprintf(tag, sizeof(tag), "%d", (int)getpid());
	snprintf(sentinel, sizeof(sentinel), "/tmp/fb_tmpfiles-%s-sentinel", tag);
	fd = open(sentinel, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	close(fd);
	o.mode = RUN_MODE_FORCE_FALLBACK;
	tu_run(&rec, "progs", "fb_tmpfiles", args, &o);
	ck_assert_str_eq(tu_stdout(&rec), "made 5\n");
	for (i = 0; i < sizeof(left) / sizeof(left[0]); i++) {
		snprintf(path, sizeof(path), left[i], tag);
		ck_assert_msg(lstat(path, &st) < 0, "%s was left on the host", path);
	}
	ck_assert_int_eq(stat(sentinel, &st), 0);
	unlink(sentinel);
	record_release(&rec);
}
END_TEST

Suite *fallback_suite(void);

Suite *fallback_suite(void)
{
	Suite *s = suite_create("fallback");
	TCase *tc = tcase_create("fallback");

	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, test_fallback_setup, test_fallback_teardown);
	tcase_add_checked_fixture(tc, test_fallback_assert_intact, test_fallback_assert_intact);
	/* The teardown audit: the host is as before each test (test_audit.h). */
	tcase_add_checked_fixture(tc, tu_audit_begin_untagged, tu_audit_end);
	tcase_add_test(tc, test_fallback_attach_leak);
	tcase_add_test(tc, test_fallback_env);
	tcase_add_test(tc, test_fallback_private_cap);
	tcase_add_test(tc, test_fallback_foreign_sem);
	tcase_add_test(tc, test_fallback_one_at_a_time);
	tcase_add_test(tc, test_fallback_reach);
	tcase_add_test(tc, test_fallback_killed_in_create);
	tcase_add_test(tc, test_fallback_shmbomb);
	tcase_add_test(tc, test_fallback_tmpfiles);
	suite_add_tcase(s, tc);
	return s;
}
