/*
 * inventory.h - list the SysV IPC objects of an IPC namespace with the
 * kernel's own tables (SHM_INFO + SHM_STAT_ANY, SEM_INFO + SEM_STAT_ANY,
 * MSG_INFO + MSG_STAT_ANY: no read permission needed, unlike IPC_STAT).
 *
 * Items are appended to an inventory (record.h) with the pids (cpid, lpid)
 * as the lister's PID namespace sees them, i.e. host pids when listed from
 * the tracer: the caller translates them.
 */
#ifndef HARNESS_INVENTORY_H
#define HARNESS_INVENTORY_H

#include "harness/record.h"

/* List the calling process's IPC namespace into inv. Returns 0, or -1 with
 * errno set (inv may hold part of the list). */
int inventory_list(struct inventory *inv);

/* List the IPC namespace ipcfd (owned by the user namespace userfd) from a
 * forked helper that joins userfd then ipcfd (setns of a user namespace
 * needs a single-threaded process; joining the IPC namespace needs
 * CAP_SYS_ADMIN in our own user namespace too, which the user namespace
 * gives). Returns 0, or -1 with errno set. */
int inventory_take_ns(struct inventory *inv, int userfd, int ipcfd);

#endif /* HARNESS_INVENTORY_H */
