/*
 * fb_private_nocreat.c - fallback mode: IPC_PRIVATE makes a new segment
 * even without IPC_CREAT, so such calls count against the run's SysV
 * memory cap like any other creation. Makes 4 segments of 200 MiB.
 */
#include <stdio.h>
#include <sys/shm.h>

int main(void)
{
	int i, id;

	for (i = 0; i < 4; i++) {
		id = shmget(IPC_PRIVATE, 200u << 20, 0600);
		printf("segment %d: %d\n", i, id);
		fflush(stdout);
	}
	return 0;
}
