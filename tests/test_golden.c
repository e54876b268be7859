/*
 * test_golden.c - golden traces: one small program per behaviour
 * (tests/progs/g_*.c), each run under harness_run() and its whole record
 * compared with the text it must produce (tu_render(): calls with their
 * decoded arguments, results and errno names, processes, segments,
 * semaphore sets, queues, leaks).
 *
 * Two more run g_excl_fail and g_threads against a segment the harness
 * made beforehand (a precondition).
 *
 * In namespace mode the text holds the kernel's own numbers: the first
 * program process is pid 2 (the run's init is pid 1) and ids start at 0
 * in a fresh IPC namespace. In fallback mode tu_render() renumbers them
 * the same way, so one text serves both.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test_golden.h"

#include "harness/run.h"
#include "tests/test_audit.h"
#include "tests/test_util.h"

/* The golden table: program name and the record it must produce. */
struct golden {
	const char *name;
	const char *text;
};

/* clang-format off */
static const struct golden golden_table[] = {
	{ "g_private",
	  "status ok exit 0\n"
	  "[2] shmget(key=IPC_PRIVATE, size=4096, shmflg=IPC_CREAT|0600) = 0\n"
	  "[2] shmat(shmid=0, shmaddr=NULL, shmflg=0) = addr\n"
	  "[2] shmdt(shmaddr=addr) = 0 [shmid 0]\n"
	  "[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
	  "[2] exit 0\n"
	  "process [2] g_private ppid - exit 0\n"
	  "segment 0 key=IPC_PRIVATE size=4096 mode=0600 creator=[2] attaches=1 detaches=1 max_nattch=1 removed_by=[2]\n"
	  "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n" },
	{ "g_ftok", /* FTOK: the key the program printed (test_golden_ftok) */
	  "status ok exit 0\n"
	  "[2] shmget(key=FTOK, size=1024, shmflg=IPC_CREAT|0644) = 0\n"
	  "[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
	  "[2] exit 0\n"
	  "process [2] g_ftok ppid - exit 0\n"
	  "segment 0 key=FTOK size=1024 mode=0644 creator=[2] attaches=0 detaches=0 max_nattch=0 removed_by=[2]\n"
	  "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n" },
	{ "g_excl_fail",
	  "status ok exit 0\n"
	  "[2] shmget(key=0x53480001, size=1024, shmflg=IPC_CREAT|IPC_EXCL|0600) = 0\n"
	  "[2] shmget(key=0x53480001, size=1024, shmflg=IPC_CREAT|IPC_EXCL|0600) = -1 EEXIST\n"
	  "[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
	  "[2] exit 0\n"
	  "process [2] g_excl_fail ppid - exit 0\n"
	  "segment 0 key=0x53480001 size=1024 mode=0600 creator=[2] attaches=0 detaches=0 max_nattch=0 removed_by=[2]\n"
	  "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n" },
	{ "g_bigger_size",
	  "status ok exit 0\n"
	  "[2] shmget(key=0x53480002, size=1024, shmflg=IPC_CREAT|0600) = 0\n"
	  "[2] shmget(key=0x53480002, size=8192, shmflg=IPC_CREAT|0600) = -1 EINVAL\n"
	  "[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
	  "[2] exit 0\n"
	  "process [2] g_bigger_size ppid - exit 0\n"
	  "segment 0 key=0x53480002 size=1024 mode=0600 creator=[2] attaches=0 detaches=0 max_nattch=0 removed_by=[2]\n"
	  "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n" },
	{ "g_rdonly",
	  "status ok exit 0\n"
	  "[2] shmget(key=IPC_PRIVATE, size=4096, shmflg=IPC_CREAT|0600) = 0\n"
	  "[2] shmat(shmid=0, shmaddr=NULL, shmflg=SHM_RDONLY) = addr\n"
	  "[2] shmdt(shmaddr=addr) = 0 [shmid 0]\n"
	  "[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
	  "[2] exit 0\n"
	  "process [2] g_rdonly ppid - exit 0\n"
	  "segment 0 key=IPC_PRIVATE size=4096 mode=0600 creator=[2] attaches=1 detaches=1 max_nattch=1 removed_by=[2]\n"
	  "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n" },
	{ "g_rmid_attached", /* after IPC_RMID: SHM_DEST (01000) in the mode */
	  "status ok exit 0\n"
	  "[2] shmget(key=0x53480003, size=4096, shmflg=IPC_CREAT|0600) = 0\n"
	  "[2] shmat(shmid=0, shmaddr=NULL, shmflg=0) = addr\n"
	  "[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
	  "[2] shmctl(shmid=0, cmd=IPC_STAT, buf=addr) = 0 {size=4096 mode=01600 nattch=1 cpid=[2]}\n"
	  "[2] shmdt(shmaddr=addr) = 0 [shmid 0]\n"
	  "[2] exit 0\n"
	  "process [2] g_rmid_attached ppid - exit 0\n"
	  "segment 0 key=0x53480003 size=4096 mode=0600 creator=[2] attaches=1 detaches=1 max_nattch=1 removed_by=[2]\n"
	  "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n" },
	{ "g_fork_inherit", /* one shmat, two attachments: max_nattch 2 */
	  "status ok exit 0\n"
	  "[2] shmget(key=IPC_PRIVATE, size=4096, shmflg=IPC_CREAT|0600) = 0\n"
	  "[2] shmat(shmid=0, shmaddr=NULL, shmflg=0) = addr\n"
	  "[2] fork [3]\n"
	  "[3] shmctl(shmid=0, cmd=IPC_STAT, buf=addr) = 0 {size=4096 mode=0600 nattch=2 cpid=[2]}\n"
	  "[3] shmdt(shmaddr=addr) = 0 [shmid 0]\n"
	  "[3] exit 0\n"
	  "[2] shmdt(shmaddr=addr) = 0 [shmid 0]\n"
	  "[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
	  "[2] exit 0\n"
	  "process [2] g_fork_inherit ppid - exit 0\n"
	  "process [3] g_fork_inherit ppid [2] exit 0 reaped_by=[2]\n"
	  "segment 0 key=IPC_PRIVATE size=4096 mode=0600 creator=[2] attaches=1 detaches=2 max_nattch=2 removed_by=[2]\n"
	  "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n" },
	{ "g_child_removes",
	  "status ok exit 0\n"
	  "[2] shmget(key=IPC_PRIVATE, size=2048, shmflg=IPC_CREAT|0600) = 0\n"
	  "[2] fork [3]\n"
	  "[3] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
	  "[3] exit 0\n"
	  "[2] exit 0\n"
	  "process [2] g_child_removes ppid - exit 0\n"
	  "process [3] g_child_removes ppid [2] exit 0 reaped_by=[2]\n"
	  "segment 0 key=IPC_PRIVATE size=2048 mode=0600 creator=[2] attaches=0 detaches=0 max_nattch=0 removed_by=[3]\n"
	  "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n" },
	{ "g_grandchild_leaks",
	  "status ok exit 0\n"
	  "[2] fork [3]\n"
	  "[3] fork [4]\n"
	  "[4] shmget(key=IPC_PRIVATE, size=2048, shmflg=IPC_CREAT|0600) = 0\n"
	  "[4] exit 0\n"
	  "[3] exit 0\n"
	  "[2] exit 0\n"
	  "process [2] g_grandchild_leaks ppid - exit 0\n"
	  "process [3] g_grandchild_leaks ppid [2] exit 0 reaped_by=[2]\n"
	  "process [4] g_grandchild_leaks ppid [3] exit 0 reaped_by=[3]\n"
	  "segment 0 key=IPC_PRIVATE size=2048 mode=0600 creator=[4] attaches=0 detaches=0 max_nattch=0 leaked\n"
	  "leaks shm=1 sem=0 msg=0 untraced_ipc=no denied=0\n" },
	{ "g_threads", /* threads: calls of process 2 made by tids T1, T2 */
	  "status ok exit 0\n"
	  "[2] shmget(key=0x53480004, size=4096, shmflg=IPC_CREAT|0600) = 0\n"
	  "[2] thread T1\n"
	  "[2]/T1 shmget(key=0x53480004, size=0, shmflg=0000) = 0\n"
	  "[2]/T1 shmat(shmid=0, shmaddr=NULL, shmflg=0) = addr\n"
	  "[2]/T1 shmdt(shmaddr=addr) = 0 [shmid 0]\n"
	  "[2] thread T2\n"
	  "[2]/T2 shmget(key=0x53480004, size=0, shmflg=0000) = 0\n"
	  "[2]/T2 shmat(shmid=0, shmaddr=NULL, shmflg=0) = addr\n"
	  "[2]/T2 shmdt(shmaddr=addr) = 0 [shmid 0]\n"
	  "[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
	  "[2] exit 0\n"
	  "process [2] g_threads ppid - exit 0\n"
	  "segment 0 key=0x53480004 size=4096 mode=0600 creator=[2] attaches=2 detaches=2 max_nattch=1 removed_by=[2]\n"
	  "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n" },
	{ "g_vfork", /* vfork()+execv, then posix_spawn() */
	  "status ok exit 0\n"
	  "[2] shmget(key=0x53480005, size=4096, shmflg=IPC_CREAT|0600) = 0\n"
	  "[2] vfork [3]\n"
	  "[3] exec g_vfork\n"
	  "[3] shmget(key=0x53480005, size=0, shmflg=0000) = 0\n"
	  "[3] shmat(shmid=0, shmaddr=NULL, shmflg=0) = addr\n"
	  "[3] shmdt(shmaddr=addr) = 0 [shmid 0]\n"
	  "[3] exit 0\n"
	  "[2] vfork [4]\n"
	  "[4] exec g_vfork\n"
	  "[4] shmget(key=0x53480005, size=0, shmflg=0000) = 0\n"
	  "[4] shmat(shmid=0, shmaddr=NULL, shmflg=0) = addr\n"
	  "[4] shmdt(shmaddr=addr) = 0 [shmid 0]\n"
	  "[4] exit 0\n"
	  "[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
	  "[2] exit 0\n"
	  "process [2] g_vfork ppid - exit 0\n"
	  "process [3] g_vfork ppid [2] exit 0 reaped_by=[2]\n"
	  "process [4] g_vfork ppid [2] exit 0 reaped_by=[2]\n"
	  "segment 0 key=0x53480005 size=4096 mode=0600 creator=[2] attaches=2 detaches=2 max_nattch=1 removed_by=[2]\n"
	  "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n" },
	{ "g_exec", /* the exec that leaves stage 1 attached is not a detach */
	  "status ok exit 0\n"
	  "[2] shmget(key=0x53480006, size=4096, shmflg=IPC_CREAT|0600) = 0\n"
	  "[2] shmat(shmid=0, shmaddr=NULL, shmflg=0) = addr\n"
	  "[2] exec g_exec\n"
	  "[2] shmget(key=0x53480006, size=0, shmflg=0000) = 0\n"
	  "[2] shmat(shmid=0, shmaddr=NULL, shmflg=0) = addr\n"
	  "[2] shmdt(shmaddr=addr) = 0 [shmid 0]\n"
	  "[2] exec g_exec\n"
	  "[2] shmget(key=0x53480006, size=0, shmflg=0000) = 0\n"
	  "[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
	  "[2] exit 0\n"
	  "process [2] g_exec ppid - exit 0\n"
	  "segment 0 key=0x53480006 size=4096 mode=0600 creator=[2] attaches=2 detaches=1 max_nattch=1 removed_by=[2]\n"
	  "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n" },
	{ "g_ipc_set", /* the mode at the end is the one IPC_SET gave */
	  "status ok exit 0\n"
	  "[2] shmget(key=0x53480007, size=4096, shmflg=IPC_CREAT|0600) = 0\n"
	  "[2] shmctl(shmid=0, cmd=IPC_STAT, buf=addr) = 0 {size=4096 mode=0600 nattch=0 cpid=[2]}\n"
	  "[2] shmctl(shmid=0, cmd=IPC_SET, buf=addr) = 0 {size=4096 mode=0640 nattch=0 cpid=[2]}\n"
	  "[2] shmctl(shmid=0, cmd=IPC_STAT, buf=addr) = 0 {size=4096 mode=0640 nattch=0 cpid=[2]}\n"
	  "[2] shmctl(shmid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
	  "[2] exit 0\n"
	  "process [2] g_ipc_set ppid - exit 0\n"
	  "segment 0 key=0x53480007 size=4096 mode=0640 creator=[2] attaches=0 detaches=0 max_nattch=0 removed_by=[2]\n"
	  "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n" },
	{ "g_sem", /* glibc's semop() is the semtimedop syscall */
	  "status ok exit 0\n"
	  "[2] semget(key=0x53480008, nsems=2, semflg=IPC_CREAT|0600) = 0\n"
	  "[2] semctl(semid=0, semnum=0, cmd=SETVAL, arg=1) = 0\n"
	  "[2] semtimedop(semid=0, sops=addr, nsops=1, timeout=NULL) = 0 [{0,-1,0}]\n"
	  "[2] semtimedop(semid=0, sops=addr, nsops=1, timeout=NULL) = 0 [{0,1,0}]\n"
	  "[2] semctl(semid=0, semnum=0, cmd=IPC_RMID) = 0\n"
	  "[2] exit 0\n"
	  "process [2] g_sem ppid - exit 0\n"
	  "semaphores 0 key=0x53480008 nsems=2 mode=0600 creator=[2] removed_by=[2]\n"
	  "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n" },
	{ "g_msg",
	  "status ok exit 0\n"
	  "[2] msgget(key=0x53480009, msgflg=IPC_CREAT|0600) = 0\n"
	  "[2] msgsnd(msqid=0, msgp=addr, msgsz=6, msgflg=0, mtype=1) = 0\n"
	  "[2] msgrcv(msqid=0, msgp=addr, msgsz=16, msgtyp=0, msgflg=0, mtype=1) = 6\n"
	  "[2] msgctl(msqid=0, cmd=IPC_RMID, buf=NULL) = 0\n"
	  "[2] exit 0\n"
	  "process [2] g_msg ppid - exit 0\n"
	  "queue 0 key=0x53480009 mode=0600 creator=[2] removed_by=[2]\n"
	  "leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n" },
};
/* clang-format on */

