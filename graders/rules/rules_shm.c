/*
 * rules_shm.c - rules about the life of shared memory segments and leaks:
 * segment_created, attached_by, detached, removed, no_leaks, max_nattch.
 *
 * "The run's segments" are the ones it created itself: the harness's
 * preconditions are never counted as the student's.
 */
#include "graders/rules/rules_shm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "graders/rules/rules_names.h"
#include "graders/rules/rules_util.h"
#include "util/util.h"
#include "util/xalloc.h"

/* Resolve an optional key parameter; 1 when set (into *key), 0 when unset,
 * -1 (ERROR set in out) when an ftok key cannot be computed. */
static int rules_shm_key_param(const struct rule_run *run, const struct rule_params *p,
			       long long *key, struct rule_result *out)
{
	const struct param_value *v = rule_param(p, "key");
	char *k;

	if (!v->set)
		return 0;
	/* An ftok key is the one its file gave before the run: a program
	 * that deletes or replaces the file only changes its own key. */
	if (run->files ? exercise_key_resolve_ident(&v->key, run->spec, run->files, key) == 0
		       : exercise_key_resolve(&v->key, run->dir, key) == 0)
		return 1;
	k = key_spec_format(&v->key);
	rule_result_set(out, "no se pudo calcular la clave %s en el directorio de la ejecución: %s",
			"cannot compute key %s in the run's directory: %s", k,
			run->dir ? strerror(errno) : "no directory");
	free(k);
	return -1;
}

/* A failed verdict about a keyed segment: when the program deleted or
 * replaced the ftok file during the run, say so (it explains a wrong key). */
static enum rule_verdict rules_shm_key_fail(const struct rule_run *run, const struct rule_params *p,
					    struct rule_result *out)
{
	const struct param_value *v = rule_param(p, "key");
	char *es, *en;

	if (!v->set || v->key.kind != KEY_FTOK || !run->files ||
	    exercise_file_unchanged(run->spec, run->files, run->dir, v->key.path))
		return RULE_FAIL;
	es = xstrdup(rule_result_msg(out, LANG_ES));
	en = xstrdup(rule_result_msg(out, LANG_EN));
	rule_result_setl(out, LANG_ES,
			 "%s (el programa borró o sustituyó '%s', el fichero de la clave)", es,
			 v->key.path);
	rule_result_setl(out, LANG_EN, "%s (the program deleted or replaced '%s', the key's file)",
			 en, v->key.path);
	free(es);
	free(en);
	return RULE_FAIL;
}

/* Whether a rule with a "key" parameter looks at s: one the run created
 * itself, with that key when the parameter is given (haskey). */
static bool rules_shm_selected(const struct segment *s, int haskey, long long key)
{
	return rules_segment_ours(s) && (!haskey || key_equal(s->key, key));
}

/* The mode the segment was created with (the record's created_mode), else
 * the mode at the end (IPC_SET may have changed that one). */
static unsigned rules_shm_created_mode(const struct segment *s)
{
	return s->created_seq ? s->created_mode & 0777 : s->mode & 0777;
}

static const char *rules_shm_key_text(long long key, char buf[32])
{
	if (key == 0)
		snprintf(buf, 32, "IPC_PRIVATE");
	else
		snprintf(buf, 32, "0x%08x", (unsigned)key);
	return buf;
}

/* ---- segment_created ------------------------------------------------------------- */

static enum rule_verdict rules_shm_segment_check(const struct run_record *rec,
						 const struct segment *s,
						 const struct rule_params *p, long long key,
						 bool haskey, struct rule_result *out)
{
	unsigned mode = rules_shm_created_mode(s);
	char b1[32], b2[32];

	if (rules_set(p, "size") && s->size != (unsigned long long)rules_int(p, "size", 0)) {
		rules_set_segment(out, rec, s->shmid,
				  xasprintf(" tiene %llu bytes; se esperaban %lld", s->size,
					    rules_int(p, "size", 0)),
				  xasprintf(" has %llu bytes; expected %lld", s->size,
					    rules_int(p, "size", 0)));
		return RULE_FAIL;
	}
	if (rules_set(p, "mode") && mode != (unsigned)rules_int(p, "mode", 0)) {
		rules_set_segment(out, rec, s->shmid,
				  xasprintf(" se creó con permisos %04o; se esperaban %04o", mode,
					    (unsigned)rules_int(p, "mode", 0)),
				  xasprintf(" was created with mode %04o; expected %04o", mode,
					    (unsigned)rules_int(p, "mode", 0)));
		return RULE_FAIL;
	}
	if (haskey && !key_equal(s->key, key)) {
		rules_shm_key_text(s->key, b1);
		rules_shm_key_text(key, b2);
		rules_set_segment(out, rec, s->shmid,
				  xasprintf(" tiene la clave %s; se esperaba %s", b1, b2),
				  xasprintf(" has key %s; expected %s", b1, b2));
		return RULE_FAIL;
	}
	return RULE_PASS;
}

