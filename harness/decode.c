/*
 * decode.c - raw IPC syscalls into events with named, symbolic arguments.
 *
 * One entry and one exit decoder per call, chosen from a table. Arguments
 * get the man pages' names. The positional arguments (raw, in the order of
 * the direct syscall: shmat's shmid, shmaddr, shmflg, also when the call
 * came through the i386 ipc() multiplexer) are read here only: the entry
 * decoders fill the event's normalised fields (id, key, size, flags,
 * may_create, cmd without IPC_64, addr...: record.h), which everything else
 * reads, the exit decoders included, so that no other module needs to know
 * how a call was made or which slot holds what.
 *
 * Structures (shmid_ds, semid_ds, msqid_ds) are decoded for x86_64 (and x32,
 * which uses the same layout) only: the i386 ones (old and 64-bit variants,
 * split time fields) are not, and has_ds_buf stays false for them. The
 * sembuf array has the same layout everywhere and is always read.
 *
 * Everything read here from the program's memory is what the program's
 * buffer held, which another thread can rewrite at any time: structures go
 * to ev->ds_buf, never ev->ds (the kernel's word, which the tracer asks the
 * kernel for: kstat.h); input arrays and mtype are read again at the exit
 * and a change is recorded (sops_changed, mtype_changed).
 */
#include "harness/decode.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "util/util.h"
#include "util/xalloc.h"
#include "harness/xlat.h"

/* Command values the decoders act on (kernel ABI, see xlat.c). */
enum {
	CMD_IPC_RMID = 0,
	CMD_IPC_SET = 1,
	CMD_IPC_STAT = 2,
	CMD_SHM_STAT = 13,
	CMD_SHM_STAT_ANY = 15,
	CMD_GETALL = 13,
	CMD_SETVAL = 16,
	CMD_SETALL = 17,
	CMD_SEM_STAT = 18,
	CMD_SEM_STAT_ANY = 20,
	CMD_MSG_STAT = 11,
	CMD_MSG_STAT_ANY = 13,
};

/* ipc()'s call numbers the demultiplexer treats specially. */
enum { IPCOP_SEMCTL = 3, IPCOP_MSGRCV = 12, IPCOP_SHMAT = 21 };

/* Where the fields of the x86_64 *id64_ds structures are (offsetof
 * measured, asm-generic/ipcbuf.h, asm/sembuf.h, asm-generic/msgbuf.h). The
 * 48-byte ipc64_perm comes first in all three. -1: no such field. */
struct decode_layout {
	size_t size;
	int segsz, atime, dtime, ctime, cpid, lpid, nattch;
};

static const struct decode_layout decode_layouts[] = {
	[IPC_KIND_SHM] = { 112, 48, 56, 64, 72, 80, 84, 88 },
	[IPC_KIND_SEM] = { 104, 80, 48, -1, 64, -1, -1, -1 },
	[IPC_KIND_MSG] = { 120, 88, 48, 56, 64, -1, -1, 80 },
};

struct decode_ctx {
	struct event *ev;
	decode_read_fn rd;
	void *ctx;
	long long raw[6]; /* the positional arguments (after ipc() demux) */
};

/* ---- arguments ---- */

static struct event_arg *decode_arg(struct event *ev, const char *name, enum arg_kind kind)
{
	struct event_arg *a;

	if (ev->nargs >= EVENT_MAX_ARGS)
		return NULL;
	a = &ev->args[ev->nargs++];
	a->name = name;
	a->kind = kind;
	a->num = 0;
	a->str = NULL;
	return a;
}

static void decode_arg_num(struct event *ev, const char *name, enum arg_kind kind, long long v)
{
	struct event_arg *a = decode_arg(ev, name, kind);

	if (a)
		a->num = v;
}

/* Takes ownership of str. */
static void decode_arg_sym(struct event *ev, const char *name, char *str)
{
	struct event_arg *a = decode_arg(ev, name, ARG_SYM);

	if (a)
		a->str = str;
	else
		free(str);
}

/* A symbolic argument that keeps its number too (takes ownership of str). */
static void decode_arg_symnum(struct event *ev, const char *name, char *str, long long v)
{
	struct event_arg *a = decode_arg(ev, name, ARG_SYM);

	if (!a) {
		free(str);
		return;
	}
	a->str = str;
	a->num = v;
}

