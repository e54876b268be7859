/*
 * fallback.c - host-safe runs without namespaces (fallback.h).
 *
 * Why every test is needed:
 * - "not in the baseline" alone is wrong: another user's program may create
 *   objects while we run;
 * - "a traced get returned the id" alone is wrong: a student may open
 *   (without creating) an object someone else made during the run;
 * - both together leave a segment created by someone else between our
 *   baseline and a student's plain shmget of its key: the creator pid check
 *   closes that for segments (semaphore sets and queues do not record their
 *   creator; there the residual risk is accepted, the lock makes it rare).
 * - the identity check before IPC_RMID guards against the id having been
 *   freed and reused since the listing.
 */
#include "harness/fallback.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/file.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/inventory.h"
#include "harness/rmtree.h"
#include "harness/run_uid.h"
#include "util/util.h"
#include "util/xalloc.h"

#define FALLBACK_LOCK "/tmp/shmgrade-fallback.lock"

/* The lock must be a regular file: a FIFO put in its place (by a program
 * of an earlier run, which had the caller's uid) would make the open or the
 * lock hang every later run. O_NONBLOCK keeps the open itself from waiting. */
static int fallback_check_lock(int fd)
{
	struct stat st;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

/* Open the lock file, creating it 0666 when missing. With
 * fs.protected_regular, O_CREAT on another user's file in the sticky /tmp
 * fails even though the file exists, so the plain open comes first. */
static int fallback_open_lock(void)
{
	int fd, tries;

	for (tries = 0; tries < 3; tries++) {
		fd = open(FALLBACK_LOCK, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0 || errno != ENOENT)
			return fallback_check_lock(fd);
		fd = open(FALLBACK_LOCK, O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			  0666);
		if (fd >= 0) {
			fchmod(fd, 0666); /* whatever the umask: every user locks it */
			return fd;
		}
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

/*
 * The lock is the IPC namespace itself: every opener of /proc/self/ns/ipc
 * gets the same nsfs inode, whoever they are, so a flock on it is shared by
 * exactly the processes whose objects could mix with ours, and it leaves no
 * file behind on the host. Without /proc, the lock file in /tmp.
 */
static int fallback_open_ns_lock(void)
{
	int fd = open("/proc/self/ns/ipc", O_RDONLY | O_CLOEXEC);

	return fd >= 0 ? fd : fallback_open_lock();
}

static int fallback_remove(const struct inventory_item *it);

/*
 * Without a mount namespace the programs write the host's shared folders:
 * what they leave there (files, folders, shm_open objects) is removed after
 * the run. An entry is the run's when it was not there at fallback_begin
 * (name and inode), belongs to the programs' uid and changed since the run
 * started. As root the uid is the run's own (run_uid.h): no one else makes
 * files as it. As a user, a file the same user made elsewhere in those
 * seconds would be taken too: the residual risk of fallback mode.
 */
static const char *const fallback_dirs[] = { "/dev/shm", "/tmp", "/var/tmp" };
#define FALLBACK_NDIRS (ARRAY_SIZE(fallback_dirs))

static void fallback_files_list(struct fallback *fb)
{
	struct dirent *de;
	unsigned d;
	DIR *dir;

	for (d = 0; d < FALLBACK_NDIRS; d++) {
		dir = opendir(fallback_dirs[d]);
		if (!dir)
			continue;
		while ((de = readdir(dir))) {
			struct fallback_file *f;

			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			fb->files = xrealloc(fb->files, fb->nfiles + 1, sizeof(*fb->files));
			f = &fb->files[fb->nfiles++];
			f->dir = d;
			f->ino = de->d_ino;
			f->name = xstrdup(de->d_name);
		}
		closedir(dir);
	}
}

static bool fallback_file_was(const struct fallback *fb, unsigned d, const struct dirent *de)
{
	size_t i;

	for (i = 0; i < fb->nfiles; i++)
		if (fb->files[i].dir == d && fb->files[i].ino == de->d_ino &&
		    !strcmp(fb->files[i].name, de->d_name))
			return true;
	return false;
}

static void fallback_files_remove(const struct fallback *fb)
{
	struct dirent *de;
	struct stat st;
	unsigned d;
	char *path;
	DIR *dir;

	for (d = 0; d < FALLBACK_NDIRS; d++) {
		dir = opendir(fallback_dirs[d]);
		if (!dir)
			continue;
		while ((de = readdir(dir))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
			    fallback_file_was(fb, d, de))
				continue;
			if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
			    st.st_uid != fb->prog_uid || st.st_ctime < (time_t)fb->start - 1)
				continue;
			/* A journal of a run in another IPC namespace. */
			if (!strncmp(de->d_name, "shmgrade-fb-", 12))
				continue;
			if (!S_ISDIR(st.st_mode)) {
				unlinkat(dirfd(dir), de->d_name, 0);
				continue;
			}
			/* The work folder of another shmgrade of this user,
			 * made meanwhile: its own to remove (a dead one's is
			 * swept by the next check, graders/engine/workdir.c). */
			if (!strncmp(de->d_name, "shmgrade-", 9) && strlen(de->d_name) == 15)
				continue;
			path = xasprintf("%s/%s", fallback_dirs[d], de->d_name);
			rmtree(path);
			free(path);
		}
		closedir(dir);
	}
}

/*
 * Whether uid is the run uid of a shmgrade process that died without
 * cleaning up (killed with SIGKILL in a fallback run): a uid of the range
 * (run_uid.h) whose slot lock file exists but is held by no one. Only root
 * callers have run uids; the objects of such a uid are provably leftovers
 * of a dead run, since no one else runs as it.
 */
static bool fallback_dead_run_uid(unsigned uid, unsigned own)
{
	unsigned start, count;
	const char *src;
	char path[64];
	bool dead;
	int fd;

	if (uid == own || run_uid_range(&start, &count, &src) < 0 || uid < start ||
	    uid - start >= count)
		return false;
	snprintf(path, sizeof(path), "/run/shmgrade/uid-%u", uid);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	dead = flock(fd, LOCK_EX | LOCK_NB) == 0;
	close(fd); /* releases it again at once */
	return dead;
}

/* As root, before a run: remove what fallback runs of dead shmgrade
 * processes left in the baseline, and forget it. */
static void fallback_sweep_dead(struct fallback *fb)
{
	size_t i, k = 0;

	if (geteuid() != 0)
		return;
	for (i = 0; i < fb->baseline.n; i++) {
		const struct inventory_item *it = &fb->baseline.items[i];

		if (!(fallback_dead_run_uid(it->ds.cuid, fb->prog_uid) && fallback_remove(it) == 0))
			fb->baseline.items[k++] = *it;
	}
	fb->baseline.n = k;
}

static const enum ipc_kind fallback_kinds[] = { IPC_KIND_SHM, IPC_KIND_SEM, IPC_KIND_MSG };

void fallback_journal_note(void *arg, const struct event *ev)
{
	struct fallback *fb = arg;
	char line[96];
	int kind = ev->call == CALL_SHMGET ? 0 : ev->call == CALL_SEMGET ? 1 : 2;
	int n;

	if (fb->journal_fd < 0)
		return;
	n = snprintf(line, sizeof(line), "%d %lld %lld\n", kind, ev->result, ev->key);
	/* Best effort: a full /dev/shm loses only this safety net. */
	(void)util_write_all(fb->journal_fd, line, (size_t)n);
}

/* Remove what the dead run of journal fd names (see fallback.h). */
static void fallback_journal_replay(struct fallback *fb, int fd)
{
	FILE *f = fdopen(dup(fd), "re");
	int kind, id;
	long long key;
	size_t i;

	if (!f)
		return;
	while (fscanf(f, "%d %d %lld", &kind, &id, &key) == 3) {
		if (kind < 0 || kind > 2)
			continue;
		for (i = 0; i < fb->baseline.n; i++) {
			struct inventory_item *it = &fb->baseline.items[i];

			if (it->kind != fallback_kinds[kind] || it->id != id || it->ds.key != key ||
			    it->ds.cuid != (unsigned)geteuid())
				continue;
			if (fallback_remove(it) == 0)
				*it = fb->baseline.items[--fb->baseline.n];
			break;
		}
	}
	fclose(f);
}

/* The journals of dead runs in this IPC namespace, then our own. */
static void fallback_journal_open(struct fallback *fb)
{
	char prefix[64];
	struct dirent *de;
	struct stat st;
	DIR *dir;
	int fd;

	fb->journal_fd = -1;
	if (geteuid() == 0 || stat("/proc/self/ns/ipc", &st) < 0)
		return;
	snprintf(prefix, sizeof(prefix), "shmgrade-fb-%llu-", (unsigned long long)st.st_ino);
	dir = opendir("/dev/shm");
	if (!dir)
		return;
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		fd = openat(dirfd(dir), de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0) {
			fallback_journal_replay(fb, fd);
			unlinkat(dirfd(dir), de->d_name, 0);
		}
		close(fd);
	}
	closedir(dir);
	fb->journal_path = xasprintf("/dev/shm/%s%d", prefix, (int)getpid());
	fd = open(fb->journal_path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		fd = -1;
	}
	fb->journal_fd = fd;
}

