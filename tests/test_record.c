/*
 * test_record.c - the run record: its lifecycle functions and
 * record_finish() over hand-built events and inventories.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>

#include "harness/decode.h"
#include "harness/record.h"
#include "harness/xlat.h"

#define ADDR_A 0x7f0000000000LL
#define ADDR_B 0x7f0000100000LL

static struct run_record test_record_rec;

static void test_record_setup(void)
{
	record_init(&test_record_rec);
	test_record_rec.inventory.taken = true;
}

static void test_record_teardown(void)
{
	record_release(&test_record_rec);
}

/* The x86_64 syscall of each IPC call, for the decoder. */
static const long long ev_nr[] = {
	[CALL_SHMGET] = SYS_shmget,	    [CALL_SHMAT] = SYS_shmat,	[CALL_SHMDT] = SYS_shmdt,
	[CALL_SHMCTL] = SYS_shmctl,	    [CALL_SEMGET] = SYS_semget, [CALL_SEMOP] = SYS_semop,
	[CALL_SEMTIMEDOP] = SYS_semtimedop, [CALL_SEMCTL] = SYS_semctl, [CALL_MSGGET] = SYS_msgget,
	[CALL_MSGSND] = SYS_msgsnd,	    [CALL_MSGRCV] = SYS_msgrcv, [CALL_MSGCTL] = SYS_msgctl,
};

/* An IPC event with arguments as the syscall got them, through the decoder
 * (record_finish() reads what it normalised); other events as they are. */
static struct event *ev_call(pid_t pid, enum ipc_call call, long long a0, long long a1,
			     long long a2, long long a3, long long result)
{
	struct event *ev = record_event_add(&test_record_rec);
	const unsigned long long args[6] = { (unsigned long long)a0, (unsigned long long)a1,
					     (unsigned long long)a2, (unsigned long long)a3 };

	ev->pid = ev->tid = pid;
	ev->call = call;
	if (call < CALL_FORK)
		ck_assert_int_eq(decode_entry(ev, XLAT_ARCH_X86_64, ev_nr[call], args, NULL, NULL),
				 0);
	ev->t_us = (long long)ev->seq * 100;
	if (result < 0 && result > -4096) {
		ev->result = -1;
		ev->err = (int)-result;
	} else {
		ev->result = result;
	}
	return ev;
}

static struct event *ev_fork(pid_t parent, pid_t child, bool clone_vm)
{
	struct event *ev = ev_call(parent, CALL_FORK, 0, 0, 0, 0, child);

	ev->child_pid = child;
	ev->clone_vm = clone_vm;
	return ev;
}

static struct event *ev_exit(pid_t pid, int code)
{
	struct event *ev = ev_call(pid, CALL_EXIT, 0, 0, 0, 0, 0);

	ev->exit_code = code;
	return ev;
}

static struct inventory_item *inv_add(enum ipc_kind kind, int id, long long key, pid_t cpid,
				      unsigned mode)
{
	struct inventory_item *it = inventory_add(&test_record_rec.inventory);

	it->kind = kind;
	it->id = id;
	it->ds.key = key;
	it->ds.cpid = cpid;
	it->ds.mode = mode;
	it->ds.size = 4096;
	return it;
}

static const struct segment *seg(size_t i)
{
	ck_assert_uint_gt(test_record_rec.nsegments, i);
	return &test_record_rec.segments[i];
}

/* ---- record basics ---- */

