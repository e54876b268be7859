/*
 * rules_proc.h - the roles of a run's processes for the rules: parent or
 * child, which program, creator of an object, and a program's output.
 */
#ifndef GRADERS_RULES_PROC_H
#define GRADERS_RULES_PROC_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/rules/rules.h"

/* The process with pid, or NULL. */
const struct process *rules_proc(const struct run_record *rec, pid_t pid);

/* Whether proc was started by the harness (the first process of one of the
 * run's programs) rather than forked by the program. */
bool rules_is_parent(const struct run_record *rec, const struct process *proc);

/* The index into ex->progs of the program proc belongs to (-1 unknown). */
long rules_proc_prog(const struct rule_run *run, const struct process *proc);

/* Whether pid is the creator of some object the run created itself. */
bool rules_is_creator(const struct run_record *rec, pid_t pid);

/* Whether the process pid plays role who (WHO_EVERY and WHO_ANY: always)
 * and belongs to program prog (-1: any). Unknown pids match only WHO_ANY
 * and WHO_EVERY with prog -1. */
bool rules_who_match(const struct rule_run *run, pid_t pid, enum who who, long prog);

/* The output of program prog (index into ex->progs; -1: the first program
 * started), or NULL when it never ran. */
const struct program_output *rules_output(const struct rule_run *run, long prog);

#endif /* GRADERS_RULES_PROC_H */
