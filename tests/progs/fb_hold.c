/*
 * fb_hold.c - creates a segment with the key given as argv[1] and sleeps,
 * still holding it, until it is killed: for the test that interrupts
 * shmgrade in the middle of a run (tests/cli/interrupt.sh).
 */
#include <stdlib.h>
#include <sys/shm.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	key_t key = argc > 1 ? (key_t)strtoul(argv[1], NULL, 0) : IPC_PRIVATE;

	if (shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600) < 0)
		return 1;
	sleep(30);
	return 0;
}
