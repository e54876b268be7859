/*
 * rules_util.h - what the rule families (rules_*.c) share: walking the run
 * records of a context, the roles of processes, matching events and their
 * arguments, following attachments across fork and exec.
 *
 * Everything here copes with empty records: zero processes, no events, no
 * outputs. Pointers returned point into the record (valid while it is).
 */
#ifndef GRADERS_RULES_UTIL_H
#define GRADERS_RULES_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/rules/rules.h"

/*
 * Call fn on every run of ctx; PASS when every one passes. The first run
 * that does not pass gives the verdict and its message, prefixed with the
 * run's id and repetition when there are several. A record whose status is
 * RUN_INTERNAL_ERROR is an ERROR without calling fn; no run at all is an
 * ERROR too (the check pipeline gave the rule nothing to look at).
 */
enum rule_verdict rules_each_run(const struct rule_ctx *ctx, const struct rule_params *p,
				 struct rule_result *out, rule_run_fn fn);

/* Prepend a prefix to both messages (es, en: printf formats, same args). */
void rules_result_prefix(struct rule_result *r, const char *es, const char *en, ...)
	__attribute__((format(printf, 3, 4)));

/* Parameter shortcuts: the value, or dflt when the parameter is unset. */
long long rules_int(const struct rule_params *p, const char *name, long long dflt);
bool rules_bool(const struct rule_params *p, const char *name, bool dflt);
const char *rules_str(const struct rule_params *p, const char *name);
bool rules_set(const struct rule_params *p, const char *name);

/* The process with pid, or NULL. */
const struct process *rules_proc(const struct run_record *rec, pid_t pid);

/* Whether proc was started by the harness (the first process of one of the
 * run's programs) rather than forked by the program. */
bool rules_is_parent(const struct run_record *rec, const struct process *proc);

/* The index into ex->progs of the program proc belongs to (-1 unknown). */
long rules_proc_prog(const struct rule_run *run, const struct process *proc);

/* Whether pid is the creator of some object the run created itself. */
bool rules_is_creator(const struct run_record *rec, pid_t pid);

/* Whether the process pid plays role who (WHO_EVERY and WHO_ANY: always)
 * and belongs to program prog (-1: any). Unknown pids match only WHO_ANY
 * and WHO_EVERY with prog -1. */
bool rules_who_match(const struct rule_run *run, pid_t pid, enum who who, long prog);

/* The output of program prog (index into ex->progs; -1: the first program
 * started), or NULL when it never ran. */
const struct program_output *rules_output(const struct rule_run *run, long prog);

/* Whether ev is a call named call ("semop" also covers semtimedop). */
bool rules_call_match(const struct event *ev, enum ipc_call call);

/* Whether the call succeeded (for fork/exec/exit: always). */
bool rules_event_ok(const struct event *ev);

/*
 * When a call took effect, for ordering events. A call that may wait for
 * another process (msgrcv, and semop/semtimedop with a wait-for-zero or a
 * decrement, without IPC_NOWAIT) takes effect when it returns: a msgrcv that
 * started before the msgsnd it waits for still receives after it. Every
 * other call, and fork/exec/exit, takes effect when it starts. Entries and
 * returns are put on one scale with seq, ret_seq and seq_at_return
 * (record.h). A call that never returned (blocked) never took effect: it
 * compares after everything.
 */
struct rules_when {
	unsigned long seq; /* the newest entry seen by then */
	int ret;	   /* 0: at that entry; 1: a return after it */
	unsigned long ret_seq;
};

bool rules_event_may_wait(const struct event *ev);
struct rules_when rules_event_when(const struct event *ev);
int rules_when_cmp(struct rules_when a, struct rules_when b);

/* The decoded argument called name, or NULL. */
const struct event_arg *rules_event_arg(const struct event *ev, const char *name);

/* The number of the argument name, or dflt. */
long long rules_event_num(const struct event *ev, const char *name, long long dflt);

/*
 * Whether every args[i] matches ev's decoded argument of that name:
 * numbers compare as numbers (4096, 0x1000); symbolic flags by subset of
 * their '|' parts ("IPC_CREAT" matches "IPC_CREAT|0600"); strings exactly.
 * The value "precondition" matches the id of any of the run's precondition
 * objects; NULL matches a null pointer; a key argument (args[i].key set)
 * matches the key_t it names in run (an ftok key needs run: NULL matches
 * nothing); semop's sem_num, sem_op and sem_flg must all hold for one of
 * the call's operations. The arguments were checked against the call when
 * the exercise was loaded (sel_args.h).
 */
bool rules_args_match(const struct rule_run *run, const struct event *ev,
		      const struct param_arg *args, size_t nargs);

/* Whether ev is picked by sel within run. */
bool rules_selector_match(const struct rule_run *run, const struct event *ev,
			  const struct event_selector *sel);

/* "shmctl(cmd=IPC_RMID) by pid 3" style description of a selector, for
 * messages; malloc'ed. */
char *rules_selector_desc(const struct event_selector *sel);

/* The command of an xxxctl event (IPC_64 stripped), or -1. */
long long rules_ctl_cmd(const struct event *ev);

/* Segments, semaphore sets and queues the run created itself (not the
 * harness's preconditions). */
bool rules_segment_ours(const struct segment *s);

/* What a process had attached during the run (rules_attach_follow). */
enum {
	ATT_DIRECT = 1,	   /* made a successful shmat itself */
	ATT_INHERITED = 2, /* got an attachment through fork */
	ATT_RW = 4,	   /* some attachment was read-write */
	ATT_RO = 8,	   /* some attachment was SHM_RDONLY */
};

/* Follow shmat/shmdt/fork/exec through the events: flags[i] gets the ATT_
 * bits of rec->processes[i] (for segment shmid, or any when shmid < 0).
 * flags must have room for rec->nprocesses entries. */
void rules_attach_follow(const struct run_record *rec, int shmid, unsigned *flags);

/* At most max characters of s on one line (newlines as \n, cut with
 * "..."); malloc'ed. */
char *rules_snippet(const char *s, size_t max);

/* "SIGSEGV" (or "signal 42") into buf. */
const char *rules_signal_name(int sig, char buf[32]);

/* Whether s (a number in its own text) parses fully as a long long. */
bool rules_parse_ll(const char *s, long long *out);

#endif /* GRADERS_RULES_UTIL_H */
