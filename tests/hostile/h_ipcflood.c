/*
 * h_ipcflood.c - hostile: IPC calls in an endless loop, each one an event of
 * the trace. The record must stay bounded: the run ends with output_limit
 * once the trace is full, long before its timeout.
 */
#include <sys/shm.h>

int main(void)
{
	struct shmid_ds ds;

	for (;;)
		shmctl(0, IPC_STAT, &ds);
}
