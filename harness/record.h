/*
 * record.h - the run record: everything one traced run produced.
 *
 * A record is filled in three steps, by three modules:
 *   1. the tracer (trace.c) appends events and processes while the run goes
 *      on (record_event_add, record_process_add), with raw syscall values;
 *   2. the inventory (inventory.c) lists what was left in the run's IPC
 *      namespace when the run ended (struct inventory);
 *   3. record_finish() derives the per-object lifecycles (segments,
 *      semaphores, queues), leaks and untraced_ipc from 1 and 2.
 * Rendering: record_json.c (the contract: doc/shmgrade.1, JSON OUTPUT) and timeline.c (text).
 *
 * Pids in a record are as seen inside the run's PID namespace (pid), with the
 * host pid kept beside them (host_pid) for the tracer's own bookkeeping.
 *
 * Ownership: a record owns every string and array hanging from it;
 * record_release() frees them all and leaves the record as after
 * record_init().
 */
#ifndef HARNESS_RECORD_H
#define HARNESS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum run_status {
	RUN_OK,
	RUN_RUNTIME_ERROR,
	RUN_SIGNALED,
	RUN_TIMEOUT,
	RUN_MEMORY_LIMIT,
	RUN_PROCESS_LIMIT,
	RUN_OUTPUT_LIMIT,
	RUN_INTERNAL_ERROR,
};

/* "ok", "runtime_error", ... as in doc/shmgrade.1 (JSON OUTPUT); never NULL. */
const char *run_status_name(enum run_status status);

enum run_mode { RUN_MODE_NAMESPACE, RUN_MODE_FALLBACK };

/* What a traced event is. The IPC calls are named after the syscall. */
enum ipc_call {
	CALL_SHMGET,
	CALL_SHMAT,
	CALL_SHMDT,
	CALL_SHMCTL,
	CALL_SEMGET,
	CALL_SEMOP,
	CALL_SEMTIMEDOP,
	CALL_SEMCTL,
	CALL_MSGGET,
	CALL_MSGSND,
	CALL_MSGRCV,
	CALL_MSGCTL,
	CALL_FORK,    /* fork, vfork and clone of a new process or thread */
	CALL_EXEC,    /* a successful execve/execveat */
	CALL_EXIT,    /* a process (thread group) ended */
	CALL_DENIED,  /* a call the filter refused: clone3, CLONE_UNTRACED, ptrace... */
	CALL_WAIT4,   /* reaping: wait4 (glibc's wait() and waitpid()), */
	CALL_WAITID,  /* waitid, */
	CALL_WAITPID, /* and the i386 waitpid */
	CALL_COUNT_,
};

/*
 * The one spelling of each call's name, as designated initializers indexed
 * by enum ipc_call: record.c's table takes all of them, the rules' "call:"
 * choices (rules.c) the selectable ones (CALL_SHMGET to CALL_EXIT).
 */
#define IPC_CALL_NAMES_SELECTABLE                                                                  \
	[CALL_SHMGET] = "shmget", [CALL_SHMAT] = "shmat", [CALL_SHMDT] = "shmdt",                  \
	[CALL_SHMCTL] = "shmctl", [CALL_SEMGET] = "semget", [CALL_SEMOP] = "semop",                \
	[CALL_SEMTIMEDOP] = "semtimedop", [CALL_SEMCTL] = "semctl", [CALL_MSGGET] = "msgget",      \
	[CALL_MSGSND] = "msgsnd", [CALL_MSGRCV] = "msgrcv", [CALL_MSGCTL] = "msgctl",              \
	[CALL_FORK] = "fork", [CALL_EXEC] = "exec", [CALL_EXIT] = "exit"
#define IPC_CALL_NAMES_OTHER                                                                       \
	[CALL_DENIED] = "denied", [CALL_WAIT4] = "wait4", [CALL_WAITID] = "waitid",                \
	[CALL_WAITPID] = "waitpid"

/* "shmget", ..., "fork", "exec", "exit", "denied", "wait4"...; "unknown"
 * out of range. */
const char *ipc_call_name(enum ipc_call call);

enum arg_kind {
	ARG_INT,  /* num, printed in decimal */
	ARG_HEX,  /* num, printed as "0x..." (addresses, keys in the timeline) */
	ARG_SYM,  /* str, a symbolic rendering: "IPC_CREAT|0600", "IPC_RMID" */
	ARG_STR,  /* str, a plain string: a path, a program name */
	ARG_NULL, /* JSON null: an address that could not be read */
};

