/*
 * b_int80.c - blind spot: a 64-bit process can make i386 system calls with
 * `int $0x80` (when the kernel has CONFIG_IA32_EMULATION). Seccomp sees
 * them with AUDIT_ARCH_I386 and i386 numbers, which a filter written for
 * x86_64 numbers alone misses.
 *   1. shmget, i386 nr 395: creates a segment (IPC_PRIVATE, 4096);
 *   2. shmctl, i386 nr 396, IPC_RMID: removes it (the direct i386 shmctl
 *      takes no IPC_64 flag: with it the kernel says EINVAL);
 *   3. the old multiplexer ipc(), nr 117, call SHMGET (23): creates a
 *      second segment (key 0x5348000a, 8192) that is left behind on
 *      purpose, so the inventory must be explained by the trace.
 * No pointer arguments: int $0x80 truncates registers to 32 bits.
 * Prints "unsupported" and exits 77 if the kernel has no i386 entry.
 */
#include <stdio.h>
#include <sys/shm.h>

#define I386_IPC 117
#define I386_SHMGET 395
#define I386_SHMCTL 396
#define IPC_CALL_SHMGET 23

static long int80(long nr, long a, long b, long c, long d)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d)
			 : "memory", "cc", "r8", "r9", "r10", "r11");
	return ret;
}

int main(void)
{
	long id = int80(I386_SHMGET, IPC_PRIVATE, 4096, IPC_CREAT | 0600, 0);
	long rm, id2;

	if (id == -38) /* -ENOSYS: no i386 entry on this kernel */
		return puts("unsupported"), 77;
	rm = int80(I386_SHMCTL, id, IPC_RMID, 0, 0);
	id2 = int80(I386_IPC, IPC_CALL_SHMGET, 0x5348000a, 8192, IPC_CREAT | 0600);
	printf("shmget=%ld shmctl=%ld ipc_shmget=%ld\n", id, rm, id2);
	return id < 0 || rm < 0 || id2 < 0;
}
