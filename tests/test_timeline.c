/*
 * test_timeline.c - the readable trace: expected lines, and colour only
 * when asked for.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "harness/decode.h"
#include "harness/record.h"
#include "harness/timeline.h"
#include "harness/xlat.h"

#define ADDR_A 0x7f0000000000ULL

static struct run_record rec;

/* Decode an x86_64 call with no readable memory, as pid at time t_us. */
static struct event *add_call(pid_t pid, long long nr, unsigned long long a0, unsigned long long a1,
			      unsigned long long a2, unsigned long long a3, long long rval)
{
	const unsigned long long args[6] = { a0, a1, a2, a3, 0, 0 };
	struct event *ev = record_event_add(&rec);

	ev->pid = ev->tid = pid;
	ev->t_us = (long long)ev->seq * 250;
	ck_assert_int_eq(decode_entry(ev, XLAT_ARCH_X86_64, nr, args, NULL, NULL), 0);
	decode_exit(ev, rval, NULL, NULL);
	return ev;
}

static void add_output(const char *argv0, const char *out, size_t out_len, bool trunc)
{
	struct program_output *po;

	rec.outputs = realloc(rec.outputs, (rec.noutputs + 1) * sizeof(*rec.outputs));
	po = &rec.outputs[rec.noutputs++];
	memset(po, 0, sizeof(*po));
	po->argv0 = strdup(argv0);
	po->out = malloc(out_len + 1);
	memcpy(po->out, out, out_len + 1);
	po->out_len = out_len;
	po->out_truncated = trunc;
	po->err = strdup("aviso\n");
	po->err_len = 6;
	po->pid = 2;
}

/* parent 2 creates two segments, forks 3 (killed by SIGSEGV), removes one. */
static void setup(void)
{
	struct event *ev;
	struct process *p;

	record_init(&rec);
	rec.status = RUN_OK;
	rec.exit_code = 0;
	rec.wall_ms = 12.5;
	add_output("./a", "hola\n", 5, false);
	add_output("./b", "mundo\xff\n", 7, true);
	p = record_process_add(&rec);
	p->pid = 2, p->exited = true, p->exit_code = 0;
	p = record_process_add(&rec);
	p->pid = 3, p->ppid = 2, p->exited = true, p->signal = SIGSEGV, p->orphaned = true;
	p->attached_at_exit = malloc(sizeof(int));
	p->attached_at_exit[0] = 0;
	p->nattached_at_exit = 1;

	add_call(2, 29, IPC_PRIVATE, 4096, IPC_CREAT | 0600, 0, 0);
	add_call(2, 30, 0, 0, 0, 0, (long long)ADDR_A);
	ev = record_event_add(&rec);
	ev->pid = 2, ev->call = CALL_FORK, ev->child_pid = 3;
	ev = add_call(3, 31, 0, IPC_STAT, 0x1000, 0, 0);
	ev->has_ds = true;
	ev->ds.size = 4096, ev->ds.nattch = 2, ev->ds.cpid = 2, ev->ds.mode = 0600;
	add_call(2, 29, 0x1234, 4096, IPC_CREAT | IPC_EXCL | 0600, 0, 1);
	add_call(2, 29, 0x1234, 4096, IPC_CREAT | IPC_EXCL | 0600, 0, -EEXIST);
	ev = add_call(2, 220, 0, 0x2000, 1, 0, 0);
	ev->sops[0].sem_num = 0, ev->sops[0].sem_op = -1, ev->sops[0].sem_flg = SEM_UNDO;
	ev->nsops_read = 1;
	ev = record_event_add(&rec);
	ev->pid = 3, ev->call = CALL_EXIT, ev->signal = SIGSEGV;
	add_call(2, 67, ADDR_A, 0, 0, 0, 0);
	add_call(2, 31, 0, IPC_RMID, 0, 0, 0);
	ev = record_event_add(&rec);
	ev->pid = 2, ev->call = CALL_EXIT, ev->exit_code = 0;

	rec.inventory.taken = true;
	inventory_add(&rec.inventory)->id = 1;
	rec.inventory.items[0].ds.cpid = 2;
	rec.inventory.items[0].ds.mode = 0600;
	record_finish(&rec, NULL, 0);
}


static void teardown(void)
{
	record_release(&rec);
}

/* The timeline as a string (owned by the caller). */
static char *render(bool color)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	timeline_write(&rec, f, color);
	fclose(f);
	return buf;
}

static void assert_line(const char *text, const char *line)
{
	const char *p = strstr(text, line);

	ck_assert_msg(p != NULL, "missing \"%s\" in:\n%s", line, text);
	/* The match is a whole line or a line's tail after the time and pid. */
	ck_assert_msg(p[strlen(line)] == '\n', "\"%s\" does not end its line in:\n%s", line, text);
}