START_TEST(test_init_release_names)
{
	struct event *ev;
	struct process *p, *q;

	ck_assert_int_eq(test_record_rec.exit_code, -1);
	ck_assert_str_eq(run_status_name(RUN_OK), "ok");
	ck_assert_str_eq(run_status_name(RUN_RUNTIME_ERROR), "runtime_error");
	ck_assert_str_eq(run_status_name(RUN_SIGNALED), "signaled");
	ck_assert_str_eq(run_status_name(RUN_TIMEOUT), "timeout");
	ck_assert_str_eq(run_status_name(RUN_MEMORY_LIMIT), "memory_limit");
	ck_assert_str_eq(run_status_name(RUN_PROCESS_LIMIT), "process_limit");
	ck_assert_str_eq(run_status_name(RUN_OUTPUT_LIMIT), "output_limit");
	ck_assert_str_eq(run_status_name(RUN_INTERNAL_ERROR), "internal_error");
	ck_assert_str_eq(ipc_call_name(CALL_SEMTIMEDOP), "semtimedop");
	ck_assert_str_eq(ipc_call_name(CALL_FORK), "fork");
	ck_assert_str_eq(ipc_call_name(CALL_DENIED), "denied");
	ck_assert_str_eq(ipc_call_name(CALL_COUNT_), "unknown");

	ev = record_event_add(&test_record_rec);
	ck_assert_int_eq(ev->seq, 1);
	ck_assert_int_eq(ev->shmdt_shmid, -1);
	ev->args[0].name = "path";
	ev->args[0].kind = ARG_STR;
	ev->args[0].str = strdup("/bin/true");
	ev->nargs = 1;

	p = record_process_add(&test_record_rec);
	p->host_pid = 500;
	p->exited = true;
	p->comm = strdup("prog");
	q = record_process_add(&test_record_rec);
	ck_assert_int_eq(q->exit_code, -1);
	q->host_pid = 500; /* the host reused the pid */
	ck_assert_ptr_eq(record_process_find(&test_record_rec, 500), &test_record_rec.processes[1]);
	test_record_rec.processes[1].exited = true;
	ck_assert_ptr_eq(record_process_find(&test_record_rec, 500), &test_record_rec.processes[1]);
	ck_assert_ptr_null(record_process_find(&test_record_rec, 501));

	record_set_message(&test_record_rec, "timeout after %d s", 10);
	record_set_message(&test_record_rec, "killed after %d s", 3);
	ck_assert_str_eq(test_record_rec.message, "killed after 3 s");

	/* Many events: the array grows and keeps its contents. */
	while (test_record_rec.nevents < 100)
		record_event_add(&test_record_rec);
	ck_assert_str_eq(test_record_rec.events[0].args[0].str, "/bin/true");
	ck_assert_int_eq(test_record_rec.events[99].seq, 100);

	record_release(&test_record_rec);
	ck_assert_int_eq(test_record_rec.nevents, 0);
	ck_assert_ptr_null(test_record_rec.message);
	ck_assert_int_eq(test_record_rec.exit_code, -1);
}
END_TEST

START_TEST(test_denied_calls_counted)
{
	ev_call(2, CALL_DENIED, 0, 0, 0, 0, -EPERM);
	ev_call(2, CALL_DENIED, 0, 0, 0, 0, -ENOSYS);
	record_finish(&test_record_rec, NULL, 0);
	ck_assert_uint_eq(test_record_rec.denied_calls, 2);
	ck_assert_uint_eq(test_record_rec.nsegments, 0);
}
END_TEST

/* ---- segments ---- */

/* create, attach, fork, detach in both, remove: the textbook exercise. */
START_TEST(test_parent_child_lifecycle)
{
	struct event *dt_child, *dt_parent, *rm;

	ev_call(2, CALL_SHMGET, IPC_PRIVATE, 4096, IPC_CREAT | 0600, 0, 0);
	ev_call(2, CALL_SHMAT, 0, 0, 0, 0, ADDR_A);
	ev_fork(2, 3, false);
	dt_child = ev_call(3, CALL_SHMDT, ADDR_A, 0, 0, 0, 0);
	ev_exit(3, 0);
	dt_parent = ev_call(2, CALL_SHMDT, ADDR_A, 0, 0, 0, 0);
	rm = ev_call(2, CALL_SHMCTL, 0, IPC_RMID, 0, 0, 0);
	ev_exit(2, 0);
	record_finish(&test_record_rec, NULL, 0);

	ck_assert_uint_eq(test_record_rec.nsegments, 1);
	ck_assert_int_eq(seg(0)->shmid, 0);
	ck_assert_int_eq(seg(0)->key, 0);
	ck_assert_uint_eq(seg(0)->size, 4096);
	ck_assert_uint_eq(seg(0)->mode, 0600);
	ck_assert_int_eq(seg(0)->creator_pid, 2);
	ck_assert_uint_eq(seg(0)->created_seq, 1);
	ck_assert_uint_eq(seg(0)->attaches, 1);
	ck_assert_uint_eq(seg(0)->detaches, 2);
	ck_assert_uint_eq(seg(0)->max_nattch, 2);
	ck_assert(seg(0)->removed);
	ck_assert_int_eq(seg(0)->removed_by_pid, 2);
	ck_assert_uint_eq(seg(0)->removed_seq, rm->seq);
	ck_assert(!seg(0)->leaked);
	ck_assert_int_eq(dt_child->shmdt_shmid, 0);
	ck_assert_int_eq(dt_parent->shmdt_shmid, 0);
	ck_assert_uint_eq(test_record_rec.leaks.shm, 0);
	ck_assert(!test_record_rec.untraced_ipc);
}
END_TEST

