/*
 * g_vfork_attach.c - a vfork child attaches a segment read-only in the
 * memory it shares with its parent and _exits without detaching; the parent
 * then detaches it from its own memory. One memory for both, as the kernel
 * has it: the record must say the parent had the segment attached too
 * ("shared"), and the rules must read that (issue 10).
 */
#include <stdio.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

/* Written by the vfork child, read by the parent: one memory. */
static void *volatile shared_addr;

int main(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	pid_t pid;

	if (id < 0)
		return perror("shmget"), 1;
	pid = vfork();
	if (pid == 0) {
		shared_addr = shmat(id, NULL, SHM_RDONLY);
		_exit(shared_addr == (void *)-1);
	}
	if (pid < 0)
		return perror("vfork"), 1;
	waitpid(pid, NULL, 0);
	if (shared_addr == (void *)-1 || !shared_addr)
		return fprintf(stderr, "the child could not attach\n"), 1;
	if (shmdt(shared_addr) < 0)
		return perror("shmdt"), 1;
	shmctl(id, IPC_RMID, NULL);
	puts("ok");
	return 0;
}
