/*
 * b_int80_ipc.c - blind spot: the whole life of a segment through the
 * i386 entry (`int $0x80` from a 64-bit process), attach and remove going
 * through the old ipc() multiplexer (nr 117):
 *   shmget (nr 395); ipc(SHMAT) at a fixed address below 4 GiB, which
 *   returns the address through memory (a 32-bit word we map below 4 GiB);
 *   shmdt (nr 398); ipc(SHMCTL, IPC_RMID|IPC_64).
 * A tracer must demultiplex ipc(), read the address it stored, strip
 * IPC_64 and still match the shmdt to the segment.
 * Prints "unsupported" and exits 77 if the kernel has no i386 entry.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/shm.h>

#define I386_IPC 117
#define I386_SHMGET 395
#define I386_SHMDT 398
#define IPC_CALL_SHMAT 21
#define IPC_CALL_SHMCTL 24
#define IPC_64_FLAG 0x100
#define ATTACH_AT 0x40000000L

static long int80(long nr, long a, long b, long c, long d, long e)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory", "cc", "r8", "r9", "r10", "r11");
	return ret;
}

int main(void)
{
	uint32_t *raddr = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	long id, at, dt, rm;

	if (raddr == MAP_FAILED)
		return perror("mmap"), 1;
	id = int80(I386_SHMGET, IPC_PRIVATE, 4096, IPC_CREAT | 0600, 0, 0);
	if (id == -38) /* -ENOSYS: no i386 entry on this kernel */
		return puts("unsupported"), 77;
	at = int80(I386_IPC, IPC_CALL_SHMAT, id, 0, (long)raddr, ATTACH_AT);
	if (at == 0 && *raddr == ATTACH_AT)
		*(volatile char *)ATTACH_AT = 'x';
	dt = int80(I386_SHMDT, ATTACH_AT, 0, 0, 0, 0);
	rm = int80(I386_IPC, IPC_CALL_SHMCTL, id, IPC_RMID | IPC_64_FLAG, 0, 0);
	printf("shmget=%ld shmat=%ld raddr=%#x shmdt=%ld shmctl=%ld\n", id, at, (unsigned)*raddr,
	       dt, rm);
	return id < 0 || at < 0 || dt < 0 || rm < 0;
}
