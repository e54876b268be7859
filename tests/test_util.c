/*
 * test_util.c - helpers shared by the harness tests (test_util.h).
 *
 * This file defines no suite: the Makefile's runner generator only picks
 * up "Suite *NAME_suite(void)" definitions, so it is just linked in.
 */
#include "tests/test_util.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/decode.h"
#include "harness/record_reap.h"
#include "harness/xlat.h"
#include "tests/test_audit.h"

bool tu_namespaces_expected(void)
{
	const char *env = getenv("SHMGRADE_FALLBACK");

	return harness_namespaces_available() && !(env && !strcmp(env, "1"));
}

void tu_skip_note(const char *fmt, ...)
{
	const char *log = getenv("TU_SKIP_LOG");
	char why[512];
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	/* One line per skip, appended: each test runs in a child of its own. */
	f = log ? fopen(log, "a") : NULL;
	ck_assert_msg(f, "%s: skipped (%s), and TU_SKIP_LOG cannot record it", tcase_name(), why);
	fprintf(f, "%s: %s\n", tcase_name(), why);
	ck_assert_int_eq(fclose(f), 0);
}

char *tu_prog_path(const char *dir, const char *name)
{
	char rel[PATH_MAX];
	char *abs;

	snprintf(rel, sizeof(rel), "build/tests/%s/%s", dir, name);
	abs = realpath(rel, NULL);
	ck_assert_msg(abs != NULL, "%s is missing: run `make progs` from the repository root", rel);
	return abs;
}

void tu_run(struct run_record *rec, const char *dir, const char *name, const char *const *args,
	    const struct tu_opts *opts)
{
	const struct tu_opts def = TU_OPTS_DEFAULT;
	char *argv[16] = { tu_prog_path(dir, name) };
	struct run_program prog = { .argv = argv };
	struct run_spec spec = { .programs = &prog, .nprograms = 1 };
	size_t i;
	int rc;

	if (!opts)
		opts = &def;
	for (i = 0; args && args[i] && i + 2 < sizeof(argv) / sizeof(argv[0]); i++)
		argv[i + 1] = (char *)args[i];
	spec.pre = opts->pre;
	spec.npre = opts->npre;
	spec.dir = opts->dir;
	spec.limits = opts->limits;
	spec.mode = opts->mode;
	spec.inject = opts->inject;
	spec.ninject = opts->ninject;
	spec.sites = opts->sites;
	spec.quiet = true;
	record_init(rec);
	rc = harness_run(&spec, rec);
	tu_audit_note_run(rec);
	free(argv[0]);
	ck_assert_msg(rc == 0, "harness_run(%s) failed: %s", name,
		      rec->message ? rec->message : "(no message)");
}

/* Renumbering of pids, tids and ids (see tu_render). */
struct tu_names {
	const struct run_record *rec;
	pid_t tids[64];
	size_t ntids;
	int ids[3][256];
	size_t nids[3];
};

static long tu_pid(const struct tu_names *nm, pid_t pid)
{
	size_t i;

	for (i = 0; i < nm->rec->nprocesses; i++)
		if (nm->rec->processes[i].pid == pid)
			return nm->rec->mode == RUN_MODE_NAMESPACE ? pid : (long)(2 + i);
	return -1;
}

static void tu_put_pid(FILE *f, const struct tu_names *nm, pid_t pid)
{
	long p = tu_pid(nm, pid);

	if (p < 0)
		fputs("-", f);
	else
		fprintf(f, "[%ld]", p);
}

static size_t tu_tid(struct tu_names *nm, pid_t tid)
{
	size_t i;

	for (i = 0; i < nm->ntids; i++)
		if (nm->tids[i] == tid)
			return i + 1;
	if (nm->ntids < sizeof(nm->tids) / sizeof(nm->tids[0]))
		nm->tids[nm->ntids++] = tid;
	return nm->ntids;
}

static long long tu_id(struct tu_names *nm, enum ipc_kind kind, long long id)
{
	size_t i;

	if (nm->rec->mode == RUN_MODE_NAMESPACE || id < 0)
		return id;
	for (i = 0; i < nm->nids[kind]; i++)
		if (nm->ids[kind][i] == id)
			return (long long)i;
	if (nm->nids[kind] < 256)
		nm->ids[kind][nm->nids[kind]++] = (int)id;
	return (long long)nm->nids[kind] - 1;
}

static enum ipc_kind tu_call_kind(enum ipc_call call)
{
	if (call >= CALL_SEMGET && call <= CALL_SEMCTL)
		return IPC_KIND_SEM;
	if (call >= CALL_MSGGET && call <= CALL_MSGCTL)
		return IPC_KIND_MSG;
	return IPC_KIND_SHM;
}

