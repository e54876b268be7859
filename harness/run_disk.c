/*
 * run_disk.c - the disk used by a run directory (run_disk.h).
 *
 * The run directory sits on the host's file system (tmpfs or disk): a
 * program that fills it fills the machine. RLIMIT_FSIZE bounds one file;
 * this walk, sampled by the run loop, bounds them all together.
 */
#include "harness/run_disk.h"

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RUN_DISK_MAX_ENTRIES 100000
#define RUN_DISK_MAX_DEPTH 64
#define RUN_DISK_ENTRY_COST 4096ULL

struct run_disk_walk {
	unsigned long long bytes;
	unsigned long entries;
};

static void run_disk_dir(struct run_disk_walk *w, int dirfd, int depth)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *e;
	struct stat st;
	int sub;

	if (!d) {
		close(dirfd);
		return;
	}
	while ((e = readdir(d)) != NULL && w->entries < RUN_DISK_MAX_ENTRIES) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		w->entries++;
		if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		w->bytes += (unsigned long long)st.st_blocks * 512 + RUN_DISK_ENTRY_COST;
		if (!S_ISDIR(st.st_mode) || depth >= RUN_DISK_MAX_DEPTH)
			continue;
		sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub >= 0)
			run_disk_dir(w, sub, depth + 1);
	}
	closedir(d);
}

unsigned long long run_disk_usage(const char *path)
{
	struct run_disk_walk w = { 0, 0 };
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0)
		run_disk_dir(&w, fd, 0);
	return w.bytes;
}
