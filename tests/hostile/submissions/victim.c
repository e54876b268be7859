/* victim.c - SECRET-OF-THE-VICTIM: a submission graded while spy.c runs
 * (tests/cli/integrity_fs.sh); it only waits, so that its work folder
 * exists meanwhile. */
#include <unistd.h>

int main(void)
{
	sleep(4);
	return 0;
}