static enum rule_verdict rules_shm_created_run(const struct rule_ctx *ctx,
					       const struct rule_run *run,
					       const struct rule_params *p, struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	long long key = 0, n = 0, want = rules_int(p, "count", -1);
	long long least = rules_int(p, "at_least", 1);
	int haskey = rules_shm_key_param(run, p, &key, out);
	size_t i;

	(void)ctx;
	if (haskey < 0)
		return RULE_ERROR;
	for (i = 0; i < rec->nsegments; i++)
		n += rules_segment_ours(&rec->segments[i]);
	if ((want >= 0 && n != want) || (want < 0 && n < least)) {
		rule_result_setl(out, LANG_ES, "segmentos creados: %lld; se esperaban %s%lld", n,
				 want >= 0 ? "" : "al menos ", want >= 0 ? want : least);
		rule_result_setl(out, LANG_EN, "segments created: %lld; expected %s%lld", n,
				 want >= 0 ? "" : "at least ", want >= 0 ? want : least);
		return rules_shm_key_fail(run, p, out);
	}
	for (i = 0; i < rec->nsegments; i++)
		if (rules_segment_ours(&rec->segments[i]) &&
		    rules_shm_segment_check(rec, &rec->segments[i], p, key, haskey, out) !=
			    RULE_PASS)
			return rules_shm_key_fail(run, p, out);
	rule_result_set(out, "segmentos creados como se pedía: %lld",
			"segments created as asked: %lld", n);
	return RULE_PASS;
}

static const struct param_schema rules_shm_created_params[] = {
	{ "count", PARAM_INT, false, NULL, NULL, 0, 1000, "exactly this many segments created" },
	{ "at_least", PARAM_INT, false, "1", NULL, 0, 1000,
	  "at least this many (when count is not given)" },
	{ "size", PARAM_INT, false, NULL, NULL, 1, 1LL << 40,
	  "every created segment's size in bytes" },
	{ "mode", PARAM_MODE, false, NULL, NULL, 0, 0,
	  "every created segment's permission bits, as given to shmget" },
	{ "key", PARAM_KEY, false, NULL, NULL, 0, 0,
	  "every created segment's key: IPC_PRIVATE, a number, or ftok(file, id)" },
};

/* ---- attached_by ---------------------------------------------------------------- */

static const char *const rules_shm_attach_who[] = { "any",     "parent", "child",
						    "creator", "every",	 NULL };

/* " padre" / " parent" for "ningún proceso padre" / "no parent process". */
static const char *rules_shm_role(enum who w, enum lang l)
{
	static const char *const es[] = { "", " padre", " hijo", " creador", "" };
	static const char *const en[] = { "", " parent", " child", " creator", "" };

	if ((unsigned)w >= ARRAY_SIZE(es))
		return "";
	return l == LANG_ES ? es[w] : en[w];
}

/* Whether the processes that attached did so read-only (want_ro) or
 * read-write; NULL when they did, else the offending process. */
static const struct process *rules_shm_access_wrong(const struct rule_run *run, enum who who,
						    long prog, bool want_ro, bool inherited)
{
	const struct run_record *rec = run->rec;
	size_t i;

	for (i = 0; i < rec->nprocesses; i++) {
		unsigned f = rules_attach_flags(&rec->processes[i], -1);

		if (!inherited)
			f &= ~(unsigned)ATT_INHERITED;
		if (!(f & (ATT_DIRECT | ATT_INHERITED)) ||
		    !rules_who_match(run, rec->processes[i].pid, who, prog))
			continue;
		if (want_ro ? (f & ATT_RW) != 0 : (f & ATT_RO) != 0)
			return &rec->processes[i];
	}
	return NULL;
}