/* An int-typed argument: the low 32 bits, sign-extended. */
static long long decode_int(long long raw)
{
	return (int32_t)(uint32_t)raw;
}

/* A long / size_t / pointer: all 64 bits, or the low 32 on i386. */
static long long decode_long(const struct event *ev, long long raw, bool is_signed)
{
	if (!ev->compat32)
		return raw;
	return is_signed ? (long long)(int32_t)(uint32_t)raw : (long long)(uint32_t)raw;
}

/* ---- memory ---- */

static int decode_read(struct decode_ctx *d, unsigned long long addr, void *buf, size_t len)
{
	if (!addr || !d->rd)
		return -1;
	return d->rd(d->ctx, addr, buf, len);
}

/* Read a tracee long (8 bytes, or 4 on i386) at addr into *v. */
static int decode_read_long(struct decode_ctx *d, unsigned long long addr, long long *v)
{
	int32_t v32;
	int64_t v64;

	if (d->ev->compat32) {
		if (decode_read(d, addr, &v32, sizeof(v32)) < 0)
			return -1;
		*v = v32;
		return 0;
	}
	if (decode_read(d, addr, &v64, sizeof(v64)) < 0)
		return -1;
	*v = v64;
	return 0;
}

static unsigned long long decode_field(const unsigned char *buf, int off, size_t len)
{
	uint64_t v64 = 0;
	uint32_t v32 = 0;

	if (off < 0)
		return 0;
	if (len == 8) {
		memcpy(&v64, buf + off, 8);
		return v64;
	}
	memcpy(&v32, buf + off, 4);
	return v32;
}

/* Read the kind's *id_ds at addr into ev->ds_buf (x86_64 layout only):
 * what the program's buffer holds, never taken for the kernel's word. */
static void decode_read_ds(struct decode_ctx *d, enum ipc_kind kind, unsigned long long addr)
{
	const struct decode_layout *l = &decode_layouts[kind];
	unsigned char buf[128];
	struct ipc_ds *ds = &d->ev->ds_buf;

	if (d->ev->compat32 || decode_read(d, addr, buf, l->size) < 0)
		return;
	memset(ds, 0, sizeof(*ds));
	ds->key = (int32_t)decode_field(buf, 0, 4);
	ds->uid = decode_field(buf, 4, 4);
	ds->gid = decode_field(buf, 8, 4);
	ds->cuid = decode_field(buf, 12, 4);
	ds->cgid = decode_field(buf, 16, 4);
	ds->mode = decode_field(buf, 20, 4);
	ds->size = decode_field(buf, l->segsz, 8);
	ds->atime = decode_field(buf, l->atime, 8);
	ds->dtime = decode_field(buf, l->dtime, 8);
	ds->ctime = decode_field(buf, l->ctime, 8);
	ds->cpid = (int)decode_field(buf, l->cpid, 4);
	ds->lpid = (int)decode_field(buf, l->lpid, 4);
	ds->nattch = decode_field(buf, l->nattch, 8);
	d->ev->has_ds_buf = true;
}

/* ---- symbolic renderings ---- */

/* shmget flags; a huge page size goes before the permission bits, as
 * "IPC_CREAT|SHM_HUGETLB|SHM_HUGE_2MB|0600". */
char *decode_shmflg(long long flg)
{
	uint32_t f = (uint32_t)flg;
	unsigned huge = (f >> XLAT_SHM_HUGE_SHIFT) & XLAT_SHM_HUGE_MASK;
	const char *name = xlat_lookup(xlat_shm_huge, huge);
	char *base, *perm, *s;

	if (!huge)
		return xlat_flags(xlat_shmget_flags, f, true);
	base = xlat_flags(xlat_shmget_flags, f & ~(XLAT_SHM_HUGE_MASK << XLAT_SHM_HUGE_SHIFT),
			  true);
	perm = strrchr(base, '|');
	if (perm)
		*perm++ = '\0';
	if (name)
		s = xasprintf("%s%s%s|%s", perm ? base : "", perm ? "|" : "", name,
			      perm ? perm : base);
	else
		s = xasprintf("%s%s%u<<SHM_HUGE_SHIFT|%s", perm ? base : "", perm ? "|" : "", huge,
			      perm ? perm : base);
	free(base);
	return s;
}

