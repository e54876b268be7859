/*
 * h_loop.c - hostile: an infinite loop that makes no system call.
 * Must end with status timeout.
 */
int main(void)
{
	volatile unsigned long n = 0;

	for (;;)
		n++;
}
