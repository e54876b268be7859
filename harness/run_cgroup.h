/*
 * run_cgroup.h - a memory cgroup per run, where the caller may make one.
 *
 * The kernel then counts every page the run's processes use, whatever
 * kind (private, shared anonymous, SysV, tmpfs files), and enforces a hard
 * limit a little above --memory: the tracer's sampler (trace_mem.c) reads
 * the cgroup's own numbers and normally stops the run first, with
 * memory_limit; if the kernel's OOM killer acts first, that too is
 * memory_limit. Where no cgroup can be made (an ordinary user without a
 * delegated cgroup v2, or no memory controller), the sampler adds up the
 * processes itself.
 *
 * Tried: cgroup v2 (the caller's own cgroup in /proc/self/cgroup, under
 * /sys/fs/cgroup, when its memory controller can be enabled below it) and
 * cgroup v1 (the memory hierarchy's mount, the caller's cgroup in it).
 */
#ifndef HARNESS_RUN_CGROUP_H
#define HARNESS_RUN_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

struct run_cgroup {
	int dirfd; /* the run's cgroup directory, -1: none */
	bool v2;
	char *path; /* its path (malloc'ed), for rmdir */
};

/* Make the run's cgroup with a hard limit of limit_bytes. Returns 0, or
 * -1 when none could be made (cg->dirfd stays -1: not an error). */
int run_cgroup_create(struct run_cgroup *cg, unsigned long long limit_bytes);

/* Move pid (the launcher, before it forks init) into it. Returns 0 or -1. */
int run_cgroup_enter(const struct run_cgroup *cg, pid_t pid);

/* Bytes of anonymous and shared memory (shmem: SysV, MAP_SHARED anonymous,
 * tmpfs) charged to the cgroup now, or 0 when unknown. */
unsigned long long run_cgroup_memory(const struct run_cgroup *cg);

/* Whether the kernel's OOM killer has killed a process of the cgroup. */
bool run_cgroup_oom_killed(const struct run_cgroup *cg);

/* Remove the cgroup (its processes must be gone); safe to repeat. */
void run_cgroup_remove(struct run_cgroup *cg);

#endif /* HARNESS_RUN_CGROUP_H */