static const struct xlat *const decode_cmd_tables[] = {
	[IPC_KIND_SHM] = xlat_shm_cmds,
	[IPC_KIND_SEM] = xlat_sem_cmds,
	[IPC_KIND_MSG] = xlat_msg_cmds,
};

/* The command with IPC_64 stripped: the one place that strips it. */
static int decode_cmd(long long raw)
{
	return (int)((uint32_t)raw & ~(uint32_t)XLAT_IPC_64);
}

char *decode_ipc_cmd(enum ipc_kind kind, long long cmd)
{
	int c = decode_cmd(cmd);
	const char *name = xlat_lookup(xlat_ipc_cmds, (unsigned)c);
	const char *prefix = ((uint32_t)cmd & XLAT_IPC_64) ? "IPC_64|" : "";

	if (!name)
		name = xlat_lookup(decode_cmd_tables[kind], (unsigned)c);
	if (!name)
		return xasprintf("%s%d", prefix, c);
	return xasprintf("%s%s", prefix, name);
}

/* ---- per call: shm ---- */

/* A get: key and flags (flags_at: raw[] slot), may_create. */
static void decode_get(struct decode_ctx *d, int flags_at)
{
	struct event *ev = d->ev;

	ev->key = decode_int(d->raw[0]);
	ev->flags = (uint32_t)d->raw[flags_at];
	ev->may_create = ev->key == 0 /* IPC_PRIVATE */ || (ev->flags & XLAT_IPC_CREAT);
}

static void decode_shmget_entry(struct decode_ctx *d)
{
	struct event *ev = d->ev;

	decode_get(d, 2);
	ev->size = (unsigned long long)decode_long(ev, d->raw[1], false);
	decode_arg_num(ev, "key", ARG_INT, ev->key);
	decode_arg_num(ev, "size", ARG_INT, (long long)ev->size);
	decode_arg_sym(ev, "shmflg", decode_shmflg(ev->flags));
}

static void decode_shmat_entry(struct decode_ctx *d)
{
	struct event *ev = d->ev;

	ev->id = (int)decode_int(d->raw[0]);
	ev->addr = (unsigned long long)decode_long(ev, d->raw[1], false);
	ev->flags = (uint32_t)d->raw[2];
	if (ev->ipc_mux == IPCOP_SHMAT)
		ev->result_addr = (uint32_t)d->raw[3];
	decode_arg_num(ev, "shmid", ARG_INT, ev->id);
	decode_arg_num(ev, "shmaddr", ARG_HEX, (long long)ev->addr);
	decode_arg_sym(ev, "shmflg", xlat_flags(xlat_shmat_flags, ev->flags, false));
}

static void decode_shmdt_entry(struct decode_ctx *d)
{
	d->ev->addr = (unsigned long long)decode_long(d->ev, d->raw[0], false);
	decode_arg_num(d->ev, "shmaddr", ARG_HEX, (long long)d->ev->addr);
}

/* shmctl, msgctl: (id, cmd, buf). */
static void decode_ctl_entry(struct decode_ctx *d, enum ipc_kind kind, const char *idname)
{
	struct event *ev = d->ev;

	ev->id = (int)decode_int(d->raw[0]);
	ev->cmd = decode_cmd(d->raw[1]);
	ev->addr = (unsigned long long)decode_long(ev, d->raw[2], false);
	decode_arg_num(ev, idname, ARG_INT, ev->id);
	decode_arg_sym(ev, "cmd", decode_ipc_cmd(kind, d->raw[1]));
	decode_arg_num(ev, "buf", ARG_HEX, (long long)ev->addr);
	if (ev->cmd == CMD_IPC_SET)
		decode_read_ds(d, kind, ev->addr);
}

static void decode_shmctl_entry(struct decode_ctx *d)
{
	decode_ctl_entry(d, IPC_KIND_SHM, "shmid");
}

static void decode_msgctl_entry(struct decode_ctx *d)
{
	decode_ctl_entry(d, IPC_KIND_MSG, "msqid");
}

/* Is cmd one that fills the buffer, for kind? */
static bool decode_cmd_stats(enum ipc_kind kind, int cmd)
{
	static const int stats[][3] = {
		[IPC_KIND_SHM] = { CMD_IPC_STAT, CMD_SHM_STAT, CMD_SHM_STAT_ANY },
		[IPC_KIND_SEM] = { CMD_IPC_STAT, CMD_SEM_STAT, CMD_SEM_STAT_ANY },
		[IPC_KIND_MSG] = { CMD_IPC_STAT, CMD_MSG_STAT, CMD_MSG_STAT_ANY },
	};
	size_t i;

	for (i = 0; i < 3; i++)
		if (stats[kind][i] == cmd)
			return true;
	return false;
}