static void tu_put_key(FILE *f, long long key)
{
	if (key == 0)
		fputs("IPC_PRIVATE", f);
	else
		fprintf(f, "0x%08x", (unsigned)key);
}

static void tu_put_arg(FILE *f, struct tu_names *nm, const struct event *ev,
		       const struct event_arg *a)
{
	fprintf(f, "%s=", a->name);
	switch (a->kind) {
	case ARG_INT:
		if (!strcmp(a->name, "key"))
			tu_put_key(f, a->num);
		else if (!strcmp(a->name, "shmid") || !strcmp(a->name, "semid") ||
			 !strcmp(a->name, "msqid"))
			fprintf(f, "%lld", tu_id(nm, tu_call_kind(ev->call), a->num));
		else
			fprintf(f, "%lld", a->num);
		break;
	case ARG_HEX: fputs(a->num ? "addr" : "NULL", f); break;
	case ARG_SYM:
	case ARG_STR: fputs(a->str ? a->str : "(null)", f); break;
	case ARG_NULL: fputs("null", f); break;
	}
}

static void tu_put_result(FILE *f, struct tu_names *nm, const struct event *ev)
{
	if (ev->err) {
		fprintf(f, " = -1 %s", tu_errno_name(ev->err));
		return;
	}
	switch (ev->call) {
	case CALL_SHMAT: fputs(" = addr", f); break;
	case CALL_SHMGET:
	case CALL_SEMGET:
	case CALL_MSGGET:
		fprintf(f, " = %lld", tu_id(nm, tu_call_kind(ev->call), ev->result));
		break;
	default: fprintf(f, " = %lld", ev->result);
	}
}

/* The details some calls carry besides their arguments. */
static void tu_put_extras(FILE *f, struct tu_names *nm, const struct event *ev)
{
	size_t i;

	if (ev->has_ds) {
		fprintf(f, " {size=%llu mode=0%o nattch=%llu cpid=", ev->ds.size, ev->ds.mode,
			ev->ds.nattch);
		tu_put_pid(f, nm, ev->ds.cpid);
		fputs("}", f);
	}
	if (ev->call == CALL_SHMDT)
		fprintf(f, " [shmid %lld]", tu_id(nm, IPC_KIND_SHM, ev->shmdt_shmid));
	for (i = 0; i < ev->nsops_read; i++)
		fprintf(f, "%s{%u,%d,%d}%s", i ? "" : " [", ev->sops[i].sem_num, ev->sops[i].sem_op,
			ev->sops[i].sem_flg, i + 1 == ev->nsops_read ? "]" : ",");
	if (ev->compat32)
		fputs(" [i386]", f);
	if (ev->injected)
		fputs(" (injected)", f);
}

static void tu_put_process_event(FILE *f, struct tu_names *nm, const struct event *ev)
{
	switch (ev->call) {
	case CALL_FORK:
		if (ev->clone_thread) {
			fprintf(f, " thread T%zu", tu_tid(nm, ev->child_pid));
			return;
		}
		fputs(ev->clone_vm ? " vfork" : " fork", f);
		if (ev->err) {
			fprintf(f, " = -1 %s", tu_errno_name(ev->err));
			break;
		}
		fputs(" ", f);
		tu_put_pid(f, nm, ev->child_pid);
		break;
	case CALL_EXEC:
		fprintf(f, " exec %s", ev->nargs && ev->args[0].str ? ev->args[0].str : "?");
		break;
	default: /* CALL_EXIT */
		if (ev->signal)
			fprintf(f, " killed %s",
				sigabbrev_np(ev->signal) ? sigabbrev_np(ev->signal) : "?");
		else
			fprintf(f, " exit %d", ev->exit_code);
	}
}

static void tu_put_event(FILE *f, struct tu_names *nm, const struct event *ev)
{
	size_t i;

	tu_put_pid(f, nm, ev->pid);
	if (ev->tid && ev->tid != ev->pid)
		fprintf(f, "/T%zu", tu_tid(nm, ev->tid));
	if (ev->call == CALL_FORK || ev->call == CALL_EXEC || ev->call == CALL_EXIT) {
		tu_put_process_event(f, nm, ev);
		fputs(ev->injected ? " (injected)\n" : "\n", f);
		return;
	}
	fprintf(f, " %s(", ipc_call_name(ev->call));
	for (i = 0; i < ev->nargs; i++) {
		if (i)
			fputs(", ", f);
		tu_put_arg(f, nm, ev, &ev->args[i]);
	}
	fputs(")", f);
	tu_put_result(f, nm, ev);
	tu_put_extras(f, nm, ev);
	fputs("\n", f);
}