static const struct golden *golden_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(golden_table) / sizeof(golden_table[0]); i++)
		if (!strcmp(golden_table[i].name, name))
			return &golden_table[i];
	ck_abort_msg("no golden text for %s", name);
	return NULL;
}

const char *tu_golden_text(const char *name)
{
	return golden_find(name)->text;
}

/* Facts the text cannot show: the mode, and that the inventory ran. */
static void golden_check_common(const struct run_record *rec)
{
	if (tu_namespaces_expected())
		ck_assert_msg(rec->mode == RUN_MODE_NAMESPACE,
			      "namespaces work here, yet the run fell back");
	else
		ck_assert_msg(rec->mode == RUN_MODE_FALLBACK,
			      "no namespaces, yet mode is not fallback");
	ck_assert_msg(rec->inventory.taken, "the inventory was not taken");
	ck_assert_int_eq(rec->noutputs, 1);
	ck_assert_str_eq(rec->outputs[0].err ? rec->outputs[0].err : "", "");
}

/* Run one golden program and compare its record with the table. The
 * caller may rewrite the rendered text (fix) before the comparison. */
static void golden_check(const char *name, char *(*fix)(char *text, const struct run_record *rec))
{
	const struct golden *g = golden_find(name);
	struct run_record rec;
	char *text;

	tu_run(&rec, "progs", name, NULL, NULL);
	text = tu_render_opts(&rec, true);
	if (fix)
		text = fix(text, &rec);
	ck_assert_str_eq(text, g->text);
	golden_check_common(&rec);
	free(text);
	record_release(&rec);
}

