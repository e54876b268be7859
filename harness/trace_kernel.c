/*
 * trace_kernel.c - the kernel's word on the IPC calls the tracer sees
 * (trace_kernel.h).
 *
 * Why: the tracer used to read IPC_STAT's answer from the program's
 * buffer at the exit stop. Only the calling thread is stopped there; a
 * second thread (or a CLONE_VM / vfork sibling) rewriting the buffer in a
 * loop made the record believe a forged shm_cpid (a printed getppid()
 * passed as the creator) or shm_nattch (a parent and a child never attached
 * at once scored as "attached at once"). Now the kernel's values come from
 * kstat (asked while the caller is still stopped), the buffer is kept as
 * ds_buf, and a value the kernel never reported around the call is marked
 * in ds_mismatch.
 */
#include "harness/trace_kernel.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <unistd.h>

#include "harness/kstat.h"

/* Optional questions to the kernel per run (trace_kernel_budget). */
#define TRACE_KERNEL_EXTRA 4000

/* Commands (kernel ABI; IPC_64 stripped). */
enum {
	TK_IPC_SET = 1,
	TK_IPC_STAT = 2,
	TK_SHM_STAT = 13,
	TK_SHM_STAT_ANY = 15,
	TK_SEM_STAT = 18,
	TK_SEM_STAT_ANY = 20,
	TK_MSG_STAT = 11,
	TK_MSG_STAT_ANY = 13,
};

/* The kind and command of a *ctl event; false for other calls. */
static bool trace_kernel_ctl(const struct event *ev, enum ipc_kind *kind, int *cmd)
{
	switch (ev->call) {
	case CALL_SHMCTL: *kind = IPC_KIND_SHM; break;
	case CALL_MSGCTL: *kind = IPC_KIND_MSG; break;
	case CALL_SEMCTL: *kind = IPC_KIND_SEM; break;
	default: return false;
	}
	*cmd = ev->cmd;
	return true;
}

/* A command that fills the buffer with the object's *id_ds. */
static bool trace_kernel_is_stat(enum ipc_kind kind, int cmd)
{
	switch (kind) {
	case IPC_KIND_SHM:
		return cmd == TK_IPC_STAT || cmd == TK_SHM_STAT || cmd == TK_SHM_STAT_ANY;
	case IPC_KIND_SEM:
		return cmd == TK_IPC_STAT || cmd == TK_SEM_STAT || cmd == TK_SEM_STAT_ANY;
	default: return cmd == TK_IPC_STAT || cmd == TK_MSG_STAT || cmd == TK_MSG_STAT_ANY;
	}
}

/* A host pid as the record has it: inside the run; in fallback mode a pid
 * that is not the run's stays the host's (as the program sees it too). */
static pid_t trace_kernel_pid(const struct trace *t, pid_t host)
{
	pid_t p = trace_ns_pid(t, host);

	return p || t->cfg.namespaces ? p : host;
}

static int trace_kernel_ds(struct trace *t, enum ipc_kind kind, int id, struct ipc_ds *ds)
{
	if (kstat_ds(t->cfg.kstat, kind, id, ds) < 0)
		return -1;
	ds->cpid = trace_kernel_pid(t, ds->cpid);
	ds->lpid = trace_kernel_pid(t, ds->lpid);
	return 0;
}

/*
 * Questions beyond the one that gives a call's kernel values (semop's
 * values around it, IPC_STAT's state at the entry) cost a round trip to the
 * helper each: a program looping on semaphores would run several times
 * slower and hit its timeout. A run gets TRACE_KERNEL_EXTRA of them; then
 * semops carry no values and IPC_STAT's buffer is compared with the
 * kernel's answer at the exit only.
 */
static bool trace_kernel_budget(struct trace *t, unsigned n)
{
	if (t->kernel_extra + n > TRACE_KERNEL_EXTRA)
		return false;
	t->kernel_extra += n;
	return true;
}

void trace_kernel_entry(struct trace *t, struct event *ev)
{
	enum ipc_kind kind;
	unsigned nsems;
	int cmd, n;

	if (!t->cfg.kstat)
		return;
	if (ev->call == CALL_SEMOP || ev->call == CALL_SEMTIMEDOP) {
		if (!trace_kernel_budget(t, 2))
			return;
		n = kstat_semvals(t->cfg.kstat, ev->id, ev->sem_before, EVENT_MAX_SEMS, &nsems);
		ev->nsem_before = n > 0 ? (size_t)n : 0;
		return;
	}
	/* IPC_STAT names its object: its state before the call too. */
	if (trace_kernel_ctl(ev, &kind, &cmd) && cmd == TK_IPC_STAT && trace_kernel_budget(t, 1) &&
	    trace_kernel_ds(t, kind, ev->id, &ev->ds) == 0)
		ev->has_ds = true;
}

