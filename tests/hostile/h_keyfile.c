/*
 * h_keyfile.c MODE - an attack on the grader's ftok keys: the exercise
 * names its key as ftok(clave.txt, 65), and the program changes clave.txt
 * during the run. MODE:
 *   keep            a correct program: ftok, create, attach, detach, remove;
 *   unlink-after    the correct key, then clave.txt deleted;
 *   replace-after   the correct key, then clave.txt replaced (rename of a
 *                   new file over it: another inode);
 *   replace-before  clave.txt replaced first, then its key used: the key
 *                   is not the one the exercise asked for.
 * A grader that computes the key when it evaluates, from the file as it is
 * then, ERRORs (exit 2) on the first two and mixes up the last two.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

static int keyfile_replace(void)
{
	int fd = open("clave.new", O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, "other\n", 6) != 6 || close(fd) < 0)
		return -1;
	return rename("clave.new", "clave.txt");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "keep";
	key_t key;
	void *p;
	int id;

	if (!strcmp(mode, "replace-before") && keyfile_replace() < 0)
		return perror("replace"), 1;
	key = ftok("clave.txt", 65);
	if (key == (key_t)-1)
		return perror("ftok"), 1;
	id = shmget(key, 4096, IPC_CREAT | 0600);
	if (id < 0)
		return perror("shmget"), 1;
	p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		return perror("shmat"), 1;
	if (!strcmp(mode, "unlink-after") && unlink("clave.txt") < 0)
		return perror("unlink"), 1;
	if (!strcmp(mode, "replace-after") && keyfile_replace() < 0)
		return perror("replace"), 1;
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
	printf("key=0x%08x\n", (unsigned)key);
	return 0;
}
