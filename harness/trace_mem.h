/*
 * trace_mem.h - the run's memory, sampled by the tracer's caller (run_loop.c)
 * every few ms. Internal to the harness.
 */
#ifndef HARNESS_TRACE_MEM_H
#define HARNESS_TRACE_MEM_H

struct trace;

/*
 * The run's memory: the anonymous resident memory (RssAnon) of all its live
 * processes, their shared memory (shared anonymous mappings, segments,
 * mapped tmpfs files: the proportional share, Pss_Shmem, so a page mapped
 * by several processes counts once) and, in namespace mode, the files in
 * the run's /tmp and /dev/shm, together may not pass mem_cap, or the run
 * ends with memory_limit. RLIMIT_AS bounds each process alone, and 64
 * processes of 512 MiB would still take the machine. Sampled: the caller
 * calls it every few ms. With a cgroup (cfg.cg) the kernel's own count of
 * the same pages is used, and an OOM kill in it is memory_limit too.
 */
void trace_mem_check(struct trace *t);

#endif /* HARNESS_TRACE_MEM_H */
