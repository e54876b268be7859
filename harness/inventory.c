/*
 * inventory.c - the SysV IPC tables of a namespace (inventory.h).
 *
 * SHM_INFO (and SEM_INFO, MSG_INFO) return the highest index in use, and 0
 * both for an empty table and for one object at index 0: index 0 is always
 * probed. Kernels older than 4.17 lack *_STAT_ANY (told by uname); then the
 * plain *_STAT is used, which needs read permission.
 */
#include "harness/inventory.h"
#include "harness/kstat.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

union inventory_semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *info;
};

/*
 * Each kind is listed the same way: *_INFO gives the highest index in use
 * (0 both for an empty table and for one object at index 0, so index 0 is
 * always read), then *_STAT_ANY reads every index, skipping the permission
 * check as /proc/sysvipc does (*_STAT on a kernel older than 4.17), through
 * kstat_ctl(), which also answers the tracer's questions during the run.
 */
struct inventory_kind {
	enum ipc_kind kind;
	int (*info)(void);
};

static int inventory_shm_info(void)
{
	struct shm_info info;

	return shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info);
}

static int inventory_sem_info(void)
{
	struct seminfo info;
	union inventory_semun arg = { .info = &info };

	return semctl(0, 0, SEM_INFO, arg);
}

/* The kernel's values of a set (GETALL), the first IPC_MAX_SEMVALS. */
static void inventory_sem_values(struct inventory_item *it)
{
	unsigned short *vals = calloc(it->ds.size ? it->ds.size : 1, sizeof(*vals));
	union inventory_semun arg = { .array = vals };
	size_t i;

	if (vals && semctl(it->id, 0, GETALL, arg) == 0) {
		for (i = 0; i < it->ds.size && i < IPC_MAX_SEMVALS; i++)
			it->semvals[i] = vals[i];
		it->nsemvals = (unsigned)i;
	}
	free(vals);
}

static int inventory_msg_info(void)
{
	struct msginfo info;

	return msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&info);
}

static const struct inventory_kind inventory_kinds[] = {
	{ IPC_KIND_SHM, inventory_shm_info },
	{ IPC_KIND_SEM, inventory_sem_info },
	{ IPC_KIND_MSG, inventory_msg_info },
};

/*
 * Whether *_STAT_ANY exists (Linux 4.17). It cannot be probed by a call: an
 * empty index answers EINVAL just like an unknown command, and taking an
 * empty index 0 for an old kernel made every later listing use *_STAT,
 * blind to objects the caller may not read (root without CAP_IPC_OWNER in
 * a container; a program's chmod 000 through IPC_SET).
 */
static bool inventory_have_stat_any(void)
{
	static int cached = -1;
	struct utsname u;
	int major = 0, minor = 0;

	if (cached < 0)
		cached = uname(&u) < 0 || sscanf(u.release, "%d.%d", &major, &minor) != 2 ||
			 major > 4 || (major == 4 && minor >= 17);
	return cached;
}

static int inventory_list_kind(struct inventory *inv, const struct inventory_kind *k)
{
	int max = k->info(), i, id;
	bool any = inventory_have_stat_any();

	if (max < 0)
		return -1;
	for (i = 0; i <= max; i++) {
		struct ipc_ds ds = { 0 };
		struct inventory_item *it;

		id = kstat_ctl(k->kind, i, kstat_index_cmd(k->kind, any), &ds);
		if (id < 0)
			continue;
		it = inventory_add(inv);
		it->kind = k->kind;
		it->id = id;
		it->ds = ds;
		if (k->kind == IPC_KIND_SEM)
			inventory_sem_values(it);
	}
	return 0;
}

int inventory_list(struct inventory *inv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(inventory_kinds); i++)
		if (inventory_list_kind(inv, &inventory_kinds[i]) < 0)
			return -1;
	return 0;
}

/* The helper: join, list, send "count, items" on fd, exit 0 or errno. */
static __attribute__((noreturn)) void inventory_helper(int fd, int userfd, int ipcfd)
{
	struct inventory inv;
	size_t n;

	memset(&inv, 0, sizeof(inv));
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (setns(userfd, CLONE_NEWUSER) < 0 || setns(ipcfd, CLONE_NEWIPC) < 0 ||
	    inventory_list(&inv) < 0)
		_exit(errno ? errno : EIO);
	n = inv.n;
	if (util_write_all(fd, &n, sizeof(n)) < 0 ||
	    (n && util_write_all(fd, inv.items, n * sizeof(*inv.items)) < 0))
		_exit(EPIPE);
	_exit(0);
}

/* Exactly len bytes from fd (the helper's answer), or -1. */
static int inventory_read_exact(int fd, void *buf, size_t len)
{
	return util_read_all(fd, buf, len) == (ssize_t)len ? 0 : -1;
}

static int inventory_receive(struct inventory *inv, int fd)
{
	struct inventory_item item;
	size_t n, i;

	if (inventory_read_exact(fd, &n, sizeof(n)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (inventory_read_exact(fd, &item, sizeof(item)) < 0)
			return -1;
		*inventory_add(inv) = item;
	}
	return 0;
}

int inventory_take_ns(struct inventory *inv, int userfd, int ipcfd)
{
	int pfd[2], st, rc, err = 0;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(pfd[0]);
		close(pfd[1]);
		errno = err;
		return -1;
	}
	if (pid == 0) {
		close(pfd[0]);
		inventory_helper(pfd[1], userfd, ipcfd);
	}
	close(pfd[1]);
	rc = inventory_receive(inv, pfd[0]);
	close(pfd[0]);
	if (EINTR_RETRY(waitpid(pid, &st, 0)) < 0)
		return -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		errno = WIFEXITED(st) ? WEXITSTATUS(st) : EIO;
		return -1;
	}
	if (rc < 0) {
		errno = EIO;
		return -1;
	}
	return 0;
}