/* g_ftok: the key depends on the inode of the file it made; it printed it. */
static char *golden_fix_ftok(char *text, const struct run_record *rec)
{
	int key = 0;
	char hex[32];

	ck_assert_msg(sscanf(tu_stdout(rec), "key=%d", &key) == 1, "g_ftok printed no key");
	ck_assert_msg(key != 0 && key != -1, "ftok gave %d", key);
	snprintf(hex, sizeof(hex), "0x%08x", (unsigned)key);
	return tu_replace(text, hex, "FTOK");
}

START_TEST(test_golden_private)
{
	golden_check("g_private", NULL);
}
END_TEST

START_TEST(test_golden_ftok)
{
	golden_check("g_ftok", golden_fix_ftok);
}
END_TEST

START_TEST(test_golden_excl_fail)
{
	golden_check("g_excl_fail", NULL);
}
END_TEST

START_TEST(test_golden_bigger_size)
{
	golden_check("g_bigger_size", NULL);
}
END_TEST

START_TEST(test_golden_rdonly)
{
	golden_check("g_rdonly", NULL);
}
END_TEST

START_TEST(test_golden_rmid_attached)
{
	golden_check("g_rmid_attached", NULL);
}
END_TEST

START_TEST(test_golden_fork_inherit)
{
	golden_check("g_fork_inherit", NULL);
}
END_TEST

