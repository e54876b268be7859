/*
 * engine_sweep.c - the fault sweep (engine_sweep.h).
 */
#include "graders/engine/engine_sweep.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "graders/engine/workdir.h"
#include "graders/rules/rules_util.h"
#include "graders/report/i18n.h"
#include "harness/run_uid.h"
#include "util/xalloc.h"
#include "util/util.h"

/* Runs of the sweep at once, at most. */
#define ENGINE_SWEEP_JOBS_MAX 4
/* Sites swept, at most (the rule's limit is lower). */
#define ENGINE_SWEEP_SITES_MAX 200

/* What a worker sends back: one write, below PIPE_BUF. */
struct engine_sweep_msg {
	int verdict;
	int reached;
	char kinds[192];
	char msg[LANG_COUNT][1000];
};

struct engine_sweep_worker {
	pid_t pid;
	int fd;
	size_t k; /* the case */
};

static size_t engine_sweep_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	return n > ENGINE_SWEEP_JOBS_MAX ? ENGINE_SWEEP_JOBS_MAX : (size_t)n;
}

/* The worker: run the spec, judge the record, send the verdict. */
static void engine_sweep_child(struct engine_job *j, size_t ci, size_t ri, const char *dir,
			       struct engine_spec *es, int fd)
{
	const struct exercise *ex = engine_job_exercise(j);
	const struct exercise_check *c = &ex->checks[ci];
	struct fault_expect x = rules_fault_expect(&c->params);
	struct engine_sweep_msg m;
	struct run_record rec;
	struct rule_result res;
	struct rule_run rr = { 0 };
	struct rule_ctx ctx = { 0 };
	bool reached = false;
	int l;

	/* The run's folders are for the parent's uid: the programs run as it. */
	run_uid_keep();
	memset(&m, 0, sizeof(m));
	record_init(&rec);
	rule_result_init(&res);
	if (harness_run(&es->spec, &rec) < 0)
		rec.status = RUN_INTERNAL_ERROR;
	rr.rec = &rec;
	rr.spec = &ex->runs[ri];
	rr.dir = dir;
	ctx.ex = ex;
	ctx.build = engine_job_build(j);
	ctx.runs = &rr;
	ctx.nruns = 1;
	ctx.submission = engine_job_submission(j);
	m.verdict = rules_fault_judge(&ctx, &rr, &x, &reached, &res);
	m.reached = reached;
	snprintf(m.kinds, sizeof(m.kinds), "%s", res.kinds);
	for (l = 0; l < LANG_COUNT; l++)
		snprintf(m.msg[l], sizeof(m.msg[l]), "%s", rule_result_msg(&res, (enum lang)l));
	if (write(fd, &m, sizeof(m)) != (ssize_t)sizeof(m))
		_exit(3);
	_exit(0);
}

/* Start the run of case k; 0, or -1 with the case marked as an error. */
static int engine_sweep_start(struct engine_job *j, size_t ci, size_t ri,
			      const struct exercise_run *run, struct fault_sweep *sw, size_t k,
			      struct engine_sweep_worker *w)
{
	struct engine_spec es;
	struct run_record rec;
	char *name = xasprintf("sweep%zu-%zu", ci + 1, k + 1);
	char *dir = workdir_subdir(engine_job_root(j), name);
	int fds[2] = { -1, -1 }, rc = -1;
	size_t n;

