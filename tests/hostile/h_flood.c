/*
 * h_flood.c - hostile: writes to stdout forever. Must end with status
 * output_limit and a truncated stdout.
 */
#include <string.h>
#include <unistd.h>

int main(void)
{
	static char buf[65536];

	memset(buf, 'y', sizeof(buf));
	for (;;)
		if (write(STDOUT_FILENO, buf, sizeof(buf)) < 0)
			return 1;
}
