/*
 * fb_sleep.c - for the fallback-mode tests: sleeps 400 ms, so that two
 * runs started together show whether fallback runs one at a time.
 */
#include <time.h>

int main(void)
{
	struct timespec ts = { 0, 400 * 1000 * 1000 };

	return nanosleep(&ts, NULL);
}