int fallback_begin(struct fallback *fb, unsigned prog_uid)
{
	int err;

	memset(fb, 0, sizeof(*fb));
	fb->journal_fd = -1;
	fb->prog_uid = prog_uid;
	fb->start = time(NULL);
	fb->lock_fd = fallback_open_ns_lock();
	if (fb->lock_fd < 0)
		return -1;
	if (EINTR_RETRY(flock(fb->lock_fd, LOCK_EX)) < 0)
		goto fail;
	if (inventory_list(&fb->baseline) < 0)
		goto fail;
	fallback_sweep_dead(fb);
	fallback_journal_open(fb);
	fallback_files_list(fb);
	return 0;
fail:
	err = errno;
	fallback_end(fb);
	errno = err;
	return -1;
}

void fallback_end(struct fallback *fb)
{
	if (fb->lock_fd >= 0)
		close(fb->lock_fd); /* releases the flock */
	fb->lock_fd = -1;
	if (fb->journal_fd >= 0) {
		unlink(fb->journal_path);
		close(fb->journal_fd);
	}
	fb->journal_fd = -1;
	free(fb->journal_path);
	fb->journal_path = NULL;
	inventory_release(&fb->baseline);
	inventory_release(&fb->own);
	while (fb->nfiles > 0)
		free(fb->files[--fb->nfiles].name);
	free(fb->files);
	fb->files = NULL;
}