static void decode_shmctl_exit(struct decode_ctx *d)
{
	struct event *ev = d->ev;

	if (!ev->err && decode_cmd_stats(IPC_KIND_SHM, ev->cmd))
		decode_read_ds(d, IPC_KIND_SHM, ev->addr);
}

static void decode_msgctl_exit(struct decode_ctx *d)
{
	struct event *ev = d->ev;

	if (!ev->err && decode_cmd_stats(IPC_KIND_MSG, ev->cmd))
		decode_read_ds(d, IPC_KIND_MSG, ev->addr);
}

/* i386 ipc(SHMAT) returns 0 and stores the address at result_addr. */
static void decode_shmat_exit(struct decode_ctx *d)
{
	struct event *ev = d->ev;
	uint32_t addr;

	if (ev->err)
		return;
	if (ev->ipc_mux == IPCOP_SHMAT) {
		if (decode_read(d, ev->result_addr, &addr, sizeof(addr)) == 0)
			ev->result = addr;
	} else if (ev->compat32) {
		ev->result = (uint32_t)ev->result;
	}
}

/* ---- per call: sem ---- */

static void decode_semget_entry(struct decode_ctx *d)
{
	struct event *ev = d->ev;

	decode_get(d, 2);
	ev->size = (unsigned long long)decode_int(d->raw[1]);
	decode_arg_num(ev, "key", ARG_INT, ev->key);
	decode_arg_num(ev, "nsems", ARG_INT, decode_int(d->raw[1]));
	decode_arg_sym(ev, "semflg", xlat_flags(xlat_get_flags, ev->flags, true));
}

/* Read the first EVENT_MAX_SOPS struct sembuf (6 bytes on every ABI) into
 * sops; returns how many, 0 when unreadable. */
static size_t decode_read_sops_into(struct decode_ctx *d, unsigned long long addr,
				    unsigned long long nsops, struct event_sop *sops)
{
	unsigned char buf[EVENT_MAX_SOPS * 6];
	size_t n = nsops < EVENT_MAX_SOPS ? (size_t)nsops : EVENT_MAX_SOPS;
	size_t i;

	if (!n || decode_read(d, addr, buf, n * 6) < 0)
		return 0;
	for (i = 0; i < n; i++) {
		memcpy(&sops[i].sem_num, buf + i * 6, 2);
		memcpy(&sops[i].sem_op, buf + i * 6 + 2, 2);
		memcpy(&sops[i].sem_flg, buf + i * 6 + 4, 2);
	}
	return n;
}

static void decode_read_sops(struct decode_ctx *d, unsigned long long addr,
			     unsigned long long nsops)
{
	d->ev->nsops_read = decode_read_sops_into(d, addr, nsops, d->ev->sops);
}

/* The array read again at the exit: a thread that rewrote it while the
 * kernel used it leaves a difference (or an array that became unreadable). */
static void decode_semop_exit(struct decode_ctx *d)
{
	struct event *ev = d->ev;
	struct event_sop again[EVENT_MAX_SOPS];
	size_t n, i;

	if (!ev->nsops_read)
		return;
	n = decode_read_sops_into(d, ev->addr, ev->size, again);
	if (n != ev->nsops_read) {
		ev->sops_changed = true;
		return;
	}
	for (i = 0; i < n; i++)
		if (again[i].sem_num != ev->sops[i].sem_num ||
		    again[i].sem_op != ev->sops[i].sem_op ||
		    again[i].sem_flg != ev->sops[i].sem_flg)
			ev->sops_changed = true;
}

/* semtimedop's timeout: a 64-bit timespec, except through ipc() on i386. */
static void decode_timeout(struct decode_ctx *d, unsigned long long addr)
{
	struct event *ev = d->ev;
	int64_t ts64[2];
	int32_t ts32[2];

	if (!addr) {
		decode_arg_num(ev, "timeout", ARG_HEX, 0);
	} else if (ev->ipc_mux && decode_read(d, addr, ts32, sizeof(ts32)) == 0) {
		decode_arg_sym(ev, "timeout",
			       xasprintf("{tv_sec=%d, tv_nsec=%d}", ts32[0], ts32[1]));
	} else if (!ev->ipc_mux && decode_read(d, addr, ts64, sizeof(ts64)) == 0) {
		decode_arg_sym(ev, "timeout",
			       xasprintf("{tv_sec=%lld, tv_nsec=%lld}", (long long)ts64[0],
					 (long long)ts64[1]));
	} else {
		decode_arg_num(ev, "timeout", ARG_NULL, 0);
	}
}

