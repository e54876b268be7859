/*
 * inject.c - parsing and matching of fault injections (inject.h). The
 * tracer's side (counting calls, finding call sites, failing the call) is
 * in trace_inject.c.
 */
#include "harness/inject.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness/xlat.h"

enum ipc_call inject_call_find(const char *name)
{
	int c;

	for (c = 0; c <= CALL_FORK; c++)
		if (!strcmp(name, ipc_call_name((enum ipc_call)c)))
			return (enum ipc_call)c;
	return CALL_COUNT_;
}

bool inject_call_matches(const struct run_inject *inj, enum ipc_call call)
{
	return inj->call == call || (inj->call == CALL_SEMOP && call == CALL_SEMTIMEDOP);
}

int inject_default_errno(enum ipc_call call)
{
	switch (call) {
	case CALL_SHMGET:
	case CALL_SEMGET:
	case CALL_MSGGET: return ENOSPC;
	case CALL_SHMAT: return ENOMEM;
	case CALL_SEMOP:
	case CALL_SEMTIMEDOP:
	case CALL_MSGSND:
	case CALL_MSGRCV: return EIDRM;
	case CALL_FORK: return EAGAIN;
	default: return EINVAL;
	}
}

bool inject_has_fork(const struct run_inject *inj, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (inj[i].call == CALL_FORK)
			return true;
	return false;
}

/* An errno by name or number (1..4095). */
static int inject_errno(const char *text)
{
	char *end;
	long v;

	if (text[0] >= '0' && text[0] <= '9') {
		v = strtol(text, &end, 10);
		return *end || v < 1 || v > 4095 ? -1 : (int)v;
	}
	return xlat_errno_value(text);
}

static int inject_nth(const char *text, unsigned *nth)
{
	char *end;
	unsigned long v;

	if (!strcmp(text, "all")) {
		*nth = 0;
		return 0;
	}
	if (text[0] < '0' || text[0] > '9')
		return -1;
	v = strtoul(text, &end, 10);
	if (*end || v < 1 || v > 1000000)
		return -1;
	*nth = (unsigned)v;
	return 0;
}

int inject_parse(const char *text, struct run_inject *out, const char **why)
{
	char buf[64], *call, *err, *nth;

	memset(out, 0, sizeof(*out));
	out->nth = 1;
	if (strlen(text) >= sizeof(buf)) {
		*why = "too long; expected CALL:ERRNO[:N|all]";
		return -1;
	}
	strcpy(buf, text);
	call = buf;
	err = strchr(call, ':');
	if (!err) {
		*why = "expected CALL:ERRNO[:N|all], e.g. shmat:ENOMEM";
		return -1;
	}
	*err++ = '\0';
	nth = strchr(err, ':');
	if (nth)
		*nth++ = '\0';
	out->call = inject_call_find(call);
	if (out->call == CALL_COUNT_) {
		*why = "unknown call; expected an IPC call (shmget, shmat, shmdt, shmctl, semget, "
		       "semop, semtimedop, semctl, msgget, msgsnd, msgrcv, msgctl) or fork";
		return -1;
	}
	out->err = inject_errno(err);
	if (out->err <= 0) {
		*why = "unknown errno; expected a name such as ENOMEM or EAGAIN";
		return -1;
	}
	if (nth && inject_nth(nth, &out->nth) < 0) {
		*why = "N must be a number from 1 or 'all'";
		return -1;
	}
	return 0;
}