/* IPC_SET: the fields it sets that the kernel did not set as the buffer
 * (read at the entry) said. */
static unsigned trace_kernel_set_mismatch(enum ipc_kind kind, const struct ipc_ds *buf,
					  const struct ipc_ds *now)
{
	unsigned m = 0;

	m |= buf->uid != now->uid ? IPC_DS_UID : 0;
	m |= buf->gid != now->gid ? IPC_DS_GID : 0;
	m |= (buf->mode & 0777) != (now->mode & 0777) ? IPC_DS_MODE : 0;
	m |= kind == IPC_KIND_MSG && buf->size != now->size ? IPC_DS_SIZE : 0;
	return m;
}

static void trace_kernel_ctl_exit(struct trace *t, struct event *ev, enum ipc_kind kind, int cmd)
{
	struct ipc_ds entry = ev->ds, now;
	bool had_entry = ev->has_ds;
	int id = cmd == TK_IPC_STAT || cmd == TK_IPC_SET ? ev->id : (int)ev->result;

	ev->has_ds = false;
	if (ev->err || (cmd != TK_IPC_SET && !trace_kernel_is_stat(kind, cmd)))
		return;
	if (trace_kernel_ds(t, kind, id, &now) == 0) {
		ev->ds = now;
		ev->has_ds = true;
	} else if (had_entry && cmd != TK_IPC_SET) {
		ev->ds = entry; /* removed meanwhile: the state the call saw */
		ev->has_ds = true;
	}
	if (!ev->has_ds || !ev->has_ds_buf)
		return;
	if (cmd == TK_IPC_SET) {
		ev->ds_mismatch = trace_kernel_set_mismatch(kind, &ev->ds_buf, &ev->ds);
		return;
	}
	/* Fields that change by themselves (nattch, times, lpid) may have
	 * changed between the kernel's answer to the program and ours: a value
	 * the kernel reported at the entry or at the exit is not forged. */
	ev->ds_mismatch = ipc_ds_diff(&ev->ds_buf, &ev->ds);
	if (had_entry)
		ev->ds_mismatch &= ipc_ds_diff(&ev->ds_buf, &entry);
}

/* Is segment shmid mapped at addr in process pid? (/SYSV lines of
 * /proc/<pid>/maps carry the shmid in their inode column.) -1: unknown. */
static int trace_kernel_mapped(pid_t pid, unsigned long long addr, int shmid)
{
	unsigned long long start, inode;
	char line[512], name[256];
	int fd = trace_proc_open(pid, "maps"), found = 0;
	FILE *f = fd >= 0 ? fdopen(fd, "re") : NULL;

	if (!f) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (!found && fgets(line, sizeof(line), f)) {
		name[0] = '\0';
		if (sscanf(line, "%llx-%*x %*s %*s %*s %llu %255s", &start, &inode, name) == 3 &&
		    start == addr && (int)inode == shmid && !strncmp(name, "/SYSV", 5))
			found = 1;
	}
	fclose(f);
	return found;
}

/*
 * i386 ipc(SHMAT) returns 0 and stores the address through a pointer, in
 * memory another thread can rewrite before the tracer reads it; the
 * address decides which segment a later shmdt detaches. It is believed
 * only where /proc/<pid>/maps has the segment mapped.
 */
static void trace_kernel_shmat(struct event *ev)
{
	/* shmaddr as the kernel uses it: SHM_RND (020000) rounds it down to
	 * SHMLBA (the page size on x86). */
	unsigned long long asked = ev->addr;
	int shmid = ev->id;

	if (ev->err || !ev->ipc_mux || !ev->result)
		return;
	if (ev->flags & 020000)
		asked &= ~0xfffULL;
	if (trace_kernel_mapped(ev->host_pid, (unsigned long long)ev->result, shmid) != 0)
		return;
	ev->shmaddr_rewritten = true;
	/* Attached where it asked (a fixed address): that is where. */
	ev->result = asked && trace_kernel_mapped(ev->host_pid, asked, shmid) == 1
			     ? (long long)asked
			     : 0;
}

void trace_kernel_exit(struct trace *t, struct event *ev)
{
	enum ipc_kind kind;
	unsigned nsems;
	int cmd, n;

	if (ev->call == CALL_SHMAT)
		trace_kernel_shmat(ev);
	if (!t->cfg.kstat)
		return;
	if (ev->call == CALL_SEMOP || ev->call == CALL_SEMTIMEDOP) {
		if (!ev->nsem_before)
			return;
		n = kstat_semvals(t->cfg.kstat, ev->id, ev->sem_after, EVENT_MAX_SEMS, &nsems);
		ev->nsem_after = n > 0 ? (size_t)n : 0;
		return;
	}
	if (trace_kernel_ctl(ev, &kind, &cmd))
		trace_kernel_ctl_exit(t, ev, kind, cmd);
}