static void decode_semop_entry(struct decode_ctx *d)
{
	struct event *ev = d->ev;

	ev->id = (int)decode_int(d->raw[0]);
	ev->addr = (unsigned long long)decode_long(ev, d->raw[1], false);
	ev->size = (unsigned long long)decode_long(ev, d->raw[2], false);
	decode_arg_num(ev, "semid", ARG_INT, ev->id);
	decode_arg_num(ev, "sops", ARG_HEX, (long long)ev->addr);
	decode_arg_num(ev, "nsops", ARG_INT, (long long)ev->size);
	decode_read_sops(d, ev->addr, ev->size);
	if (ev->call == CALL_SEMTIMEDOP) {
		ev->timeout = (unsigned long long)decode_long(ev, d->raw[3], false);
		decode_timeout(d, ev->timeout);
	}
}

/* semctl's fourth argument means something for these commands only. */
static bool decode_semctl_has_arg(int cmd)
{
	static const int with_arg[] = { 1, 2, 3, 13, 16, 17, 18, 19, 20 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(with_arg); i++)
		if (with_arg[i] == cmd)
			return true;
	return false;
}

/*
 * The unsigned short array of SETALL/GETALL. The set's size is not known
 * here: read IPC_MAX_SEMVALS values, or fewer when the array ends near an
 * unmapped page (record_finish trims them to nsems).
 */
static void decode_read_semvals(struct decode_ctx *d, unsigned long long addr)
{
	struct event *ev = d->ev;
	size_t n;

	ev->nsemvals = 0;
	for (n = IPC_MAX_SEMVALS; n > 0; n /= 2)
		if (decode_read(d, addr, ev->semvals, n * sizeof(ev->semvals[0])) == 0) {
			ev->nsemvals = n;
			return;
		}
}

static void decode_semctl_entry(struct decode_ctx *d)
{
	struct event *ev = d->ev;
	int cmd = decode_cmd(d->raw[2]);

	ev->id = (int)decode_int(d->raw[0]);
	ev->semnum = (int)decode_int(d->raw[1]);
	ev->cmd = cmd;
	if (cmd != CMD_SETVAL && decode_semctl_has_arg(cmd))
		ev->addr = (unsigned long long)decode_long(ev, d->raw[3], false);
	decode_arg_num(ev, "semid", ARG_INT, ev->id);
	decode_arg_num(ev, "semnum", ARG_INT, ev->semnum);
	decode_arg_sym(ev, "cmd", decode_ipc_cmd(IPC_KIND_SEM, d->raw[2]));
	if (cmd == CMD_SETVAL)
		decode_arg_num(ev, "arg", ARG_INT, decode_int(d->raw[3]));
	else if (decode_semctl_has_arg(cmd))
		decode_arg_num(ev, "arg", ARG_HEX, (long long)ev->addr);
	if (cmd == CMD_IPC_SET)
		decode_read_ds(d, IPC_KIND_SEM, ev->addr);
	if (cmd == CMD_SETALL)
		decode_read_semvals(d, ev->addr);
}

static void decode_semctl_exit(struct decode_ctx *d)
{
	struct event *ev = d->ev;

	if (!ev->err && decode_cmd_stats(IPC_KIND_SEM, ev->cmd))
		decode_read_ds(d, IPC_KIND_SEM, ev->addr);
	if (!ev->err && ev->cmd == CMD_GETALL)
		decode_read_semvals(d, ev->addr);
}

/* ---- per call: msg ---- */

static void decode_msgget_entry(struct decode_ctx *d)
{
	struct event *ev = d->ev;

	decode_get(d, 1);
	decode_arg_num(ev, "key", ARG_INT, ev->key);
	decode_arg_sym(ev, "msgflg", xlat_flags(xlat_get_flags, ev->flags, true));
}

