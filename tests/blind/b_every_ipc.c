/*
 * b_every_ipc.c ABI - blind spot: every SysV IPC system call number of one
 * ABI, as the kernel's tables list them (arch/x86/entry/syscalls/
 * syscall_64.tbl and syscall_32.tbl, written here independently of
 * shmgrade's own tables), each made once with arguments that make it fail
 * harmlessly (invalid ids, keys that do not exist, sizes of 0). ABI:
 *   x86_64  the syscall instruction: 29-31, 64-71, 220;
 *   x32     the same numbers with bit 30 (ENOSYS where the kernel has no
 *           x32, after the tracer saw them);
 *   i386    int $0x80: the direct calls 393-402 and semtimedop_time64 420;
 *   ipc     int $0x80, the ipc() multiplexer (117) with each of its calls.
 * It prints one line per call made, "<call> <errno name or result>", so
 * the test can match each with an event of the trace.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define X32_BIT 0x40000000L
#define NOKEY 0x7e57ab1eL /* a key nobody uses: the gets fail with ENOENT */

struct every_call {
	long nr;
	const char *call;
	long a[6];
};

/* syscall_64.tbl (common: x32 too). */
static const struct every_call every_x86_64[] = {
	{ 29, "shmget", { NOKEY, 0, 0 } },
	{ 30, "shmat", { -1, 0, 0 } },
	{ 31, "shmctl", { -1, 2, 0 } },
	{ 67, "shmdt", { 1 } },
	{ 64, "semget", { NOKEY, 0, 0 } },
	{ 65, "semop", { -1, 0, 0 } },
	{ 66, "semctl", { -1, 0, 2, 0 } },
	{ 220, "semtimedop", { -1, 0, 0, 0 } },
	{ 68, "msgget", { NOKEY, 0 } },
	{ 69, "msgsnd", { -1, 0, 0, 0 } },
	{ 70, "msgrcv", { -1, 0, 0, 0, 0 } },
	{ 71, "msgctl", { -1, 2, 0 } },
	{ -1, NULL, { 0 } },
};

/* syscall_32.tbl: the direct calls (Linux 5.1) and semtimedop_time64
 * (Linux 5.1, y2038); i386 has no direct semop or semtimedop. */
static const struct every_call every_i386[] = {
	{ 393, "semget", { NOKEY, 0, 0 } },	{ 394, "semctl", { -1, 0, 2, 0 } },
	{ 395, "shmget", { NOKEY, 0, 0 } },	{ 396, "shmctl", { -1, 2, 0 } },
	{ 397, "shmat", { -1, 0, 0 } },		{ 398, "shmdt", { 1 } },
	{ 399, "msgget", { NOKEY, 0 } },	{ 400, "msgsnd", { -1, 0, 0, 0 } },
	{ 401, "msgrcv", { -1, 0, 0, 0, 0 } },	{ 402, "msgctl", { -1, 2, 0 } },
	{ 420, "semtimedop", { -1, 0, 0, 0 } }, { -1, NULL, { 0 } },
};

/* ipc(call, first, second, third, ptr, fifth): include/uapi/linux/ipc.h. */
static const struct every_call every_ipc[] = {
	{ 117, "semop", { 1, -1, 0, 0, 0 } },
	{ 117, "semget", { 2, NOKEY, 0, 0 } },
	{ 117, "semctl", { 3, -1, 0, 2, 0 } },
	{ 117, "semtimedop", { 4, -1, 0, 0, 0, 0 } },
	{ 117, "msgsnd", { 11, -1, 0, 0, 0 } },
	{ 117, "msgrcv", { 12, -1, 0, 0, 0 } },
	{ 117, "msgget", { 13, NOKEY, 0 } },
	{ 117, "msgctl", { 14, -1, 2, 0, 0 } },
	{ 117, "shmat", { 21, -1, 0, 0, 0 } },
	{ 117, "shmdt", { 22, 0, 0, 0, 1 } },
	{ 117, "shmget", { 23, NOKEY, 0, 0 } },
	{ 117, "shmctl", { 24, -1, 2, 0, 0 } },
	{ -1, NULL, { 0 } },
};

static long every_int80(long nr, const long *a)
{
	long ret;

	__asm__ volatile("push %%rbp\n\tmov %[a5], %%rbp\n\tint $0x80\n\tpop %%rbp"
			 : "=a"(ret)
			 : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]),
			   "D"(a[4]), [a5] "m"(a[5])
			 : "memory", "cc", "r8", "r9", "r10", "r11");
	return ret;
}

static void every_print(const char *call, long ret)
{
	if (ret < 0 && ret > -4096)
		printf("%s %s\n", call, strerrorname_np((int)-ret));
	else
		printf("%s %ld\n", call, ret);
}

int main(int argc, char **argv)
{
	const char *abi = argc > 1 ? argv[1] : "x86_64";
	const struct every_call *c;
	long ret;

	if (!strcmp(abi, "x86_64") || !strcmp(abi, "x32")) {
		long bit = strcmp(abi, "x32") ? 0 : X32_BIT;

		for (c = every_x86_64; c->nr >= 0; c++) {
			ret = syscall(c->nr | bit, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);
			every_print(c->call, ret < 0 ? -errno : ret);
		}
		return 0;
	}
	c = !strcmp(abi, "ipc") ? every_ipc : every_i386;
	if (every_int80(20 /* i386 getpid */, (const long[6]){ 0 }) == -ENOSYS)
		return puts("unsupported"), 77;
	for (; c->nr >= 0; c++)
		every_print(c->call, every_int80(c->nr, c->a));
	return 0;
}
