/*
 * trace_sched_kernel.c - what the perturbing scheduler asks the kernel
 * about a task (trace_sched_kernel.h).
 */
#include "harness/trace_sched_kernel.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "harness/record_reap.h"
#include "harness/trace_sched.h"

/* The first line(s) of a small /proc file into buf (NUL-terminated): false
 * when it cannot be read (the task is gone). One read: /proc gives such a
 * file whole. */
static bool trace_sched_kernel_read(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return true;
}

long long trace_sched_schedstat_us(const char *path, int k)
{
	char buf[128];
	long long v[2];

	if (!trace_sched_kernel_read(path, buf, sizeof(buf)) ||
	    sscanf(buf, "%lld %lld", &v[0], &v[1]) != 2)
		return -1;
	return v[k] / 1000;
}

long long trace_sched_task_stat_us(pid_t tid, int k)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/schedstat", (int)tid);
	return trace_sched_schedstat_us(path, k);
}

int trace_sched_clock_open(pid_t tid, bool signals)
{
	struct perf_event_attr attr;
	struct f_owner_ex owner = { F_OWNER_TID, tid };
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_TASK_CLOCK;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	/* Set per slice (trace_sched_slice_arm); without signals (the runs
	 * that preempt at stops only read it) never reached. */
	attr.sample_period = signals ? 1000000000ULL : 1ULL << 62;
	attr.wakeup_events = 1;
	fd = (int)syscall(SYS_perf_event_open, &attr, tid, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return -1;
	/* The end of a slice is a signal to the task itself: it stops there
	 * (a signal-delivery stop), wherever it is in its code. */
	if (fcntl(fd, F_SETOWN_EX, &owner) < 0 || fcntl(fd, F_SETSIG, TRACE_SCHED_SIGNAL) < 0 ||
	    fcntl(fd, F_SETFL, O_ASYNC) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

void trace_sched_clock_arm(int fd, uint64_t *period_ns, long long slice_us)
{
	uint64_t period = (uint64_t)slice_us * 1000;

	/* The period restarts only when it changes. */
	if (period == *period_ns)
		period++;
	if (fd >= 0 && ioctl(fd, PERF_EVENT_IOC_PERIOD, &period) == 0)
		*period_ns = period;
}

long long trace_sched_clock_us(int fd, pid_t tid)
{
	uint64_t ns;

	if (fd >= 0 && read(fd, &ns, sizeof(ns)) == (ssize_t)sizeof(ns))
		return (long long)(ns / 1000);
	return trace_sched_task_stat_us(tid, 0);
}

char trace_sched_state(pid_t tid)
{
	char path[64], buf[512], *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)tid);
	if (!trace_sched_kernel_read(path, buf, sizeof(buf)))
		return 0;
	p = strrchr(buf, ')'); /* comm may hold spaces and parentheses */
	return p && p[1] == ' ' ? p[2] : 0;
}

/* A call that can wake no one: a semop whose every operation takes. */
static bool trace_sched_kernel_wakes_nobody(const struct event *ev)
{
	size_t i;

	if (ev->call != CALL_SEMOP && ev->call != CALL_SEMTIMEDOP)
		return false;
	if (ev->result < 0)
		return true;
	for (i = 0; i < ev->nsops_read; i++)
		if (ev->sops[i].sem_op >= 0)
			return false;
	return ev->nsops_read > 0;
}

bool trace_sched_may_wake(const struct event *done, const struct event *blocked)
{
	bool sem_done = done->call == CALL_SEMOP || done->call == CALL_SEMTIMEDOP ||
			done->call == CALL_SEMCTL;
	bool msg_done =
		done->call == CALL_MSGSND || done->call == CALL_MSGRCV || done->call == CALL_MSGCTL;

	switch (blocked->call) {
	case CALL_SEMOP:
	case CALL_SEMTIMEDOP:
		return sem_done && done->id == blocked->id &&
		       !trace_sched_kernel_wakes_nobody(done);
	case CALL_MSGSND:
	case CALL_MSGRCV: return msg_done && done->id == blocked->id;
	default: return !record_is_wait(blocked->call);
	}
}
