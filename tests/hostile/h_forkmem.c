/*
 * h_forkmem.c - hostile: a memory bomb spread over processes. Each of 8
 * children touches 200 MiB of heap: every one stays under the per-process
 * address-space limit, together they pass the run's memory cap (512 MiB),
 * so the run must end with memory_limit before they take the machine.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int i;

	for (i = 0; i < 8; i++)
		if (fork() == 0) {
			size_t n = 200u << 20;
			char *p = malloc(n);

			if (p)
				memset(p, 1, n);
			sleep(30);
			/* Read back, so that the compiler keeps the memory. */
			_exit(p ? p[n / 2] : 2);
		}
	while (wait(NULL) > 0)
		;
	return 0;
}
