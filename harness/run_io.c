/*
 * run_io.c - plumbing of one run (run_io.h).
 */
#include "harness/run_io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "harness/kstat.h"
#include "harness/trace.h"
#include "harness/words.h"
#include "harness/rmtree.h"
#include "util/xalloc.h"

char *const run_default_env[] = { "PATH=" RUN_DEFAULT_PATH, "HOME=/tmp", "LANG=C.UTF-8", NULL };

int run_io_fail(struct run_state *c, const char *what, const char *subject)
{
	if (subject)
		record_set_message(c->rec, "%s '%s': %s", what, subject, strerror(errno));
	else
		record_set_message(c->rec, "%s: %s", what, strerror(errno));
	return -1;
}

void run_io_init(struct run_state *c, const struct run_spec *spec, struct run_record *rec)
{
	memset(c, 0, sizeof(*c));
	c->spec = spec;
	c->rec = rec;
	c->status_r = c->status_w = c->go_r = c->go_w = -1;
	c->dir_fd = c->userns_fd = c->ipcns_fd = c->signal_fd = c->timer_fd = -1;
	c->fb.lock_fd = -1;
	c->dumpable = -1;
	c->cg.dirfd = -1;
}

static void run_io_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Can the program run as the user it will run as? When the caller is root
 * that is the run's own uid and gid (run_uid.h, in both modes), whom
 * access() cannot ask about. */
static bool run_io_executable(const struct run_state *c, const char *path, const struct stat *st)
{
	if (!c->caller_root)
		return faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) == 0;
	if (st->st_uid == c->uid)
		return st->st_mode & S_IXUSR;
	if (st->st_gid == (gid_t)c->uid)
		return st->st_mode & S_IXGRP;
	return st->st_mode & S_IXOTH;
}

