/*
 * sim_deny.c - run a command where the host refuses what shmgrade's
 * namespace mode needs, the way real deployments do (tests/cli/modes.sh).
 *
 *   sim_deny docker   -- CMD ARGS   Docker's default seccomp profile, as it
 *                                   refuses a process without CAP_SYS_ADMIN:
 *                                   unshare, setns, mount and its family,
 *                                   clone with a CLONE_NEW* flag -> EPERM,
 *                                   clone3 -> ENOSYS; keyctl, bpf, ... ->
 *                                   EPERM. Run it as root, then limit the
 *                                   capabilities with setpriv --bounding-set
 *                                   (Docker's 14 defaults): CMD may be setpriv.
 *   sim_deny nouserns -- CMD ARGS   a host with unprivileged user namespaces
 *                                   off (kernel.unprivileged_userns_clone=0,
 *                                   max_user_namespaces=0): CLONE_NEWUSER in
 *                                   unshare or clone -> EPERM.
 *   sim_deny nomount  -- CMD ARGS   Ubuntu 24.04's AppArmor rule: the user
 *                                   namespace is made, but the process in it
 *                                   has no capability: every mount -> EPERM.
 *
 * The filter is inherited by every child and kept across exec, like the
 * real refusals. It is only a simulation: Docker's profile is an allow-list
 * (default EPERM) of ~350 calls; here the default is to allow and only the
 * calls Docker refuses that a grader could meet are refused (see README's
 * "Deployments" section for what differs).
 *
 * Exit: CMD's status, or 2 when the filter could not be installed.
 */
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* Calls Docker's profile allows only with CAP_SYS_ADMIN (or never) that a
 * grader or a student program might make. */
static const char *const sim_docker_eperm[] = {
	"unshare",
	"setns",
	"mount",
	"umount2",
	"pivot_root",
	"move_mount",
	"open_tree",
	"fsopen",
	"fsmount",
	"fsconfig",
	"fspick",
	"mount_setattr",
	"keyctl",
	"add_key",
	"request_key",
	"bpf",
	"perf_event_open",
	"userfaultfd",
	"fanotify_init",
	"lookup_dcookie",
	"quotactl",
	"name_to_handle_at",
	"open_by_handle_at",
	"syslog",
	"acct",
	"swapon",
	"swapoff",
	"reboot",
	"sethostname",
	"setdomainname",
	"settimeofday",
	"clock_settime",
	"clock_adjtime",
	"init_module",
	"finit_module",
	"delete_module",
	"kexec_load",
	"kexec_file_load",
	"iopl",
	"ioperm",
	"vhangup",
	"nfsservctl",
	"uselib",
	NULL,
};

static const char *const sim_mount_eperm[] = {
	"mount",   "umount2",  "pivot_root", "move_mount",    "open_tree", "fsopen",
	"fsmount", "fsconfig", "fspick",     "mount_setattr", NULL,
};

static int sim_eperm_list(scmp_filter_ctx ctx, const char *const *names)
{
	int nr;

	for (; *names; names++) {
		nr = seccomp_syscall_resolve_name(*names);
		if (nr == __NR_SCMP_ERROR)
			continue; /* not on this architecture */
		if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0) < 0)
			return -1;
	}
	return 0;
}

/* clone (flags in argument 0 on x86) and unshare with any of mask. */
static int sim_eperm_flags(scmp_filter_ctx ctx, unsigned long long mask, bool with_unshare)
{
	/* Any one bit of the mask is enough: one rule per bit. */
	for (unsigned long long bit = 1; bit && bit <= mask; bit <<= 1) {
		if (!(mask & bit))
			continue;
		if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
				     SCMP_A0(SCMP_CMP_MASKED_EQ, bit, bit)) < 0)
			return -1;
		if (with_unshare && seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare),
						     1, SCMP_A0(SCMP_CMP_MASKED_EQ, bit, bit)) < 0)
			return -1;
	}
	return 0;
}

static int sim_build(scmp_filter_ctx ctx, const char *profile)
{
	/* Docker's clone rule: CLONE_NEWNS|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET|NEWCGROUP. */
	const unsigned long long newall = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
					  CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET |
					  CLONE_NEWCGROUP;

	if (seccomp_arch_add(ctx, SCMP_ARCH_X86) < 0 && errno != EEXIST)
		return -1;
	if (!strcmp(profile, "docker")) {
		if (sim_eperm_list(ctx, sim_docker_eperm) < 0 ||
		    sim_eperm_flags(ctx, newall, false) < 0)
			return -1;
		return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	}
	if (!strcmp(profile, "nouserns")) {
		if (sim_eperm_flags(ctx, CLONE_NEWUSER, true) < 0)
			return -1;
		/* clone3 carries its flags in memory: refuse it as Docker does,
		 * glibc falls back to clone. */
		return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	}
	if (!strcmp(profile, "nomount"))
		return sim_eperm_list(ctx, sim_mount_eperm);
	errno = EINVAL;
	return -1;
}

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx;

	if (argc < 4 || strcmp(argv[2], "--")) {
		fprintf(stderr, "usage: sim_deny docker|nouserns|nomount -- CMD [ARGS...]\n");
		return 2;
	}
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx || sim_build(ctx, argv[1]) < 0) {
		fprintf(stderr, "sim_deny: building the '%s' filter failed\n", argv[1]);
		return 2;
	}
	/* Root may load a filter without no_new_privs (Docker's case: setuid
	 * programs keep working); anyone else needs it. */
	if (geteuid() != 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return perror("sim_deny: PR_SET_NO_NEW_PRIVS"), 2;
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (seccomp_load(ctx) < 0) {
		fprintf(stderr, "sim_deny: loading the filter failed\n");
		return 2;
	}
	seccomp_release(ctx);
	execvp(argv[3], argv + 3);
	fprintf(stderr, "sim_deny: %s: %s\n", argv[3], strerror(errno));
	return 127;
}
