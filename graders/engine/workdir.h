/*
 * workdir.h - the private directories a check builds and runs in.
 *
 * Layout: one parent made with mkdtemp (mode 0700; root's and 0711 when
 * shmgrade is root, see below), and inside it one
 * directory per step ("build", "run1-0", ...; 0700) that the sandboxed
 * programs may write; files copied in are 0600 (0700 when executable).
 * Nobody but the caller (and, as root, the run's uid) can read them:
 * in fallback mode, where a run sees the host's files, another submission
 * graded at the same time by another user cannot either. In namespace
 * mode a run sees none of this but its own directory and its programs'
 * (harness/sandbox_fs.c).
 *
 * Where: $TMPDIR when it is set and not under /tmp, else /var/tmp, else
 * /tmp. Not /tmp first, because every run mounts a fresh tmpfs on /tmp: the
 * harness enters the run directory by file descriptor before that mount, so
 * a directory under the host's /tmp still works as the working directory,
 * but it is unreachable from the run's root, and getcwd() fails in it with
 * EACCES (measured: make stops with "getcwd: Permission denied"; a student's
 * program calling getcwd() or realpath(".") would too). Since the run's
 * root is built from an allow-list and the run directory is mounted at its
 * own path inside it, /tmp works too; /var/tmp stays the default because
 * it is disk, not memory.
 *
 * Why the chown: when shmgrade runs as root, the sandboxed programs run as
 * a host uid of their own (harness/run_uid.h), so the directories they
 * write (and the files shmgrade puts there for them) are given to it. The
 * parent stays root's, 0711: the programs pass through it but can neither
 * list it nor make a file or link in it, where root writes (stdin files);
 * the programs of other runs (other uids) cannot enter the folders below.
 */
#ifndef GRADERS_WORKDIR_H
#define GRADERS_WORKDIR_H

/* Make the private parent (first removing stale ones, see below), locked
 * until workdir_remove(); returns a malloc'ed path, or NULL with errno. */
char *workdir_create(void);

/* Make parent/name for the sandboxed programs; returns a malloc'ed path, or
 * NULL with errno set. */
char *workdir_subdir(const char *parent, const char *name);

/* Give path to the sandbox's user when running as root (no-op otherwise).
 * Returns 0 or -1 with errno. */
int workdir_own(const char *path);

/*
 * Ctrl-C, SIGTERM, SIGHUP during check or validate: workdir_trap_signals()
 * makes them only note the signal (a run in progress is stopped and cleaned
 * up by the harness, which raises the signal again); the caller then calls
 * workdir_die_if_interrupted() between steps, which removes every work
 * folder this process made and still holds, and dies of that signal.
 * Signals the caller ignores stay ignored. A folder whose shmgrade was
 * killed with SIGKILL is removed by the next workdir_create(): it is not
 * locked any more (each live folder holds an flock on itself).
 */
void workdir_trap_signals(void);
int workdir_interrupted(void); /* the signal noted, or 0 */
void workdir_die_if_interrupted(void);

/* Remove path and everything below it (not following symlinks; unreadable
 * directories made readable first). Returns 0 or -1 with errno. */
int workdir_remove(const char *path);

/* Copy the directory tree src into the existing directory dst: regular
 * files and directories only (symlinks, devices and ".git" are skipped), at
 * most max_files entries and max_bytes bytes in all. Copies are owned as
 * workdir_own() says. Returns 0, or -1 with errno (E2BIG: over a limit). */
int workdir_copy_tree(const char *src, const char *dst, unsigned max_files,
		      unsigned long long max_bytes);

/* Copy one regular file (mode kept, owned as workdir_own() says). */
int workdir_copy_file(const char *src, const char *dst);

#endif /* GRADERS_WORKDIR_H */
