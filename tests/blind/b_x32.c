/*
 * b_x32.c - blind spot: the x32 ABI, x86_64 system call numbers with bit
 * 30 set (__X32_SYSCALL_BIT). A filter that compares numbers without that
 * bit would let an x32 shmget through. Kernels without CONFIG_X86_X32_ABI
 * answer ENOSYS; with it, the call must be traced (or refused).
 * Prints "x32 shmget: <id>" or "x32 shmget: -1 ERRNO".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#define X32_BIT 0x40000000L

int main(void)
{
	long id = syscall(X32_BIT | SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | 0600);

	if (id < 0)
		printf("x32 shmget: -1 %s\n", strerrorname_np(errno));
	else
		printf("x32 shmget: %ld\n", id);
	return 0;
}
