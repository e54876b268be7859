/*
 * u_whoami.c - prints the host uid the program runs as (through its user
 * namespace's map, or getuid() without one) and the mode of its
 * working directory, then sleeps argv[1] ms (so that two runs overlap).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long inside = 0, outside = 0, count = 0;
	unsigned long host = getuid();
	struct timespec ts = { 0, 0 };
	struct stat st;
	FILE *f = fopen("/proc/self/uid_map", "r");

	/* The map's line whose inside range holds our uid. */
	while (f && fscanf(f, "%lu %lu %lu", &inside, &outside, &count) == 3)
		if (count != 4294967295UL && getuid() >= inside && getuid() - inside < count)
			host = outside + (getuid() - inside);
	if (f)
		fclose(f);
	if (stat(".", &st) == 0)
		printf("uid %lu dir %04o\n", host, (unsigned)(st.st_mode & 07777));
	fflush(stdout);
	if (argc > 1) {
		long ms = atol(argv[1]);

		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (ms % 1000) * 1000000L;
		nanosleep(&ts, NULL);
	}
	return 0;
}
