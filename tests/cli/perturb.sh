#!/bin/bash
# perturb.sh - the perturbing scheduler (issue 13): --perturb and --seed on
# trace and check, schedule: perturb in an exercise, the seed in the record
# and the evidence, races that an idle machine rarely shows.
set -u
cd "$(dirname "$0")/../.."
fail=0
. tests/cli/lib.inc # expect()
sg=$PWD/shmgrade
tmp=$(mktemp -d /tmp/shmgrade-perturb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
ref=reference/sem-09-counter

expect 2 "wants a whole number from 0 to" -- "$sg" trace --seed -1 -- /bin/true
expect 2 "wants a whole number from 0 to" -- "$sg" trace --seed 9007199254740992 -- /bin/true
expect 2 "wants a whole number from 0 to" -- "$sg" check exercises/sem-09-counter.yaml x.c --seed abc
expect 0 "  --perturb" -- "$sg" trace --help
expect 0 "  --seed S" -- "$sg" check --help
# The record names its seed only when perturbed.
expect 0 '"seed": 41,' -- "$sg" trace -q --json --seed 41 -- /bin/true
expect 0 '"mode": "perturb"' -- "$sg" trace -q --json --perturb -- /bin/true
out=$("$sg" trace -q --json -- /bin/true)
if grep -q '"seed"' <<<"$out"; then echo "FAIL: an unperturbed record has a seed"; fail=1; else echo "ok: no seed unperturbed"; fi
expect 0 'perturbed schedule, seed [0-9]+ \(replay: --seed' -- "$sg" trace --perturb -- /bin/true

# A bad schedule: value is the exercise's mistake, with its place.
sed 's/^    schedule: perturb.*/    schedule: sometimes/' exercises/sem-09-counter.yaml >"$tmp/bad.yaml"
expect 2 "bad.yaml:[0-9]+:[0-9]+: .*'schedule'.*(free|perturb)" -- "$sg" check "$tmp/bad.yaml" $ref/solution.c

gcc -O2 -o "$tmp/nosem" $ref/mutant-no-sem.c || exit 2
gcc -O2 -o "$tmp/sol" $ref/solution.c || exit 2
# Five consecutive seeds take the five strategies: the counter without a
# semaphore loses increments in the two where the children take turns by
# CPU time (seeds 42 and 44: chaos round robin; its increments are between
# two calls, where only a time slice can split them); the solution never
# does.
for s in 41 42 43 44 45; do
	got=$(cd "$tmp" && timeout 120 "$sg" trace -q --json --timeout 20 --seed $s -- ./nosem | grep -o 'total=[0-9]*' | head -1)
	sol=$(cd "$tmp" && timeout 120 "$sg" trace -q --json --timeout 20 --seed $s -- ./sol | grep -o 'total=[0-9]*' | head -1)
	if [ "$sol" != total=4000 ]; then echo "FAIL: the solution printed '$sol' with seed $s"; fail=1; fi
	case $s in
	42 | 44)
		if [ "$got" = total=4000 ] || [ -z "$got" ]; then
			echo "FAIL: seed $s (chaos round robin) did not show the race: '$got'"; fail=1
		else echo "ok: seed $s shows the race ($got)"; fi ;;
	esac
done

# check with schedule: perturb: the evidence names the seed and the replay.
out=$(timeout 300 "$sg" check exercises/sem-09-counter.yaml $ref/mutant-semget-in-child.c --seed 41 --lang en 2>&1)
if grep -qE 'with the schedule of seed 4[1-5].*replay it: shmgrade check exercises/sem-09-counter.yaml reference/sem-09-counter/mutant-semget-in-child.c --seed 4[1-5]' <<<"$out"; then
	echo "ok: the evidence names the seed and the replay command"
else
	echo "FAIL: no seed or replay in the evidence:"; echo "$out" | head -20; fail=1
fi
# ... only on the checks a race can change (sem_init_before_fork is about calls).
if grep -A2 'Initialises the semaphore before fork' <<<"$out" | grep -q 'schedule of seed'; then
	echo "FAIL: the replay note on a check about calls"; fail=1
fi
# --perturb on an exercise without schedule: perturb perturbs it too.
expect 0 '"seed": 7' -- "$sg" check exercises/shm-01-private.yaml reference/shm-01-private/solution.c --perturb --seed 7 --format json -q
# A perturbed run that reaches its time limit is its last repetition: a
# deadlock (SETVAL 0) costs one limit, not five.
sed 's/^  timeout: 2 .*/  timeout: 0.5/' exercises/sem-09-counter.yaml >"$tmp/short.yaml"
timeout 120 "$sg" check "$tmp/short.yaml" $ref/mutant-sem-init-0.c --format json -q >"$tmp/deadlock.json"
reps=$(python3 -c 'import json, sys
r = [x for x in json.load(open(sys.argv[1]))["runs"] if x["run"] == "contador"]
print(len(r), r[0]["status"] if r else "-")' "$tmp/deadlock.json")
if [ "$reps" = "1 timeout" ]; then
	echo "ok: a deadlocked perturbed run is not repeated"
else
	echo "FAIL: the deadlocked perturbed run: '$reps' (want one repetition, timeout)"; fail=1
fi
exit $fail