START_TEST(test_leaked_segment)
{
	ev_call(2, CALL_SHMGET, 0x1234, 1024, IPC_CREAT | 0644, 0, 5);
	ev_call(2, CALL_SHMAT, 5, 0, 0, 0, ADDR_A);
	ev_exit(2, 0);
	inv_add(IPC_KIND_SHM, 5, 0x1234, 2, 0644);
	record_finish(&test_record_rec, NULL, 0);

	ck_assert_uint_eq(test_record_rec.nsegments, 1);
	ck_assert(seg(0)->leaked);
	ck_assert(!seg(0)->removed);
	ck_assert_int_eq(seg(0)->removed_by_pid, 0);
	ck_assert_int_eq(seg(0)->key, 0x1234);
	ck_assert_uint_eq(seg(0)->size, 1024);
	ck_assert_uint_eq(seg(0)->max_nattch, 1);
	ck_assert_uint_eq(seg(0)->detaches, 0);
	ck_assert_uint_eq(test_record_rec.leaks.shm, 1);
	ck_assert(!test_record_rec.untraced_ipc);
}
END_TEST

START_TEST(test_no_inventory_no_verdict)
{
	ev_call(2, CALL_SHMGET, 0, 1024, IPC_CREAT | 0600, 0, 0);
	test_record_rec.inventory.taken = false;
	record_finish(&test_record_rec, NULL, 0);
	ck_assert(!seg(0)->leaked);
	ck_assert_uint_eq(test_record_rec.leaks.shm, 0);
	ck_assert(!test_record_rec.untraced_ipc);
}
END_TEST

START_TEST(test_rmid_while_attached)
{
	struct ipc_ds ds = { .mode = 01600, .size = 4096, .nattch = 1, .cpid = 2 };
	struct event *st;

	ev_call(2, CALL_SHMGET, 0, 4096, IPC_CREAT | 0600, 0, 0);
	ev_call(2, CALL_SHMAT, 0, 0, 0, 0, ADDR_A);
	ev_call(2, CALL_SHMCTL, 0, IPC_RMID, 0, 0, 0);
	/* Linux still lets a process attach a segment marked for removal. */
	ev_call(2, CALL_SHMAT, 0, 0, 0, 0, ADDR_B);
	st = ev_call(2, CALL_SHMCTL, 0, IPC_STAT, 0x1000, 0, 0);
	st->has_ds = true;
	st->ds = ds;
	ev_call(2, CALL_SHMCTL, 0, IPC_RMID, 0, 0, 0); /* a second RMID does not move removed_seq */
	ev_call(2, CALL_SHMDT, ADDR_A, 0, 0, 0, 0);
	ev_exit(2, 0);
	record_finish(&test_record_rec, NULL, 0);

	ck_assert_uint_eq(test_record_rec.nsegments, 1);
	ck_assert(seg(0)->removed);
	ck_assert_uint_eq(seg(0)->removed_seq, 3);
	ck_assert_uint_eq(seg(0)->attaches, 2);
	ck_assert_uint_eq(seg(0)->detaches, 1);
	ck_assert_uint_eq(seg(0)->max_nattch, 2);
	ck_assert_uint_eq(seg(0)->key, 0); /* IPC_STAT after RMID says key 0 anyway */
	ck_assert(!seg(0)->leaked);
}
END_TEST

START_TEST(test_id_reuse)
{
	ev_call(2, CALL_SHMGET, 0x11, 4096, IPC_CREAT | 0600, 0, 0);
	ev_call(2, CALL_SHMCTL, 0, IPC_RMID, 0, 0, 0);
	ev_call(2, CALL_SHMGET, 0x22, 8192, IPC_CREAT | 0640, 0, 0);
	ev_call(2, CALL_SHMAT, 0, 0, 0, 0, ADDR_A);
	inv_add(IPC_KIND_SHM, 0, 0x22, 2, 0640);
	record_finish(&test_record_rec, NULL, 0);

	ck_assert_uint_eq(test_record_rec.nsegments, 2);
	ck_assert(seg(0)->removed);
	ck_assert(!seg(0)->leaked);
	ck_assert_uint_eq(seg(0)->attaches, 0);
	ck_assert_int_eq(seg(0)->key, 0x11);
	ck_assert(!seg(1)->removed);
	ck_assert(seg(1)->leaked);
	ck_assert_uint_eq(seg(1)->attaches, 1);
	ck_assert_uint_eq(seg(1)->size, 8192);
	ck_assert_uint_eq(seg(1)->created_seq, 3);
	ck_assert_uint_eq(test_record_rec.leaks.shm, 1);
	ck_assert(!test_record_rec.untraced_ipc);
}
END_TEST

