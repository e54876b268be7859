/*
 * h_forge_shmat.c - forge where a segment was attached: the i386 ipc(SHMAT)
 * (int $0x80, nr 117) returns 0 and stores the address through a pointer;
 * a second thread keeps rewriting that word with the address of another
 * segment B, so that a tracer reading it believes segment A sits where B
 * does, and counts B's shmdt as A's.
 *
 * It attaches A 20 times through ipc(SHMAT) at fixed addresses below 4 GiB
 * (the raddr word too), detaches each through the direct i386 shmdt, then
 * detaches B (attached normally) and removes both. Prints "B=0x..." (B's
 * address) or "unsupported" (exit 77) without an i386 entry.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>

#define I386_IPC 117
#define I386_SHMDT 398
#define IPC_CALL_SHMAT 21
/* Below MAP_32BIT's window (0x40000000 and up, with a random start in its
 * first 32 MiB): the raddr page mapped there fell on one of these 20
 * pages about one run in 400, and that shmat failed. */
#define ATTACH_AT 0x20000000L

static volatile uint32_t *shmat_raddr;
static volatile uint32_t shmat_fake;
static volatile int shmat_stop;

static long shmat_int80(long nr, long a, long b, long c, long d, long e)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory", "cc", "r8", "r9", "r10", "r11");
	return ret;
}

static void *shmat_writer(void *arg)
{
	(void)arg;
	while (!shmat_stop)
		*shmat_raddr = shmat_fake;
	return NULL;
}

int main(void)
{
	int a = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	int b = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	void *pb = b >= 0 ? shmat(b, NULL, 0) : (void *)-1;
	pthread_t th;
	long i, at;

	shmat_raddr = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (a < 0 || pb == (void *)-1 || shmat_raddr == MAP_FAILED)
		return perror("setup"), 1;
	shmat_fake = (uint32_t)(uintptr_t)pb; /* its low half: B's address truncated */
	if (shmat_int80(20 /* getpid */, 0, 0, 0, 0, 0) == -38) {
		shmdt(pb);
		shmctl(a, IPC_RMID, NULL);
		shmctl(b, IPC_RMID, NULL);
		return puts("unsupported"), 77;
	}
	if (pthread_create(&th, NULL, shmat_writer, NULL) != 0)
		return 1;
	for (i = 0; i < 20; i++) {
		at = shmat_int80(I386_IPC, IPC_CALL_SHMAT, a, 0, (long)shmat_raddr,
				 ATTACH_AT + i * 0x10000L);
		if (at == 0)
			shmat_int80(I386_SHMDT, ATTACH_AT + i * 0x10000L, 0, 0, 0, 0);
	}
	shmat_stop = 1;
	pthread_join(th, NULL);
	printf("B=%#lx\n", (unsigned long)(uintptr_t)pb);
	shmdt(pb);
	shmctl(a, IPC_RMID, NULL);
	shmctl(b, IPC_RMID, NULL);
	return 0;
}
