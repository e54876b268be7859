/*
 * rules_proc.c - the roles of a run's processes (rules_proc.h).
 */
#include "graders/rules/rules_proc.h"

#include "graders/rules/rules_util.h"

const struct process *rules_proc(const struct run_record *rec, pid_t pid)
{
	size_t i;

	for (i = 0; i < rec->nprocesses; i++)
		if (rec->processes[i].pid == pid)
			return &rec->processes[i];
	return NULL;
}

bool rules_is_parent(const struct run_record *rec, const struct process *proc)
{
	size_t i;

	for (i = 0; i < rec->noutputs; i++)
		if (rec->outputs[i].pid && rec->outputs[i].pid == proc->pid)
			return true;
	/* Without outputs (hand-made records), a process whose parent is not
	 * one of the program's is a program's first process. */
	return rec->noutputs == 0 && !rules_proc(rec, proc->ppid);
}

long rules_proc_prog(const struct rule_run *run, const struct process *proc)
{
	if (proc->program < 0)
		return -1;
	if (!run->spec)
		return proc->program;
	if ((size_t)proc->program >= run->spec->nprograms)
		return -1;
	return (long)run->spec->programs[proc->program].prog;
}

bool rules_is_creator(const struct run_record *rec, pid_t pid)
{
	size_t i;

	for (i = 0; i < rec->nsegments; i++)
		if (rules_segment_ours(&rec->segments[i]) && rec->segments[i].creator_pid == pid)
			return true;
	for (i = 0; i < rec->nsemaphores; i++)
		if (!rec->semaphores[i].precondition && rec->semaphores[i].creator_pid == pid)
			return true;
	for (i = 0; i < rec->nqueues; i++)
		if (!rec->queues[i].precondition && rec->queues[i].creator_pid == pid)
			return true;
	return false;
}

bool rules_who_match(const struct rule_run *run, pid_t pid, enum who who, long prog)
{
	const struct process *proc = rules_proc(run->rec, pid);

	if (!proc)
		return (who == WHO_ANY || who == WHO_EVERY) && prog < 0;
	if (prog >= 0 && rules_proc_prog(run, proc) != prog)
		return false;
	switch (who) {
	case WHO_PARENT: return rules_is_parent(run->rec, proc);
	case WHO_CHILD: return !rules_is_parent(run->rec, proc);
	case WHO_CREATOR: return rules_is_creator(run->rec, pid);
	default: return true;
	}
}

const struct program_output *rules_output(const struct rule_run *run, long prog)
{
	const struct run_record *rec = run->rec;
	size_t k;

	if (prog < 0)
		return rec->noutputs ? &rec->outputs[0] : NULL;
	for (k = 0; k < rec->noutputs; k++) {
		long pk = (long)k;

		if (run->spec)
			pk = k < run->spec->nprograms ? (long)run->spec->programs[k].prog : -1;
		if (pk == prog)
			return &rec->outputs[k];
	}
	return NULL;
}
