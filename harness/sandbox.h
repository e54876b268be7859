/*
 * sandbox.h - the processes of a run before they become student programs:
 * the launcher, init (pid 1 of the run) and each program's pre-exec child.
 *
 * Everything here runs in forked children of the tracer and never returns
 * to the caller's code: the children talk to the tracer only through pipes
 * (struct sandbox_msg on cfg->status_fd) and exit with _exit(). See run.h's
 * "Theory of operation" for the topology.
 */
#ifndef HARNESS_SANDBOX_H
#define HARNESS_SANDBOX_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "harness/filter.h"
#include "harness/run.h"

/* One program, prepared by the tracer before anything forks. */
/*
 * The namespaces of a run: its own IPC objects, pids, mounts and network
 * (an empty one: only a loopback that is down, so a program reaches no
 * service of the machine, abstract unix sockets included), inside a user
 * namespace.
 */
#define SANDBOX_NS_FLAGS (CLONE_NEWUSER | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET)

struct sandbox_prog {
	/* O_PATH of the executable: exec'd by fd, as its path may be hidden
	 * by the run's /tmp. */
	int exec_fd;
	/* Absolute path of the directory holding the executable, or NULL. A
	 * directory under /tmp or /dev/shm is mounted again, read-only, at
	 * the same path inside the run's fresh tmpfs, so that a program can
	 * exec itself or a sibling by path (argv[0]). Owned by the caller. */
	char *dir_path;
	/* It starts with "#!": the interpreter opens /dev/fd/N, so exec_fd
	 * must survive the exec. */
	bool script;
	char *const *argv;
	char *const *envp;
	int stdin_fd;	    /* the program's stdin (a file or /dev/null) */
	int out_fd, err_fd; /* write ends of its stdout / stderr pipes */
	bool concurrent;
	double delay_ms;
};

struct sandbox_config {
	bool namespaces; /* false: fallback mode (no unshare, no mounts) */
	bool caller_root;
	uid_t uid; /* the programs' host uid and gid (run_uid.h) */
	/* Namespace mode without a student line in the map (an ordinary
	 * caller): each program makes a user namespace of its own, inside
	 * the run's, where it is SANDBOX_STUDENT_ID. */
	bool nested_student;
	int dir_fd;	      /* O_PATH of the working directory */
	const char *dir_path; /* its absolute path (realpath) */
	const struct sandbox_prog *progs;
	size_t nprogs;
	const char *const *ro_dirs; /* absolute folders seen read-only at their
				       own path (run_spec.ro_dirs) */
	size_t nro_dirs;
	const struct run_bind *binds; /* run_spec.binds */
	size_t nbinds;
	const char *const *hide_dirs; /* run_spec.hide_dirs */
	size_t nhide_dirs;
	bool exec_writable; /* run_spec.exec_writable */
	const struct run_precondition *pre;
	size_t npre;
	struct run_limits limits;
	const struct filter *filter;
	int status_fd;	 /* write end: launcher/init -> tracer */
	int go_fd;	 /* read end: tracer -> launcher ('a'ttached, 'g'o) */
	double grace_ms; /* orphans may outlive a group's first processes this long */
};

/* Messages to the tracer (each one write(), atomic on a pipe). */
enum sandbox_msg_type {
	SANDBOX_MSG_READY,	/* launcher: unshare done (a = 0) or failed (b = errno) */
	SANDBOX_MSG_PRE_ID,	/* init: precondition a has id b */
	SANDBOX_MSG_SETUP_FAIL, /* a = enum sandbox_step, b = errno */
	SANDBOX_MSG_EXEC_FAIL,	/* program a could not be executed, b = errno */
	SANDBOX_MSG_KILL_LEFT,	/* a group's grace ran out: kill its leftovers */
	SANDBOX_MSG_PRE_FAIL,	/* init: precondition a could not be made, b = errno */
	SANDBOX_MSG_STARTED,	/* init: program a started (b = its pid as init sees it) */
};

enum sandbox_step {
	SANDBOX_STEP_UNSHARE,
	SANDBOX_STEP_SETID,
	SANDBOX_STEP_FORK,
	SANDBOX_STEP_MOUNT_PRIVATE,
	SANDBOX_STEP_MOUNT_PROC,
	SANDBOX_STEP_MOUNT_DEVSHM,
	SANDBOX_STEP_MOUNT_TMP,
	SANDBOX_STEP_MOUNT_SYSCTL,
	SANDBOX_STEP_MOUNT_READONLY,
	SANDBOX_STEP_MOUNT_RUNDIR,
	SANDBOX_STEP_CHDIR,
	SANDBOX_STEP_PRE,
	SANDBOX_STEP_PIPE,
	SANDBOX_STEP_SUBREAPER,
	SANDBOX_STEP_COUNT_,
};

struct sandbox_msg {
	int type, a, b;
};

/* "mounting /proc", ...: what a step does, for messages. */
const char *sandbox_step_name(int step);

/*
 * Fork the launcher. The child waits for an 'a' on go_fd (the tracer has
 * attached), makes the namespaces, sends SANDBOX_MSG_READY, waits for a 'g'
 * on go_fd (maps written), then forks init and waits for it. Returns the
 * launcher's pid, or -1 with errno set.
 */
pid_t sandbox_launcher_start(const struct sandbox_config *cfg);

/* The uid and gid the programs have inside the run's user namespace: an
 * ordinary user, as on a lab machine (named "student" in the run's
 * /etc/passwd and /etc/group). */
#define SANDBOX_STUDENT_ID 1000u

/* Write the launcher's setgroups/uid_map/gid_map: inside 0 = root_id
 * outside (uid and gid: init and the harness's helpers), and, when
 * student_id is not (uid_t)-1, SANDBOX_STUDENT_ID = student_id (the
 * programs). An ordinary caller can map only itself (root_id = its uid and
 * gid, no student line): its programs then enter a user namespace of their
 * own where they are SANDBOX_STUDENT_ID (sandbox.c). Returns 0 or -1, errno. */
int sandbox_maps_write(pid_t launcher, uid_t root_uid, gid_t root_gid, uid_t student_id);

#endif /* HARNESS_SANDBOX_H */
