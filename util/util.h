/*
 * util.h - small helpers shared by harness/ and graders/ (it includes
 * neither): whole reads and writes, an EINTR retry, ARRAY_SIZE and the one
 * monotonic clock.
 *
 * The I/O helpers behave like the system calls they wrap: they return -1
 * with errno set (errno is the failing call's, never overwritten by a later
 * close), retry on EINTR and go on after a short write, and leave it to the
 * caller to report or die. They only call async-signal-safe functions, so
 * a child between fork and exec may use them.
 */
#ifndef UTIL_UTIL_H
#define UTIL_UTIL_H

#include <errno.h>
#include <stddef.h>
#include <sys/types.h>

/* Number of elements of array a. A pointer does not compile (GCC and
 * clang's __builtin_types_compatible_p tells the two apart). */
#define ARRAY_SIZE(a)                                                                              \
	(sizeof(a) / sizeof((a)[0]) +                                                              \
	 0 * sizeof(char[1 -                                                                       \
			 2 * __builtin_types_compatible_p(__typeof__(a), __typeof__(&(a)[0]))]))

/* Evaluate expr (a system call returning -1 and errno) again while it
 * fails with EINTR; the value is expr's last, of expr's type. Like glibc's
 * TEMP_FAILURE_RETRY, kept here so that it does not depend on the feature
 * macros. */
#define EINTR_RETRY(expr)                                                                          \
	__extension__({                                                                            \
		__typeof__(expr) eintr_retry_r_;                                                   \
		do                                                                                 \
			eintr_retry_r_ = (expr);                                                   \
		while (eintr_retry_r_ == -1 && errno == EINTR);                                    \
		eintr_retry_r_;                                                                    \
	})

/* Write all len bytes of buf to fd: 0, or -1 with errno (EIO when write
 * returned 0, which a pipe or file never does for len > 0). */
int util_write_all(int fd, const void *buf, size_t len);

/* Read until len bytes or end of file: the number of bytes read (less than
 * len only at end of file), or -1 with errno. */
ssize_t util_read_all(int fd, void *buf, size_t len);

/* open(path, O_WRONLY | O_CLOEXEC | flags, mode) relative to dirfd
 * (AT_FDCWD or a directory), write all len bytes of buf and close: 0, or
 * -1 with the errno of the step that failed (a failed close counts).
 * flags adds O_CREAT, O_TRUNC, O_EXCL, O_NOFOLLOW... as the caller needs. */
int util_write_file_at(int dirfd, const char *path, int flags, mode_t mode, const void *buf,
		       size_t len);

/* Resolve a program name the way a shell does: a name with a slash as a
 * path, else through PATH (/usr/local/bin:/usr/bin:/bin when unset).
 * Returns a malloc'ed absolute path, or NULL when there is none. */
char *util_find_program(const char *name);

/* CLOCK_MONOTONIC in nanoseconds: the one clock for elapsed times,
 * deadlines and wall_ms (an arbitrary origin: compare, never print). */
long long util_monotonic_ns(void);

#endif /* UTIL_UTIL_H */