static enum rule_verdict rules_shm_attached_run(const struct rule_ctx *ctx,
						const struct rule_run *run,
						const struct rule_params *p,
						struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	enum who who = (enum who)rules_int(p, "who", WHO_CREATOR);
	long prog = rules_set(p, "program") ? (long)rules_int(p, "program", -1) : -1;
	bool inh = rules_bool(p, "inherited", true), att, ro;
	const struct process *bad = NULL;
	size_t i, cands = 0, yes = 0;

	(void)ctx;
	for (i = 0; i < rec->nprocesses; i++) {
		if (!rules_who_match(run, rec->processes[i].pid, who, prog))
			continue;
		cands++;
		att = rules_attach_flags(&rec->processes[i], -1) &
		      (ATT_DIRECT | (inh ? ATT_INHERITED : 0));
		yes += att;
		if (!att && !bad)
			bad = &rec->processes[i];
	}
	if (!cands || (who == WHO_EVERY ? bad != NULL : yes == 0)) {
		if (who == WHO_EVERY && bad)
			rules_set_who(out, rec, bad->pid, xstrdup(" nunca se vinculó al segmento"),
				      xstrdup(" never attached the segment"));
		else {
			rule_result_setl(out, LANG_ES, "ningún proceso%s se vinculó a un segmento",
					 rules_shm_role(who, LANG_ES));
			rule_result_setl(out, LANG_EN, "no%s process attached a segment",
					 rules_shm_role(who, LANG_EN));
		}
		return RULE_FAIL;
	}
	if (rules_set(p, "readonly")) {
		ro = rules_bool(p, "readonly", false);
		bad = rules_shm_access_wrong(run, who, prog, ro, inh);
		if (bad) {
			rules_set_who(out, rec, bad->pid,
				      xasprintf(" se vinculó en %s; se esperaba %s",
						ro ? "lectura y escritura" : "solo lectura",
						ro ? "SHM_RDONLY" : "lectura y escritura"),
				      xasprintf(" attached %s; expected %s",
						ro ? "read-write" : "read-only",
						ro ? "SHM_RDONLY" : "read-write"));
			return RULE_FAIL;
		}
	}
	rule_result_set(out, "procesos vinculados como se pedía: %zu",
			"processes attached as asked: %zu", yes);
	return RULE_PASS;
}

static const struct param_schema rules_shm_attached_params[] = {
	{ "who", PARAM_ENUM, false, "creator", rules_shm_attach_who, 0, 0,
	  "creator, parent, child, any (at least one of them attached) or every (each process)" },
	{ "program", PARAM_PROG, false, NULL, NULL, 0, 0, "only processes of this program" },
	{ "readonly", PARAM_BOOL, false, NULL, NULL, 0, 0,
	  "true: they attached with SHM_RDONLY only; false: read-write only" },
	{ "inherited", PARAM_BOOL, false, "true", NULL, 0, 0,
	  "an attachment inherited through fork counts" },
};

/* ---- detached ------------------------------------------------------------------------ */

static const char *const rules_shm_proc_who[] = { "any", "parent", "child", "creator", NULL };

