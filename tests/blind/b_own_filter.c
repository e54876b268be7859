/*
 * b_own_filter.c - blind spot: a program installing a seccomp filter of its
 * own. A filter returning RET_TRACE with another tag, or RET_USER_NOTIF,
 * would outrank the sandbox's and hide the IPC calls after it, so both ways
 * of installing one (prctl and the seccomp syscall) must be refused, and
 * the shmget that follows must still be traced.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	struct sock_filter f[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE) };
	struct sock_fprog prog = { 1, f };
	int id;

	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		printf("prctl: %s\n", errno == EPERM ? "EPERM" : strerror(errno));
	else
		printf("prctl: installed\n");
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		printf("seccomp: %s\n", errno == EPERM ? "EPERM" : strerror(errno));
	else
		printf("seccomp: installed\n");
	id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	shmctl(id, IPC_RMID, NULL);
	return 0;
}
