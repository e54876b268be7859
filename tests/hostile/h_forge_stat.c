/*
 * h_forge_stat.c MODE - forge what the kernel says: a second thread (or a
 * CLONE_VM sibling) rewrites the shmid_ds buffer of IPC_STAT in a tight
 * loop, so that a tracer reading the buffer at the call's exit believes it.
 *
 * The parent creates a segment, attaches and detaches it, then forks a
 * child; the child attaches and detaches (never both at once), then asks
 * IPC_STAT 50 times while the writer claims shm_nattch = 2 and shm_cpid =
 * the child's own pid, prints "nattch=N cpid=P" from its buffer and
 * removes the segment. A tracer that believes the buffer scores "attached
 * by 2 at once", "removed by its creator", and "printed what the kernel
 * said". MODE:
 *   honest   no writer: the real values (the record must be unchanged);
 *   thread   the writer is a thread (pthread);
 *   clonevm  the writer is a process sharing the memory (clone CLONE_VM);
 *   vfork    the writer is a thread, the calls come from a vfork child.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

static struct shmid_ds forge_ds;
static volatile int forge_stop, forge_started;
static pid_t forge_cpid;

static void *forge_writer(void *arg)
{
	volatile struct shmid_ds *ds = &forge_ds;

	(void)arg;
	while (!forge_stop) {
		ds->shm_nattch = 2;
		ds->shm_cpid = forge_cpid;
		forge_started = 1;
	}
	return NULL;
}

static int forge_writer_proc(void *arg)
{
	forge_writer(arg);
	_exit(0);
}

static unsigned long forge_written(void)
{
	return ((volatile struct shmid_ds *)&forge_ds)->shm_nattch;
}

static void forge_child(int id, const char *mode)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	pthread_t th;
	pid_t sib = -1, vf = -1;
	void *p = shmat(id, NULL, 0);
	int i, st;

	if (p == (void *)-1 || shmdt(p) < 0)
		_exit(1);
	forge_cpid = getpid();
	if ((!strcmp(mode, "thread") || !strcmp(mode, "vfork")) &&
	    pthread_create(&th, NULL, forge_writer, NULL) != 0)
		_exit(1);
	if (!strcmp(mode, "clonevm")) {
		sib = clone(forge_writer_proc, stack + sizeof(stack), CLONE_VM | SIGCHLD, NULL);
		if (sib < 0)
			_exit(1);
	}
	while (strcmp(mode, "honest") && !forge_started)
		sched_yield();
	/* vfork: the calls come from a vfork child (sharing the memory, the
	 * writer thread still running) while this thread waits. */
	if (!strcmp(mode, "vfork") && (vf = vfork()) != 0) {
		if (vf < 0 || waitpid(vf, &st, 0) != vf || !WIFEXITED(st) || WEXITSTATUS(st))
			_exit(1);
	} else {
		/* Each call once the writer has rewritten the buffer again: it
		 * is running, and rewrites the kernel's answer as soon as it
		 * lands. */
		for (i = 0; i < 50; i++) {
			if (shmctl(id, IPC_STAT, &forge_ds) < 0)
				_exit(1);
			while (strcmp(mode, "honest") && forge_written() != 2)
				sched_yield();
		}
		if (vf == 0)
			_exit(0);
	}
	printf("nattch=%lu cpid=%d\n", (unsigned long)forge_ds.shm_nattch, (int)forge_ds.shm_cpid);
	fflush(stdout);
	forge_stop = 1;
	if (!strcmp(mode, "thread") || !strcmp(mode, "vfork"))
		pthread_join(th, NULL);
	if (sib > 0)
		waitpid(sib, NULL, 0);
	shmctl(id, IPC_RMID, NULL);
	_exit(0);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "honest";
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	void *p;
	pid_t pid;

	if (id < 0)
		return perror("shmget"), 1;
	p = shmat(id, NULL, 0);
	if (p == (void *)-1 || shmdt(p) < 0)
		return perror("shmat"), 1;
	pid = fork();
	if (pid < 0)
		return perror("fork"), 1;
	if (pid == 0)
		forge_child(id, mode);
	waitpid(pid, NULL, 0);
	return 0;
}
