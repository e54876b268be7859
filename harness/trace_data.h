/*
 * trace_data.h - what the segments held: read from a tracee's memory while
 * it still has them attached (record.h, struct seg_data).
 */
#ifndef SHMGRADE_TRACE_DATA_H
#define SHMGRADE_TRACE_DATA_H

#include "harness/trace_proc.h"

/* Read the segments task's process has attached: only the attachment that
 * starts at addr, or every one when addr is 0. The task must be stopped. */
void trace_data_read(struct trace *t, const struct trace_task *task, unsigned long long addr,
		     bool at_exit);

#endif
