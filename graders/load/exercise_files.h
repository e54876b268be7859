/*
 * exercise_files.h - the files a run finds in its working directory
 * (struct exercise_file), written before any program starts.
 */
#ifndef GRADERS_EXERCISE_FILES_H
#define GRADERS_EXERCISE_FILES_H

struct exercise_run;

/* Create run->files in dir (which exists). Returns 0, or -1 with errno set
 * (the files made so far stay: dir is the caller's to clean). */
int exercise_run_files_create(const struct exercise_run *run, const char *dir);

#endif /* GRADERS_EXERCISE_FILES_H */
