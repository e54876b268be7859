/*
 * trace_inject.c - which call fails (trace_inject.h, inject.h).
 *
 * The call site: at the seccomp stop the task is inside the libc wrapper
 * (or at a raw syscall instruction); the return address into the program's
 * own code is the first word on the stack, from the stack pointer up,
 * that points into an executable mapping of the program's executable.
 * For a leaf wrapper (shmget, shmat... in glibc) that is the word at the
 * stack pointer itself. It is kept as an offset in the file, so it is the
 * same in every run of the binary whatever the address layout, and a loop
 * that calls shmat a hundred times has one site. A statically linked
 * program has libc in its executable too: there a wrapper that calls
 * another function (semop -> semtimedop) gives a site inside libc, shared
 * by all its callers. Unknown sites are 0.
 */
#include "harness/trace_inject.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/inject.h"
#include "util/xalloc.h"

/* Words of stack looked at, from the stack pointer up. */
#define INJECT_STACK_WORDS 48
#define INJECT_MAX_RANGES 8

struct inject_range {
	unsigned long long start, end, off;
};

/* The tracer's injection state (struct trace's inject). */
struct trace_inject {
	unsigned seen[INJECT_MAX]; /* calls counted per injection */
	/* The executable mappings of the last process asked about. */
	pid_t tgid;
	unsigned long long ino;
	struct inject_range ranges[INJECT_MAX_RANGES];
	size_t nranges;
};

static struct trace_inject *trace_inject_state(struct trace *t)
{
	if (!t->inject) {
		t->inject = xcalloc(1, sizeof(*t->inject));
		t->inject->tgid = -1;
	}
	return t->inject;
}

void trace_inject_free(struct trace *t)
{
	free(t->inject);
	t->inject = NULL;
}

void trace_inject_forget(struct trace *t, pid_t tgid)
{
	if (t->inject && t->inject->tgid == tgid)
		t->inject->tgid = -1;
}

bool trace_inject_wants_sites(const struct trace *t)
{
	size_t i;

	if (t->cfg.sites)
		return true;
	for (i = 0; i < t->cfg.ninject; i++)
		if (t->cfg.inject[i].site.offset)
			return true;
	return false;
}

/* The executable mappings of tgid's executable file (its inode first). */
static void trace_inject_maps(struct trace_inject *s, pid_t tgid)
{
	char line[512];
	struct stat st;
	FILE *f;
	int fd;

	s->tgid = tgid;
	s->nranges = 0;
	s->ino = 0;
	fd = trace_proc_open(tgid, "exe");
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0)
		s->ino = st.st_ino;
	close(fd);
	fd = trace_proc_open(tgid, "maps");
	if (fd < 0 || !(f = fdopen(fd, "r"))) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while (fgets(line, sizeof(line), f) && s->nranges < INJECT_MAX_RANGES) {
		unsigned long long start, end, off, ino;
		char perms[8];

		if (sscanf(line, "%llx-%llx %7s %llx %*s %llu", &start, &end, perms, &off, &ino) ==
			    5 &&
		    perms[2] == 'x' && ino == s->ino && ino)
			s->ranges[s->nranges++] = (struct inject_range){ start, end, off };
	}
	fclose(f);
}

/* The file offset of addr in the executable's code, or 0. */
static unsigned long long trace_inject_offset(const struct trace_inject *s, unsigned long long addr)
{
	size_t i;

	for (i = 0; i < s->nranges; i++)
		if (addr >= s->ranges[i].start && addr < s->ranges[i].end)
			return addr - s->ranges[i].start + s->ranges[i].off;
	return 0;
}

static void trace_inject_site(struct trace *t, const struct trace_task *task, struct event *ev,
			      unsigned long long sp, decode_read_fn rd, void *ctx)
{
	struct trace_inject *s = trace_inject_state(t);
	unsigned long long words[INJECT_STACK_WORDS];
	unsigned *w32 = (unsigned *)words;
	size_t i, size = ev->compat32 ? 4 : 8, n = sizeof(words) / size;

	if (s->tgid != task->tgid)
		trace_inject_maps(s, task->tgid);
	/* Read what can be read: the stack may end within the window. */
	while (n > 1 && rd(ctx, sp, words, n * size) < 0)
		n /= 2;
	if (n <= 1 && rd(ctx, sp, words, size) < 0)
		return;
	for (i = 0; i < n; i++) {
		unsigned long long off = trace_inject_offset(s, size == 4 ? w32[i] : words[i]);

		if (off) {
			ev->site = off;
			ev->site_ino = s->ino;
			return;
		}
	}
}

/* Whether injection inj is about the call of ev, from where it was made. */
static bool trace_inject_about(const struct run_inject *inj, const struct event *ev)
{
	if (!inject_call_matches(inj, ev->call))
		return false;
	return !inj->site.offset || (inj->site.offset == ev->site && inj->site.ino == ev->site_ino);
}

bool trace_inject_pick(struct trace *t, const struct trace_task *task, struct event *ev,
		       unsigned long long sp, decode_read_fn rd, void *ctx, int *err)
{
	struct trace_inject *s;
	bool fire = false;
	size_t i;

	if (!t->cfg.ninject && !t->cfg.sites)
		return false;
	s = trace_inject_state(t);
	if (ev->call != CALL_FORK && trace_inject_wants_sites(t))
		trace_inject_site(t, task, ev, sp, rd, ctx);
	for (i = 0; i < t->cfg.ninject && i < INJECT_MAX; i++) {
		const struct run_inject *inj = &t->cfg.inject[i];

		if (!trace_inject_about(inj, ev))
			continue;
		s->seen[i]++;
		if (!fire && (inj->nth == 0 || inj->nth == s->seen[i])) {
			fire = true;
			*err = inj->err;
		}
	}
	ev->injected = fire;
	return fire;
}