static void tu_put_process(FILE *f, struct tu_names *nm, const struct process *p)
{
	fputs("process ", f);
	tu_put_pid(f, nm, p->pid);
	fprintf(f, " %s ppid ", p->comm ? p->comm : "?");
	tu_put_pid(f, nm, p->ppid);
	if (p->signal)
		fprintf(f, " killed %s", sigabbrev_np(p->signal) ? sigabbrev_np(p->signal) : "?");
	else
		fprintf(f, " exit %d", p->exit_code);
	if (p->reaped_by) {
		fputs(" reaped_by=", f);
		tu_put_pid(f, nm, p->reaped_by);
	}
	fputs(p->orphaned ? " orphaned\n" : "\n", f);
}

/* What happened to an object at the end: removed by whom, or leaked. */
static void tu_put_fate(FILE *f, struct tu_names *nm, bool removed, pid_t by, bool leaked)
{
	if (removed) {
		fputs(" removed_by=", f);
		tu_put_pid(f, nm, by);
	}
	if (leaked)
		fputs(" leaked", f);
	fputs("\n", f);
}

static void tu_put_objects(FILE *f, struct tu_names *nm, const struct run_record *rec)
{
	size_t i;

	for (i = 0; i < rec->nsegments; i++) {
		const struct segment *s = &rec->segments[i];

		fprintf(f, "segment %lld key=", tu_id(nm, IPC_KIND_SHM, s->shmid));
		tu_put_key(f, s->key);
		fprintf(f, " size=%llu mode=%04o creator=", s->size, s->mode);
		tu_put_pid(f, nm, s->creator_pid);
		fprintf(f, " attaches=%u detaches=%u max_nattch=%u%s", s->attaches, s->detaches,
			s->max_nattch, s->precondition ? " precondition" : "");
		tu_put_fate(f, nm, s->removed, s->removed_by_pid, s->leaked);
	}
	for (i = 0; i < rec->nsemaphores; i++) {
		const struct semaphore_set *s = &rec->semaphores[i];

		fprintf(f, "semaphores %lld key=", tu_id(nm, IPC_KIND_SEM, s->semid));
		tu_put_key(f, s->key);
		fprintf(f, " nsems=%u mode=%04o creator=", s->nsems, s->mode);
		tu_put_pid(f, nm, s->creator_pid);
		tu_put_fate(f, nm, s->removed, s->removed_by_pid, s->leaked);
	}
	for (i = 0; i < rec->nqueues; i++) {
		const struct queue *q = &rec->queues[i];

		fprintf(f, "queue %lld key=", tu_id(nm, IPC_KIND_MSG, q->msqid));
		tu_put_key(f, q->key);
		fprintf(f, " mode=%04o creator=", q->mode);
		tu_put_pid(f, nm, q->creator_pid);
		tu_put_fate(f, nm, q->removed, q->removed_by_pid, q->leaked);
	}
}

/* A refused clone3 (glibc's pthread_create and posix_spawn try it first). */
static bool tu_is_clone3(const struct event *ev)
{
	const struct event_arg *a = ev->call == CALL_DENIED ? tu_event_arg(ev, "syscall") : NULL;

	return a && a->str && !strcmp(a->str, "clone3");
}

char *tu_render(const struct run_record *rec)
{
	return tu_render_opts(rec, false);
}

char *tu_render_opts(const struct run_record *rec, bool skip_clone3)
{
	struct tu_names *nm = calloc(1, sizeof(*nm));
	char *text = NULL;
	size_t len = 0, i;
	unsigned nclone3 = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert(nm != NULL && f != NULL);
	nm->rec = rec;
	fprintf(f, "status %s exit %d", run_status_name(rec->status), rec->exit_code);
	if (rec->signal)
		fprintf(f, " signal %s",
			sigabbrev_np(rec->signal) ? sigabbrev_np(rec->signal) : "?");
	fputs("\n", f);
	for (i = 0; i < rec->nevents; i++) {
		if (skip_clone3 && tu_is_clone3(&rec->events[i]))
			nclone3++;
		else if (record_is_wait(rec->events[i].call))
			continue; /* their order against the children's exits is racy:
				     reaping shows as reaped_by on the process */
		else
			tu_put_event(f, nm, &rec->events[i]);
	}
	for (i = 0; i < rec->nprocesses; i++)
		tu_put_process(f, nm, &rec->processes[i]);
	tu_put_objects(f, nm, rec);
	fprintf(f, "leaks shm=%u sem=%u msg=%u untraced_ipc=%s denied=%u\n", rec->leaks.shm,
		rec->leaks.sem, rec->leaks.msg, rec->untraced_ipc ? "yes" : "no",
		rec->denied_calls - nclone3);
	fclose(f);
	free(nm);
	return text;
}