START_TEST(test_existing_key_is_not_a_creation)
{
	ev_call(2, CALL_SHMGET, 0x4242, 4096, IPC_CREAT | 0600, 0, 1);
	ev_fork(2, 3, false);
	/* The child asks with IPC_CREAT too and gets the parent's segment. */
	ev_call(3, CALL_SHMGET, 0x4242, 4096, IPC_CREAT | 0666, 0, 1);
	ev_call(3, CALL_SHMCTL, 1, IPC_RMID, 0, 0, 0);
	record_finish(&test_record_rec, NULL, 0);

	ck_assert_uint_eq(test_record_rec.nsegments, 1);
	ck_assert_int_eq(seg(0)->creator_pid, 2);
	ck_assert_uint_eq(seg(0)->created_seq, 1);
	ck_assert_uint_eq(seg(0)->mode, 0600);
	ck_assert_int_eq(seg(0)->removed_by_pid, 3);
}
END_TEST

START_TEST(test_open_without_creat_is_untraced)
{
	/* shmget without IPC_CREAT returns an id nobody traced created, and
	 * it is still there at the end: the trace cannot explain it. */
	ev_call(2, CALL_SHMGET, 0x99, 0, 0600, 0, 7);
	inv_add(IPC_KIND_SHM, 7, 0x99, 40, 0600);
	record_finish(&test_record_rec, NULL, 0);

	ck_assert_uint_eq(test_record_rec.nsegments, 1);
	ck_assert_uint_eq(seg(0)->created_seq, 0);
	ck_assert_int_eq(seg(0)->creator_pid, 40);
	ck_assert(seg(0)->leaked);
	ck_assert(test_record_rec.untraced_ipc);
}
END_TEST

START_TEST(test_untraced_object)
{
	ev_call(2, CALL_SHMGET, 0, 4096, IPC_CREAT | 0600, 0, 0);
	ev_call(2, CALL_SHMCTL, 0, IPC_RMID, 0, 0, 0);
	inv_add(IPC_KIND_SHM, 9, 0x77, 5, 0600);
	inv_add(IPC_KIND_MSG, 0, 0, 0, 0600);
	record_finish(&test_record_rec, NULL, 0);

	ck_assert(test_record_rec.untraced_ipc);
	ck_assert_uint_eq(test_record_rec.nsegments, 2);
	ck_assert(!seg(0)->leaked);
	ck_assert(seg(1)->leaked);
	ck_assert_int_eq(seg(1)->shmid, 9);
	ck_assert_int_eq(seg(1)->creator_pid, 5);
	ck_assert_int_eq(seg(1)->key, 0x77);
	ck_assert_uint_eq(test_record_rec.leaks.shm, 1);
	ck_assert_uint_eq(test_record_rec.leaks.msg, 1);
}
END_TEST

START_TEST(test_creat_refuted_by_kernel)
{
	/* Fallback mode: a host segment with that key existed before the run;
	 * the kernel's creator pid says the traced IPC_CREAT only opened it. */
	test_record_rec.mode = RUN_MODE_FALLBACK;
	ev_call(2, CALL_SHMGET, 0x55, 4096, IPC_CREAT | 0600, 0, 12);
	inv_add(IPC_KIND_SHM, 12, 0x55, 777, 0600);
	record_finish(&test_record_rec, NULL, 0);

	ck_assert_uint_eq(seg(0)->created_seq, 0);
	ck_assert_int_eq(seg(0)->creator_pid, 777);
	ck_assert(test_record_rec.untraced_ipc);
}
END_TEST

START_TEST(test_creat_refuted_by_stat)
{
	struct event *st;

	/* Fallback mode, a host segment not in the run's inventory: only an
	 * IPC_STAT by the program shows that someone else created it. */
	test_record_rec.mode = RUN_MODE_FALLBACK;
	ev_call(2, CALL_SHMGET, 0x55, 4096, IPC_CREAT | 0600, 0, 12);
	st = ev_call(2, CALL_SHMCTL, 12, IPC_STAT, 0x1000, 0, 0);
	st->has_ds = true;
	st->ds.cpid = 900;
	st->ds.size = 4096;
	record_finish(&test_record_rec, NULL, 0);
	ck_assert_uint_eq(seg(0)->created_seq, 0);
	ck_assert_int_eq(seg(0)->creator_pid, 900);
	ck_assert(!test_record_rec.untraced_ipc);

	/* The creator's own IPC_STAT confirms the creation. */
	st->ds.cpid = 2;
	record_finish(&test_record_rec, NULL, 0);
	ck_assert_uint_eq(seg(0)->created_seq, 1);
	ck_assert_int_eq(seg(0)->creator_pid, 2);
}
END_TEST

