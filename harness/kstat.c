/*
 * kstat.c - the kernel's own word on a run's IPC objects (kstat.h).
 *
 * One request, one answer: fixed-size messages on a SOCK_SEQPACKET
 * socketpair, so a message is never split or merged. The helper serves
 * until the tracer's end of the pair closes.
 */
#include "harness/kstat.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/util.h"
#include "util/xalloc.h"

/* Semaphore values one answer carries. */
#define KSTAT_MAX_SEMS 64

enum kstat_op { KSTAT_OP_DS, KSTAT_OP_SEMVALS };

struct kstat {
	int fd;		     /* our end of the socketpair; -1 in host mode */
	pid_t pid;	     /* the helper; 0 in host mode */
	unsigned student_id; /* kstat_set_student(); 0: none */
};

struct kstat_req {
	int op, kind, id;
};

struct kstat_ans {
	int rc, err;
	struct ipc_ds ds;
	unsigned nsems;
	unsigned short vals[KSTAT_MAX_SEMS];
};

union kstat_semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* ---- asking the kernel (in whatever namespace we are) ---- */

static void kstat_perm(struct ipc_ds *ds, const struct ipc_perm *perm)
{
	ds->key = (long long)perm->__key;
	ds->uid = perm->uid;
	ds->gid = perm->gid;
	ds->cuid = perm->cuid;
	ds->cgid = perm->cgid;
	ds->mode = perm->mode;
}

/* cmd on id (IPC_STAT) or on an index (*_STAT_ANY); returns the
 * object's id for a stat by index, 0 for IPC_STAT, or -1. */
static int kstat_shm(int id, int cmd, struct ipc_ds *d)
{
	struct shmid_ds ds;
	int rc = shmctl(id, cmd, &ds);

	if (rc < 0)
		return -1;
	kstat_perm(d, &ds.shm_perm);
	d->size = ds.shm_segsz;
	d->atime = ds.shm_atime;
	d->dtime = ds.shm_dtime;
	d->ctime = ds.shm_ctime;
	d->cpid = ds.shm_cpid;
	d->lpid = ds.shm_lpid;
	d->nattch = ds.shm_nattch;
	return rc;
}

static int kstat_sem(int id, int cmd, struct ipc_ds *d)
{
	struct semid_ds ds = { .sem_nsems = 0 }; /* semctl fills it through arg.buf */
	union kstat_semun arg = { .buf = &ds };
	int rc = semctl(id, 0, cmd, arg);

	if (rc < 0)
		return -1;
	kstat_perm(d, &ds.sem_perm);
	d->size = ds.sem_nsems;
	d->atime = ds.sem_otime;
	d->ctime = ds.sem_ctime;
	return rc;
}

static int kstat_msg(int id, int cmd, struct ipc_ds *d)
{
	struct msqid_ds ds;
	int rc = msgctl(id, cmd, &ds);

	if (rc < 0)
		return -1;
	kstat_perm(d, &ds.msg_perm);
	d->size = ds.msg_qbytes;
	d->atime = ds.msg_stime;
	d->dtime = ds.msg_rtime;
	d->ctime = ds.msg_ctime;
	d->nattch = ds.msg_qnum;
	return rc;
}

static int (*const kstat_fns[])(int, int, struct ipc_ds *) = {
	[IPC_KIND_SHM] = kstat_shm,
	[IPC_KIND_SEM] = kstat_sem,
	[IPC_KIND_MSG] = kstat_msg,
};

static const int kstat_any_cmds[] = {
	[IPC_KIND_SHM] = SHM_STAT_ANY,
	[IPC_KIND_SEM] = SEM_STAT_ANY,
	[IPC_KIND_MSG] = MSG_STAT_ANY,
};

static const int kstat_index_cmds[] = {
	[IPC_KIND_SHM] = SHM_STAT,
	[IPC_KIND_SEM] = SEM_STAT,
	[IPC_KIND_MSG] = MSG_STAT,
};