/* One decoded argument; name is a static string (the man page's name). */
struct event_arg {
	const char *name;
	enum arg_kind kind;
	long long num;
	char *str; /* owned; for ARG_SYM and ARG_STR */
};

enum ipc_kind { IPC_KIND_SHM, IPC_KIND_SEM, IPC_KIND_MSG };

/* The kernel's struct shmid_ds / semid_ds / msqid_ds (IPC_STAT, IPC_SET,
 * SHM_STAT, SHM_STAT_ANY and the SEM_/MSG_ ones), as the kernel says it
 * (kstat.h) or as the program's buffer held it. */
struct ipc_ds {
	long long key;
	unsigned uid, gid, cuid, cgid;
	unsigned mode;		 /* permission bits plus SHM_DEST / SHM_LOCKED */
	unsigned long long size; /* shm_segsz; sem_nsems; msg_qbytes */
	long long atime, dtime, ctime;
	int cpid, lpid;		   /* shm only; pids as inside the run */
	unsigned long long nattch; /* shm_nattch; msg_qnum for queues */
};

/* The fields of struct ipc_ds, as bits (a set of fields that differ). */
enum ipc_ds_field {
	IPC_DS_KEY = 1 << 0,
	IPC_DS_UID = 1 << 1,
	IPC_DS_GID = 1 << 2,
	IPC_DS_CUID = 1 << 3,
	IPC_DS_CGID = 1 << 4,
	IPC_DS_MODE = 1 << 5,
	IPC_DS_SIZE = 1 << 6,
	IPC_DS_ATIME = 1 << 7,
	IPC_DS_DTIME = 1 << 8,
	IPC_DS_CTIME = 1 << 9,
	IPC_DS_CPID = 1 << 10,
	IPC_DS_LPID = 1 << 11,
	IPC_DS_NATTCH = 1 << 12,
	IPC_DS_FIELDS_ = 13,
};

/* The fields (IPC_DS_* bits) where a and b differ. */
unsigned ipc_ds_diff(const struct ipc_ds *a, const struct ipc_ds *b);

/* The name of one IPC_DS_* bit as the kind's *id_ds calls it ("cpid",
 * "segsz", "nsems", "qbytes", "qnum"...). */
const char *ipc_ds_field_name(unsigned bit, enum ipc_kind kind);

#define EVENT_MAX_ARGS 8
#define EVENT_MAX_SOPS 16
#define EVENT_MAX_SEMS 16
/* Semaphore values kept per set or call (the first ones of a bigger set). */
#define IPC_MAX_SEMVALS 32

struct event_sop {
	unsigned short sem_num;
	short sem_op;
	short sem_flg;
};

struct event {
	unsigned long seq;   /* 1, 2, ... in the order the tracer saw the entries */
	long long t_us;	     /* entry time, microseconds since the run started */
	long long t_exit_us; /* exit time (same as t_us for fork/exec/exit) */
	/* When it returned, on the same scale as seq: ret_seq is 1, 2, ... in
	 * the order the tracer saw the returns (fork/exec/exit and refused
	 * calls return as they are recorded); seq_at_return is the seq of the
	 * newest entry seen by then, so every event with seq <= seq_at_return
	 * had started before this one returned. Both 0 when never set (a
	 * record made by hand: then it returned right after it started) and
	 * when it never returned (blocked). */
	unsigned long ret_seq, seq_at_return;
	/* Still inside the call when its process ended (killed while blocked
	 * in msgrcv or semop, or when the run was stopped): it never returned,
	 * result is -1 and err 0. */
	bool blocked;
	pid_t pid, host_pid; /* thread group, as inside the run / on the host */
	pid_t tid;	     /* the thread that made the call, inside the run */
	enum ipc_call call;
	bool compat32;	  /* made through the i386 entry (int 0x80) */
	long long result; /* return value; -1 when it failed */
	int err;	  /* errno when it failed, else 0 */

