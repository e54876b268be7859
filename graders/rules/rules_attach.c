/*
 * rules_attach.c - attachments as the rules read them (rules_attach.h).
 */
#include "graders/rules/rules_attach.h"

#include <sys/shm.h>

unsigned rules_attach_flags(const struct process *p, int shmid)
{
	unsigned flags = 0;
	size_t i;

	for (i = 0; i < p->nattachments; i++) {
		const struct attachment *a = &p->attachments[i];

		if (shmid >= 0 && a->shmid != shmid)
			continue;
		flags |= a->how == ATTACH_SHMAT ? ATT_DIRECT : ATT_INHERITED;
		flags |= (a->shmflg & SHM_RDONLY) ? ATT_RO : ATT_RW;
	}
	return flags;
}
