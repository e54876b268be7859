/*
 * trace_pid.c - calls aimed at other processes, fallback mode (trace_pid.h).
 *
 * Without a PID namespace a program shares pids with the grader and every
 * other process of the same user: kill(grader, SIGSTOP), prlimit64 on it or
 * a pidfd of it would reach it. The seccomp filter traces those calls
 * (FILTER_TAG_PID) and this file decides.
 */
#include "harness/trace_pid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/filter.h"

/* One of the run's program processes: a live traced task, or a process of
 * the record whose pid is not in use by anyone else (a zombie its parent
 * has not reaped yet: kill() on it succeeds natively). */
static bool trace_pid_ours(struct trace *t, pid_t pid)
{
	const struct trace_task *task = trace_task_find(t, pid);
	char path[64], buf[256], *close_paren;
	FILE *f;
	size_t i;
	bool zombie = false;

	if (task)
		return task->role == TRACE_ROLE_PROGRAM || task->role == TRACE_ROLE_SETUP;
	for (i = 0; i < t->rec->nprocesses && t->rec->processes[i].host_pid != pid; i++)
		;
	if (i == t->rec->nprocesses)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return true; /* gone: the call fails with ESRCH */
	if (fgets(buf, sizeof(buf), f) && (close_paren = strrchr(buf, ')')) != NULL)
		zombie = close_paren[1] == ' ' && close_paren[2] == 'Z';
	fclose(f);
	return zombie;
}

/* The pid a pidfd (or an fd of a /proc/PID directory) of task names, or 0. */
static pid_t trace_pid_of_fd(pid_t tid, int fd)
{
	char path[64], line[128], link[64];
	long pid = 0;
	ssize_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)tid, fd);
	f = fopen(path, "re");
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "Pid:", 4))
				pid = strtol(line + 4, NULL, 10);
		fclose(f);
	}
	if (pid > 0)
		return (pid_t)pid;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)tid, fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 6)
		return 0;
	link[n] = '\0';
	if (strncmp(link, "/proc/", 6) || strspn(link + 6, "0123456789") != (size_t)(n - 6))
		return 0;
	return (pid_t)strtol(link + 6, NULL, 10);
}

bool trace_pid_allowed(struct trace *t, const struct trace_task *task, unsigned arch, long long nr,
		       const unsigned long long *args)
{
	int arg = 0;
	enum filter_target kind = filter_pid_target(arch, nr, &arg);
	int v = (int)args[arg]; /* pids and fds are ints */

	switch (kind) {
	case FILTER_TARGET_PID:
		if (v == 0) /* kill(0): the caller's group; others: itself */
			return true;
		if (v == -1)
			return false;
		return trace_pid_ours(t, v < 0 ? -v : v);
	case FILTER_TARGET_PIDFD: {
		pid_t pid = trace_pid_of_fd(task->tid, v);

		return pid > 0 && trace_pid_ours(t, pid);
	}
	default: return false;
	}
}
