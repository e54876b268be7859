/*
 * h_forge_args.c - rewrite the arguments the kernel reads from memory while
 * it reads them: a second thread flips, in a tight loop,
 *   - the shm_perm.mode of an IPC_SET buffer between 0640 and 0604
 *     (100 IPC_SETs: a tracer that reads the buffer at the entry records
 *     a mode the kernel did not set, about half of the time);
 *   - the sem_op of a semop's sembuf between +1 and +3 (100 semops).
 * Then it prints "mode=M semval=V" with the kernel's answers (a final
 * IPC_STAT and GETVAL) and removes both objects.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

static struct shmid_ds args_ds;
static struct sembuf args_op;
static volatile int args_stop;

static void *args_writer(void *arg)
{
	volatile struct shmid_ds *ds = &args_ds;
	volatile struct sembuf *op = &args_op;

	(void)arg;
	while (!args_stop) {
		ds->shm_perm.mode = 0640;
		op->sem_op = 1;
		ds->shm_perm.mode = 0604;
		op->sem_op = 3;
	}
	return NULL;
}

int main(void)
{
	int shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	int semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	struct shmid_ds now;
	pthread_t th;
	int i, val;

	if (shmid < 0 || semid < 0 || shmctl(shmid, IPC_STAT, &args_ds) < 0 ||
	    semctl(semid, 0, SETVAL, 0) < 0)
		return perror("setup"), 1;
	args_op.sem_num = 0;
	args_op.sem_op = 1;
	if (pthread_create(&th, NULL, args_writer, NULL) != 0)
		return 1;
	for (i = 0; i < 100; i++)
		if (shmctl(shmid, IPC_SET, &args_ds) < 0 || semop(semid, &args_op, 1) < 0)
			return perror("call"), 1;
	args_stop = 1;
	pthread_join(th, NULL);
	val = semctl(semid, 0, GETVAL);
	if (shmctl(shmid, IPC_STAT, &now) < 0 || val < 0)
		return perror("stat"), 1;
	printf("mode=%04o semval=%d\n", now.shm_perm.mode & 0777, val);
	shmctl(shmid, IPC_RMID, NULL);
	semctl(semid, 0, IPC_RMID);
	return 0;
}