	/*
	 * The arguments, normalised once by the decoder (decode.h), whatever
	 * entry the call came through (x86_64, x32, i386, the i386 ipc()
	 * multiplexer): nothing else reads a syscall's positional arguments.
	 * A field a call does not have is 0.
	 *   id: the object the call names: shmat, shmctl, semop, semtimedop,
	 *       semctl, msgsnd, msgrcv, msgctl (shmid, semid, msqid).
	 *   key: a get's key (key_t, sign-extended; 0 is IPC_PRIVATE).
	 *   size: shmget's size, semget's nsems, semop's nsops, msgsnd's and
	 *       msgrcv's msgsz.
	 *   flags: a get's shmflg/semflg/msgflg (permission bits included),
	 *       shmat's shmflg, msgsnd's and msgrcv's msgflg.
	 *   may_create: a get that can create its object (key IPC_PRIVATE, or
	 *       IPC_CREAT); whether it did is the lifecycle's to say.
	 *   cmd: shmctl's, semctl's, msgctl's command without IPC_64.
	 *   semnum: semctl's semnum.
	 *   addr: the call's pointer: shmat's and shmdt's shmaddr, the *ctl
	 *       buffer (semctl's arg when it is one), semop's sops, msgsnd's
	 *       and msgrcv's msgp; wait4's and waitpid's wstatus, waitid's infop.
	 *   msgtyp: msgrcv's msgtyp.
	 *   timeout: semtimedop's timeout pointer.
	 *   result_addr: i386 ipc(SHMAT): where the kernel stores the address.
	 *   wait_idtype, wait_id, wait_options: waitid's idtype, id, options;
	 *       wait4's and waitpid's pid (idtype -1) and options.
	 *   clone_flags: fork: the clone flags (SIGCHLD for fork, CLONE_VM|
	 *       CLONE_VFORK|SIGCHLD for vfork).
	 */
	int id;
	long long key;
	unsigned long long size;
	unsigned flags;
	bool may_create;
	int cmd;
	int semnum;
	unsigned long long addr;
	long long msgtyp;
	unsigned long long timeout;
	unsigned long long result_addr;
	int wait_idtype;
	pid_t wait_id;
	unsigned long long wait_options;
	unsigned long long clone_flags;

	/* Decoded arguments, in the man page's order (decode.c fills them). */
	struct event_arg args[EVENT_MAX_ARGS];
	size_t nargs;

	/*
	 * What the kernel said versus what the program's buffer held. Memory
	 * of the program can be rewritten by another of its threads (or a
	 * CLONE_VM sibling) between the kernel's copy and the tracer's read,
	 * so every value the record presents as the kernel's is asked of the
	 * kernel by shmgrade itself (kstat.h), never read from the buffer:
	 *   ds: a successful IPC_STAT / *_STAT / *_STAT_ANY: the object as the
	 *       kernel has it at the call's exit (the calling task still
	 *       stopped; the entry's values if it is gone by then); IPC_SET:
	 *       as it is right after the call, i.e. what the kernel set.
	 *       Pids as inside the run (0: not a pid of the run).
	 *   ds_buf: the program's buffer: *_STAT read at the exit, IPC_SET at
	 *       the entry ("what the program saw" / "what it asked for").
	 *   ds_mismatch: IPC_DS_* fields where ds_buf holds a value the kernel
	 *       never reported around the call: *_STAT: differs from the
	 *       kernel's at the exit and (IPC_STAT, within the run's budget of
	 *       optional questions, trace_kernel.c) at the entry: fields that
	 *       change meanwhile, nattch, times, lpid, legitimately differ from
	 *       one of the two; IPC_SET: a settable field (uid, gid, mode bits,
	 *       msg_qbytes) the kernel did not set as the buffer (read at the
	 *       entry) asked. Evidence that the buffer was rewritten.
	 * i386 structures are not decoded (has_ds_buf false); ds still is.
	 */
	bool has_ds;
	struct ipc_ds ds;
	bool has_ds_buf;
	struct ipc_ds ds_buf;
	unsigned ds_mismatch;