	record_init(&rec);
	memset(&es, 0, sizeof(es));
	if (!dir || engine_spec_prepare(j, ri, dir, name, &es, &rec) < 0 ||
	    pipe2(fds, O_CLOEXEC) < 0)
		goto out;
	n = run->ninject < INJECT_MAX - 1 ? run->ninject : INJECT_MAX - 1;
	if (n)
		memcpy(es.inject, run->inject, n * sizeof(*es.inject));
	es.inject[n++] = sw->cases[k].site.inject;
	es.spec.inject = es.inject;
	es.spec.ninject = n;
	es.spec.quiet = true;
	fflush(NULL);
	w->pid = fork();
	if (w->pid == 0) {
		close(fds[0]);
		engine_sweep_child(j, ci, ri, dir, &es, fds[1]);
	}
	if (w->pid > 0) {
		w->fd = fds[0];
		w->k = k;
		fds[0] = -1;
		rc = 0;
	}
out:
	if (rc < 0) {
		sw->cases[k].v = RULE_ERROR;
		sw->cases[k].msg[LANG_ES] = xasprintf("no se pudo preparar la ejecución: %s",
						      rec.message ? rec.message : strerror(errno));
		sw->cases[k].msg[LANG_EN] = xasprintf("cannot prepare the run: %s",
						      rec.message ? rec.message : strerror(errno));
	}
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	engine_spec_release(&es);
	record_release(&rec);
	free(dir);
	free(name);
	return rc;
}

/* Collect worker w's verdict (its pipe is readable or closed). */
static void engine_sweep_collect(struct fault_sweep *sw, struct engine_sweep_worker *w)
{
	struct fault_case *c = &sw->cases[w->k];
	struct engine_sweep_msg m;
	ssize_t got;
	int st, l;

	got = util_read_all(w->fd, &m, sizeof(m));
	close(w->fd);
	EINTR_RETRY(waitpid(w->pid, &st, 0));
	if (got != (ssize_t)sizeof(m)) {
		c->v = RULE_ERROR;
		c->msg[LANG_ES] = xstrdup("el proceso de la ejecución con fallo inyectado falló");
		c->msg[LANG_EN] = xstrdup("the worker of a run with an injected fault failed");
		return;
	}
	c->v = (enum rule_verdict)m.verdict;
	c->reached = m.reached;
	snprintf(c->kinds, sizeof(c->kinds), "%s", m.kinds);
	for (l = 0; l < LANG_COUNT; l++)
		c->msg[l] = xstrdup(m.msg[l]);
}

/* Wait until one of the n workers is done and collect it; returns its
 * slot. */
static size_t engine_sweep_wait_one(struct fault_sweep *sw, struct engine_sweep_worker *w, size_t n)
{
	struct pollfd pfd[ENGINE_SWEEP_JOBS_MAX];
	size_t i;

	for (;;) {
		for (i = 0; i < n; i++) {
			pfd[i].fd = w[i].fd;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		if (poll(pfd, n, -1) < 0 && errno != EINTR)
			break;
		for (i = 0; i < n; i++)
			if (pfd[i].revents)
				goto found;
	}
	i = 0; /* poll broke: collect the first (blocks until it ends) */
found:
	engine_sweep_collect(sw, &w[i]);
	return i;
}

void engine_sweep(struct engine_job *j, size_t ci, size_t ri, const struct rule_run *base,
		  struct fault_sweep *out)
{
	const struct exercise *ex = engine_job_exercise(j);
	const struct exercise_check *c = &ex->checks[ci];
	const struct exercise_run *run = &ex->runs[ri];
	struct fault_site *sites = xcalloc(ENGINE_SWEEP_SITES_MAX, sizeof(*sites));
	struct engine_sweep_worker w[ENGINE_SWEEP_JOBS_MAX];
	size_t limit = (size_t)rules_int(&c->params, "limit", 20), jobs = engine_sweep_jobs();
	size_t next = 0, running = 0, slot, k;

	memset(out, 0, sizeof(*out));
	out->run_id = run->id;
	if (limit > ENGINE_SWEEP_SITES_MAX)
		limit = ENGINE_SWEEP_SITES_MAX;
	out->sites = rules_fault_sites(base->rec, &c->params, sites, limit);
	out->n = out->sites < limit ? out->sites : limit;
	out->cases = xcalloc(out->n + 1, sizeof(*out->cases));
	for (k = 0; k < out->n; k++)
		out->cases[k].site = sites[k];
	free(sites);
	while (next < out->n || running) {
		while (running < jobs && next < out->n && !workdir_interrupted())
			if (engine_sweep_start(j, ci, ri, run, out, next++, &w[running]) == 0)
				running++;
		if (!running)
			break;
		slot = engine_sweep_wait_one(out, w, running);
		w[slot] = w[--running];
	}
}
