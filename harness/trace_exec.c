/*
 * trace_exec.c - refuse the exec of a program the run did not get from
 * the build (trace_exec.h).
 *
 * The check runs at the exec event stop: the new program is loaded but
 * has not run one instruction, and /proc/TID/exe names the file the kernel
 * really mapped (no path a second thread could swap).
 */
#include "harness/trace_exec.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/xalloc.h"

/* The dynamic loader run as a program maps any file it is given as code
 * (ld-linux-x86-64.so.2 /tmp/decoded). */
static bool trace_exec_is_loader(pid_t tid)
{
	char link[64], target[4096];
	const char *base;
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%d/exe", (int)tid);
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return false;
	target[n] = '\0';
	base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	return !strncmp(base, "ld-linux", 8) || !strncmp(base, "ld.so", 5) ||
	       !strncmp(base, "ld64.so", 7) || !strncmp(base, "ld-musl", 7);
}

bool trace_exec_allowed(const struct trace *t, pid_t tid)
{
	char link[64];
	struct stat st;
	size_t i;

	if (!t->cfg.exec_checked)
		return true;
	snprintf(link, sizeof(link), "/proc/%d/exe", (int)tid);
	if (stat(link, &st) < 0)
		return false;
	for (i = 0; i < t->cfg.nexes; i++)
		if (t->cfg.exes[i].dev == st.st_dev && t->cfg.exes[i].ino == st.st_ino)
			return true;
	/* The machine's programs: root's, which no program of a run can write
	 * (they never run as the host's root). */
	return st.st_uid == 0 && !(st.st_mode & (S_IWGRP | S_IWOTH)) && !trace_exec_is_loader(tid);
}

void trace_exec_refuse(struct trace *t, struct trace_task *task, char *name)
{
	struct event *ev = trace_event_new(t, task, CALL_DENIED);

	ev->args[0].name = "syscall";
	ev->args[0].kind = ARG_STR;
	ev->args[0].str = xasprintf("execve %s", name ? name : "?");
	ev->nargs = 1;
	ev->result = -1;
	ev->err = EACCES;
	t->rec->denied_calls++;
	free(name);
	kill(task->tid, SIGKILL);
}