/*
 * Is b the object a was in the baseline? Only what never changes counts:
 * kind, id, key and creator uid. The change time does not (IPC_SET, and
 * SETVAL on a semaphore, move it: a program that merely used a host object
 * would otherwise make it look new, and its own), nor msg_qbytes.
 */
static bool fallback_same(const struct inventory_item *a, const struct inventory_item *b)
{
	return a->kind == b->kind && a->id == b->id && a->ds.key == b->ds.key &&
	       a->ds.cuid == b->ds.cuid;
}

static bool fallback_in(const struct inventory *inv, const struct inventory_item *it, bool exact)
{
	size_t i;

	for (i = 0; i < inv->n; i++) {
		const struct inventory_item *b = &inv->items[i];

		if (exact ? fallback_same(b, it) : (b->kind == it->kind && b->id == it->id))
			return true;
	}
	return false;
}

static enum ipc_call fallback_get_call(enum ipc_kind kind)
{
	return kind == IPC_KIND_SHM   ? CALL_SHMGET
	       : kind == IPC_KIND_SEM ? CALL_SEMGET
				      : CALL_MSGGET;
}

/*
 * Did a traced get return it (used), and could that get have created it
 * (IPC_CREAT, or IPC_PRIVATE)? Only a possible creation makes an object the
 * run's own; one it only opened stays someone else's.
 */