const struct event *tu_event_nth(const struct run_record *rec, enum ipc_call call, size_t n)
{
	size_t i;

	for (i = 0; i < rec->nevents; i++)
		if (rec->events[i].call == call && n-- == 0)
			return &rec->events[i];
	return NULL;
}

size_t tu_event_count(const struct run_record *rec, enum ipc_call call)
{
	size_t i, n = 0;

	for (i = 0; i < rec->nevents; i++)
		n += rec->events[i].call == call;
	return n;
}

const struct event_arg *tu_event_arg(const struct event *ev, const char *name)
{
	size_t i;

	for (i = 0; i < ev->nargs; i++)
		if (ev->args[i].name && !strcmp(ev->args[i].name, name))
			return &ev->args[i];
	return NULL;
}

const char *tu_errno_name(int err)
{
	const char *s = err ? strerrorname_np(err) : "0";

	return s ? s : "E?";
}

const char *tu_stdout(const struct run_record *rec)
{
	if (rec->noutputs == 0 || !rec->outputs[0].out)
		return "";
	return rec->outputs[0].out;
}

char *tu_replace(char *s, const char *from, const char *to)
{
	char *out = NULL, *p = s, *hit;
	size_t len = 0, n = strlen(from);
	FILE *f = open_memstream(&out, &len);

	ck_assert(f != NULL && n > 0);
	while ((hit = strstr(p, from)) != NULL) {
		fwrite(p, 1, (size_t)(hit - p), f);
		fputs(to, f);
		p = hit + n;
	}
	fputs(p, f);
	fclose(f);
	free(s);
	return out;
}

char *tu_file_read(const char *path)
{
	char *text = NULL, buf[4096];
	size_t len = 0, n;
	FILE *in = fopen(path, "re");
	FILE *f = open_memstream(&text, &len);

	ck_assert(f != NULL);
	while (in && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, f);
	if (in)
		fclose(in);
	fclose(f);
	return text;
}

/* Fields of /proc/PID/stat after the command: state is the 1st, ppid the
 * 2nd, start time the 20th. Returns -1 when the process is gone. */
static int tu_proc_stat(pid_t pid, pid_t *ppid, unsigned long long *start, char *comm, size_t ncomm)
{
	char path[64], *text, *close_paren;
	int rc = -1;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	text = tu_file_read(path);
	close_paren = strrchr(text, ')');
	if (close_paren) {
		char *open_paren = strchr(text, '(');
		size_t n = (size_t)(close_paren - open_paren - 1);

		if (comm) {
			if (n >= ncomm)
				n = ncomm - 1;
			memcpy(comm, open_paren + 1, n);
			comm[n] = '\0';
		}
		if (sscanf(close_paren + 2,
			   "%*c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d "
			   "%*d %*d %*d %*d %llu",
			   ppid, start) == 2)
			rc = 0;
	}
	free(text);
	return rc;
}

