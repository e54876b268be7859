/*
 * prog_syscalls.c - bench: 2,000,000 non-IPC system calls (getppid through
 * syscall(), so no libc caching). Under shmgrade only the seccomp filter
 * may cost: ptrace must never stop on them. Goal: traced/bare <= 1.3.
 */
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long i, sum = 0;

	for (i = 0; i < 2000000; i++)
		sum += syscall(SYS_getppid);
	return sum == 0; /* a ppid is never 0 here: keeps the loop */
}
