/*
 * sandbox_fs.h - what init sets up in the run's namespaces before any
 * program starts: its view of the file system (a root made from an
 * allow-list: the system folders read-only, a writable run directory, the
 * programs' folders and cfg->ro_dirs read-only, fresh /tmp, /dev/shm and
 * /run, a private /proc; nothing else of the host) and the IPC sysctls of
 * the run's IPC namespace. Namespace mode only.
 */
#ifndef HARNESS_SANDBOX_FS_H
#define HARNESS_SANDBOX_FS_H

#include "harness/sandbox.h"

/*
 * Called by init (pid 1 of the new PID namespace, in the new mount, user
 * and IPC namespaces, cwd = the run directory). Returns 0 with the cwd on
 * the writable run directory, or -1 with errno set and *step the
 * enum sandbox_step that failed.
 */
int sandbox_fs_setup(const struct sandbox_config *cfg, int *step);

/* The same mounts, tried by the namespace probe (sandbox_probe.c); 0 when
 * they work here. */
int sandbox_fs_check(void);

#endif /* HARNESS_SANDBOX_FS_H */