/* The mtype at the start of the message buffer (a long). */
static void decode_mtype(struct decode_ctx *d, unsigned long long msgp)
{
	long long mtype;

	if (decode_read_long(d, msgp, &mtype) == 0)
		decode_arg_num(d->ev, "mtype", ARG_INT, mtype);
	else
		decode_arg_num(d->ev, "mtype", ARG_NULL, 0);
}

static void decode_msgsnd_entry(struct decode_ctx *d)
{
	struct event *ev = d->ev;

	ev->id = (int)decode_int(d->raw[0]);
	ev->addr = (unsigned long long)decode_long(ev, d->raw[1], false);
	ev->size = (unsigned long long)decode_long(ev, d->raw[2], false);
	ev->flags = (uint32_t)d->raw[3];
	decode_arg_num(ev, "msqid", ARG_INT, ev->id);
	decode_arg_num(ev, "msgp", ARG_HEX, (long long)ev->addr);
	decode_arg_num(ev, "msgsz", ARG_INT, (long long)ev->size);
	decode_arg_sym(ev, "msgflg", xlat_flags(xlat_msgsnd_flags, ev->flags, false));
	decode_mtype(d, ev->addr);
}

/* msgsnd's mtype read again at the exit: when it changed, what the kernel
 * took is unknown and the argument becomes null. */
static void decode_msgsnd_exit(struct decode_ctx *d)
{
	struct event *ev = d->ev;
	long long mtype;
	size_t i;

	for (i = 0; i < ev->nargs; i++) {
		struct event_arg *a = &ev->args[i];

		if (strcmp(a->name, "mtype") || a->kind != ARG_INT)
			continue;
		if (decode_read_long(d, ev->addr, &mtype) < 0 || mtype != a->num) {
			ev->mtype_changed = true;
			a->kind = ARG_NULL;
			a->num = 0;
		}
	}
}

static void decode_msgrcv_entry(struct decode_ctx *d)
{
	struct event *ev = d->ev;

	ev->id = (int)decode_int(d->raw[0]);
	ev->addr = (unsigned long long)decode_long(ev, d->raw[1], false);
	ev->size = (unsigned long long)decode_long(ev, d->raw[2], false);
	ev->msgtyp = decode_long(ev, d->raw[3], true);
	ev->flags = (uint32_t)d->raw[4];
	decode_arg_num(ev, "msqid", ARG_INT, ev->id);
	decode_arg_num(ev, "msgp", ARG_HEX, (long long)ev->addr);
	decode_arg_num(ev, "msgsz", ARG_INT, (long long)ev->size);
	decode_arg_num(ev, "msgtyp", ARG_INT, ev->msgtyp);
	decode_arg_sym(ev, "msgflg", xlat_flags(xlat_msgrcv_flags, ev->flags, false));
}

/* Could the kernel have delivered a message of mtype to msgrcv(msgtyp,
 * msgflg)? (MSG_EXCEPT 020000; MSG_COPY 040000 takes msgtyp as a position.) */
static bool decode_mtype_possible(long long mtype, long long msgtyp, unsigned flg)
{
	if (flg & 040000)
		return mtype > 0;
	if (msgtyp > 0)
		return (flg & 020000) ? mtype > 0 && mtype != msgtyp : mtype == msgtyp;
	if (msgtyp < 0)
		return mtype > 0 && mtype <= -msgtyp;
	return mtype > 0;
}

/* After a successful msgrcv, the received message's mtype is worth seeing.
 * It is the program's buffer (another thread may have rewritten it): one
 * the kernel could not have delivered is recorded as unknown. */
static void decode_msgrcv_exit(struct decode_ctx *d)
{
	struct event *ev = d->ev;
	struct event_arg *a;

	if (ev->err)
		return;
	decode_mtype(d, ev->addr);
	a = ev->nargs ? &ev->args[ev->nargs - 1] : NULL;
	if (a && a->kind == ARG_INT && !strcmp(a->name, "mtype") &&
	    !decode_mtype_possible(a->num, ev->msgtyp, ev->flags)) {
		a->kind = ARG_NULL;
		a->num = 0;
		ev->mtype_changed = true;
	}
}

/* ---- the table ---- */

/* The normalised fields start from 0 for every decode (record.h). */
static void decode_args_clear(struct event *ev)
{
	ev->id = 0;
	ev->key = 0;
	ev->size = 0;
	ev->flags = 0;
	ev->may_create = false;
	ev->cmd = 0;
	ev->semnum = 0;
	ev->addr = ev->timeout = ev->result_addr = 0;
	ev->msgtyp = 0;
}