static bool fallback_traced(const struct run_record *rec, const struct inventory_item *it,
			    bool *could_create)
{
	enum ipc_call call = fallback_get_call(it->kind);
	bool used = false;
	size_t i;

	*could_create = false;
	for (i = 0; i < rec->nevents; i++) {
		const struct event *ev = &rec->events[i];

		if (ev->call != call || ev->result != it->id)
			continue;
		used = true;
		if (ev->may_create)
			*could_create = true;
	}
	return used;
}

/*
 * Could ev, a creating get that never returned (its process was killed
 * inside it, after the kernel made the object but before the tracer saw
 * the result), have made it? Everything the call fixed must agree: the key
 * (0 for IPC_PRIVATE), the size or number of semaphores, the permission
 * bits, and for a segment its creator (it->ds.cpid as inside the run).
 */
static bool fallback_unreturned_fits(const struct event *ev, const struct inventory_item *it)
{
	if (!ev->blocked || ev->result != -1 || ev->call != fallback_get_call(it->kind))
		return false;
	if (!ev->may_create)
		return false;
	if (ev->key != it->ds.key || (it->ds.mode & 0777) != (ev->flags & 0777))
		return false;
	if (it->kind != IPC_KIND_MSG && it->ds.size != ev->size)
		return false;
	return it->kind != IPC_KIND_SHM || (it->ds.cpid != 0 && it->ds.cpid == ev->pid);
}

bool fallback_claim_unreturned(struct run_record *rec, const struct inventory_item *it)
{
	size_t i;

	for (i = 0; i < rec->nevents; i++) {
		struct event *ev = &rec->events[i];

		if (!fallback_unreturned_fits(ev, it))
			continue;
		/* It made this object: the event says so from now on (it
		 * stays "blocked": the program never saw the id). */
		ev->result = it->id;
		ev->err = 0;
		return true;
	}
	return false;
}

/*
 * Whether an object the trace does not explain may be claimed for an
 * unreturned get: made during the run (ctime, seconds), and for semaphore
 * sets and queues, which record no creator pid, by the programs' uid.
 */
static bool fallback_may_claim(const struct fallback *fb, const struct inventory_item *it)
{
	if (it->ds.ctime < (long long)fb->start - 1)
		return false;
	return it->kind == IPC_KIND_SHM || it->ds.cuid == fb->prog_uid;
}

/*
 * A get of the program with a key some object of the host had before the
 * run: shared keys are the host's in fallback mode, so the program found
 * (or was refused, EEXIST) an object that is not the run's. Noted in the
 * record; the caller decides (check: not gradable here).
 */
static void fallback_key_clash(const struct fallback *fb, struct run_record *rec)
{
	size_t i, k;

	for (i = 0; i < rec->nevents && !rec->host_key_clash; i++) {
		const struct event *ev = &rec->events[i];
		enum ipc_kind kind = ev->call == CALL_SHMGET   ? IPC_KIND_SHM
				     : ev->call == CALL_SEMGET ? IPC_KIND_SEM
							       : IPC_KIND_MSG;

		if ((ev->call != CALL_SHMGET && ev->call != CALL_SEMGET &&
		     ev->call != CALL_MSGGET) ||
		    ev->key == IPC_PRIVATE)
			continue;
		for (k = 0; k < fb->baseline.n; k++)
			if (fb->baseline.items[k].kind == kind &&
			    fb->baseline.items[k].ds.key == ev->key) {
				rec->host_key_clash = true;
				rec->host_key = ev->key;
				break;
			}
	}
}

