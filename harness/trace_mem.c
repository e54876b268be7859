/*
 * trace_mem.c - the run's memory sampler (trace_mem.h): RssAnon and the
 * proportional share of shmem of every live process, the run's tmpfs
 * files, or the memory cgroup's own count when the run has one.
 */
#include "harness/trace_mem.h"

#include <stdio.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/vfs.h>

#include "harness/run_cgroup.h"
#include "harness/trace_proc.h"
#include "harness/words.h"

/* One "Name:   N kB" field of a /proc/PID file, in KiB (0 when absent or
 * the process is gone). */
static unsigned long long trace_mem_field(pid_t pid, const char *file, const char *name)
{
	char path[64], line[128];
	unsigned long long kib = 0;
	size_t n = strlen(name);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':') {
			sscanf(line + n + 1, "%llu", &kib);
			break;
		}
	fclose(f);
	return kib;
}

/*
 * Shared memory of a process, in KiB: MAP_SHARED|MAP_ANONYMOUS pages, SysV
 * segments and mapped tmpfs files are all shmem, which RssAnon leaves out
 * (a bomb of shared anonymous pages used to escape the cap). RssShmem
 * counts a page once in every process that maps it; the proportional
 * share (Pss_Shmem) sums to each page once over the run, so two processes
 * sharing one segment are not charged twice. smaps_rollup walks the page
 * tables: read only where there is shmem at all.
 */
static unsigned long long trace_mem_shmem(pid_t pid)
{
	if (trace_mem_field(pid, "status", "RssShmem") == 0)
		return 0;
	return trace_mem_field(pid, "smaps_rollup", "Pss_Shmem");
}

/* KiB used in the tmpfs at path inside init's mount namespace (namespace
 * mode: the run's own /tmp and /dev/shm; files there are memory). */
static unsigned long long trace_mem_tmpfs(pid_t init, const char *path)
{
	char full[96];
	struct statfs sf;

	snprintf(full, sizeof(full), "/proc/%d/root%s", (int)init, path);
	if (statfs(full, &sf) < 0 || sf.f_type != TMPFS_MAGIC || sf.f_blocks < sf.f_bfree)
		return 0;
	return (unsigned long long)(sf.f_blocks - sf.f_bfree) * (unsigned long long)sf.f_bsize >>
	       10;
}

/* The run's memory in KiB: every live process's private (RssAnon) and
 * shared (trace_mem_shmem) pages, and in namespace mode the files of its
 * /tmp and /dev/shm. */
static unsigned long long trace_mem_sample(const struct trace *t)
{
	unsigned long long kib = 0;
	pid_t pid;
	size_t i;

	for (i = 0; i < t->rec->nprocesses; i++) {
		if (t->rec->processes[i].exited)
			continue;
		pid = t->rec->processes[i].host_pid;
		kib += trace_mem_field(pid, "status", "RssAnon") + trace_mem_shmem(pid);
	}
	if (t->cfg.namespaces && t->init > 0 && !t->init_reaped)
		kib += trace_mem_tmpfs(t->init, "/tmp") + trace_mem_tmpfs(t->init, "/dev/shm");
	return kib;
}

void trace_mem_check(struct trace *t)
{
	const struct run_cgroup *cg = t->cfg.cg;
	unsigned long long kib;

	if (cg && cg->dirfd >= 0 && run_cgroup_oom_killed(cg)) {
		trace_stop(t, RUN_MEMORY_LIMIT,
			   W_("the run's processes used more memory than the limit (%llu MiB)"),
			   t->cfg.mem_cap >> 20);
		return;
	}
	if (trace_killing(t))
		return;
	kib = cg && cg->dirfd >= 0 ? run_cgroup_memory(cg) >> 10 : trace_mem_sample(t);
	if (kib << 10 > t->cfg.mem_cap)
		trace_stop(
			t, RUN_MEMORY_LIMIT,
			W_("the run's processes use %llu MiB of memory, over the limit (%llu MiB)"),
			kib >> 10, t->cfg.mem_cap >> 20);
}
