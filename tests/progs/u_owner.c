/*
 * u_owner.c - the student is an ordinary user inside the run: prints its
 * uid and name, a new segment's owner and creator, then gives the segment
 * away with IPC_SET from a zeroed struct (a classic mistake: uid and gid
 * become 0) and prints the owner again; SHM_LOCK without privilege fails.
 * The segment stays (its owner is checked in the record).
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
	struct passwd *pw = getpwuid(getuid());
	struct shmid_ds ds;
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);

	printf("uid %u gid %u name %s\n", (unsigned)getuid(), (unsigned)getgid(),
	       pw ? pw->pw_name : "?");
	if (id < 0 || shmctl(id, IPC_STAT, &ds) < 0)
		return perror("shm"), 1;
	printf("owner %u:%u creator %u:%u\n", (unsigned)ds.shm_perm.uid, (unsigned)ds.shm_perm.gid,
	       (unsigned)ds.shm_perm.cuid, (unsigned)ds.shm_perm.cgid);
	printf("lock: %s\n", shmctl(id, SHM_LOCK, NULL) < 0 ? strerrorname_np(errno) : "done");
	memset(&ds, 0, sizeof(ds));
	ds.shm_perm.mode = 0640;
	printf("set: %s\n", shmctl(id, IPC_SET, &ds) < 0 ? strerrorname_np(errno) : "done");
	if (shmctl(id, IPC_STAT, &ds) < 0)
		return perror("stat"), 1;
	printf("owner %u:%u mode %o\n", (unsigned)ds.shm_perm.uid, (unsigned)ds.shm_perm.gid,
	       (unsigned)ds.shm_perm.mode & 0777);
	return 0;
}