	/* semop/semtimedop: the first EVENT_MAX_SOPS operations, read at the
	 * entry; sops_changed: read again at the exit, they differ (the array
	 * was rewritten while the kernel used it). */
	struct event_sop sops[EVENT_MAX_SOPS];
	size_t nsops_read;
	bool sops_changed;
	/* semop/semtimedop: the set's first EVENT_MAX_SEMS semaphore values as
	 * the kernel had them at the entry and at the exit (kstat.h): what the
	 * operation did, other processes' operations meanwhile included. Both
	 * 0 beyond the run's budget of optional questions (trace_kernel.c). */
	unsigned short sem_before[EVENT_MAX_SEMS], sem_after[EVENT_MAX_SEMS];
	size_t nsem_before, nsem_after;
	/* msgsnd: the mtype read again at the exit differs from the entry's
	 * (the mtype argument is then null: what the kernel took is unknown);
	 * msgrcv: the buffer holds an mtype the kernel could not have
	 * delivered for msgtyp and msgflg (null too). */
	bool mtype_changed;
	/* i386 ipc(SHMAT): the address the kernel stored in the program's
	 * memory was not where /proc/<pid>/maps has the segment mapped (another
	 * thread rewrote it): result is then shmaddr when the segment is
	 * mapped there, else 0 (ipc()'s own return value). */
	bool shmaddr_rewritten;

	/* semctl SETALL: the values the program gave (read at entry); GETALL:
	 * the kernel's values it got (read at exit). At most IPC_MAX_SEMVALS;
	 * the decoder reads what it can, and record_finish() trims them to
	 * the set's nsems when it knows it. */
	unsigned short semvals[IPC_MAX_SEMVALS];
	size_t nsemvals;

	/* shmdt: the segment mapped at shmaddr when the call was made, or -1. */
	int shmdt_shmid;

	/* fork: the new process (pid inside the run) and whether it shares the
	 * parent's memory (CLONE_VM: threads, vfork) or is a thread. */
	pid_t child_pid;
	bool clone_vm, clone_thread;

	/* exit: how it ended (exit_code >= 0, or signal > 0). */
	int exit_code, signal;

	/* wait4/waitid/waitpid: the child it reaped is child_pid (a pid >
	 * 0 returned for a child that ended, without WNOWAIT), with its
	 * exit_code / signal. A child only reported stopped or continued
	 * is not reaped. */
	bool reaped;

	/* i386 ipc() multiplexer: its call number (SHMAT 21, ...) when the call
	 * came through it, 0 for a direct syscall (decode.c). */
	unsigned ipc_mux;

	/* Failed on purpose (inject.h): the kernel never ran it; result is -1
	 * and err the injected errno. */
	bool injected;
	/* The call site (inject.h's struct inject_site): an offset in the
	 * program's executable and its inode; 0 when not looked for or not
	 * found. Only IPC calls, and only when the run asked for sites. */
	unsigned long long site, site_ino;
};

/* How a process came to have a segment attached (struct attachment). */
enum attach_how {
	ATTACH_SHMAT,  /* its own successful shmat */
	ATTACH_FORK,   /* fork copied its parent's attachment */
	ATTACH_SHARED, /* it shares its memory (vfork, CLONE_VM) with the process
			* that has it: the parent's, at the vfork, or one the
			* vfork child attached in the memory they share */
};

/* How an attachment of a process ended. */
enum attach_end {
	ATTACH_HELD,  /* still attached when the process or the run ended */
	ATTACH_SHMDT, /* a shmdt of it, by the process or one sharing its memory */
	ATTACH_EXEC,  /* the process called exec (it gets a new memory) */
	ATTACH_EXIT,  /* the process exited */
};

/*
 * One segment attached in one process, from the moment the process had it
 * to the moment it lost it (record_finish(): the lifecycle's model of
 * memory spaces, lifecycle.h, the one model of who has what attached).
 * A process that attaches the same segment twice has two.
 */
struct attachment {
	int shmid;
	unsigned long long addr; /* where it is mapped */
	unsigned shmflg;	 /* the attaching shmat's shmflg (SHM_RDONLY...) */
	enum attach_how how;
	unsigned long seq; /* event that gave it: the shmat, or the fork */
	enum attach_end end;
	unsigned long end_seq; /* event that ended it; 0 while held */
};

/* attach_how / attach_end as the record's JSON spells them. */
const char *attach_how_name(enum attach_how how);
const char *attach_end_name(enum attach_end end);

