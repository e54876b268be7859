/*
 * fallback.h - running without namespaces, on the host's IPC namespace,
 * without ever touching an IPC object the run did not create.
 *
 * One fallback run at a time in the IPC namespace (flock on its
 * /proc/self/ns/ipc, shared by every user; /tmp/shmgrade-fallback.lock only
 * where /proc is missing). Before the run the
 * host's objects are listed (the baseline); after it, an object is the
 * run's own only when the trace explains it: a successful traced
 * shmget/semget/msgget returned its id, it is not in the baseline, and (for
 * segments, which record their creator) its creator pid is a traced process;
 * precondition objects made by the harness are its own too. Own objects
 * still present are the run's leaks and are removed, each after its identity
 * (key, creator, ctime, size, cuid) was read again and found unchanged.
 * A creating get whose process was killed inside it explains the object
 * that fits it (fallback_claim_unreturned): made during the run, by the
 * call's process for a segment, by the programs' uid for the others.
 * Objects that are new but unexplained are never touched. Files: see
 * fallback_cleanup().
 */
#ifndef HARNESS_FALLBACK_H
#define HARNESS_FALLBACK_H

#include <stdbool.h>
#include <stddef.h>

#include "harness/record.h"
#include "harness/trace.h"

/* An entry of /dev/shm, /tmp or /var/tmp before the run. */
struct fallback_file {
	unsigned dir; /* index into the folders fallback.c watches */
	unsigned long long ino;
	char *name; /* owned */
};

struct fallback {
	int lock_fd;	   /* -1 when not locked */
	unsigned prog_uid; /* the uid the programs run as (run_uid()) */
	long long start;   /* time(NULL) at fallback_begin */
	struct inventory baseline;
	struct inventory own;	     /* own objects present at the end (host pids) */
	struct fallback_file *files; /* the watched folders' entries before */
	size_t nfiles;
	int journal_fd;	    /* -1: none (root callers need none) */
	char *journal_path; /* owned */
};

/* Take the machine-wide lock (waits for another fallback run) and the
 * baseline, for a run whose programs are prog_uid (run_uid()). Returns 0,
 * or -1 with errno set (nothing held then). */
int fallback_begin(struct fallback *fb, unsigned prog_uid);

/*
 * After the run: list the host's objects, put the run's own ones (and new
 * segments created by a traced pid that the trace cannot explain, which
 * make the run's untraced_ipc true) into rec->inventory with pids as in the
 * record, and set rec->inventory.taken. pre/npre: the ids of the
 * preconditions of each kind. Returns 0 or -1 with errno set.
 */
int fallback_collect(struct fallback *fb, struct run_record *rec, const struct trace *t,
		     const struct inventory *pre);

/*
 * An object the trace does not explain, and a creating get whose process
 * was killed inside it (blocked, result -1): when everything the call fixed
 * agrees (key, size or nsems, mode, and for a segment its creator, with
 * it->ds.cpid as inside the run), the event gets the object's id as its
 * result (it stays blocked) and true is returned. Each event claims at most
 * one object. Both modes use it, so that the record is the same.
 */
bool fallback_claim_unreturned(struct run_record *rec, const struct inventory_item *it);

/* Remove the own objects that are still present, identity-checked, and
 * the entries the programs made in /dev/shm, /tmp and /var/tmp (new since
 * fallback_begin, owned by prog_uid, changed since the run started).
 * Returns how many IPC objects could not be removed (changed identity or
 * error). */
unsigned fallback_cleanup(struct fallback *fb);

/*
 * The journal (ordinary callers only): every object a traced get returned
 * is written down as it is made, in /dev/shm/shmgrade-fb-NS-PID, locked
 * while the run lives. A shmgrade killed with SIGKILL leaves it; the next
 * fallback run in the same IPC namespace finds it unlocked and removes
 * the objects it names that are still there with the same kind, id, key and
 * the caller's uid, then the journal. A root caller needs none: its
 * programs' uid is the dead process's own (run_uid.h).
 * fallback_journal_note() is a trace_config.created callback (arg: fb).
 */
void fallback_journal_note(void *fb, const struct event *ev);

/* Release the lock and the lists (and remove the journal). Safe to call
 * twice. */
void fallback_end(struct fallback *fb);

#endif /* HARNESS_FALLBACK_H */
