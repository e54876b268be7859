/*
 * h_shmbomb.c - hostile: shared anonymous memory (MAP_SHARED|MAP_ANONYMOUS,
 * which RssAnon does not count) spread over processes: four children map
 * and touch 150 MiB each, 600 MiB in all, then wait. Under --memory 256
 * the run must end with memory_limit before anyone prints "survived".
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILDREN 4
#define SIZE (150UL << 20)

int main(void)
{
	int i;

	for (i = 0; i < CHILDREN; i++) {
		if (fork() == 0) {
			char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE,
				       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

			if (p == MAP_FAILED)
				return perror("mmap"), 1;
			memset(p, 0x5a, SIZE);
			sleep(3);
			return 0;
		}
	}
	for (i = 0; i < CHILDREN; i++)
		wait(NULL);
	puts("survived");
	return 0;
}
