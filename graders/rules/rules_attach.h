/*
 * rules_attach.h - which process had which segment attached during a run,
 * followed through shmat, shmdt, fork and exec.
 */
#ifndef GRADERS_RULES_ATTACH_H
#define GRADERS_RULES_ATTACH_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/rules/rules.h"

/* What a process had attached during the run (rules_attach_follow). */
enum {
	ATT_DIRECT = 1,	   /* made a successful shmat itself */
	ATT_INHERITED = 2, /* got an attachment through fork */
	ATT_RW = 4,	   /* some attachment was read-write */
	ATT_RO = 8,	   /* some attachment was SHM_RDONLY */
};

/* Follow shmat/shmdt/fork/exec through the events: flags[i] gets the ATT_
 * bits of rec->processes[i] (for segment shmid, or any when shmid < 0).
 * flags must have room for rec->nprocesses entries. */
void rules_attach_follow(const struct run_record *rec, int shmid, unsigned *flags);

#endif /* GRADERS_RULES_ATTACH_H */
