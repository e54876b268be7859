/*
 * rules_attach.h - which process had which segment attached during a run,
 * as the record says it (the harness's one model of attachments across
 * fork, vfork, exec and exit: harness/lifecycle.h). The rules never replay
 * the events to rebuild it.
 */
#ifndef GRADERS_RULES_ATTACH_H
#define GRADERS_RULES_ATTACH_H

#include "harness/record.h"

/* What a process had attached during the run (rules_attach_flags). */
enum {
	ATT_DIRECT = 1,	   /* made a successful shmat itself */
	ATT_INHERITED = 2, /* had one without its own shmat: fork, vfork */
	ATT_RW = 4,	   /* some attachment was read-write */
	ATT_RO = 8,	   /* some attachment was SHM_RDONLY */
};

/* The ATT_ bits of what p had attached (segment shmid, or any when shmid
 * < 0), read from the record's attachments (struct process). */
unsigned rules_attach_flags(const struct process *p, int shmid);

#endif /* GRADERS_RULES_ATTACH_H */