static enum rule_verdict rules_shm_detached_run(const struct rule_ctx *ctx,
						const struct rule_run *run,
						const struct rule_params *p,
						struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	enum who who = (enum who)rules_int(p, "who", WHO_ANY);
	long prog = rules_set(p, "program") ? (long)rules_int(p, "program", -1) : -1;
	size_t i;

	(void)ctx;
	/* Nothing attached is nothing detached: a program that never calls
	 * shmat must not earn "detaches with shmdt". */
	for (i = 0; i < rec->nevents; i++)
		if (rec->events[i].call == CALL_SHMAT && rules_event_ok(&rec->events[i]) &&
		    rules_who_match(run, rec->events[i].pid, who, prog))
			break;
	if (i == rec->nevents) {
		rule_result_set(out,
				"ningún proceso se vinculó a un segmento (no hubo shmat con éxito)",
				"no process attached a segment (no successful shmat)");
		return RULE_FAIL;
	}
	for (i = 0; i < rec->nprocesses; i++) {
		const struct process *pr = &rec->processes[i];

		if (!pr->nattached_at_exit || !pr->attached_at_exit ||
		    !rules_who_match(run, pr->pid, who, prog))
			continue;
		{
			char *seg_es = rules_segment(rec, pr->attached_at_exit[0], LANG_ES);
			char *seg_en = rules_segment(rec, pr->attached_at_exit[0], LANG_EN);

			rules_set_who(
				out, rec, pr->pid,
				xasprintf(" terminó con %s aún vinculado (falta shmdt)", seg_es),
				xasprintf(" exited with %s still attached (no shmdt)", seg_en));
			free(seg_es);
			free(seg_en);
		}
		return RULE_FAIL;
	}
	/* An attachment dropped by exec never shows in attached_at_exit. */
	for (i = 0; who == WHO_ANY && prog < 0 && i < rec->nsegments; i++) {
		const struct segment *s = &rec->segments[i];

		if (s->attaches > s->detaches) {
			rules_set_segment(out, rec, s->shmid,
					  xasprintf(": %u shmat pero solo %u shmdt", s->attaches,
						    s->detaches),
					  xasprintf(": %u shmat but only %u shmdt", s->attaches,
						    s->detaches));
			return RULE_FAIL;
		}
	}
	rule_result_set(out, "cada vinculación se deshizo con shmdt antes de terminar",
			"every attachment was detached with shmdt before exit");
	return RULE_PASS;
}

static const struct param_schema rules_shm_detached_params[] = {
	{ "who", PARAM_ENUM, false, "any", rules_shm_proc_who, 0, 0,
	  "whose exits to look at: any (every process), parent, child, creator" },
	{ "program", PARAM_PROG, false, NULL, NULL, 0, 0, "only processes of this program" },
};

/* ---- removed -------------------------------------------------------------------------- */

static const char *const rules_shm_removed_by[] = { "creator", "anyone", "parent", "child", NULL };
enum { BY_CREATOR, BY_ANYONE, BY_PARENT, BY_CHILD };

/* The seq of the last successful shmdt of segment shmid, 0 if none. */
static unsigned long rules_shm_last_detach(const struct run_record *rec, int shmid)
{
	unsigned long last = 0;
	size_t i;

	for (i = 0; i < rec->nevents; i++)
		if (rec->events[i].call == CALL_SHMDT && rules_event_ok(&rec->events[i]) &&
		    rec->events[i].shmdt_shmid == shmid)
			last = rec->events[i].seq;
	return last;
}

/* A message about a segment, named for the student ("the segment (shmid
 * 0) created by the child (pid 3)") and followed by es / en. */
static void rules_shm_seg_msg(const struct run_record *rec, int shmid, struct rule_result *out,
			      const char *es, const char *en)
{
	char *seg;
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		seg = rules_segment(rec, shmid, (enum lang)l);
		rule_result_setl(out, (enum lang)l, "%s%s", seg, l == LANG_ES ? es : en);
		free(seg);
	}
}

/* "the segment (shmid 0) created by the program (pid 2) was removed by
 * the child (pid 3), not by its creator". */
static void rules_shm_removed_by_msg(const struct run_record *rec, const struct segment *s, int by,
				     struct rule_result *out)
{
	char *seg, *who;
	int l;

	for (l = 0; l < LANG_COUNT; l++) {
		seg = rules_segment(rec, s->shmid, (enum lang)l);
		who = rules_who(rec, s->removed_by_pid, (enum lang)l);
		if (l == LANG_ES)
			rule_result_setl(out, LANG_ES, "%s lo eliminó %s, no %s", seg, who,
					 by == BY_CHILD	   ? "un hijo"
					 : by == BY_PARENT ? "el padre"
							   : "su creador");
		else
			rule_result_setl(out, LANG_EN, "%s was removed by %s, not by %s", seg, who,
					 by == BY_CHILD	   ? "a child"
					 : by == BY_PARENT ? "the parent"
							   : "its creator");
		free(seg);
		free(who);
	}
}