/* One process of the program (a thread group), helpers excluded. */
struct process {
	pid_t pid, host_pid, ppid;
	int exit_code; /* -1 while running or when killed by a signal */
	int signal;    /* 0 unless it died of a signal */
	bool exited;
	bool orphaned; /* still running when its parent exited */
	char *comm;    /* last exec'd program (basename), owned, may be NULL */
	int program;   /* index of the run_program that started this tree */
	/* Reaping (record_finish): the process that collected its exit status
	 * with a wait call (its parent, or 0 when nobody of the program did:
	 * the harness's init reaped the zombie), and that call's event seq.
	 * A parent whose wait failed with ECHILD after the child ended (the
	 * kernel reaped it: SIGCHLD set to SIG_IGN) counts as its reaper. */
	pid_t reaped_by;
	unsigned long reaped_seq;
	bool waiting_when_killed; /* the run killed it inside a wait call */
	int *attached_at_exit;	  /* shmids still mapped when it exited; owned */
	size_t nattached_at_exit;
	/* Every segment it had attached during the run, in the order it got
	 * them (record_finish; owned). */
	struct attachment *attachments;
	size_t nattachments;
};

/* What a segment held, read by shmgrade from the memory of a process that
 * still had it attached: at its shmdt (before the kernel ran it) and when
 * it exited. The first SEG_DATA_MAX bytes of the attachment. Written by the
 * program, so evidence of what the program did, never a kernel value. */
#define SEG_DATA_MAX 4096
#define SEG_DATA_MAX_READS 256	/* kept per run; later reads are not kept */
#define SEG_DATA_MAX_LOOKS 2048 /* looks at a process's maps per run */
struct seg_data {
	int shmid;
	pid_t pid;	      /* the process it was read from (the run's pid) */
	unsigned long seq;    /* event seq at the time it was read */
	bool at_exit;	      /* read at the process's exit, not at a shmdt */
	unsigned char *bytes; /* owned */
	size_t len;
};

struct segment {
	int shmid;
	long long key;
	unsigned long long size;
	unsigned mode; /* permission bits (0777) at the end of the run */
	/* The permission bits the creating shmget asked for (before any
	 * IPC_SET); meaningful only when created_seq is not 0. */
	unsigned created_mode;
	pid_t creator_pid;
	unsigned attaches, detaches; /* successful shmat / explicit shmdt */
	unsigned max_nattch;
	bool removed;
	pid_t removed_by_pid;	   /* 0 when not removed */
	unsigned long removed_seq; /* event seq of the IPC_RMID, 0 if none */
	unsigned long created_seq; /* event seq of the creating shmget, 0: precondition */
	bool leaked;
	bool precondition;	/* created by the harness before the run */
	unsigned nattch_at_end; /* from the inventory; 0 when gone */
	/* Owner (uid, gid as the programs see them) last known: from an
	 * IPC_STAT, a successful IPC_SET (so a zeroed struct that gave the
	 * segment to root shows), or the inventory. */
	bool owner_known;
	unsigned uid, gid;
};

struct semaphore_set {
	int semid;
	long long key;
	unsigned nsems;
	unsigned mode;
	unsigned created_mode; /* as for struct segment */
	pid_t creator_pid;
	bool removed;
	pid_t removed_by_pid;
	unsigned long created_seq, removed_seq;
	bool leaked;
	bool precondition;
	bool owner_known; /* and uid, gid: as for struct segment */
	unsigned uid, gid;
	/* The kernel's values when the run ended (the inventory's GETALL):
	 * only for a set still alive then, first IPC_MAX_SEMVALS. */
	unsigned short values_at_end[IPC_MAX_SEMVALS];
	size_t nvalues_at_end;
	/* A precondition's values as the harness set them (else 0 each). */
	unsigned short values_at_start[IPC_MAX_SEMVALS];
	size_t nvalues_at_start;
};

struct queue {
	int msqid;
	long long key;
	unsigned mode;
	unsigned created_mode; /* as for struct segment */
	pid_t creator_pid;
	bool removed;
	pid_t removed_by_pid;
	unsigned long created_seq, removed_seq;
	bool leaked;
	bool precondition;
	bool owner_known; /* and uid, gid: as for struct segment */
	unsigned uid, gid;
	unsigned long sent, received; /* successful msgsnd / msgrcv on it */
	unsigned long at_start;	      /* messages a precondition put in it */
	/* Messages in it when it was removed (at_start + sent - received
	 * before the IPC_RMID), or -1 when not removed. */
	long when_removed;
	/* msg_qnum when the run ended (the inventory, from the kernel), or -1
	 * when it was gone by then. */
	long at_end;
};

/* What the inventory found alive in the run's IPC namespace at the end. */

