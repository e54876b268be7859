/*
 * inventory.c - the SysV IPC tables of a namespace (inventory.h).
 *
 * SHM_INFO (and SEM_INFO, MSG_INFO) return the highest index in use, and 0
 * both for an empty table and for one object at index 0: index 0 is always
 * probed. Kernels older than 4.17 lack *_STAT_ANY; then the plain *_STAT is
 * used, which needs read permission (the harness runs as the objects' owner
 * or as root, so it normally has it).
 */
#include "harness/inventory.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

union inventory_semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *info;
};

static void inventory_perm(struct ipc_ds *ds, const struct ipc_perm *perm)
{
	ds->key = (long long)perm->__key;
	ds->uid = perm->uid;
	ds->gid = perm->gid;
	ds->cuid = perm->cuid;
	ds->cgid = perm->cgid;
	ds->mode = perm->mode;
}

static int inventory_list_shm(struct inventory *inv)
{
	struct shm_info info;
	struct shmid_ds ds;
	int max, i, id, cmd = SHM_STAT_ANY;

	max = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info);
	if (max < 0)
		return -1;
	for (i = 0; i <= max; i++) {
		id = shmctl(i, cmd, &ds);
		if (id < 0 && errno == EINVAL && cmd == SHM_STAT_ANY && i == 0) {
			cmd = SHM_STAT; /* kernel < 4.17 */
			id = shmctl(i, cmd, &ds);
		}
		if (id < 0)
			continue;
		struct inventory_item *it = inventory_add(inv);

		it->kind = IPC_KIND_SHM;
		it->id = id;
		inventory_perm(&it->ds, &ds.shm_perm);
		it->ds.size = ds.shm_segsz;
		it->ds.atime = ds.shm_atime;
		it->ds.dtime = ds.shm_dtime;
		it->ds.ctime = ds.shm_ctime;
		it->ds.cpid = ds.shm_cpid;
		it->ds.lpid = ds.shm_lpid;
		it->ds.nattch = ds.shm_nattch;
	}
	return 0;
}

static int inventory_list_sem(struct inventory *inv)
{
	struct seminfo info;
	struct semid_ds ds;
	union inventory_semun arg;
	int max, i, id, cmd = SEM_STAT_ANY;

	arg.info = &info;
	max = semctl(0, 0, SEM_INFO, arg);
	if (max < 0)
		return -1;
	for (i = 0; i <= max; i++) {
		arg.buf = &ds;
		id = semctl(i, 0, cmd, arg);
		if (id < 0 && errno == EINVAL && cmd == SEM_STAT_ANY && i == 0) {
			cmd = SEM_STAT;
			id = semctl(i, 0, cmd, arg);
		}
		if (id < 0)
			continue;
		struct inventory_item *it = inventory_add(inv);

		it->kind = IPC_KIND_SEM;
		it->id = id;
		inventory_perm(&it->ds, &ds.sem_perm);
		it->ds.size = ds.sem_nsems;
		it->ds.atime = ds.sem_otime;
		it->ds.ctime = ds.sem_ctime;
	}
	return 0;
}

static int inventory_list_msg(struct inventory *inv)
{
	struct msginfo info;
	struct msqid_ds ds;
	int max, i, id, cmd = MSG_STAT_ANY;

	max = msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&info);
	if (max < 0)
		return -1;
	for (i = 0; i <= max; i++) {
		id = msgctl(i, cmd, &ds);
		if (id < 0 && errno == EINVAL && cmd == MSG_STAT_ANY && i == 0) {
			cmd = MSG_STAT;
			id = msgctl(i, cmd, &ds);
		}
		if (id < 0)
			continue;
		struct inventory_item *it = inventory_add(inv);

		it->kind = IPC_KIND_MSG;
		it->id = id;
		inventory_perm(&it->ds, &ds.msg_perm);
		it->ds.size = ds.msg_qbytes;
		it->ds.atime = ds.msg_stime;
		it->ds.dtime = ds.msg_rtime;
		it->ds.ctime = ds.msg_ctime;
		it->ds.nattch = ds.msg_qnum;
	}
	return 0;
}

int inventory_list(struct inventory *inv)
{
	if (inventory_list_shm(inv) < 0 || inventory_list_sem(inv) < 0 ||
	    inventory_list_msg(inv) < 0)
		return -1;
	return 0;
}

static int inventory_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
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
	if (inventory_write_all(fd, &n, sizeof(n)) < 0 ||
	    (n && inventory_write_all(fd, inv.items, n * sizeof(*inv.items)) < 0))
		_exit(EPIPE);
	_exit(0);
}

static int inventory_read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int inventory_receive(struct inventory *inv, int fd)
{
	struct inventory_item item;
	size_t n, i;

	if (inventory_read_all(fd, &n, sizeof(n)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (inventory_read_all(fd, &item, sizeof(item)) < 0)
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
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
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
