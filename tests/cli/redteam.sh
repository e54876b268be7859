#!/bin/bash
# redteam.sh - wrong programs that earned full marks (red-team round):
# shm-03 without the attach it asks for, a nattch printed from memory.
set -u
cd "$(dirname "$0")/../.."
fail=0
tmp=$(mktemp -d /tmp/shmgrade-cli-redteam.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/cli/lib.inc # expect()
sg=${SHMGRADE:-./shmgrade}
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES=
ex=exercises/shm-03-ipc-stat.yaml

# 1. never attaches: IPC_STAT on an unattached segment, "nattch=1" typed in.
# Nothing attached is nothing detached, and the printed nattch is not the
# kernel's.
cat >"$tmp/noattach.c" <<'C'
#include <stdio.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/shm.h>
int main(void)
{
	struct shmid_ds ds;
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);

	shmctl(id, IPC_STAT, &ds);
	printf("segsz=4096 nattch=1 cpid=%ld mode=600\n", (long)getpid());
	shmctl(id, IPC_RMID, NULL);
	return 0;
}
C
expect 1 "no process attached a segment" -- timeout 120 $sg check "$ex" "$tmp/noattach.c"
expect 1 "printed nattch=1, but the kernel says 0" -- timeout 120 $sg check "$ex" "$tmp/noattach.c"

# 2. IPC_STAT before shmat, the attach count typed in as 1
cat >"$tmp/early.c" <<'C'
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/shm.h>
int main(void)
{
	struct shmid_ds ds;
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	void *m;

	shmctl(id, IPC_STAT, &ds);
	m = shmat(id, NULL, 0);
	printf("segsz=%zu nattch=1 cpid=%ld mode=%o\n", (size_t)ds.shm_segsz, (long)ds.shm_cpid,
	       ds.shm_perm.mode & 0777u);
	shmdt(m);
	shmctl(id, IPC_RMID, NULL);
	return 0;
}
C
# The report typed in is no report of the kernel's: the output check, which
# requires printed_matches_kernel, earns nothing either (was 8/10; error_paths fails too).
expect 1 "Score: 6/11" -- timeout 120 $sg check "$ex" "$tmp/early.c"
# 3. sem-09: the fixed total printed, four children that do nothing, the
# semaphore made and initialised but never used
cat >"$tmp/nowork.c" <<'C'
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
int main(void)
{
	int shm = shmget(IPC_PRIVATE, sizeof(int), IPC_CREAT | 0600);
	int sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	int i;

	semctl(sem, 0, SETVAL, 1);
	for (i = 0; i < 4; i++)
		if (fork() == 0)
			_exit(0);
	for (i = 0; i < 4; i++)
		wait(NULL);
	printf("total=4000 esperado=4000\n");
	shmctl(shm, IPC_RMID, NULL);
	semctl(sem, 0, IPC_RMID);
	return 0;
}
C
expect 1 "semaphore operations of kind down: 0; expected 4000" -- \
	timeout 300 $sg check exercises/sem-09-counter.yaml "$tmp/nowork.c"
# 4. sem-10: the 20 items printed, a child that does nothing
cat >"$tmp/noprod.c" <<'C'
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
int main(void)
{
	int shm = shmget(IPC_PRIVATE, 64, IPC_CREAT | 0600);
	int sem = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
	unsigned short v[3] = { 1, 5, 0 };

	semctl(sem, 0, SETALL, v);
	if (fork() == 0)
		_exit(0);
	wait(NULL);
	printf("consumidos: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20\nsuma=210\n");
	shmctl(shm, IPC_RMID, NULL);
	semctl(sem, 0, IPC_RMID);
	return 0;
}
C
expect 1 "semaphore operations of kind down: 0; expected at least 40" -- \
	timeout 300 $sg check exercises/sem-10-producer-consumer.yaml "$tmp/noprod.c"
# the control: the reference solution keeps every point
expect 0 "Score: 11/11" -- timeout 120 $sg check "$ex" reference/shm-03-ipc-stat/solution.c
exit $fail
