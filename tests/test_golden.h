/*
 * test_golden.h - the golden texts of test_golden.c, for the suites that
 * expect the same record from another program or another mode (fallback,
 * blind spots).
 */
#ifndef TESTS_TEST_GOLDEN_H
#define TESTS_TEST_GOLDEN_H

/* The tu_render() text the golden program name (tests/progs/g_*.c) must
 * produce, static. Fails the test when the table has none. */
const char *tu_golden_text(const char *name);

#endif /* TESTS_TEST_GOLDEN_H */
