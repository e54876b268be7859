/*
 * cli.h - what the subcommands of the shmgrade executable share.
 *
 * Each subcommand is a function `int cmd_NAME(int argc, char **argv)` that
 * returns the process exit code: 0 success / every check passed, 1 the
 * student's program failed something, 2 shmgrade itself or its input broke
 * (isolate's split; doc/architecture.md). argv[0] is the subcommand's name.
 */
#ifndef GRADERS_CLI_H
#define GRADERS_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum { EXIT_PASS = 0, EXIT_FAIL = 1, EXIT_ERROR = 2 };

int cmd_trace(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_gradescope_package(int argc, char **argv);
int cmd_grade(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* Print "shmgrade: " and the message to stderr; returns EXIT_ERROR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parse a positive number option ("--timeout 2.5"); -1 with a message when
 * text is not one. */
int cli_parse_double(const char *opt, const char *text, double min, double max, double *out);
int cli_parse_uint(const char *opt, const char *text, unsigned min, unsigned max, unsigned *out);
/* A seed of --seed: a whole number from 0 to RUN_SEED_MAX. */
int cli_parse_seed(const char *opt, const char *text, unsigned long long *out);

struct run_inject;

/* Parse one --inject CALL:ERRNO[:N|all] into list[*n] and count it (at most
 * INJECT_MAX, inject.h); -1 with a message when text is not one. */
int cli_parse_inject(const char *text, struct run_inject *list, size_t *n);

/* Make the folder path unless it exists; EXIT_ERROR with a message when
 * it cannot, else 0. */
int cli_mkdir(const char *path);

/* Whether to colour output on f: a terminal, and NO_COLOR unset. */
bool cli_use_color(FILE *f);

#endif /* GRADERS_CLI_H */