static bool run_io_is_script(const char *path)
{
	char magic[2] = { 0, 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (read(fd, magic, 2) != 2)
		magic[0] = 0;
	close(fd);
	return magic[0] == '#' && magic[1] == '!';
}

/* The absolute directory of an executable (malloc'ed), or NULL. */
static char *run_io_dirname(const char *path)
{
	char *real = realpath(path, NULL);
	char *slash = real ? strrchr(real, '/') : NULL;

	if (!slash) {
		free(real);
		return NULL;
	}
	if (slash == real)
		slash[1] = '\0';
	else
		*slash = '\0';
	return real;
}

static int run_io_program(struct run_state *c, size_t i)
{
	const struct run_program *rp = &c->spec->programs[i];
	struct sandbox_prog *p = &c->progs[i];
	const char *path = rp->argv ? rp->argv[0] : NULL;
	const char *in = rp->stdin_path ? rp->stdin_path : "/dev/null";
	struct stat st;
	int out[2], err[2];

	if (!path) {
		errno = EINVAL;
		return run_io_fail(c, "starting the run: program without argv", NULL);
	}
	p->exec_fd = open(path, O_PATH | O_CLOEXEC);
	if (p->exec_fd < 0 || fstat(p->exec_fd, &st) < 0)
		return run_io_fail(c, "cannot execute", path);
	if (!S_ISREG(st.st_mode) || !run_io_executable(c, path, &st)) {
		errno = S_ISREG(st.st_mode) ? EACCES : EISDIR;
		record_set_message(c->rec, "cannot execute '%s'%s%.0u: %s", path,
				   c->caller_root ? " as uid " : "",
				   c->caller_root ? (unsigned)c->uid : 0, strerror(errno));
		return -1;
	}
	p->script = run_io_is_script(path);
	p->dir_path = run_io_dirname(path);
	p->argv = rp->argv;
	p->envp = rp->envp ? rp->envp : run_default_env;
	p->concurrent = rp->concurrent;
	p->delay_ms = rp->delay_ms;
	p->stdin_fd = open(in, O_RDONLY | O_CLOEXEC);
	if (p->stdin_fd < 0)
		return run_io_fail(c, "opening the input", in);
	if (pipe2(out, O_CLOEXEC) < 0)
		return run_io_fail(c, "creating a pipe", NULL);
	c->out_r[i] = out[0];
	p->out_fd = out[1];
	if (pipe2(err, O_CLOEXEC) < 0)
		return run_io_fail(c, "creating a pipe", NULL);
	c->err_r[i] = err[0];
	p->err_fd = err[1];
	fcntl(c->out_r[i], F_SETFL, O_NONBLOCK);
	fcntl(c->err_r[i], F_SETFL, O_NONBLOCK);
	return 0;
}

static void run_io_outputs(struct run_state *c)
{
	size_t i, n = c->spec->nprograms, cap = (size_t)c->limits.output_kib << 10;
	const char *a0;

	c->rec->outputs = xcalloc(n, sizeof(*c->rec->outputs));
	c->rec->noutputs = n;
	for (i = 0; i < n; i++) {
		a0 = c->spec->programs[i].argv ? c->spec->programs[i].argv[0] : "";
		c->rec->outputs[i].argv0 = xstrdup(a0);
		c->rec->outputs[i].out = xcalloc(cap + 1, 1);
		c->rec->outputs[i].err = xcalloc(cap + 1, 1);
		c->rec->outputs[i].exit_code = -1;
	}
}

static int run_io_dir(struct run_state *c)
{
	char tmpl[] = "/tmp/shmgrade-run-XXXXXX";
	const char *dir = c->spec->dir;

	if (!dir) {
		if (!mkdtemp(tmpl))
			return run_io_fail(c, "creating the run directory", NULL);
		c->tmpdir = xstrdup(tmpl);
		dir = c->tmpdir;
		/* The programs run as the run's uid when we are root: let them
		 * write, and no one else read (0700). */
		if (c->caller_root && chown(dir, c->uid, (gid_t)c->uid) < 0)
			return run_io_fail(c, "giving the run directory to the run's uid", NULL);
		if (chmod(dir, 0700) < 0)
			return run_io_fail(c, "chmod of the run directory", NULL);
	}
	c->dir_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (c->dir_fd < 0)
		return run_io_fail(c, "opening the run directory", dir);
	c->dir_abs = realpath(dir, NULL);
	if (!c->dir_abs)
		return run_io_fail(c, "resolving the run directory", dir);
	return 0;
}

int run_io_prepare(struct run_state *c)
{
	size_t i, n = c->spec->nprograms;
	int fds[2];

	run_io_outputs(c);
	c->progs = xcalloc(n, sizeof(*c->progs));
	c->out_r = xcalloc(n, sizeof(int));
	c->err_r = xcalloc(n, sizeof(int));
	for (i = 0; i < n; i++) {
		c->progs[i].exec_fd = c->progs[i].stdin_fd = -1;
		c->progs[i].out_fd = c->progs[i].err_fd = -1;
		c->out_r[i] = c->err_r[i] = -1;
	}
	for (i = 0; i < n; i++)
		if (run_io_program(c, i) < 0)
			return -1;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return run_io_fail(c, "creating a pipe", NULL);
	c->status_r = fds[0];
	c->status_w = fds[1];
	fcntl(c->status_r, F_SETFL, O_NONBLOCK);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return run_io_fail(c, "creating a pipe", NULL);
	c->go_r = fds[0];
	c->go_w = fds[1];
	return run_io_dir(c);
}

/* Add sig to set unless the caller ignores it (nohup, a background job):
 * a blocked signal is queued even when ignored, and must not stop a run. */
static void run_io_add_unignored(sigset_t *set, int sig)
{
	struct sigaction sa;

	if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
		return;
	sigaddset(set, sig);
}

int run_io_signals(struct run_state *c)
{
	sigset_t set;

	/* With SIGCHLD ignored the kernel reaps our children itself and the
	 * launcher's end would never be seen. */
	if (sigaction(SIGCHLD, NULL, &c->old_chld) == 0 &&
	    (c->old_chld.sa_handler == SIG_IGN || (c->old_chld.sa_flags & SA_NOCLDWAIT))) {
		struct sigaction dfl;

		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		sigaction(SIGCHLD, &dfl, NULL);
		c->chld_saved = true;
	}
	/* Ctrl-C, a kill or a closed terminal during a run must not leave its
	 * IPC objects on the host (fallback) or its directory behind: they
	 * stop the run through the signalfd, and are raised again once all is
	 * cleaned up (run_attempt). A signal that comes while no run loop
	 * reads it stays pending until the mask is restored, after cleanup. */
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	run_io_add_unignored(&set, SIGINT);
	run_io_add_unignored(&set, SIGTERM);
	run_io_add_unignored(&set, SIGHUP);
	c->signal_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (c->signal_fd < 0)
		return run_io_fail(c, "signalfd", NULL);
	/* A write to a pipe whose reader died must not kill the grader. */
	sigaddset(&set, SIGPIPE);
	if (sigprocmask(SIG_BLOCK, &set, &c->old_mask) < 0)
		return run_io_fail(c, "blocking SIGCHLD", NULL);
	c->mask_saved = true;
	c->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (c->timer_fd < 0)
		return run_io_fail(c, "timerfd_create", NULL);
	return 0;
}

void run_io_close_child_ends(struct run_state *c)
{
	size_t i;

	for (i = 0; i < c->spec->nprograms && c->progs; i++) {
		run_io_close(&c->progs[i].exec_fd);
		run_io_close(&c->progs[i].stdin_fd);
		run_io_close(&c->progs[i].out_fd);
		run_io_close(&c->progs[i].err_fd);
	}
	run_io_close(&c->status_w);
	run_io_close(&c->go_r);
	run_io_close(&c->dir_fd);
}

size_t run_io_pollfds(const struct run_state *c, struct pollfd *pfd)
{
	size_t i, n = 0;

	for (i = 0; i < c->spec->nprograms; i++) {
		if (c->out_r[i] >= 0)
			pfd[n++] = (struct pollfd){ c->out_r[i], POLLIN, 0 };
		if (c->err_r[i] >= 0)
			pfd[n++] = (struct pollfd){ c->err_r[i], POLLIN, 0 };
	}
	return n;
}

/* Read one chunk from *fd into the capped buffer; over the cap, keep what
 * fits, mark it truncated and end the run. */
static void run_io_chunk(struct run_state *c, int *fd, char *buf, size_t *len, bool *truncated)
{
	size_t cap = (size_t)c->limits.output_kib << 10;
	char tmp[65536];
	size_t room;
	ssize_t n;

	n = read(*fd, tmp, sizeof(tmp));
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		run_io_close(fd);
		return;
	}
	if (n < 0)
		return;
	room = cap - *len;
	memcpy(buf + *len, tmp, (size_t)n < room ? (size_t)n : room);
	if ((size_t)n > room) {
		*len = cap;
		if (!*truncated)
			trace_stop(c->trace, RUN_OUTPUT_LIMIT, W_("output over the limit (%u KiB)"),
				   c->limits.output_kib);
		*truncated = true;
	} else {
		*len += (size_t)n;
	}
	buf[*len] = '\0';
}

