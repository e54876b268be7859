/*
 * rules_evidence.c - who did what, and why a call failed, in the evidence
 * of a check (rules_evidence.h).
 */
#include "graders/rules/rules_evidence.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graders/rules/rules_util.h"
#include "harness/record_reap.h"
#include "util/util.h"
#include "util/xalloc.h"
#include "harness/xlat.h"

/* ---- processes ------------------------------------------------------------------ */

/* The process's program name: its last exec, else its program's argv[0]. */
static const char *rules_evidence_prog_name(const struct run_record *rec, const struct process *p)
{
	const char *name = p->comm;

	if (!name && p->program >= 0 && (size_t)p->program < rec->noutputs)
		name = rec->outputs[p->program].argv0;
	if (name && strrchr(name, '/'))
		name = strrchr(name, '/') + 1;
	return name;
}

/* The program's name as the student knows it: none for the one program
 * of a single-program exercise, which the build calls by the internal
 * name "prog" (the reports name the student's file instead). */
static const char *rules_evidence_known_name(const struct run_record *rec, const struct process *p)
{
	const char *name = rules_evidence_prog_name(rec, p);

	return name && strcmp(name, "prog") ? name : NULL;
}

char *evidence_proc(const struct run_record *rec, pid_t pid, enum lang lang)
{
	const struct process *p = rules_proc(rec, pid);
	const char *name;
	bool es = lang == LANG_ES;

	if (!p)
		return xasprintf(es ? "el proceso %d" : "process %d", (int)pid);
	name = rules_evidence_known_name(rec, p);
	if (rules_is_parent(rec, p))
		return name ? xasprintf(es ? "el programa %s (pid %d)" : "the program %s (pid %d)",
					name, (int)pid)
			    : xasprintf(es ? "el programa (pid %d)" : "the program (pid %d)",
					(int)pid);
	return name ? xasprintf(es ? "el hijo (pid %d) de %s" : "the child (pid %d) of %s",
				(int)pid, name)
		    : xasprintf(es ? "el hijo (pid %d)" : "the child (pid %d)", (int)pid);
}

/* ---- errno --------------------------------------------------------------------- */

/* What an errno means for a call (call CALL_COUNT_: any call). The first
 * entry that fits wins, so the precise ones come first. */
struct rules_evidence_errno {
	enum ipc_call call;
	int err;
	const char *es, *en;
};