int kstat_ctl(enum ipc_kind kind, int id, int cmd, struct ipc_ds *ds)
{
	if ((unsigned)kind > IPC_KIND_MSG) {
		errno = EINVAL;
		return -1;
	}
	return kstat_fns[kind](id, cmd, ds);
}

int kstat_index_cmd(enum ipc_kind kind, bool any)
{
	return any ? kstat_any_cmds[kind] : kstat_index_cmds[kind];
}

/* By id; when read permission is missing, by index with *_STAT_ANY (the
 * index is the id's low 15 bits, or 24 with ipcmni_extend). */
static int kstat_local_ds(enum ipc_kind kind, int id, struct ipc_ds *ds)
{
	static const int shifts[] = { 15, 24 };
	size_t i;
	int err;

	if ((unsigned)kind > IPC_KIND_MSG || id < 0) {
		errno = EINVAL;
		return -1;
	}
	memset(ds, 0, sizeof(*ds));
	if (kstat_fns[kind](id, IPC_STAT, ds) >= 0)
		return 0;
	if (errno != EACCES)
		return -1;
	err = errno;
	for (i = 0; i < ARRAY_SIZE(shifts); i++) {
		memset(ds, 0, sizeof(*ds));
		if (kstat_fns[kind](id & ((1 << shifts[i]) - 1), kstat_any_cmds[kind], ds) == id)
			return 0;
	}
	errno = err;
	return -1;
}

static int kstat_local_semvals(int semid, struct kstat_ans *a)
{
	union kstat_semun arg;
	unsigned short *all;
	struct ipc_ds ds;
	int rc;

	if (kstat_local_ds(IPC_KIND_SEM, semid, &ds) < 0)
		return -1;
	a->nsems = (unsigned)ds.size;
	all = xcalloc(a->nsems + 1, sizeof(*all));
	arg.array = all;
	rc = semctl(semid, 0, GETALL, arg);
	if (rc == 0) {
		rc = (int)(a->nsems < KSTAT_MAX_SEMS ? a->nsems : KSTAT_MAX_SEMS);
		memcpy(a->vals, all, (size_t)rc * sizeof(*all));
	}
	free(all);
	return rc;
}

static void kstat_serve(const struct kstat_req *q, struct kstat_ans *a)
{
	memset(a, 0, sizeof(*a));
	if (q->op == KSTAT_OP_DS)
		a->rc = kstat_local_ds((enum ipc_kind)q->kind, q->id, &a->ds);
	else
		a->rc = kstat_local_semvals(q->id, a);
	a->err = a->rc < 0 ? errno : 0;
}

/* ---- the helper ---- */

static __attribute__((noreturn)) void kstat_helper(int fd, int userfd, int ipcfd)
{
	struct kstat_req q;
	struct kstat_ans a;
	ssize_t n;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	memset(&a, 0, sizeof(a));
	if (setns(userfd, CLONE_NEWUSER) < 0 || setns(ipcfd, CLONE_NEWIPC) < 0) {
		a.rc = -1;
		a.err = errno ? errno : EIO;
	}
	/* Keep none of the tracer's other fds (pipe ends, namespace fds):
	 * only the socket, as fd 3. */
	if (dup2(fd, 3) == 3) {
		fd = 3;
		close_range(4, ~0U, 0);
	}
	/* The first answer says whether the helper is in place. */
	if (send(fd, &a, sizeof(a), MSG_NOSIGNAL) != (ssize_t)sizeof(a) || a.rc < 0)
		_exit(0);
	for (;;) {
		n = EINTR_RETRY(recv(fd, &q, sizeof(q), 0));
		if (n != (ssize_t)sizeof(q))
			_exit(0);
		kstat_serve(&q, &a);
		if (send(fd, &a, sizeof(a), MSG_NOSIGNAL) != (ssize_t)sizeof(a))
			_exit(0);
	}
}

