/*
 * test_audit.h - the teardown audit of the harness tests (the research
 * report's self-test 6): after a test, the host's SysV IPC tables are as
 * they were before it and no process of its runs is left on the machine.
 *
 * Use it as a checked fixture: tu_audit_begin() in the setup, tu_audit_end()
 * in the teardown; tu_run() reports each run with tu_audit_note_run().
 *
 * "As before" is exact (/proc/sysvipc/{shm,sem,msg}: kind, key, id, perms,
 * creator pid), unless another shmgrade or test runner is running on the
 * machine meanwhile (a developer's second test run): then only objects made
 * by a process of this test's runs count, and the change is noted on stderr.
 * A process is the run's when it descends from the test process or carries
 * the tag in its command line.
 */
#ifndef TESTS_TEST_AUDIT_H
#define TESTS_TEST_AUDIT_H

#include "harness/record.h"

/* Snapshot the host; tag (NULL: none) marks the run's processes. */
void tu_audit_begin(const char *tag);

/* tu_audit_begin(NULL), shaped as a checked fixture's setup. */
void tu_audit_begin_untagged(void);

/* Remember the host pids of a run's processes (no-op outside an audit). */
void tu_audit_note_run(const struct run_record *rec);

/* Assert the host is as at tu_audit_begin(): no new or vanished IPC object,
 * no process of the runs left (waits up to 1 s for dying ones). */
void tu_audit_end(void);

#endif /* TESTS_TEST_AUDIT_H */
