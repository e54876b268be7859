/*
 * lifecycle.h - derive the lifecycle of every IPC object of a run from its
 * events and final inventory (the work behind record_finish()).
 *
 * Rules (all calls counted only when they succeeded):
 *
 *  - Creation. A shmget/semget/msgget that returns id R created a new object
 *    when no live object with id R is known yet (from an earlier event, a
 *    precondition) and the call asked for creation (IPC_CREAT, or key
 *    IPC_PRIVATE). A get that returns a known live id opened it. A get
 *    without IPC_CREAT that returns an unknown id opened an object the trace
 *    did not create (a precondition, or an untraced one).
 *    When the kernel reports a creator pid for the object (an IPC_STAT or
 *    SHM_STAT result, or the inventory; shm only) that differs from the
 *    caller's, the call opened an existing object after all (IPC_CREAT on a
 *    key someone else had used): it is then not counted as a creation.
 *  - Id reuse. The kernel reuses an id only after the object was destroyed,
 *    so a creation returning the id of an object already removed is a new
 *    object; other calls on an id refer to the newest object with that id.
 *  - Removal: IPC_RMID (removed, removed_by_pid, removed_seq).
 *  - Mode: from the creating call, then each IPC_SET, then the inventory.
 *  - Attachments (shm): each memory space (a process, or processes sharing
 *    one through CLONE_VM) holds a list of address -> segment. shmat adds,
 *    shmdt removes (and sets the event's shmdt_shmid), fork copies the
 *    parent's list into the child's new space (CLONE_VM shares it), exec
 *    gives the process a new empty space, exit leaves it; a space nobody
 *    uses any more drops its mappings. A segment's nattch is the number of
 *    its mappings in live spaces; max_nattch the highest seen, or the
 *    highest nattch the kernel reported in an IPC_STAT/SHM_STAT, whichever is
 *    greater.
 *  - Attachments per process (struct process's attachments): the one model
 *    of who had which segment attached. A mapping added to a space is an
 *    attachment of every process using the space: the caller's ("shmat"),
 *    and "shared" for the others (a vfork parent gets what its child
 *    attached before it exec'd or exited: the kernel maps it in their one
 *    memory). A forked child gets a copy of each of its parent's ("fork");
 *    a CLONE_VM child (vfork, posix_spawn) shares them ("shared"). shmdt
 *    ends the mapping's attachments in every process of the space, exec and
 *    exit end the process's own. Rules read these; they never replay
 *    events to rebuild them.
 *  - Creation mode: the permission bits the creating get asked for
 *    (created_mode), kept beside the mode at the end.
 *  - Preconditions: objects in rec->pre, ids in pre_shmids, and in namespace
 *    mode shm objects of the inventory whose creator pid is 1 (the run's
 *    init made them). They are never counted as leaks.
 *  - Leaks: objects in the inventory (when it was taken), preconditions
 *    excepted. untraced_ipc: the inventory holds an object that neither a
 *    traced call created nor is a precondition.
 */
#ifndef HARNESS_LIFECYCLE_H
#define HARNESS_LIFECYCLE_H

#include <stddef.h>

#include "harness/record.h"

/* Fill rec->segments, semaphores, queues, leaks, untraced_ipc, each
 * process's attachments and each shmdt event's shmdt_shmid. Replaces what
 * an earlier call filled. */
void lifecycle_derive(struct run_record *rec, const int *pre_shmids, size_t npre_shm);

#endif /* HARNESS_LIFECYCLE_H */