static enum rule_verdict rules_shm_removed_one(const struct rule_run *run, const struct segment *s,
					       const struct rule_params *p, struct rule_result *out)
{
	int by = (int)rules_int(p, "by", BY_CREATOR);
	const struct process *rm = rules_proc(run->rec, s->removed_by_pid);
	unsigned long last;

	if (!s->removed) {
		rules_shm_seg_msg(run->rec, s->shmid, out, " nunca se eliminó con IPC_RMID",
				  " was never removed with IPC_RMID");
		return RULE_FAIL;
	}
	if ((by == BY_CREATOR && s->removed_by_pid != s->creator_pid) ||
	    (by == BY_PARENT && !(rm && rules_is_parent(run->rec, rm))) ||
	    (by == BY_CHILD && !(rm && !rules_is_parent(run->rec, rm)))) {
		rules_shm_removed_by_msg(run->rec, s, by, out);
		return RULE_FAIL;
	}
	last = rules_shm_last_detach(run->rec, s->shmid);
	if (rules_bool(p, "after_last_detach", false) && last > s->removed_seq) {
		rules_shm_seg_msg(run->rec, s->shmid, out,
				  " se eliminó con IPC_RMID antes de su último shmdt",
				  " was removed with IPC_RMID before its last shmdt");
		return RULE_FAIL;
	}
	return RULE_PASS;
}

static enum rule_verdict rules_shm_removed_run(const struct rule_ctx *ctx,
					       const struct rule_run *run,
					       const struct rule_params *p, struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	long long key = 0;
	int haskey = rules_shm_key_param(run, p, &key, out);
	size_t i, n = 0;

	(void)ctx;
	if (haskey < 0)
		return RULE_ERROR;
	for (i = 0; i < rec->nsegments; i++) {
		const struct segment *s = &rec->segments[i];

		if (!rules_shm_selected(s, haskey, key))
			continue;
		n++;
		if (rules_shm_removed_one(run, s, p, out) != RULE_PASS)
			return rules_shm_key_fail(run, p, out);
	}
	if (!n) {
		rule_result_kind(out, "never_created");
		rule_result_set(out, "no se creó ningún segmento que eliminar",
				"no segment was created to be removed");
		return rules_shm_key_fail(run, p, out);
	}
	rule_result_set(out, "segmentos eliminados como se pedía: %zu",
			"segments removed as asked: %zu", n);
	return RULE_PASS;
}

static const struct param_schema rules_shm_removed_params[] = {
	{ "by", PARAM_ENUM, false, "creator", rules_shm_removed_by, 0, 0,
	  "who must make the IPC_RMID: creator, anyone, parent or child" },
	{ "after_last_detach", PARAM_BOOL, false, "false", NULL, 0, 0,
	  "the IPC_RMID must come after the segment's last explicit shmdt" },
	{ "key", PARAM_KEY, false, NULL, NULL, 0, 0,
	  "only the segments with this key (default: every segment the run created)" },
};

/* ---- no_leaks ------------------------------------------------------------------------ */

static enum rule_verdict rules_shm_leaks_run(const struct rule_ctx *ctx, const struct rule_run *run,
					     const struct rule_params *p, struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	char kb[32];
	size_t i;

	(void)ctx;
	if (!rec->inventory.taken) {
		rule_result_set(out, "no se pudo hacer el inventario final de IPC",
				"the final IPC inventory could not be taken");
		return RULE_ERROR;
	}
	if (rules_bool(p, "shm", true) && rec->leaks.shm) {
		for (i = 0; i < rec->nsegments && !rec->segments[i].leaked; i++)
			;
		rules_shm_key_text(i < rec->nsegments ? rec->segments[i].key : 0, kb);
		rule_result_set(out, "segmentos sin eliminar: %u (p. ej. shmid %d, clave %s)",
				"shared memory segments left behind: %u (e.g. shmid %d, key %s)",
				rec->leaks.shm, i < rec->nsegments ? rec->segments[i].shmid : -1,
				kb);
		return RULE_FAIL;
	}
	if (rules_bool(p, "sem", true) && rec->leaks.sem) {
		rule_result_set(out, "conjuntos de semáforos sin eliminar: %u",
				"semaphore sets left behind: %u", rec->leaks.sem);
		return RULE_FAIL;
	}
	if (rules_bool(p, "msg", true) && rec->leaks.msg) {
		rule_result_set(out, "colas de mensajes sin eliminar: %u",
				"message queues left behind: %u", rec->leaks.msg);
		return RULE_FAIL;
	}
	rule_result_set(out, "no quedó ningún objeto IPC", "no IPC object was left behind");
	return RULE_PASS;
}