START_TEST(test_preconditions)
{
	const int pre[] = { 4 };
	struct inventory_item *it;

	/* A precondition listed by the caller, opened and left alone. */
	ev_call(2, CALL_SHMGET, 0x500, 0, 0600, 0, 4);
	ev_call(2, CALL_SHMAT, 4, 0, 0, 0, ADDR_A);
	inv_add(IPC_KIND_SHM, 4, 0x500, 2, 0600);
	/* One made by init (pid 1 inside the namespace), never touched. */
	inv_add(IPC_KIND_SHM, 8, 0x800, 1, 0644);
	/* A semaphore set precondition, given through test_record_rec.pre. */
	it = inventory_add(&test_record_rec.pre);
	it->kind = IPC_KIND_SEM;
	it->id = 0;
	it->ds.key = 0x900;
	it->ds.size = 3;
	it->ds.mode = 0600;
	ev_call(2, CALL_SEMGET, 0x900, 3, IPC_CREAT | 0600, 0, 0);
	inv_add(IPC_KIND_SEM, 0, 0x900, 0, 0600);
	record_finish(&test_record_rec, pre, 1);

	ck_assert_uint_eq(test_record_rec.nsegments, 2);
	ck_assert(seg(0)->precondition);
	ck_assert(!seg(0)->leaked);
	ck_assert_uint_eq(seg(0)->attaches, 1);
	ck_assert(seg(1)->precondition);
	ck_assert_int_eq(seg(1)->key, 0x800);
	ck_assert_uint_eq(seg(1)->mode, 0644);
	ck_assert_uint_eq(test_record_rec.nsemaphores, 1);
	ck_assert(test_record_rec.semaphores[0].precondition);
	ck_assert_uint_eq(test_record_rec.semaphores[0].created_seq, 0); /* IPC_CREAT found it */
	ck_assert_uint_eq(test_record_rec.semaphores[0].nsems, 3);
	ck_assert_uint_eq(test_record_rec.leaks.shm + test_record_rec.leaks.sem, 0);
	ck_assert(!test_record_rec.untraced_ipc);
}
END_TEST

START_TEST(test_pid1_not_precondition_in_fallback)
{
	test_record_rec.mode = RUN_MODE_FALLBACK;
	inv_add(IPC_KIND_SHM, 8, 0x800, 1, 0644);
	record_finish(&test_record_rec, NULL, 0);
	ck_assert(!seg(0)->precondition);
	ck_assert(test_record_rec.untraced_ipc);
}
END_TEST

START_TEST(test_ipc_set_and_final_mode)
{
	struct event *set;

	ev_call(2, CALL_SHMGET, 0, 4096, IPC_CREAT | 0600, 0, 0);
	set = ev_call(2, CALL_SHMCTL, 0, IPC_SET, 0x1000, 0, 0);
	set->has_ds = true;
	set->ds.mode = 0640;
	record_finish(&test_record_rec, NULL, 0);
	ck_assert_uint_eq(seg(0)->mode, 0640);

	/* The inventory's value is the last word. */
	inv_add(IPC_KIND_SHM, 0, 0, 2, 01444);
	record_finish(&test_record_rec, NULL, 0);
	ck_assert_uint_eq(test_record_rec.nsegments, 1);
	ck_assert_uint_eq(seg(0)->mode, 0444);

	/* A failed IPC_SET changes nothing. */
	set->err = EPERM;
	set->result = -1;
	test_record_rec.inventory.n = 0;
	record_finish(&test_record_rec, NULL, 0);
	ck_assert_uint_eq(seg(0)->mode, 0600);
}
END_TEST

START_TEST(test_vfork_and_threads_share_memory)
{
	struct event *th;

	ev_call(2, CALL_SHMGET, 0, 4096, IPC_CREAT | 0600, 0, 0);
	ev_call(2, CALL_SHMAT, 0, 0, 0, 0, ADDR_A);
	th = ev_fork(2, 5, true); /* a thread */
	th->clone_thread = true;
	ev_fork(2, 3, true);		      /* vfork: same memory, no new attachment */
	ev_call(3, CALL_EXEC, 0, 0, 0, 0, 0); /* the exec does not detach the parent */
	ev_exit(3, 0);
	ev_fork(2, 4, false);
	ev_call(4, CALL_SHMDT, ADDR_A, 0, 0, 0, 0);
	ev_exit(4, 0);
	ev_call(2, CALL_SHMDT, ADDR_A, 0, 0, 0, 0);
	record_finish(&test_record_rec, NULL, 0);

	ck_assert_uint_eq(seg(0)->max_nattch, 2);
	ck_assert_uint_eq(seg(0)->detaches, 2);
	ck_assert_int_eq(test_record_rec.events[7].shmdt_shmid, 0);
	ck_assert_int_eq(test_record_rec.events[9].shmdt_shmid, 0);
}
END_TEST