typedef void (*decode_fn)(struct decode_ctx *d);

static const struct {
	decode_fn entry, exit;
} decode_calls[CALL_COUNT_] = {
	[CALL_SHMGET] = { decode_shmget_entry, NULL },
	[CALL_SHMAT] = { decode_shmat_entry, decode_shmat_exit },
	[CALL_SHMDT] = { decode_shmdt_entry, NULL },
	[CALL_SHMCTL] = { decode_shmctl_entry, decode_shmctl_exit },
	[CALL_SEMGET] = { decode_semget_entry, NULL },
	[CALL_SEMOP] = { decode_semop_entry, decode_semop_exit },
	[CALL_SEMTIMEDOP] = { decode_semop_entry, decode_semop_exit },
	[CALL_SEMCTL] = { decode_semctl_entry, decode_semctl_exit },
	[CALL_MSGGET] = { decode_msgget_entry, NULL },
	[CALL_MSGSND] = { decode_msgsnd_entry, decode_msgsnd_exit },
	[CALL_MSGRCV] = { decode_msgrcv_entry, decode_msgrcv_exit },
	[CALL_MSGCTL] = { decode_msgctl_entry, decode_msgctl_exit },
};

/* ---- the i386 ipc() multiplexer ---- */

/*
 * ipc(call, first, second, third, ptr, fifth) into the direct call's
 * argument order (the kernel's compat_ksys_ipc). IPC_64 in the version of
 * the command is accepted by ipc() and stripped here (decode_cmd) like the
 * kernel does, so the symbolic cmd does not show it.
 */
static int decode_ipc_demux(struct decode_ctx *d, const unsigned long long a[6])
{
	struct event *ev = d->ev;
	unsigned op = (uint32_t)a[0] & 0xffff, version = (uint32_t)a[0] >> XLAT_IPC_VERSION_SHIFT;
	long long first = a[1], second = a[2], third = a[3], ptr = a[4], fifth = a[5];
	long long r[6] = { 0 };
	uint32_t kludge[2];

	if (xlat_ipc_call(op, &ev->call) < 0)
		return -1;
	ev->ipc_mux = op;
	switch (ev->call) {
	case CALL_SEMOP:
	case CALL_SEMTIMEDOP: /* semtimedop(first, ptr, second, fifth) */
		r[0] = first, r[1] = ptr, r[2] = second, r[3] = ev->call == CALL_SEMOP ? 0 : fifth;
		break;
	case CALL_SEMCTL: /* semctl(first, second, third, *(u32 *)ptr) */
		r[0] = first, r[1] = second, r[2] = decode_cmd(third);
		if (decode_read(d, (uint32_t)ptr, &kludge[0], 4) == 0)
			r[3] = kludge[0];
		break;
	case CALL_MSGRCV: /* version 0: ptr -> { msgp, msgtyp } */
		r[0] = first, r[1] = ptr, r[2] = second, r[3] = fifth, r[4] = third;
		if (version == 0 && decode_read(d, (uint32_t)ptr, kludge, sizeof(kludge)) == 0)
			r[1] = kludge[0], r[3] = (int32_t)kludge[1];
		break;
	case CALL_SHMAT: /* shmat(first, ptr, second), address stored at third */
		r[0] = first, r[1] = ptr, r[2] = second, r[3] = third;
		break;
	case CALL_SHMDT: r[0] = ptr; break;
	case CALL_MSGSND: /* msgsnd(first, ptr, second, third) */
		r[0] = first, r[1] = ptr, r[2] = second, r[3] = third;
		break;
	case CALL_SHMCTL:
	case CALL_MSGCTL: /* (first, second, ptr) */
		r[0] = first, r[1] = decode_cmd(second), r[2] = ptr;
		break;
	default: /* semget, shmget: (first, second, third); msgget: (first, second) */
		r[0] = first, r[1] = second, r[2] = third;
		break;
	}
	memcpy(d->raw, r, sizeof(r));
	return 0;
}

