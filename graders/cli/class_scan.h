/*
 * class_scan.h - the submissions of a class folder, as `shmgrade grade`
 * sees them: one student per entry, named after the download layout.
 *
 *   layout   entry of CLASS_DIR                           student, id
 *   moodle   "Full Name_12345_assignsubmission_file_/"     Full Name, 12345
 *            "Full Name_12345_assignsubmission_file_x.c"   (files of one
 *            student, downloaded without folders, are grouped)
 *   canvas   "lastfirst_12345_67890_x.c", "..._LATE_..."   lastfirst, 12345
 *            (files with the same student and id are grouped)
 *   git      a folder with a .git inside                    folder name, with
 *            the prefix every repository shares removed     (GitHub Classroom:
 *            "lab1-octocat" -> octocat), id: the same
 *   folder   any other folder                              its name, ""
 *   file     NAME.c                                        NAME, ""
 *
 * Hidden entries (".x"), __MACOSX, other files and the skip folder (grade's own
 * output when it lives inside CLASS_DIR) are left out; files left out are
 * listed in skipped. Names are kept byte for byte (accents, spaces, commas,
 * quotes); the reporters escape them.
 *
 * Each submission gets a slug, the name of its folder in the output: ASCII
 * letters, digits, '-' and '_' only (accents transliterated), "name_id"
 * when there is an id, else the name plus a short hash of the entry when
 * the name had to change (so "José" and "Jose" stay apart); two entries
 * that still meet ("x.c" and "x/") get a hash of the entry too. Shards scan
 * the whole class, so they agree on every slug.
 */
#ifndef GRADERS_CLASS_SCAN_H
#define GRADERS_CLASS_SCAN_H

#include <stdbool.h>
#include <stddef.h>

/* A file of a grouped submission: its path and its name inside the folder
 * the grouped files are put in (the name the student gave it). */
struct class_member {
	char *path, *name;
};

struct class_sub {
	char *entry;	    /* the (first) entry name in CLASS_DIR: the sort key */
	char *path;	    /* CLASS_DIR/entry */
	char *student, *id; /* id "" when the layout has none */
	const char *layout; /* "moodle", "canvas", "git", "folder", "file" */
	char *slug;
	/* Grouped files (nmembers > 1): graded as one folder holding them
	 * (class_sub_stage); else NULL, 0 and path is the submission. */
	struct class_member *members;
	size_t nmembers;
};

struct class_list {
	struct class_sub *subs; /* sorted by entry (bytes) */
	size_t n;
	char **skipped; /* entry names left out */
	size_t nskipped;
};

/* Scan dir into l. skip: a path left out when it is an entry of dir (may
 * be NULL). Returns 0, or -1 with errno (dir unreadable). */
int class_scan(const char *dir, const char *skip, struct class_list *l);
void class_list_release(struct class_list *l);

/* Add the submission's content to a SHA-256: every file of its folder (.git
 * left out) with its relative path, or each member with its name. Returns
 * 0, or -1 with errno when something could not be read. */
struct sha256;
int class_sub_hash(const struct class_sub *s, struct sha256 *h);

/* Add the file, link or folder at path (a folder with everything under
 * it, .git left out) to a SHA-256 the same way. Returns 0, or -1 with
 * errno. */
int class_scan_hash_path(const char *path, struct sha256 *h);

/* Copy a grouped submission's members into the existing folder dir.
 * Returns 0 or -1 with errno. */
int class_sub_stage(const struct class_sub *s, const char *dir);

/* The share (0..n-1) a submission belongs to: a stable hash of its slug. */
unsigned class_sub_shard(const struct class_sub *s, unsigned n);

#endif /* GRADERS_CLASS_SCAN_H */