static void assert_att(const struct process *p, size_t i, unsigned long long addr,
		       enum attach_how how, unsigned shmflg, unsigned long seq, enum attach_end end,
		       unsigned long end_seq)
{
	const struct attachment *a;

	ck_assert_uint_gt(p->nattachments, i);
	a = &p->attachments[i];
	ck_assert_msg(a->shmid == 0 && a->addr == addr && a->how == how && a->shmflg == shmflg &&
			      a->seq == seq && a->end == end && a->end_seq == end_seq,
		      "pid %d attachment %zu: shmid %d addr %#llx how %s shmflg %#o seq %lu end %s "
		      "end_seq %lu",
		      (int)p->pid, i, a->shmid, a->addr, attach_how_name(a->how), a->shmflg, a->seq,
		      attach_end_name(a->end), a->end_seq);
}

/*
 * Who had what attached, per process: the one model (lifecycle.h). A fork
 * child gets copies; a vfork child shares its parent's memory, so what it
 * attaches there the parent has too, and a shmdt in that memory ends both.
 */
START_TEST(test_attachments_per_process)
{
	struct event *th, *set;
	size_t i, n[3];

	for (i = 2; i <= 4; i++)
		record_process_add(&test_record_rec)->pid = (pid_t)i;
	ev_call(2, CALL_SHMGET, 0, 4096, IPC_CREAT | 0600, 0, 0); /* 1 */
	ev_call(2, CALL_SHMAT, 0, 0, 0, 0, ADDR_A);		  /* 2 */
	ev_fork(2, 3, false);					  /* 3 */
	ev_call(3, CALL_EXEC, 0, 0, 0, 0, 0);			  /* 4 */
	ev_fork(2, 4, true);					  /* 5: vfork */
	ev_call(4, CALL_SHMAT, 0, 0, SHM_RDONLY, 0, ADDR_B);	  /* 6 */
	ev_exit(4, 0);						  /* 7 */
	ev_call(2, CALL_SHMDT, ADDR_B, 0, 0, 0, 0);		  /* 8 */
	set = ev_call(2, CALL_SHMCTL, 0, IPC_SET, 0x1000, 0, 0);  /* 9 */
	set->has_ds = true;
	set->ds.mode = 0640;
	th = ev_fork(2, 9, true); /* 10: a thread, no process of its own */
	th->clone_thread = true;
	ev_exit(2, 0); /* 11 */
	record_finish(&test_record_rec, NULL, 0);

	assert_att(&test_record_rec.processes[0], 0, ADDR_A, ATTACH_SHMAT, 0, 2, ATTACH_EXIT, 11);
	assert_att(&test_record_rec.processes[0], 1, ADDR_B, ATTACH_SHARED, SHM_RDONLY, 6,
		   ATTACH_SHMDT, 8);
	ck_assert_uint_eq(test_record_rec.processes[0].nattachments, 2);
	assert_att(&test_record_rec.processes[1], 0, ADDR_A, ATTACH_FORK, 0, 3, ATTACH_EXEC, 4);
	ck_assert_uint_eq(test_record_rec.processes[1].nattachments, 1);
	assert_att(&test_record_rec.processes[2], 0, ADDR_A, ATTACH_SHARED, 0, 5, ATTACH_EXIT, 7);
	assert_att(&test_record_rec.processes[2], 1, ADDR_B, ATTACH_SHMAT, SHM_RDONLY, 6,
		   ATTACH_EXIT, 7);
	ck_assert_uint_eq(test_record_rec.processes[2].nattachments, 2);
	ck_assert_uint_eq(seg(0)->attaches, 2);
	ck_assert_uint_eq(seg(0)->detaches, 1);
	ck_assert_uint_eq(seg(0)->max_nattch, 2);
	/* The mode shmget asked for stays beside the one IPC_SET gave. */
	ck_assert_uint_eq(seg(0)->created_mode, 0600);
	ck_assert_uint_eq(seg(0)->mode, 0640);

	/* Finishing again replaces them, it does not add. */
	for (i = 0; i < 3; i++)
		n[i] = test_record_rec.processes[i].nattachments;
	record_finish(&test_record_rec, NULL, 0);
	for (i = 0; i < 3; i++)
		ck_assert_uint_eq(test_record_rec.processes[i].nattachments, n[i]);
}
END_TEST

