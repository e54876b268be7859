#!/bin/bash
# race.sh - what the evidence says when a check failed on a perturbed
# schedule (issue 13, point 4): an unperturbed control run of the same
# program, the race claim only when that run passed, the order of steps the
# perturbed schedule took and the control did not, and the replay command.
set -u
cd "$(dirname "$0")/../.."
fail=0
sg=$PWD/shmgrade

# note CHECK_TITLE OUTPUT: the evidence lines of that check.
note() { grep -A4 -- "$1" <<<"$2" | tr -d '\n'; }
has() { # has LABEL TEXT REGEX
	if grep -qE -- "$3" <<<"$2"; then echo "ok: $1"; else
		echo "FAIL: $1: /$3/ not in:"; echo "$2" | head -c 3000; echo; fail=1; fi
}
hasnt() { # hasnt LABEL TEXT REGEX
	if grep -qE -- "$3" <<<"$2"; then
		echo "FAIL: $1: /$3/ in:"; echo "$2" | head -c 3000; echo; fail=1
	else echo "ok: $1"; fi
}

# raced EXERCISE SUBMISSION LANG TITLE TOO: out, the report of a grading
# with --seed 1, and n, the note of its check TITLE. On a loaded machine the
# unperturbed runs can lose the race too (then the evidence rightly makes
# no race claim: its note says TOO): up to three gradings.
raced() {
	local try
	for try in 1 2 3; do
		out=$(timeout 120 "$sg" check "$1" "$2" --seed 1 --lang "$3" 2>&1)
		n=$(note "$4" "$out")
		grep -q "$5" <<<"$n" || return 0
		echo "note: grading $try: the unperturbed runs lost the race too"
	done
}

# sem-10: the consumer reads its slot after releasing it. Seed 1 loses the
# race in repetition 0; an unperturbed run almost never does.
ref=reference/sem-10-producer-consumer
raced exercises/sem-10-producer-consumer.yaml $ref/mutant-read-after-release.c en \
	'Consumes the 20 items in order' 'failed this check too'
has "sem-10 read after release: the race claim" "$n" \
	'with the schedule of seed 1 this check failed, and an unperturbed run of the same program passed it: the result likely depends on the order in which the processes ran \(a race\)'
has "sem-10 read after release: the window" "$n" \
	'the program \(pid 2\) had just made semop\(set 0: sem 0 \+1\) when, before its next step, the child \(pid 3\) made .*semop\(set 0: sem 0 -1\).*: (an order the unperturbed run never took|an order this run took [0-9]+ times and the unperturbed run only)'
has "sem-10 read after release: the replay" "$n" \
	'replay it: shmgrade check exercises/sem-10-producer-consumer.yaml reference/sem-10-producer-consumer/mutant-read-after-release.c --seed 1\]'

# shm-11: one wait() for four children. Seed 1 reads the results before
# three children wrote them in repetition 2 (seed 3); the missing waits
# fail unperturbed too: no race claim there.
ref=reference/shm-11-parallel-sum
raced exercises/shm-11-parallel-sum.yaml $ref/mutant-one-wait.c es \
	'Sumas parciales y total correctos' 'tampoco superó'
has "shm-11 one wait: the race claim (es)" "$n" \
	'con el orden de ejecución de la semilla [0-9]+ esta comprobación falló, y una ejecución sin perturbar del mismo programa la superó'
has "shm-11 one wait: an order of steps (es)" "$n" \
	'(acababa de hacer|su último paso).*: un orden que (la ejecución sin perturbar nunca tomó|esta ejecución tomó [0-9]+ veces y la ejecución sin perturbar solo)'
n=$(note 'Espera a sus hijos' "$out")
has "shm-11 missing waits: the control failed too (es)" "$n" \
	'con el orden de ejecución de la semilla 1; una ejecución sin perturbar del mismo programa tampoco superó esta comprobación.*para repetirlo: shmgrade check exercises/shm-11-parallel-sum.yaml reference/shm-11-parallel-sum/mutant-one-wait.c --seed 1\]'
hasnt "shm-11 missing waits: no race claim (es)" "$n" 'carrera|la superó'
exit $fail
