/*
 * zip.h - write a zip archive of stored (uncompressed) files: enough for
 * Gradescope's autograder upload, with no library and no zip program.
 *
 *   struct zip z;
 *   if (zip_open(&z, "out.zip") < 0) ...          (errno set)
 *   zip_add(&z, "run_autograder", text, len, 0755);
 *   zip_add_file(&z, "src/Makefile", "Makefile");  (mode from the file)
 *   if (zip_close(&z) < 0) ...                     (the first error of all)
 *
 * Names are stored as given (UTF-8, '/' separated); modes go in the Unix
 * external attributes, so unzip restores the executable bit. Files and the
 * archive must stay under 4 GiB and 65535 entries (no zip64). After a
 * failed call the others do nothing and zip_close() returns -1 (the
 * partial file is removed).
 */
#ifndef GRADERS_ZIP_H
#define GRADERS_ZIP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct zip_entry;

struct zip {
	FILE *out;
	char *path;
	struct zip_entry *entries;
	size_t n, cap;
	uint32_t offset; /* bytes written so far */
	int err;	 /* errno of the first failure, or 0 */
};

int zip_open(struct zip *z, const char *path);
int zip_add(struct zip *z, const char *name, const void *data, size_t len, unsigned mode);
int zip_add_file(struct zip *z, const char *name, const char *path);
int zip_close(struct zip *z);

#endif /* GRADERS_ZIP_H */