int decode_entry(struct event *ev, unsigned arch, long long nr, const unsigned long long args[6],
		 decode_read_fn rd, void *ctx)
{
	struct decode_ctx d = { ev, rd, ctx, { 0 } };
	size_t i;

	event_clear(ev);
	ev->compat32 = arch == XLAT_ARCH_I386;
	ev->ipc_mux = 0;
	ev->has_ds = ev->has_ds_buf = false;
	ev->ds_mismatch = 0;
	ev->nsops_read = 0;
	ev->sops_changed = ev->mtype_changed = ev->shmaddr_rewritten = false;
	ev->nsem_before = ev->nsem_after = 0;
	decode_args_clear(ev);
	for (i = 0; i < 6; i++)
		d.raw[i] = (long long)args[i];
	if (ev->compat32 && nr == XLAT_I386_IPC) {
		if (decode_ipc_demux(&d, args) < 0)
			goto unknown;
	} else if (xlat_syscall(arch, nr, &ev->call) < 0) {
		goto unknown;
	}
	decode_calls[ev->call].entry(&d);
	return 0;
unknown:
	ev->call = CALL_COUNT_;
	return -1;
}

void decode_exit(struct event *ev, long long rval, decode_read_fn rd, void *ctx)
{
	struct decode_ctx d = { ev, rd, ctx, { 0 } };

	if ((unsigned)ev->call >= CALL_COUNT_ || !decode_calls[ev->call].entry)
		return;
	if (ev->compat32)
		rval = (int32_t)(uint32_t)rval;
	if (rval < 0 && rval >= -4095) {
		ev->result = -1;
		ev->err = (int)-rval;
	} else {
		ev->result = rval;
		ev->err = 0;
	}
	if (decode_calls[ev->call].exit)
		decode_calls[ev->call].exit(&d);
}

/* ---- the wait calls ---- */

/* "WNOHANG|WUNTRACED", or "0". */
static char *decode_wait_options(unsigned long long opts)
{
	static const struct {
		unsigned long long bit;
		const char *name;
	} names[] = {
		{ WNOHANG, "WNOHANG" }, { WUNTRACED, "WUNTRACED" },
		{ WEXITED, "WEXITED" }, { WCONTINUED, "WCONTINUED" },
		{ WNOWAIT, "WNOWAIT" }, { __WNOTHREAD, "__WNOTHREAD" },
		{ __WALL, "__WALL" },	{ __WCLONE, "__WCLONE" },
	};
	char buf[160] = "";
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(opts & names[i].bit))
			continue;
		if (buf[0])
			strcat(buf, "|");
		strcat(buf, names[i].name);
		opts &= ~names[i].bit;
	}
	if (opts)
		return xasprintf("%s%s%#llx", buf, buf[0] ? "|" : "", opts);
	return xstrdup(buf[0] ? buf : "0");
}

void decode_wait_entry(struct event *ev, enum ipc_call call, unsigned arch,
		       const unsigned long long args[6])
{
	static const char *const idtypes[] = { "P_ALL", "P_PID", "P_PGID", "P_PIDFD" };
	long long a[6];
	size_t i;

	event_clear(ev);
	decode_args_clear(ev);
	ev->call = call;
	ev->compat32 = arch == XLAT_ARCH_I386;
	for (i = 0; i < 6; i++)
		a[i] = ev->compat32 ? (long long)(uint32_t)args[i] : (long long)args[i];
	if (call == CALL_WAITID) {
		ev->wait_idtype = (int)a[0];
		ev->wait_id = (pid_t)(int)a[1];
		ev->addr = (unsigned long long)a[2];
		ev->wait_options = (unsigned long long)a[3];
		decode_arg_symnum(ev, "idtype",
				  (uint64_t)a[0] < 4 ? xstrdup(idtypes[a[0]])
						     : xasprintf("%lld", a[0]),
				  a[0]);
		decode_arg_num(ev, "id", ARG_INT, ev->wait_id);
		decode_arg_num(ev, "infop", ARG_HEX, (long long)ev->addr);
	} else {
		ev->wait_idtype = -1;
		ev->wait_id = (pid_t)(int)a[0];
		ev->addr = (unsigned long long)a[1];
		ev->wait_options = (unsigned long long)a[2];
		decode_arg_num(ev, "pid", ARG_INT, ev->wait_id);
		decode_arg_num(ev, "wstatus", ARG_HEX, (long long)ev->addr);
	}
	decode_arg_symnum(ev, "options", decode_wait_options(ev->wait_options),
			  (long long)ev->wait_options);
}
