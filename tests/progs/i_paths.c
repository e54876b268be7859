/*
 * i_paths.c - fault injection: shmget through every way a program can make
 * it: glibc's wrapper, raw syscall(), the i386 direct call (int $0x80, 395)
 * and the i386 ipc() multiplexer (117, SHMGET 23). Prints "<way> <result or
 * errno name>" for each, then removes every segment it got. Under
 * --inject shmget:ENOSPC:all every one fails and nothing is created.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

static long paths_int80(long nr, long a0, long a1, long a2, long a3)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a0), "c"(a1), "d"(a2), "S"(a3)
			 : "memory", "cc", "r8", "r9", "r10", "r11");
	return ret;
}

static void paths_print(const char *way, long ret, int *ids, int *n)
{
	if (ret < 0 && ret > -4096) {
		printf("%s %s\n", way, strerrorname_np((int)-ret));
		return;
	}
	printf("%s ok\n", way);
	ids[(*n)++] = (int)ret;
}

int main(void)
{
	int ids[4], n = 0, i;
	long ret;

	ret = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	paths_print("glibc", ret < 0 ? -errno : ret, ids, &n);
	ret = syscall(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	paths_print("syscall", ret < 0 ? -errno : ret, ids, &n);
	if (paths_int80(20 /* i386 getpid */, 0, 0, 0, 0) != -ENOSYS) {
		paths_print("i386", paths_int80(395, IPC_PRIVATE, 4096, IPC_CREAT | 0600, 0), ids,
			    &n);
		paths_print("ipc", paths_int80(117, 23, IPC_PRIVATE, 4096, IPC_CREAT | 0600), ids,
			    &n);
	}
	for (i = 0; i < n; i++)
		shmctl(ids[i], IPC_RMID, NULL);
	return 0;
}