START_TEST(test_golden_child_removes)
{
	golden_check("g_child_removes", NULL);
}
END_TEST

START_TEST(test_golden_grandchild_leaks)
{
	golden_check("g_grandchild_leaks", NULL);
}
END_TEST

START_TEST(test_golden_threads)
{
	golden_check("g_threads", NULL);
}
END_TEST

START_TEST(test_golden_vfork)
{
	golden_check("g_vfork", NULL);
}
END_TEST

START_TEST(test_golden_exec)
{
	golden_check("g_exec", NULL);
}
END_TEST

START_TEST(test_golden_ipc_set)
{
	golden_check("g_ipc_set", NULL);
}
END_TEST

START_TEST(test_golden_sem)
{
	golden_check("g_sem", NULL);
}
END_TEST

START_TEST(test_golden_msg)
{
	golden_check("g_msg", NULL);
}
END_TEST

/* Preconditions: the harness makes a segment before the program starts
 * (run_precondition, creator pid 1). Finding it is no creation by the
 * program; neither is it the program's leak when it outlives the run. */
static void golden_check_pre(const char *name, long long key, unsigned long long size,
			     const char *golden)
{
	struct run_precondition pre = {
		.kind = IPC_KIND_SHM, .key = key, .size = size, .mode = 0600
	};
	struct tu_opts o = TU_OPTS_DEFAULT;
	struct run_record rec;
	char *text;

	if (!tu_namespaces_expected()) /* preconditions live in the run's own IPC namespace */
		TU_SKIP("no namespaces here");
	o.pre = &pre;
	o.npre = 1;
	tu_run(&rec, "progs", name, NULL, &o);
	text = tu_render_opts(&rec, true);
	ck_assert_str_eq(text, golden);
	free(text);
	record_release(&rec);
}

