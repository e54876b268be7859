/*
 * run_disk.h - how much disk the files of a run directory take (the
 * --disk limit's sampler).
 */
#ifndef HARNESS_RUN_DISK_H
#define HARNESS_RUN_DISK_H

/*
 * Bytes allocated to the files under the directory at path (st_blocks, so
 * a sparse file counts what it really uses), plus one block per entry (a
 * million empty files cost inodes). Bounded work: at most RUN_DISK_MAX_
 * ENTRIES entries and 64 levels are looked at; what lies beyond is not
 * counted. Returns 0 when path cannot be opened.
 */
unsigned long long run_disk_usage(const char *path);

#endif /* HARNESS_RUN_DISK_H */