/* The helper's first answer: it joined the namespaces (0), or not (-1). */
static int kstat_ready(struct kstat *k)
{
	struct kstat_ans a = { 0 };
	ssize_t n;

	n = EINTR_RETRY(recv(k->fd, &a, sizeof(a), 0));
	if (n != (ssize_t)sizeof(a)) {
		errno = n < 0 ? errno : ECONNRESET;
		return -1;
	}
	if (a.rc < 0) {
		errno = a.err;
		return -1;
	}
	return 0;
}

struct kstat *kstat_start_ns(int userfd, int ipcfd)
{
	struct kstat *k;
	int sv[2], err;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return NULL;
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(sv[0]);
		close(sv[1]);
		errno = err;
		return NULL;
	}
	if (pid == 0) {
		close(sv[0]);
		kstat_helper(sv[1], userfd, ipcfd);
	}
	close(sv[1]);
	k = xcalloc(1, sizeof(*k));
	k->fd = sv[0];
	k->pid = pid;
	if (kstat_ready(k) < 0) {
		err = errno;
		kstat_stop(k);
		errno = err;
		return NULL;
	}
	return k;
}

struct kstat *kstat_start_host(void)
{
	struct kstat *k = xcalloc(1, sizeof(*k));

	k->fd = -1;
	return k;
}

void kstat_stop(struct kstat *k)
{
	if (!k)
		return;
	if (k->fd >= 0)
		close(k->fd);
	if (k->pid > 0) {
		kill(k->pid, SIGKILL);
		EINTR_RETRY(waitpid(k->pid, NULL, __WALL));
	}
	free(k);
}

/* One request: served here (host mode) or by the helper. */
static int kstat_ask(struct kstat *k, const struct kstat_req *q, struct kstat_ans *a)
{
	ssize_t n;

	if (!k) {
		errno = ENOSYS;
		return -1;
	}
	if (k->fd < 0) {
		kstat_serve(q, a);
	} else {
		n = EINTR_RETRY(send(k->fd, q, sizeof(*q), MSG_NOSIGNAL));
		if (n != (ssize_t)sizeof(*q))
			return -1;
		n = EINTR_RETRY(recv(k->fd, a, sizeof(*a), 0));
		if (n != (ssize_t)sizeof(*a)) {
			errno = n < 0 ? errno : ECONNRESET;
			return -1;
		}
	}
	if (a->rc < 0)
		errno = a->err;
	return a->rc;
}

int kstat_ds(struct kstat *k, enum ipc_kind kind, int id, struct ipc_ds *ds)
{
	struct kstat_req q = { KSTAT_OP_DS, (int)kind, id };
	struct kstat_ans a;

	if (kstat_ask(k, &q, &a) < 0)
		return -1;
	*ds = a.ds;
	if (k->student_id)
		kstat_view_student(ds, k->student_id);
	return 0;
}

void kstat_set_student(struct kstat *k, unsigned student_id)
{
	if (k)
		k->student_id = student_id;
}

void kstat_view_student(struct ipc_ds *ds, unsigned student_id)
{
	ds->uid = ds->uid == 0 ? student_id : ds->uid;
	ds->gid = ds->gid == 0 ? student_id : ds->gid;
	ds->cuid = ds->cuid == 0 ? student_id : ds->cuid;
	ds->cgid = ds->cgid == 0 ? student_id : ds->cgid;
}

int kstat_semvals(struct kstat *k, int semid, unsigned short *vals, size_t max, unsigned *nsems)
{
	struct kstat_req q = { KSTAT_OP_SEMVALS, IPC_KIND_SEM, semid };
	struct kstat_ans a;
	int n = kstat_ask(k, &q, &a);

	if (n < 0)
		return -1;
	if ((size_t)n > max)
		n = (int)max;
	memcpy(vals, a.vals, (size_t)n * sizeof(*vals));
	*nsems = a.nsems;
	return n;
}
