/*
 * rules_names.h - processes, segments and programs named the way a student
 * reads them: "the child (pid 3)", "the segment (shmid 0) created by the
 * program (pid 2)", "mi_practica.c" rather than an internal name.
 */
#ifndef GRADERS_RULES_NAMES_H
#define GRADERS_RULES_NAMES_H

#include <sys/types.h>

#include "graders/rules/rules.h"

/* "the program (pid 2)" for a program's first process, "the child (pid 3)"
 * for one it forked, "process 7" for a pid the record does not know; in
 * lang, xmalloc'ed. */
char *rules_who(const struct run_record *rec, pid_t pid, enum lang lang);

/* "the segment (shmid 0) created by the child (pid 3)", or "the segment
 * (shmid 0)" when its creator is unknown (a precondition: "the existing
 * segment (shmid 0)"); xmalloc'ed. */
char *rules_segment(const struct run_record *rec, int shmid, enum lang lang);

/* The name the student knows program pk by: its source file when the
 * exercise names one, the file handed in when the exercise has a single
 * program, else the exercise's name for it. Never NULL; static or owned
 * by ctx. */
const char *rules_prog_name(const struct rule_ctx *ctx, long pk);

/* Set out to a segment's name followed by a text per language (which
 * the caller formatted): "the segment (shmid 0) created by ... has 2
 * bytes; expected 8". Frees es and en. */
void rules_set_segment(struct rule_result *out, const struct run_record *rec, int shmid, char *es,
		       char *en);

/* The same with a process's name first: "the child (pid 3) never
 * attached the segment". Frees es and en. */
void rules_set_who(struct rule_result *out, const struct run_record *rec, pid_t pid, char *es,
		   char *en);

#endif /* GRADERS_RULES_NAMES_H */
