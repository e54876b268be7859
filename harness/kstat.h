/*
 * kstat.h - the kernel's own word on a run's IPC objects, asked while the
 * run goes on.
 *
 * A program's IPC_STAT buffer (or IPC_SET struct, or sembuf array) lives in
 * memory that another thread, or a CLONE_VM / vfork sibling, can rewrite
 * between the kernel's copy and the tracer's read: what the tracer reads
 * there is only "what the program's buffer held". The kernel's values come
 * from here instead, asked by shmgrade itself while the calling task is
 * still stopped at its syscall-exit (or seccomp) stop:
 *   - namespace mode: a helper process forked from the tracer joins the
 *     run's user namespace then its IPC namespace (as the inventory does),
 *     is kept alive for the whole run, and answers requests on a
 *     socketpair; in the user namespace that owns the IPC namespace it has
 *     CAP_IPC_OWNER, so no object's mode can hide it;
 *   - fallback mode: the tracer asks the host's IPC namespace itself.
 * An object is stat'ed by id (IPC_STAT), and when that is refused (EACCES:
 * fallback mode, a mode without read permission) by its index with
 * *_STAT_ANY (Linux >= 4.17), checking that the index holds that id.
 *
 * Pids (cpid, lpid) are as the caller's PID namespace sees them: host pids.
 * The helper dies with the caller (PR_SET_PDEATHSIG) and holds the run's
 * IPC namespace while it lives: kstat_stop() it before the namespace must
 * go. It is a child of the caller, so a waitpid(-1) of the tracer may reap
 * it if it dies early; requests then fail (ECONNRESET / EPIPE).
 */
#ifndef HARNESS_KSTAT_H
#define HARNESS_KSTAT_H

#include <stdbool.h>
#include <stddef.h>

#include "harness/record.h"

struct kstat;

/* Fork the helper of the IPC namespace ipcfd, owned by user namespace
 * userfd. Returns NULL with errno set when it cannot be started. */
struct kstat *kstat_start_ns(int userfd, int ipcfd);

/* The caller's own IPC namespace (fallback mode): no helper. */
struct kstat *kstat_start_host(void);

/* Stop the helper (if any), reap it, free k. NULL is fine. */
void kstat_stop(struct kstat *k);

/* An ordinary caller's run maps only uid and gid 0 (the caller), which its
 * programs see as student_id from a user namespace of their own
 * (sandbox.h): from now on kstat_ds() shows owners as they do. */
void kstat_set_student(struct kstat *k, unsigned student_id);

/* Owner fields of ds that are 0 (the caller, in such a run) become
 * student_id: the programs' view. */
void kstat_view_student(struct ipc_ds *ds, unsigned student_id);

/* One stat of kind in the caller's own IPC namespace, converted into ds:
 * cmd is IPC_STAT on an id, or kstat_index_cmd() on an index. Returns what
 * the call returned (the object's id for a stat by index, 0 for IPC_STAT),
 * or -1 with errno set. The inventory lists with it, so both read the
 * kernel's structures the same way. */
int kstat_ctl(enum ipc_kind kind, int id, int cmd, struct ipc_ds *ds);

/* The stat-by-index command of kind: *_STAT_ANY (Linux >= 4.17, no
 * permission check) when any, else *_STAT. */
int kstat_index_cmd(enum ipc_kind kind, bool any);

/* The kernel's *id_ds of object id of kind, now. Returns 0, or -1 with
 * errno set (EINVAL / EIDRM: no such object any more). */
int kstat_ds(struct kstat *k, enum ipc_kind kind, int id, struct ipc_ds *ds);

/* The values of the first max semaphores of set semid, now, into vals;
 * *nsems gets the set's size. Returns how many were stored, or -1. */
int kstat_semvals(struct kstat *k, int semid, unsigned short *vals, size_t max, unsigned *nsems);

#endif /* HARNESS_KSTAT_H */