struct inventory_item {
	enum ipc_kind kind;
	int id;		  /* shmid / semid / msqid */
	struct ipc_ds ds; /* cpid/lpid already as inside the run (0 if unknown);
			     queues: nattch is msg_qnum */
	/* Semaphore sets: the values (GETALL; for a precondition, as the
	 * harness set them), the first IPC_MAX_SEMVALS. */
	unsigned short semvals[IPC_MAX_SEMVALS];
	unsigned nsemvals;
};

struct inventory {
	struct inventory_item *items;
	size_t n, alloc;
	bool taken; /* false when it could not be taken (then no leak verdict) */
};

/* Output of one program of the run (several when a run starts several). */
struct program_output {
	char *argv0;
	char *out, *err; /* owned, NUL-terminated, at most the output cap */
	size_t out_len, err_len;
	bool out_truncated, err_truncated;
	pid_t pid;     /* its first process, as inside the run; 0 if never started */
	int exit_code; /* -1 if signalled or never ran */
	int signal;
};

struct leak_counts {
	unsigned shm, sem, msg;
};

struct run_record {
	enum run_status status;
	int exit_code; /* of the first program's first process; -1: none */
	int signal;    /* its signal number, 0 if none */
	double wall_ms;
	enum run_mode mode;
	char *message; /* owned; why status is what it is ("timeout after 10 s"), or NULL */

	struct program_output *outputs;
	size_t noutputs;

	struct process *processes;
	size_t nprocesses, aprocesses;

	struct event *events;
	size_t nevents, aevents;

	struct segment *segments;
	size_t nsegments;
	struct semaphore_set *semaphores;
	size_t nsemaphores;
	struct queue *queues;
	size_t nqueues;

	struct seg_data *seg_data; /* trace_data.c; owned */
	size_t nseg_data;
	unsigned seg_data_looks; /* times trace_data.c looked (bounded) */

	struct inventory inventory;
	struct leak_counts leaks;
	bool untraced_ipc;
	unsigned denied_calls; /* calls the filter refused (CALL_DENIED events) */
	/* Fallback mode: a get of the program named a key that an object of
	 * the host already had before the run (the first such key): what the
	 * program saw depended on the host, not only on the run. */
	bool host_key_clash;
	long long host_key;

	/* The schedule was perturbed (run_spec.perturb): with this seed, so
	 * many preemptions by time and switches between tasks, the programs
	 * pinned to this CPU (-1: not pinned). */
	bool perturbed;
	unsigned long long seed;
	unsigned long preemptions, switches;
	int cpu;
	/* How long its tasks and the tracer waited for a CPU (a busy
	 * machine), and how much of that was added to its deadline. */
	long long cpu_wait_ms, grace_ms;

	/* Objects the harness created before the programs started (run spec
	 * preconditions), any kind: filled by the harness (inventory_add) before
	 * record_finish(), which treats them like its pre_shmids argument.
	 * Owned; released by record_release(). */
	struct inventory pre;

	/* Fallback mode: objects of the host that the run used (a traced get
	 * returned their id) but did not create: present before the run, or
	 * made meanwhile by someone else. The kernel's facts at the end (key,
	 * size, mode; cpid as in the record, 0 when not a pid of the run).
	 * Never the run's, never leaks; the harness leaves them alone. Filled by
	 * the harness before record_finish(). Owned. */
	struct inventory foreign;
};

void record_init(struct run_record *rec);
void record_release(struct run_record *rec);

/* Append a zeroed event / process and return it (xalloc: dies on OOM).
 * The pointer is valid until the next _add on the same array. */
struct event *record_event_add(struct run_record *rec);
struct process *record_process_add(struct run_record *rec);
struct process *record_process_find(struct run_record *rec, pid_t host_pid);

/* Free an event's owned strings (used by record_release). */
void event_clear(struct event *ev);

/* Add an item to an inventory (xalloc). */
struct inventory_item *inventory_add(struct inventory *inv);
void inventory_release(struct inventory *inv);

/* Derive segments, semaphores, queues, leaks and untraced_ipc from the events
 * and rec->inventory. Call once, after the run ended and the inventory was
 * taken. Precondition objects (made by the harness) are those the inventory
 * has with creator pid 1 in namespace mode, or those listed in preexisting
 * (ids), which the caller knows. */
void record_finish(struct run_record *rec, const int *pre_shmids, size_t npre_shm);

/* Set rec->message with printf-style formatting (replaces an older one). */
void record_set_message(struct run_record *rec, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* HARNESS_RECORD_H */