static const struct rules_evidence_errno rules_evidence_errnos[] = {
	{ CALL_MSGRCV, E2BIG, "el buffer es más pequeño que el mensaje (y no se pidió MSG_NOERROR)",
	  "the buffer is smaller than the message (and MSG_NOERROR was not given)" },
	{ CALL_MSGRCV, ENOMSG, "no había ningún mensaje del tipo pedido y se pidió IPC_NOWAIT",
	  "there was no message of the type asked for, and IPC_NOWAIT was given" },
	{ CALL_MSGRCV, EIDRM, "la cola se eliminó mientras el proceso esperaba un mensaje",
	  "the queue was removed while the process waited for a message" },
	{ CALL_MSGSND, EAGAIN, "la cola estaba llena y se pidió IPC_NOWAIT",
	  "the queue was full and IPC_NOWAIT was given" },
	{ CALL_MSGSND, EIDRM, "la cola se eliminó mientras el proceso esperaba para enviar",
	  "the queue was removed while the process waited to send" },
	{ CALL_MSGSND, EINVAL, "msqid no válido, mtype no positivo o msgsz fuera de rango",
	  "invalid msqid, an mtype that is not positive, or msgsz out of range" },
	{ CALL_SEMOP, EAGAIN, "la operación tendría que esperar y se pidió IPC_NOWAIT",
	  "the operation would have to wait and IPC_NOWAIT was given" },
	{ CALL_SEMOP, EFBIG, "sem_num está fuera del conjunto", "sem_num is outside the set" },
	{ CALL_SEMOP, EIDRM, "el conjunto se eliminó mientras el proceso esperaba",
	  "the set was removed while the process waited" },
	{ CALL_SEMOP, ERANGE, "el valor del semáforo pasaría del máximo (SEMVMX)",
	  "the semaphore's value would exceed the maximum (SEMVMX)" },
	{ CALL_SEMOP, E2BIG, "demasiadas operaciones en una llamada (más de SEMOPM)",
	  "too many operations in one call (more than SEMOPM)" },
	{ CALL_SEMCTL, ERANGE, "el valor está fuera de rango (0 a SEMVMX)",
	  "the value is out of range (0 to SEMVMX)" },
	{ CALL_SEMGET, EINVAL, "nsems fuera de rango, o mayor que el del conjunto que ya existe",
	  "nsems out of range, or more than the existing set with that key has" },
	{ CALL_SHMGET, EINVAL,
	  "tamaño fuera de los límites, o mayor que el del segmento que ya existe",
	  "size out of bounds, or larger than the existing segment with that key" },
	{ CALL_SHMAT, EINVAL, "shmid no válido, o una dirección no alineada",
	  "an invalid shmid, or an address that is not aligned" },
	{ CALL_SHMDT, EINVAL, "no hay ningún segmento vinculado en esa dirección",
	  "no segment is attached at that address" },
	/* Calls shmgrade itself refused (a CALL_DENIED event: the filter's
	 * refusals, the exec and code-mapping checks): not the kernel's IPC
	 * permissions, whatever the errno. */
	{ CALL_DENIED, EACCES,
	  "shmgrade no lo permite: un programa corregido sólo ejecuta el programa compilado de tus "
	  "fuentes y los del sistema",
	  "shmgrade does not allow it: a graded program runs only the program built from your "
	  "sources and the system's programs" },
	{ CALL_DENIED, EPERM, "shmgrade no permite esta llamada a un programa corregido",
	  "shmgrade does not allow a graded program this call" },
	{ CALL_DENIED, ENOSYS, "shmgrade no permite esta llamada a un programa corregido",
	  "shmgrade does not allow a graded program this call" },
	{ CALL_COUNT_, ENOENT, "no existe ningún objeto con esa clave y no se pidió IPC_CREAT",
	  "no object has that key, and IPC_CREAT was not given" },
	{ CALL_COUNT_, EEXIST, "ya existe un objeto con esa clave y se pidió IPC_CREAT|IPC_EXCL",
	  "an object with that key exists already, and IPC_CREAT|IPC_EXCL was given" },
	{ CALL_COUNT_, EACCES, "los permisos del objeto no lo permiten",
	  "the object's permissions do not allow it" },
	{ CALL_COUNT_, EPERM, "no permitido: el proceso no es el creador ni el propietario",
	  "not allowed: the process is neither the creator nor the owner" },
	{ CALL_COUNT_, EIDRM, "el objeto ya se había eliminado", "the object had been removed" },
	{ CALL_COUNT_, EINVAL,
	  "un argumento no válido (un id que no existe o ya se eliminó, un comando desconocido)",
	  "an invalid argument (an id that does not exist or was removed, an unknown command)" },
	{ CALL_COUNT_, ENOSPC, "se alcanzó el límite del sistema de objetos de este tipo",
	  "the system's limit of objects of this kind was reached" },
	{ CALL_COUNT_, ENOMEM, "no hay memoria suficiente", "not enough memory" },
	{ CALL_COUNT_, EFAULT, "una dirección no válida (un buffer o un puntero)",
	  "an invalid address (a buffer or a pointer)" },
	{ CALL_COUNT_, EINTR, "una señal interrumpió la espera", "a signal interrupted the wait" },
	{ CALL_COUNT_, ENOSYS, "el entorno de corrección no permite esta llamada",
	  "the grading sandbox does not allow this call" },
};

const char *evidence_errno_meaning(enum ipc_call call, int err, enum lang lang)
{
	enum ipc_call c = call == CALL_SEMTIMEDOP ? CALL_SEMOP : call;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rules_evidence_errnos); i++) {
		const struct rules_evidence_errno *e = &rules_evidence_errnos[i];

		if (e->err == err && (e->call == c || e->call == CALL_COUNT_))
			return lang == LANG_ES ? e->es : e->en;
	}
	return lang == LANG_ES ? "error del sistema" : "a system error";
}