START_TEST(test_exec_and_exit_detach)
{
	struct event *dt, *late;

	ev_call(2, CALL_SHMGET, 0, 4096, IPC_CREAT | 0600, 0, 0);
	ev_call(2, CALL_SHMAT, 0, 0, 0, 0, ADDR_A);
	ev_fork(2, 3, false);
	ev_call(3, CALL_EXEC, 0, 0, 0, 0, 0);
	/* After exec the address means nothing: shmdt fails, no segment. */
	dt = ev_call(3, CALL_SHMDT, ADDR_A, 0, 0, 0, -EINVAL);
	ev_exit(2, 0);
	/* A late shmdt that succeeded but matches no mapping (not traced). */
	late = ev_call(3, CALL_SHMDT, ADDR_B, 0, 0, 0, 0);
	record_finish(&test_record_rec, NULL, 0);

	ck_assert_uint_eq(seg(0)->max_nattch, 2);
	ck_assert_uint_eq(seg(0)->detaches, 0);
	ck_assert_int_eq(dt->shmdt_shmid, -1);
	ck_assert_int_eq(late->shmdt_shmid, -1);
}
END_TEST

START_TEST(test_fork_event_after_child_event)
{
	struct event *dt;

	ev_call(2, CALL_SHMGET, 0, 4096, IPC_CREAT | 0600, 0, 0);
	ev_call(2, CALL_SHMAT, 0, 0, 0, 0, ADDR_A);
	/* The tracer saw the child's shmdt before it reported the fork. */
	dt = ev_call(3, CALL_SHMDT, ADDR_A, 0, 0, 0, 0);
	ev_fork(2, 3, false);
	record_finish(&test_record_rec, NULL, 0);

	ck_assert_int_eq(dt->shmdt_shmid, 0);
	ck_assert_uint_eq(seg(0)->detaches, 1);
	ck_assert_uint_eq(seg(0)->max_nattch, 2);
}
END_TEST

START_TEST(test_events_in_seq_order)
{
	struct event *a, *b;

	/* Appended out of order; record_finish follows seq. */
	a = ev_call(2, CALL_SHMCTL, 0, IPC_RMID, 0, 0, 0);
	b = ev_call(2, CALL_SHMGET, 0, 4096, IPC_CREAT | 0600, 0, 0);
	a->seq = 2;
	b->seq = 1;
	record_finish(&test_record_rec, NULL, 0);
	ck_assert_uint_eq(test_record_rec.nsegments, 1);
	ck_assert(seg(0)->removed);
	ck_assert_uint_eq(seg(0)->created_seq, 1);
}
END_TEST

START_TEST(test_kernel_nattch_counts)
{
	struct event *st;

	ev_call(2, CALL_SHMGET, 0, 4096, IPC_CREAT | 0600, 0, 0);
	st = ev_call(2, CALL_SHMCTL, 0, SHM_STAT, 0x1000, 0, 0);
	st->has_ds = true;
	st->ds.nattch = 3;
	st->ds.size = 4096;
	record_finish(&test_record_rec, NULL, 0);
	ck_assert_uint_eq(seg(0)->max_nattch, 3);
}
END_TEST

/* ---- semaphores and queues ---- */

START_TEST(test_sem_and_msg)
{
	ev_call(2, CALL_SEMGET, 0, 2, IPC_CREAT | 0600, 0, 0);
	ev_call(2, CALL_SEMOP, 0, 0x1000, 1, 0, 0);
	ev_call(2, CALL_SEMCTL, 0, 0, IPC_RMID, 0, 0);
	ev_call(2, CALL_SEMGET, 0x10, 1, IPC_CREAT | 0666, 0, 1);
	ev_call(2, CALL_MSGGET, 0, IPC_CREAT | 0600, 0, 0, 0);
	ev_call(2, CALL_MSGSND, 0, 0x1000, 8, 0, 0);
	ev_call(3, CALL_MSGCTL, 0, IPC_RMID, 0, 0, 0);
	ev_call(2, CALL_MSGGET, 0x20, IPC_CREAT | IPC_EXCL | 0600, 0, 0, -EEXIST);
	inv_add(IPC_KIND_SEM, 1, 0x10, 0, 0666);
	record_finish(&test_record_rec, NULL, 0);

	ck_assert_uint_eq(test_record_rec.nsemaphores, 2);
	ck_assert(test_record_rec.semaphores[0].removed);
	ck_assert_int_eq(test_record_rec.semaphores[0].removed_by_pid, 2);
	ck_assert_uint_eq(test_record_rec.semaphores[0].nsems, 2);
	ck_assert(!test_record_rec.semaphores[0].leaked);
	ck_assert(test_record_rec.semaphores[1].leaked);
	ck_assert_uint_eq(test_record_rec.semaphores[1].mode, 0666);
	ck_assert_int_eq(test_record_rec.semaphores[1].key, 0x10);
	ck_assert_uint_eq(test_record_rec.nqueues, 1);
	ck_assert(test_record_rec.queues[0].removed);
	ck_assert_int_eq(test_record_rec.queues[0].removed_by_pid, 3);
	ck_assert_uint_eq(test_record_rec.queues[0].mode, 0600);
	ck_assert_uint_eq(test_record_rec.leaks.sem, 1);
	ck_assert_uint_eq(test_record_rec.leaks.msg, 0);
	ck_assert(!test_record_rec.untraced_ipc);
}
END_TEST

