/*
 * rules_select.h - whether an event matches a selector or an args map,
 * and a selector's description for messages.
 */
#ifndef GRADERS_RULES_SELECT_H
#define GRADERS_RULES_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include "graders/rules/rules.h"

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

#endif /* GRADERS_RULES_SELECT_H */
