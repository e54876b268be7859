/*
 * sandbox_probe.c - can this host make the sandbox's namespaces
 * (sandbox_probe.h)? A child tries what a run's launcher and init do.
 */
#include "harness/sandbox_probe.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/sandbox.h"
#include "harness/sandbox_fs.h"
#include "harness/run_uid.h"
#include "util/util.h"

/* The probe's child: make the namespaces, let the parent write the maps
 * (as for a real run: as root only the parent may map the run's uids),
 * then check
 * that a pid 1 can do init's mounts: a clone of its cwd, everything
 * read-only, a private /proc. */
static __attribute__((noreturn)) void sandbox_probe_child(int ready_fd, int go_fd)
{
	char go = 0;
	pid_t pid;
	int st;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (geteuid() == 0 && setgroups(0, NULL) < 0)
		_exit(1);
	/* Without CLONE_NEWNET, which costs 0.4 ms here and is refused only
	 * where user namespaces are (a network namespace needs no more than
	 * CAP_SYS_ADMIN in the new user namespace). */
	if (unshare(SANDBOX_NS_FLAGS & ~CLONE_NEWNET) < 0)
		_exit(1);
	if (write(ready_fd, "r", 1) != 1 || read(go_fd, &go, 1) != 1 || go != 'g')
		_exit(1);
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		_exit(1);
	/* A real run clones its own run directory, which its uid can enter;
	 * the caller's cwd may be a folder it cannot (a checkout in a 0700
	 * folder of root's, as CI clones it): clone "/" instead, or the probe
	 * says "no namespaces" where runs do use them. */
	if (chdir("/") < 0)
		_exit(1);
	pid = fork();
	if (pid < 0)
		_exit(1);
	if (pid == 0)
		_exit(sandbox_fs_check() < 0 ? 1 : 0);
	if (waitpid(pid, &st, 0) < 0)
		_exit(1);
	_exit(WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1);
}

bool sandbox_probe(void)
{
	int ready[2], go[2], st;
	bool ok = false, root = geteuid() == 0;
	/* Mapped as a real run maps (run.c): as root, uid 0 of the run is the
	 * slot's second uid (run_uid.h), else the caller maps itself. */
	uid_t uid = root ? run_uid() + 1 : geteuid();
	gid_t gid = root ? (gid_t)uid : getegid();
	char r = 0;
	pid_t pid;

	if (root && uid == 0) /* run_uid() failed: no slot */
		return false;
	if (pipe2(ready, O_CLOEXEC) < 0)
		return false;
	if (pipe2(go, O_CLOEXEC) < 0) {
		close(ready[0]);
		close(ready[1]);
		return false;
	}
	pid = fork();
	if (pid == 0)
		sandbox_probe_child(ready[1], go[0]);
	close(ready[1]);
	close(go[0]);
	if (pid > 0 && read(ready[0], &r, 1) == 1 &&
	    sandbox_maps_write(pid, uid, gid, (uid_t)-1) == 0 && write(go[1], "g", 1) == 1)
		ok = true;
	close(ready[0]);
	close(go[1]); /* without "g" the child gives up */
	if (pid < 0)
		return false;
	if (EINTR_RETRY(waitpid(pid, &st, 0)) < 0)
		return false;
	return ok && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}