int fallback_collect(struct fallback *fb, struct run_record *rec, const struct trace *t,
		     const struct inventory *pre)
{
	struct inventory now;
	size_t i;

	memset(&now, 0, sizeof(now));
	if (inventory_list(&now) < 0) {
		inventory_release(&now);
		return -1;
	}
	for (i = 0; i < now.n; i++) {
		struct inventory_item it = now.items[i];
		bool by_run = it.kind == IPC_KIND_SHM ? trace_ns_pid(t, it.ds.cpid) != 0 : true;
		bool created;
		bool traced = fallback_traced(rec, &it, &created);
		bool before = fallback_in(&fb->baseline, &it, true);
		bool own =
			!before && (fallback_in(pre, &it, false) || (traced && created && by_run));
		struct inventory *dest = &rec->inventory;
		struct inventory_item ns = it;

		ns.ds.cpid = trace_ns_pid(t, it.ds.cpid);
		if (!own && !before && !traced && (it.kind != IPC_KIND_SHM || by_run) &&
		    fallback_may_claim(fb, &it) && fallback_claim_unreturned(rec, &ns))
			own = traced = true;

		if (own)
			*inventory_add(&fb->own) = it;
		else if (traced)
			dest = &rec->foreign; /* used, not created: someone else's */
		else if (before || !(it.kind == IPC_KIND_SHM && by_run))
			continue; /* someone else's, unused: not listed */
		/* (else: a segment a traced pid made without a traced call:
		 * listed, so that the record shows untraced IPC; never removed) */
		it.ds.cpid = trace_ns_pid(t, it.ds.cpid);
		it.ds.lpid = trace_ns_pid(t, it.ds.lpid);
		*inventory_add(dest) = it;
	}
	rec->inventory.taken = true;
	inventory_release(&now);
	fallback_key_clash(fb, rec);
	return 0;
}

static int fallback_rmid(const struct inventory_item *it)
{
	if (it->kind == IPC_KIND_SHM)
		return shmctl(it->id, IPC_RMID, NULL);
	if (it->kind == IPC_KIND_SEM)
		return semctl(it->id, 0, IPC_RMID);
	return msgctl(it->id, IPC_RMID, NULL);
}

/*
 * IPC_RMID needs the caller to be the object's creator or owner, or
 * CAP_SYS_ADMIN. Root inside a Docker container has no CAP_SYS_ADMIN, and
 * its programs' objects belong to the programs' uid: a child takes that uid
 * (CAP_SETUID, which Docker grants) and removes the object as its owner.
 */
static int fallback_remove(const struct inventory_item *it)
{
	int st, err;
	pid_t pid;

	if (fallback_rmid(it) == 0)
		return 0;
	err = errno;
	if (err != EPERM || geteuid() != 0 || it->ds.cuid == 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (setgroups(0, NULL) < 0 ||
		    setresgid(it->ds.cgid, it->ds.cgid, it->ds.cgid) < 0 ||
		    setresuid(it->ds.cuid, it->ds.cuid, it->ds.cuid) < 0)
			_exit(1);
		_exit(fallback_rmid(it) == 0 ? 0 : 1);
	}
	if (EINTR_RETRY(waitpid(pid, &st, 0)) < 0)
		return -1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	errno = err;
	return -1;
}

unsigned fallback_cleanup(struct fallback *fb)
{
	struct inventory now;
	unsigned failed = 0;
	size_t i;

	fallback_files_remove(fb);
	memset(&now, 0, sizeof(now));
	if (inventory_list(&now) < 0) {
		inventory_release(&now);
		return (unsigned)fb->own.n;
	}
	for (i = 0; i < fb->own.n; i++) {
		const struct inventory_item *it = &fb->own.items[i];

		if (!fallback_in(&now, it, true)) {
			/* Gone, or no longer the same object: leave it. */
			failed += fallback_in(&now, it, false);
			continue;
		}
		if (fallback_remove(it) < 0)
			failed++;
	}
	inventory_release(&now);
	return failed;
}
