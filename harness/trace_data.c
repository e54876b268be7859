/*
 * trace_data.c - what the segments held (trace_data.h).
 *
 * The "/SYSV" lines of /proc/<tid>/maps are the process's attachments (the
 * inode column is the shmid); process_vm_readv() reads their first bytes
 * while the process is stopped: at the entry of its shmdt, before the
 * kernel unmaps, and at its exit, while the map is still intact. A rule
 * can then ask whether a value the program printed ever was in a segment.
 */
#include "harness/trace_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "util/xalloc.h"

/* The same bytes were already read from this segment: nothing new. */
static bool trace_data_seen(const struct run_record *rec, int shmid, const unsigned char *buf,
			    ssize_t len)
{
	size_t i;

	for (i = rec->nseg_data; i-- > 0;)
		if (rec->seg_data[i].shmid == shmid)
			return rec->seg_data[i].len == (size_t)len &&
			       !memcmp(rec->seg_data[i].bytes, buf, (size_t)len);
	return false;
}

static void trace_data_keep(struct trace *t, const struct trace_task *task, int shmid,
			    unsigned long start, unsigned long end, bool at_exit)
{
	struct run_record *rec = t->rec;
	size_t want = end - start < SEG_DATA_MAX ? end - start : SEG_DATA_MAX;
	unsigned char *buf = xmalloc(want);
	struct iovec local = { buf, want }, remote = { (void *)start, want };
	struct seg_data *d;
	ssize_t got;
	int fd;

	got = process_vm_readv(task->tid, &local, 1, &remote, 1, 0);
	/* Docker's default seccomp profile refuses process_vm_readv; the
	 * tracer may still read /proc/<tid>/mem. */
	if (got <= 0 && (fd = trace_proc_open(task->tid, "mem")) >= 0) {
		got = pread(fd, buf, want, (off_t)start);
		close(fd);
	}
	if (got <= 0 || rec->nseg_data >= SEG_DATA_MAX_READS ||
	    trace_data_seen(rec, shmid, buf, got)) {
		free(buf);
		return;
	}
	rec->seg_data = xrealloc(rec->seg_data, rec->nseg_data + 1, sizeof(*rec->seg_data));
	d = &rec->seg_data[rec->nseg_data++];
	d->shmid = shmid;
	d->pid = task->proc >= 0 ? rec->processes[task->proc].pid : task->ns_tid;
	d->seq = t->seq;
	d->at_exit = at_exit;
	d->bytes = buf;
	d->len = (size_t)got;
}

void trace_data_read(struct trace *t, const struct trace_task *task, unsigned long long addr,
		     bool at_exit)
{
	unsigned long start, end, inode, prev_end = 0;
	char line[512], name[256];
	int prev_id = -1, fd;
	FILE *f;

	/* Bounded: a program looping on shmctl must not make each call cost
	 * a read of its maps for ever. */
	if (task->proc < 0 || t->rec->nseg_data >= SEG_DATA_MAX_READS ||
	    t->rec->seg_data_looks >= SEG_DATA_MAX_LOOKS)
		return;
	t->rec->seg_data_looks++;
	fd = trace_proc_open(task->tid, "maps");
	f = fd >= 0 ? fdopen(fd, "re") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		name[0] = '\0';
		if (sscanf(line, "%lx-%lx %*s %*s %*s %lu %255s", &start, &end, &inode, name) < 3 ||
		    strncmp(name, "/SYSV", 5) != 0)
			continue;
		/* The rest of one attachment (a mapping split by mprotect). */
		if ((int)inode == prev_id && start == prev_end) {
			prev_end = end;
			continue;
		}
		prev_id = (int)inode;
		prev_end = end;
		if (!addr || start == addr)
			trace_data_keep(t, task, (int)inode, start, end, at_exit);
	}
	fclose(f);
}
