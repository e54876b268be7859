/*
 * b_raw_syscall.c - blind spot: IPC through syscall(2), bypassing the libc
 * wrappers. Create, attach, detach, remove: all four must be traced.
 */
#include <stdio.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long id = syscall(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	long addr;

	if (id < 0)
		return perror("shmget"), 1;
	addr = syscall(SYS_shmat, id, NULL, 0);
	if (addr == -1)
		return perror("shmat"), 1;
	syscall(SYS_shmdt, addr);
	return syscall(SYS_shmctl, id, IPC_RMID, NULL) < 0;
}
