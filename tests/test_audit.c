/*
 * test_audit.c - the teardown audit of the harness tests (test_audit.h).
 *
 * This file defines no suite (see test_util.c): it is just linked in.
 */
#include "tests/test_audit.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/test_util.h"

/* The audit's state: the snapshots; the tag ("" for none); the host pids
 * of the processes of the runs made meanwhile (tu_audit_note_run). */
static char *audit_ipc_before;
static struct tu_proc *audit_procs_before;
static size_t audit_nprocs_before;
static char audit_tag[64];
static bool audit_active;
static pid_t audit_host_pids[1024];
static size_t audit_nhost;
static bool audit_shared;

/* The identity of every host IPC object, one line each: kind, key, id,
 * perms (and the creator pid for segments). Times and counters, which
 * legitimately change, are left out. */
static char *audit_ipc_snapshot(void)
{
	static const char *const files[] = { "/proc/sysvipc/shm", "/proc/sysvipc/sem",
					     "/proc/sysvipc/msg" };
	char *out = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&out, &len);

	ck_assert(f != NULL);
	for (i = 0; i < 3; i++) {
		char *text = tu_file_read(files[i]), *save = NULL, *line;

		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char key[32], id[32], perms[32], size[32], cpid[32];

			if (sscanf(line, "%31s %31s %31s %31s %31s", key, id, perms, size, cpid) <
				    3 ||
			    !strcmp(key, "key"))
				continue;
			fprintf(f, "%s key=%s id=%s perms=%s", files[i] + 14, key, id, perms);
			fprintf(f, i == 0 ? " cpid=%s\n" : "\n", cpid);
		}
		free(text);
	}
	fclose(f);
	return out;
}

/* Whether another shmgrade or test runner (not us, our ancestors or our
 * descendants) runs on this machine now: then the host's IPC tables may
 * change under us for reasons that are not this test's. */
static bool audit_others_running(void)
{
	struct tu_proc *now;
	size_t n = tu_procs_list((uid_t)-1, &now), i;
	bool others = false;

	for (i = 0; i < n && !others; i++) {
		pid_t p = now[i].pid;

		if (strcmp(now[i].comm, "check_shmgrade") && strcmp(now[i].comm, "shmgrade"))
			continue;
		others = p != getpid() && !tu_proc_descends(getpid(), p) &&
			 !tu_proc_descends(p, getpid());
	}
	free(now);
	return others;
}

void tu_audit_begin(const char *tag)
{
	snprintf(audit_tag, sizeof(audit_tag), "%s", tag ? tag : "");
	audit_nhost = 0;
	audit_shared = audit_others_running();
	audit_ipc_before = audit_ipc_snapshot();
	audit_nprocs_before = tu_procs_list((uid_t)-1, &audit_procs_before);
	audit_active = true;
}

void tu_audit_begin_untagged(void)
{
	tu_audit_begin(NULL);
}

void tu_audit_note_run(const struct run_record *rec)
{
	size_t i;

	for (i = 0; audit_active && i < rec->nprocesses && audit_nhost < 1024; i++)
		audit_host_pids[audit_nhost++] = rec->processes[i].host_pid;
}

/* A process that was not there before and belongs to the run: one of our
 * descendants, or one carrying the run's tag. */
static bool audit_is_leftover(const struct tu_proc *p)
{
	size_t i;

	for (i = 0; i < audit_nprocs_before; i++)
		if (audit_procs_before[i].pid == p->pid && audit_procs_before[i].start == p->start)
			return false;
	if (p->pid == getpid())
		return false;
	return tu_proc_descends(p->pid, getpid()) ||
	       (*audit_tag && strstr(p->cmdline, audit_tag) != NULL);
}

/* The leftovers now, as "pid comm (exe), ..." ("" when none; malloc'ed). */
static char *audit_leftovers(void)
{
	struct tu_proc *now;
	size_t n = tu_procs_list((uid_t)-1, &now), i, len = 0;
	char *out = NULL;
	FILE *f = open_memstream(&out, &len);

	ck_assert(f != NULL);
	for (i = 0; i < n; i++)
		if (audit_is_leftover(&now[i]))
			fprintf(f, "%d %s (%s), ", (int)now[i].pid, now[i].comm, now[i].exe);
	fclose(f);
	free(now);
	return out;
}

/* Whether text has line as one of its lines. */
static bool audit_has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p;

	for (p = strstr(text, line); p; p = strstr(p + 1, line))
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return true;
	return false;
}

/* A host segment line of after, not in before, made by a process of the
 * run ("shm key=.. id=.. perms=.. cpid=N"): the sandbox leaked. */
static bool audit_ipc_from_run(const char *before, const char *after)
{
	char *copy = strdup(after), *save = NULL, *line;
	bool found = false;
	size_t i;

	for (line = strtok_r(copy, "\n", &save); line && !found;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *cpid = strstr(line, " cpid=");

		if (!cpid || audit_has_line(before, line))
			continue;
		for (i = 0; i < audit_nhost; i++)
			found |= atoi(cpid + 6) == audit_host_pids[i];
	}
	free(copy);
	return found;
}

/* The host's IPC tables are as before. When another shmgrade runs at the
 * same time they may change for its reasons: then only objects made by
 * this run's processes count, and the change is noted on stderr. */
static void audit_check_ipc(void)
{
	char *after = audit_ipc_snapshot();

	if (strcmp(audit_ipc_before, after) != 0) {
		if (!audit_shared && !audit_others_running())
			ck_abort_msg("host IPC objects changed:\nbefore:\n%safter:\n%s",
				     audit_ipc_before, after);
		ck_assert_msg(!audit_ipc_from_run(audit_ipc_before, after),
			      "the run left IPC objects on the host:\n%s", after);
		fprintf(stderr, "audit: host IPC tables changed during the test while another "
				"shmgrade ran; none of the changes is this run's\n");
	}
	free(after);
}

void tu_audit_end(void)
{
	char *left = NULL;
	int tries;

	/* harness_run() returned: the tree must already be gone. Allow the
	 * kernel a moment to finish tearing down killed tasks. */
	for (tries = 0; tries < 20; tries++) {
		free(left);
		left = audit_leftovers();
		if (!*left)
			break;
		usleep(50000);
	}
	ck_assert_msg(!*left, "processes of the run left on the host: %s", left);
	audit_check_ipc();
	ck_assert_msg(kill(getppid(), 0) == 0, "the test runner is gone");
	free(left);
	free(audit_ipc_before);
	free(audit_procs_before);
	audit_active = false;
}
