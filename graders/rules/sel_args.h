/*
 * sel_args.h - a call selector's arguments and errno, checked when the
 * exercise is loaded against the call they name, so that no selector can
 * silently never match (a misspelt "shmflag" or "IPC_CRAET" in a "count: 0"
 * check used to pass every student).
 *
 * Selectors ({call: shmget, args: {shmflg: IPC_CREAT|0600}, errno: EEXIST}:
 * call_made's call/args/errno, ordering's first/then, every rule's event
 * selector) name arguments as the trace prints them. The names, their
 * types and their flag and command names come from one place, the
 * decoder's tables in harness/xlat.h (xlat_call_args):
 *
 *   number   size, nsems, msgsz, msgtyp, mtype, semnum, sem_num, sem_op:
 *            4096, 0x1000, -1
 *   id       shmid, semid, msqid: a number, or precondition
 *   key      key: IPC_PRIVATE, 4660, 0x1234, ftok(file, 65), ftok(file, 'A')
 *   address  shmaddr, buf, msgp, sops, timeout, semctl's arg: a number, NULL
 *   flags    shmflg, semflg, msgflg, sem_flg: that call's flag names joined
 *            by '|' (each must be present in the call), plus octal
 *            permission bits for shmget/semget/msgget ("IPC_CREAT|0600");
 *            0 alone: no flag at all
 *   command  cmd: one of that call's commands (IPC_STAT, SETVAL, ...)
 *   text     exec's filename
 *
 * Every problem is an error at the name or the value, with the closest
 * valid name ("did you mean 'shmflg'?") or the list of valid ones.
 */
#ifndef GRADERS_SEL_ARGS_H
#define GRADERS_SEL_ARGS_H

#include <stddef.h>

#include "graders/load/diag.h"
#include "graders/load/exercise.h"
#include "harness/xlat.h"

/* Check args (their name_mark and mark set) against call. Values are
 * normalised in place (spaces around '|' dropped, permission bits as four
 * octal digits, NULL for null) and key arguments parsed into ->key.
 * Returns 0, or -1 after adding an error per problem. */
int sel_args_check(enum ipc_call call, struct param_arg *args, size_t nargs, struct diag_list *d);

/* Check the errno name *name (at at); a known alias (EWOULDBLOCK) is
 * replaced by the name the trace prints (EAGAIN). Returns 0 or -1. */
int sel_errno_check(char **name, struct mark at, struct diag_list *d);

/* The type of argument name of call, or NULL. */
const struct xlat_arg *sel_arg_find(enum ipc_call call, const char *name);

#endif /* GRADERS_SEL_ARGS_H */