char *evidence_failed_call(const struct event *ev, enum lang lang)
{
	const char *name = xlat_errno_name(ev->err);
	char num[32];

	if (!name) {
		snprintf(num, sizeof(num), "errno %d", ev->err);
		name = num;
	}
	if (ev->injected) /* on purpose: the exercise or --inject asked */
		return xasprintf(lang == LANG_ES ? "%s falló con %s porque shmgrade lo inyectó"
						 : "%s failed with %s, injected by shmgrade",
				 ipc_call_name(ev->call), name);
	return xasprintf(lang == LANG_ES ? "%s falló con %s: %s" : "%s failed with %s: %s",
			 ev->call == CALL_DENIED && ev->nargs && ev->args[0].str
				 ? ev->args[0].str
				 : ipc_call_name(ev->call),
			 name, evidence_errno_meaning(ev->call, ev->err, lang));
}

/* ---- context of a failed check --------------------------------------------------- */

static void rules_evidence_append(struct rule_result *out, enum lang lang, const char *text)
{
	char *msg = xasprintf("%s; %s", out->msg[lang] ? out->msg[lang] : "", text);

	free(out->msg[lang]);
	out->msg[lang] = msg;
}

static void rules_evidence_add_event(struct rule_result *out, const struct run_record *rec,
				     const struct event *ev, unsigned more)
{
	enum lang l;
	char *what, *who, *text;

	for (l = 0; l < LANG_COUNT; l++) {
		bool es = l == LANG_ES;

		who = evidence_proc(rec, ev->pid, l);
		if (ev->blocked)
			what = xasprintf(
				es ? "%s nunca volvió: seguía bloqueado cuando su proceso terminó"
				   : "%s never returned: still blocked when its process ended",
				ipc_call_name(ev->call));
		else
			what = evidence_failed_call(ev, l);
		if (more)
			text = xasprintf(es ? "%s, en el %s (y %u %s así)"
					    : "%s, in %s (and %u more such %s)",
					 what, who, more,
					 es ? (more == 1 ? "llamada más" : "llamadas más")
					    : (more == 1 ? "call" : "calls"));
		else
			text = xasprintf(es ? "%s, en el %s" : "%s, in %s", what, who);
		rules_evidence_append(out, l, text);
		free(what);
		free(who);
		free(text);
	}
}

static void rules_evidence_add_stderr(struct rule_result *out, const struct run_record *rec)
{
	size_t i;
	enum lang l;

	for (i = 0; i < rec->noutputs; i++) {
		const struct program_output *o = &rec->outputs[i];
		char *snip, *text;
		const char *name;

		if (!o->err || !o->err_len)
			continue;
		snip = rules_snippet(o->err, 160);
		name = o->argv0 && strrchr(o->argv0, '/') ? strrchr(o->argv0, '/') + 1 : o->argv0;
		for (l = 0; l < LANG_COUNT; l++) {
			if (rec->noutputs > 1)
				text = xasprintf(l == LANG_ES ? "stderr de %s: «%s»"
							      : "stderr of %s: «%s»",
						 name ? name : "?", snip);
			else
				text = xasprintf("stderr: «%s»", snip);
			rules_evidence_append(out, l, text);
			free(text);
		}
		free(snip);
	}
}

void evidence_add_context(struct rule_result *out, const struct run_record *rec)
{
	const struct event *failed = NULL, *blocked = NULL;
	unsigned nfailed = 0, nblocked = 0;
	size_t i;

	for (i = 0; i < rec->nevents; i++) {
		const struct event *ev = &rec->events[i];

		if (ev->call >= CALL_FORK && ev->call != CALL_DENIED &&
		    !(record_is_wait(ev->call) && ev->blocked))
			continue; /* a wait that fails with ECHILD ends a loop: normal */
		if (ev->blocked) {
			nblocked++;
			blocked = blocked ? blocked : ev;
		} else if (ev->err) {
			nfailed++;
			failed = failed ? failed : ev;
		}
	}
	if (failed)
		rules_evidence_add_event(out, rec, failed, nfailed - 1);
	if (blocked)
		rules_evidence_add_event(out, rec, blocked, nblocked - 1);
	rules_evidence_add_stderr(out, rec);
}
