/*
 * rules_event.c - events as the rules read them (rules_event.h).
 */
#include "graders/rules/rules_event.h"

#include <string.h>
#include <sys/ipc.h>

bool rules_call_match(const struct event *ev, enum ipc_call call)
{
	return ev->call == call || (call == CALL_SEMOP && ev->call == CALL_SEMTIMEDOP);
}

bool rules_event_ok(const struct event *ev)
{
	if (ev->call == CALL_FORK || ev->call == CALL_EXEC || ev->call == CALL_EXIT)
		return true;
	return ev->err == 0 && ev->result != -1;
}

bool rules_event_may_wait(const struct event *ev)
{
	size_t i;

	if (ev->call == CALL_MSGRCV)
		return !(ev->flags & IPC_NOWAIT);
	if (ev->call != CALL_SEMOP && ev->call != CALL_SEMTIMEDOP)
		return false;
	if (!ev->nsops_read)
		return true; /* the operations could not be read */
	for (i = 0; i < ev->nsops_read; i++)
		if (ev->sops[i].sem_op <= 0 && !(ev->sops[i].sem_flg & IPC_NOWAIT))
			return true;
	return false;
}

struct rules_when rules_event_when(const struct event *ev)
{
	if (ev->blocked)
		return (struct rules_when){ (unsigned long)-1, 1, (unsigned long)-1 };
	if (!rules_event_may_wait(ev))
		return (struct rules_when){ ev->seq, 0, 0 };
	if (!ev->ret_seq)
		return (struct rules_when){ ev->seq, 1, 0 }; /* made by hand */
	return (struct rules_when){ ev->seq_at_return, 1, ev->ret_seq };
}

int rules_when_cmp(struct rules_when a, struct rules_when b)
{
	if (a.seq != b.seq)
		return a.seq < b.seq ? -1 : 1;
	if (a.ret != b.ret)
		return a.ret < b.ret ? -1 : 1;
	if (a.ret_seq != b.ret_seq)
		return a.ret_seq < b.ret_seq ? -1 : 1;
	return 0;
}

const struct event_arg *rules_event_arg(const struct event *ev, const char *name)
{
	size_t i;

	for (i = 0; i < ev->nargs && i < EVENT_MAX_ARGS; i++)
		if (ev->args[i].name && !strcmp(ev->args[i].name, name))
			return &ev->args[i];
	return NULL;
}

long long rules_event_num(const struct event *ev, const char *name, long long dflt)
{
	const struct event_arg *a = rules_event_arg(ev, name);

	return a && (a->kind == ARG_INT || a->kind == ARG_HEX) ? a->num : dflt;
}

long long rules_ctl_cmd(const struct event *ev)
{
	if (ev->call != CALL_SHMCTL && ev->call != CALL_MSGCTL && ev->call != CALL_SEMCTL)
		return -1;
	return ev->cmd;
}

bool rules_segment_ours(const struct segment *s)
{
	return !s->precondition;
}