/* g_excl_fail against a segment that already exists: its first
 * IPC_CREAT|IPC_EXCL fails, the program exits 1. */
START_TEST(test_golden_pre_excl)
{
	golden_check_pre(
		"g_excl_fail", 0x53480001, 1024,
		"status runtime_error exit 1\n"
		"[2] shmget(key=0x53480001, size=1024, shmflg=IPC_CREAT|IPC_EXCL|0600) = -1 "
		"EEXIST\n"
		"[2] exit 1\n"
		"process [2] g_excl_fail ppid - exit 1\n"
		"segment 0 key=0x53480001 size=1024 mode=0600 creator=- attaches=0 detaches=0 "
		"max_nattch=0 precondition\n"
		"leaks shm=0 sem=0 msg=0 untraced_ipc=no denied=0\n");
}
END_TEST

/* g_threads when its key exists already: shmget(IPC_CREAT) finds it, the
 * program uses and removes it; the creator stays the harness. The trace is
 * g_threads' own, but for the segment's creator. */
START_TEST(test_golden_pre_found)
{
	char *golden =
		tu_replace(strdup(tu_golden_text("g_threads")),
			   "mode=0600 creator=[2] attaches=2 detaches=2 max_nattch=1 removed_by",
			   "mode=0600 creator=- attaches=2 detaches=2 max_nattch=1 precondition "
			   "removed_by");

	golden_check_pre("g_threads", 0x53480004, 4096, golden);
	free(golden);
}
END_TEST

/* The first program process is pid 2 inside the run's PID namespace. */
START_TEST(test_golden_first_pid)
{
	struct run_record rec;

	if (!tu_namespaces_expected()) /* fallback: host pids, nothing to pin */
		TU_SKIP("no namespaces here");
	tu_run(&rec, "progs", "g_private", NULL, NULL);
	ck_assert_int_eq(rec.mode, RUN_MODE_NAMESPACE);
	ck_assert_uint_eq(rec.nprocesses, 1);
	ck_assert_int_eq(rec.processes[0].pid, 2);
	ck_assert_int_eq(rec.processes[0].ppid, 1);
	ck_assert_int_eq(rec.outputs[0].pid, 2);
	ck_assert_int_ne(rec.processes[0].host_pid, 2);
	ck_assert_str_eq(tu_stdout(&rec), "shmid=0\n");
	record_release(&rec);
}
END_TEST

Suite *golden_suite(void);

Suite *golden_suite(void)
{
	Suite *s = suite_create("golden");
	TCase *tc = tcase_create("golden");

	tcase_set_timeout(tc, 30);
	/* The teardown audit: the host is as before each test (test_audit.h). */
	tcase_add_checked_fixture(tc, tu_audit_begin_untagged, tu_audit_end);
	tcase_add_test(tc, test_golden_private);
	tcase_add_test(tc, test_golden_ftok);
	tcase_add_test(tc, test_golden_excl_fail);
	tcase_add_test(tc, test_golden_bigger_size);
	tcase_add_test(tc, test_golden_rdonly);
	tcase_add_test(tc, test_golden_rmid_attached);
	tcase_add_test(tc, test_golden_fork_inherit);
	tcase_add_test(tc, test_golden_child_removes);
	tcase_add_test(tc, test_golden_grandchild_leaks);
	tcase_add_test(tc, test_golden_threads);
	tcase_add_test(tc, test_golden_vfork);
	tcase_add_test(tc, test_golden_exec);
	tcase_add_test(tc, test_golden_ipc_set);
	tcase_add_test(tc, test_golden_sem);
	tcase_add_test(tc, test_golden_msg);
	tcase_add_test(tc, test_golden_pre_excl);
	tcase_add_test(tc, test_golden_pre_found);
	tcase_add_test(tc, test_golden_first_pid);
	suite_add_tcase(s, tc);
	return s;
}
