/*
 * trace_kernel.h - the kernel's word on the IPC calls the tracer sees
 * (kstat.h), put beside what the program's memory held (record.h, struct
 * event: ds versus ds_buf, sem_before / sem_after). Internal to the tracer.
 */
#ifndef HARNESS_TRACE_KERNEL_H
#define HARNESS_TRACE_KERNEL_H

#include "harness/trace_proc.h"

/* At the seccomp stop of an IPC call that is about to run: the object's
 * state before it (IPC_STAT's object, semop's semaphore values). */
void trace_kernel_entry(struct trace *t, struct event *ev);

/* At its syscall-exit stop, after decode_exit(), the calling task still
 * stopped: ev->ds from the kernel, ds_mismatch, sem_after. */
void trace_kernel_exit(struct trace *t, struct event *ev);

#endif /* HARNESS_TRACE_KERNEL_H */