static const struct param_schema rules_shm_leaks_params[] = {
	{ "shm", PARAM_BOOL, false, "true", NULL, 0, 0, "count leaked shared memory segments" },
	{ "sem", PARAM_BOOL, false, "true", NULL, 0, 0, "count leaked semaphore sets" },
	{ "msg", PARAM_BOOL, false, "true", NULL, 0, 0, "count leaked message queues" },
};

/* ---- max_nattch ----------------------------------------------------------------------- */

static enum rule_verdict rules_shm_nattch_run(const struct rule_ctx *ctx,
					      const struct rule_run *run,
					      const struct rule_params *p, struct rule_result *out)
{
	const struct run_record *rec = run->rec;
	long long key = 0, want = rules_int(p, "at_least", 1);
	int haskey = rules_shm_key_param(run, p, &key, out);
	unsigned best = 0;
	size_t i, n = 0;

	(void)ctx;
	if (haskey < 0)
		return RULE_ERROR;
	for (i = 0; i < rec->nsegments; i++) {
		const struct segment *s = &rec->segments[i];

		if (!rules_shm_selected(s, haskey, key))
			continue;
		n++;
		if (s->max_nattch > best)
			best = s->max_nattch;
	}
	if (!n) {
		rule_result_kind(out, "never_created");
		rule_result_set(out, "no se creó ningún segmento", "no segment was created");
		return rules_shm_key_fail(run, p, out);
	}
	if (best < want) {
		rule_result_setl(
			out, LANG_ES,
			"como mucho %u %s el segmento vinculado a la vez; se esperaban %lld", best,
			best == 1 ? "proceso tuvo" : "procesos tuvieron", want);
		rule_result_setl(out, LANG_EN,
				 "at most %u %s the segment attached at once; expected %lld", best,
				 best == 1 ? "process had" : "processes had", want);
		return rules_shm_key_fail(run, p, out);
	}
	rule_result_setl(out, LANG_ES, "hasta %u %s vinculado a la vez", best,
			 best == 1 ? "proceso lo tuvo" : "procesos lo tuvieron");
	rule_result_setl(out, LANG_EN, "up to %u %s it attached at once", best,
			 best == 1 ? "process had" : "processes had");
	return RULE_PASS;
}

static const struct param_schema rules_shm_nattch_params[] = {
	{ "at_least", PARAM_INT, true, NULL, NULL, 1, 100000,
	  "the segment's highest shm_nattch must reach this" },
	{ "key", PARAM_KEY, false, NULL, NULL, 0, 0,
	  "only the segments with this key (default: the highest of all)" },
};

const struct rule rules_shm[] = {
	{ "segment_created", "how many segments were created, their size, mode and key",
	  rules_shm_created_params, ARRAY_SIZE(rules_shm_created_params), NULL, NULL,
	  rules_shm_created_run },
	{ "attached_by", "who attached a segment (creator, parent, child, any, every), how",
	  rules_shm_attached_params, ARRAY_SIZE(rules_shm_attached_params), NULL, NULL,
	  rules_shm_attached_run },
	{ "detached", "every attachment was detached with shmdt before exit",
	  rules_shm_detached_params, ARRAY_SIZE(rules_shm_detached_params), NULL, NULL,
	  rules_shm_detached_run },
	{ "removed", "every segment was removed with IPC_RMID (by whom, when)",
	  rules_shm_removed_params, ARRAY_SIZE(rules_shm_removed_params), NULL, NULL,
	  rules_shm_removed_run },
	{ "no_leaks", "no segment, semaphore set or queue was left when the run ended",
	  rules_shm_leaks_params, ARRAY_SIZE(rules_shm_leaks_params), NULL, NULL,
	  rules_shm_leaks_run },
	{ "max_nattch", "a segment was attached by at least N processes at once",
	  rules_shm_nattch_params, ARRAY_SIZE(rules_shm_nattch_params), NULL, NULL,
	  rules_shm_nattch_run },
};
const size_t rules_shm_count = ARRAY_SIZE(rules_shm);