static void run_io_read_fd(struct run_state *c, int fd)
{
	struct program_output *o;
	size_t i;

	for (i = 0; i < c->spec->nprograms; i++) {
		o = &c->rec->outputs[i];
		if (c->out_r[i] == fd)
			run_io_chunk(c, &c->out_r[i], o->out, &o->out_len, &o->out_truncated);
		else if (c->err_r[i] == fd)
			run_io_chunk(c, &c->err_r[i], o->err, &o->err_len, &o->err_truncated);
	}
}

void run_io_read(struct run_state *c, const struct pollfd *pfd, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pfd[i].revents)
			run_io_read_fd(c, pfd[i].fd);
}

void run_io_read_rest(struct run_state *c)
{
	size_t i, rounds;

	/* Every writer is gone: each pipe ends in EOF (or EAGAIN if a writer
	 * somehow survived: then stop after a bounded number of rounds). */
	for (i = 0; i < c->spec->nprograms; i++)
		for (rounds = 0; rounds < 64 && (c->out_r[i] >= 0 || c->err_r[i] >= 0); rounds++) {
			if (c->out_r[i] >= 0)
				run_io_read_fd(c, c->out_r[i]);
			if (c->err_r[i] >= 0)
				run_io_read_fd(c, c->err_r[i]);
		}
}

void run_io_kstat_stop(struct run_state *c)
{
	if (c->trace)
		trace_set_kstat(c->trace, NULL);
	kstat_stop(c->kstat);
	c->kstat = NULL;
}

void run_io_close_ns(struct run_state *c)
{
	run_io_close(&c->userns_fd);
	run_io_close(&c->ipcns_fd);
}

static void run_io_remove_tmpdir(struct run_state *c)
{
	if (!c->tmpdir)
		return;
	rmtree(c->tmpdir);
	free(c->tmpdir);
	c->tmpdir = NULL;
}

static void run_io_restore_signals(struct run_state *c)
{
	struct timespec zero = { 0, 0 };
	sigset_t pipe_set;

	if (!c->mask_saved)
		return;
	/* Swallow a SIGPIPE we caused; leave SIGCHLD to the caller. */
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	if (!sigismember(&c->old_mask, SIGPIPE))
		while (sigtimedwait(&pipe_set, NULL, &zero) > 0)
			;
	sigprocmask(SIG_SETMASK, &c->old_mask, NULL);
	c->mask_saved = false;
	if (c->chld_saved)
		sigaction(SIGCHLD, &c->old_chld, NULL);
	c->chld_saved = false;
}

void run_io_cleanup(struct run_state *c)
{
	size_t i;

	run_io_close_child_ends(c);
	for (i = 0; i < c->spec->nprograms && c->out_r; i++) {
		run_io_close(&c->out_r[i]);
		run_io_close(&c->err_r[i]);
	}
	for (i = 0; i < c->spec->nprograms && c->progs; i++)
		free(c->progs[i].dir_path);
	free(c->progs);
	free(c->out_r);
	free(c->err_r);
	c->progs = NULL;
	c->out_r = c->err_r = NULL;
	run_io_close(&c->status_r);
	run_io_close(&c->go_w);
	run_io_kstat_stop(c);
	run_io_close_ns(c);
	run_io_close(&c->signal_fd);
	run_io_close(&c->timer_fd);
	if (c->have_filter)
		filter_release(&c->filter);
	c->have_filter = false;
	if (c->have_fb)
		fallback_end(&c->fb);
	c->have_fb = false;
	trace_free(c->trace);
	c->trace = NULL;
	run_cgroup_remove(&c->cg);
	run_io_remove_tmpdir(c);
	if (c->dumpable >= 0)
		prctl(PR_SET_DUMPABLE, c->dumpable);
	c->dumpable = -1;
	free(c->dir_abs);
	c->dir_abs = NULL;
	run_io_restore_signals(c);
}
