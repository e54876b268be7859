/*
 * exercise_key.h - System V keys as an exercise writes them (IPC_PRIVATE, a
 * number, ftok(path, id)): parse, format, and resolve into the key_t of a
 * run, from the identity its files had before any program ran.
 */
#ifndef GRADERS_EXERCISE_KEY_H
#define GRADERS_EXERCISE_KEY_H

#include <stdbool.h>

struct exercise_run;

/* A System V key as an exercise writes it:
 *   IPC_PRIVATE             -> KEY_PRIVATE (value 0)
 *   4660, 0x1234, -1        -> KEY_LITERAL (value, as a 32-bit key_t)
 *   "ftok(clave.txt, 65)"   -> KEY_FTOK    (path relative to the run's
 *   "ftok(clave.txt, 'A')"                  directory, proj_id 1..255) */
enum key_kind { KEY_UNSET, KEY_PRIVATE, KEY_LITERAL, KEY_FTOK };

struct key_spec {
	enum key_kind kind;
	long long value; /* KEY_PRIVATE: 0; KEY_LITERAL: the key */
	char *path;	 /* KEY_FTOK: owned, relative path; else NULL */
	int proj_id;	 /* KEY_FTOK: 1..255 */
};

/* Parse the text of a key; returns 0, or -1 with *why set to a static
 * lowercase explanation. out is overwritten (release it after success). */
int key_spec_parse(const char *text, struct key_spec *out, const char **why);
void key_spec_release(struct key_spec *k);
void key_spec_copy(struct key_spec *dst, const struct key_spec *src);

/* "IPC_PRIVATE", "0x00001234", "ftok(clave.txt, 65)"; malloc'ed. */
char *key_spec_format(const struct key_spec *k);

/*
 * The key_t a key_spec stands for in the run whose working directory is
 * rundir. ftok() needs the file's inode, so for KEY_FTOK the file must
 * already exist in rundir (the check pipeline creates the run's files with
 * exercise_run_files_create() first, then resolves). rundir may be NULL for
 * the other kinds. Returns 0 and *key, or -1 with errno set (ENOENT and
 * friends from ftok's stat(), EINVAL for KEY_UNSET or a NULL rundir).
 * The value is normalised to a signed 32-bit key_t, as records hold keys.
 */
int exercise_key_resolve(const struct key_spec *k, const char *rundir, long long *key);

/* What ftok() takes from a file: its device and inode numbers. ok is false
 * when the file could not be stat'ed. */
struct file_ident {
	bool ok;
	unsigned long long dev, ino;
};

/*
 * The identity of every file of run (run->files) in dir, taken once the
 * files are created and before any program runs: an array of run->nfiles
 * entries (xcalloc'ed, at least one; the caller frees it). ftok keys are
 * then computed from it, so a program that deletes or replaces a key file
 * during the run changes nothing but its own key (evidence against it).
 */
struct file_ident *exercise_run_files_ident(const struct exercise_run *run, const char *dir);

/*
 * Like exercise_key_resolve(), but a KEY_FTOK key comes from ids (see
 * exercise_run_files_ident()) as glibc's ftok() computes it, never from the
 * file as it is now. Returns 0 and *key, or -1 with errno set (ENOENT when
 * the path is not among run's files or could not be stat'ed before the run).
 */
int exercise_key_resolve_ident(const struct key_spec *k, const struct exercise_run *run,
			       const struct file_ident *ids, long long *key);

/* Whether path's file in rundir still has the identity it had in ids (false
 * when it was deleted or replaced since, or is not among run's files). */
bool exercise_file_unchanged(const struct exercise_run *run, const struct file_ident *ids,
			     const char *rundir, const char *path);

/* Whether two keys are the same key_t (compared as 32-bit values, so
 * 0xffffffff == -1). */
bool key_equal(long long a, long long b);

#endif /* GRADERS_EXERCISE_KEY_H */