START_TEST(test_event_lines)
{
	char *t = render(false);

	assert_line(t, "    0.250 ms  [2] shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600) = 0");
	assert_line(t, "[2] shmat(0, NULL, 0) = 0x7f0000000000");
	assert_line(t, "[2] fork() = 3");
	assert_line(t, "[3] shmctl(0, IPC_STAT, {size=4096, nattch=2, cpid=2, mode=0600}) = 0");
	assert_line(t, "[2] shmget(0x00001234, 4096, IPC_CREAT|IPC_EXCL|0600) = 1");
	assert_line(t, "[2] shmget(0x00001234, 4096, IPC_CREAT|IPC_EXCL|0600) = -1 EEXIST");
	assert_line(t, "[2] semtimedop(0, [{0, -1, SEM_UNDO}], 1, NULL) = 0");
	assert_line(t, "[3] +++ killed by SIGSEGV +++");
	assert_line(t, "[2] shmdt(0x7f0000000000) = 0  [shmid 0]");
	assert_line(t, "[2] shmctl(0, IPC_RMID, NULL) = 0");
	assert_line(t, "[2] +++ exited with 0 +++");
	free(t);
}
END_TEST

START_TEST(test_lifecycle_and_verdict)
{
	char *t = render(false);

	assert_line(t, "\nsegment 0 key IPC_PRIVATE 4096 B 0600: created by 2, attached 1×, detached 1×, "
		       "max nattch 2, removed by 2");
	assert_line(t, "\nsegment 1 key 0x00001234 4096 B 0600: created by 2, attached 0×, detached 0×, "
		       "max nattch 0, LEAKED");
	assert_line(t, "\nok: exit code 0, 1 segment leaked (12.5 ms, namespace)");
	free(t);
}
END_TEST

START_TEST(test_no_color_unless_asked)
{
	char *plain = render(false), *colored = render(true);

	ck_assert_ptr_null(strchr(plain, '\033'));
	ck_assert_ptr_nonnull(strstr(colored, "\033[31m-1 EEXIST\033[0m"));
	ck_assert_ptr_nonnull(strstr(colored, "\033[1;31mLEAKED\033[0m"));
	ck_assert_ptr_nonnull(strstr(colored, "\033[32mok\033[0m"));
	free(plain);
	free(colored);
}
END_TEST

/* A file name the program chose cannot forge lines or colours. */
START_TEST(test_exec_name_escaped)
{
	struct event *ev = record_event_add(&rec);
	char *t;

	ev->pid = 2, ev->call = CALL_EXEC, ev->nargs = 1;
	ev->args[0].name = "filename";
	ev->args[0].kind = ARG_STR;
	ev->args[0].str = strdup("evil\n\033[31mFAKE\"");
	t = render(false);
	assert_line(t, "[2] exec(\"evil\\x0a\\x1b[31mFAKE\\x22\") = 0");
	ck_assert_ptr_null(strchr(t, '\033'));
	free(t);
}
END_TEST

START_TEST(test_failed_run_verdict)
{
	char *t;
	struct event *ev;
	struct sembuf ops[6] = { { 0 } };

	rec.status = RUN_SIGNALED;
	rec.signal = SIGSEGV;
	rec.exit_code = -1;
	rec.inventory.taken = false;
	record_set_message(&rec, "program killed by SIGSEGV");
	ev = add_call(2, 65, 0, 0x2000, 6, 0, 0);
	memcpy(ev->sops, ops, sizeof(ev->sops[0]) * 6);
	ev->nsops_read = 6;
	ev = add_call(2, 69, 4, 0x3000, 8, 0, -EAGAIN);
	ev->compat32 = true;
	record_finish(&rec, NULL, 0);
	t = render(false);
	assert_line(t, "\nsignaled: killed by SIGSEGV, leaks unknown (no inventory) (12.5 ms, namespace)");
	assert_line(t, "\nprogram killed by SIGSEGV");
	assert_line(t, "semop(0, [{0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, ...], 6) = 0");
	assert_line(t, "msgsnd(4, 0x3000, 8, 0) = -1 EAGAIN  [i386]");
	assert_line(t, "\nsemaphore set 0: used, but not created by a traced call, not removed");
	free(t);
}
END_TEST

Suite *timeline_suite(void);

Suite *timeline_suite(void)
{
	Suite *s = suite_create("timeline");
	TCase *t = tcase_create("text");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_event_lines);
	tcase_add_test(t, test_lifecycle_and_verdict);
	tcase_add_test(t, test_no_color_unless_asked);
	tcase_add_test(t, test_failed_run_verdict);
	tcase_add_test(t, test_exec_name_escaped);
	suite_add_tcase(s, t);
	return s;
}