static void tu_proc_cmdline(pid_t pid, char *buf, size_t size)
{
	char path[64];
	size_t n = 0, i;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	f = fopen(path, "re");
	if (f) {
		n = fread(buf, 1, size - 1, f);
		fclose(f);
	}
	for (i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
}

size_t tu_procs_list(uid_t uid, struct tu_proc **out)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	struct tu_proc *v = NULL;
	size_t n = 0;

	ck_assert(d != NULL);
	while ((de = readdir(d)) != NULL) {
		char path[64], *end;
		long pid = strtol(de->d_name, &end, 10);
		struct stat st;
		struct tu_proc p = { .pid = (pid_t)pid };
		pid_t ppid;
		ssize_t len;

		if (*end || pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld", pid);
		if (stat(path, &st) < 0 || (uid != (uid_t)-1 && st.st_uid != uid))
			continue;
		if (tu_proc_stat(p.pid, &ppid, &p.start, p.comm, sizeof(p.comm)) < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/exe", pid);
		len = readlink(path, p.exe, sizeof(p.exe) - 1);
		p.exe[len > 0 ? len : 0] = '\0';
		tu_proc_cmdline(p.pid, p.cmdline, sizeof(p.cmdline));
		v = realloc(v, (n + 1) * sizeof(*v));
		ck_assert(v != NULL);
		v[n++] = p;
	}
	closedir(d);
	*out = v;
	return n;
}

bool tu_proc_descends(pid_t pid, pid_t ancestor)
{
	int depth;

	for (depth = 0; depth < 1000 && pid > 1; depth++) {
		pid_t ppid;
		unsigned long long start;

		if (tu_proc_stat(pid, &ppid, &start, NULL, 0) < 0)
			return false;
		if (ppid == ancestor)
			return true;
		pid = ppid;
	}
	return false;
}

struct event *tu_call_add(struct run_record *rec, pid_t pid, long long nr, unsigned long long a0,
			  unsigned long long a1, unsigned long long a2, unsigned long long a3,
			  long long rval)
{
	const unsigned long long args[6] = { a0, a1, a2, a3, 0, 0 };
	struct event *ev = record_event_add(rec);

	ev->pid = ev->tid = pid;
	ev->t_us = (long long)ev->seq * 250;
	ck_assert_int_eq(decode_entry(ev, XLAT_ARCH_X86_64, nr, args, NULL, NULL), 0);
	decode_exit(ev, rval, NULL, NULL);
	return ev;
}

static void tu_output_add(struct run_record *rec, const char *argv0, const char *out,
			  size_t out_len, bool trunc)
{
	struct program_output *po;

	rec->outputs = realloc(rec->outputs, (rec->noutputs + 1) * sizeof(*rec->outputs));
	po = &rec->outputs[rec->noutputs++];
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

/* The sample's processes: 2 exits 0; its child 3 is killed by SIGSEGV
 * while still attached to segment 0, and is orphaned. */
static void tu_sample_processes(struct run_record *rec)
{
	struct process *p;

	p = record_process_add(rec);
	p->pid = 2, p->exited = true, p->exit_code = 0;
	p = record_process_add(rec);
	p->pid = 3, p->ppid = 2, p->exited = true, p->signal = SIGSEGV, p->orphaned = true;
	p->attached_at_exit = malloc(sizeof(int));
	p->attached_at_exit[0] = 0;
	p->nattached_at_exit = 1;
}

void tu_sample_record(struct run_record *rec)
{
	struct event *ev;

	record_init(rec);
	rec->status = RUN_OK;
	rec->exit_code = 0;
	rec->wall_ms = 12.5;
	tu_output_add(rec, "./a", "hola\n", 5, false);
	tu_output_add(rec, "./b", "mundo\xff\n", 7, true);
	tu_sample_processes(rec);

	tu_call_add(rec, 2, 29, IPC_PRIVATE, 4096, IPC_CREAT | 0600, 0, 0);
	tu_call_add(rec, 2, 30, 0, 0, 0, 0, (long long)TU_SAMPLE_ADDR);
	ev = record_event_add(rec);
	ev->pid = 2, ev->call = CALL_FORK, ev->child_pid = 3;
	ev = tu_call_add(rec, 3, 31, 0, IPC_STAT, 0x1000, 0, 0);
	ev->has_ds = true;
	ev->ds.size = 4096, ev->ds.nattch = 2, ev->ds.cpid = 2, ev->ds.mode = 0600;
	tu_call_add(rec, 2, 29, 0x1234, 4096, IPC_CREAT | IPC_EXCL | 0600, 0, 1);
	tu_call_add(rec, 2, 29, 0x1234, 4096, IPC_CREAT | IPC_EXCL | 0600, 0, -EEXIST);
	ev = tu_call_add(rec, 2, 220, 0, 0x2000, 1, 0, 0);
	ev->sops[0].sem_num = 0, ev->sops[0].sem_op = -1, ev->sops[0].sem_flg = SEM_UNDO;
	ev->nsops_read = 1;
	ev = record_event_add(rec);
	ev->pid = 3, ev->call = CALL_EXIT, ev->signal = SIGSEGV;
	tu_call_add(rec, 2, 67, TU_SAMPLE_ADDR, 0, 0, 0, 0);
	tu_call_add(rec, 2, 31, 0, IPC_RMID, 0, 0, 0);
	ev = record_event_add(rec);
	ev->pid = 2, ev->call = CALL_EXIT, ev->exit_code = 0;

	rec->inventory.taken = true;
	inventory_add(&rec->inventory)->id = 1;
	rec->inventory.items[0].ds.cpid = 2;
	rec->inventory.items[0].ds.mode = 0600;
	record_finish(rec, NULL, 0);
}