START_TEST(test_finish_twice)
{
	ev_call(2, CALL_SHMGET, 0, 4096, IPC_CREAT | 0600, 0, 0);
	inv_add(IPC_KIND_SHM, 0, 0, 2, 0600);
	record_finish(&test_record_rec, NULL, 0);
	record_finish(&test_record_rec, NULL, 0);
	ck_assert_uint_eq(test_record_rec.nsegments, 1);
	ck_assert_uint_eq(test_record_rec.leaks.shm, 1);
}
END_TEST

/* A big run (thousands of processes) stays fast: forks are indexed. */
START_TEST(test_many_processes)
{
	pid_t pid;
	size_t i;

	ev_call(2, CALL_SHMGET, 0, 4096, IPC_CREAT | 0600, 0, 0);
	ev_call(2, CALL_SHMAT, 0, 0, 0, 0, ADDR_A);
	/* Every child reports its detach before its fork is seen. */
	for (pid = 3; pid < 20003; pid++) {
		ev_call(pid, CALL_SHMDT, ADDR_A, 0, 0, 0, 0);
		ev_exit(pid, 0);
	}
	for (pid = 3; pid < 20003; pid++)
		ev_fork(2, pid, false);
	record_finish(&test_record_rec, NULL, 0);
	ck_assert_uint_eq(seg(0)->detaches, 20000);
	ck_assert_uint_eq(seg(0)->max_nattch, 2);
	for (i = 2; i < 40002; i += 2)
		ck_assert_int_eq(test_record_rec.events[i].shmdt_shmid, 0);
}
END_TEST

Suite *record_suite(void);

Suite *record_suite(void)
{
	Suite *s = suite_create("record");
	TCase *t = tcase_create("basics");

	tcase_add_checked_fixture(t, test_record_setup, test_record_teardown);
	tcase_add_test(t, test_init_release_names);
	tcase_add_test(t, test_denied_calls_counted);
	suite_add_tcase(s, t);
	t = tcase_create("segments");
	tcase_add_checked_fixture(t, test_record_setup, test_record_teardown);
	tcase_add_test(t, test_parent_child_lifecycle);
	tcase_add_test(t, test_leaked_segment);
	tcase_add_test(t, test_no_inventory_no_verdict);
	tcase_add_test(t, test_rmid_while_attached);
	tcase_add_test(t, test_id_reuse);
	tcase_add_test(t, test_existing_key_is_not_a_creation);
	tcase_add_test(t, test_open_without_creat_is_untraced);
	tcase_add_test(t, test_untraced_object);
	tcase_add_test(t, test_creat_refuted_by_kernel);
	tcase_add_test(t, test_creat_refuted_by_stat);
	tcase_add_test(t, test_preconditions);
	tcase_add_test(t, test_pid1_not_precondition_in_fallback);
	tcase_add_test(t, test_ipc_set_and_final_mode);
	tcase_add_test(t, test_vfork_and_threads_share_memory);
	tcase_add_test(t, test_attachments_per_process);
	tcase_add_test(t, test_exec_and_exit_detach);
	tcase_add_test(t, test_fork_event_after_child_event);
	tcase_add_test(t, test_events_in_seq_order);
	tcase_add_test(t, test_kernel_nattch_counts);
	suite_add_tcase(s, t);
	t = tcase_create("sem_msg");
	tcase_set_timeout(t, 10);
	tcase_add_checked_fixture(t, test_record_setup, test_record_teardown);
	tcase_add_test(t, test_sem_and_msg);
	tcase_add_test(t, test_finish_twice);
	tcase_add_test(t, test_many_processes);
	suite_add_tcase(s, t);
	return s;
}
