/*
 * run_uid.h - the host uid (and gid, the same number) a root caller's
 * programs run as: one of their own per shmgrade process, so that
 * concurrent runs, and other processes running as nobody, can neither
 * signal the programs of a run nor read its folders.
 *
 * Each process takes two uids: the programs' (run_uid()) and the one after
 * it, the root of the run's user namespace (init; namespace mode only),
 * which a program can then name as its segments' owner (IPC_SET) as on a
 * lab machine, without being it.
 *
 * The uids come from a range: SHMGRADE_UIDS=START:COUNT in the environment,
 * else the "shmgrade:START:COUNT" line of /etc/subuid, else
 * RUN_UID_DEFAULT_START:RUN_UID_DEFAULT_COUNT (above the ranges systemd
 * and container tools hand out, below 2^31). A process takes the first
 * free slot (two uids) of the range (an flock on /run/shmgrade/uid-N, held
 * until it exits), starting from a place that depends on its pid. COUNT is
 * at least 2.
 */
#ifndef HARNESS_RUN_UID_H
#define HARNESS_RUN_UID_H

#include <sys/types.h>

#define RUN_UID_DEFAULT_START 1879048192U /* 0x70000000 */
#define RUN_UID_DEFAULT_COUNT 65536U

/*
 * The uid the programs run as: the caller's effective uid when it is not
 * root; as root, this process's slot (taken at the first call, kept until
 * the process exits; a child forked after that takes a slot of its own at
 * its own first call). Returns (uid_t)-1 with errno set when no slot can be
 * taken (EINVAL: a bad SHMGRADE_UIDS; EAGAIN: every slot is in use; or why
 * the lock directory is unusable).
 */
uid_t run_uid(void);

/* In a child just forked: keep the parent's slot rather than take one of
 * its own, so that its runs use the folders its parent made for that uid
 * (the fault sweep's workers, which run the same submission). The slot's
 * lock is shared with the parent (the same open file). Nothing happens
 * when the parent had taken none. */
void run_uid_keep(void);

/* The range in use, and where it came from ("SHMGRADE_UIDS", "/etc/subuid"
 * or "default"). Returns 0, or -1 (EINVAL) when SHMGRADE_UIDS is malformed. */
int run_uid_range(unsigned *start, unsigned *count, const char **source);

#endif /* HARNESS_RUN_UID_H */
