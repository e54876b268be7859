#!/bin/bash
# bench_perturb.sh - the cost of a perturbed schedule (issue 13; called by
# `make bench`): sem-09's solution traced unperturbed and perturbed, one
# after the other, BENCH_PERTURB_RUNS times each (default 10; the
# perturbed ones take seeds 1..N, every strategy in turn), the runs' own
# wall_ms compared by their medians.
#   perturbed / unperturbed                       goal <= 3
# Also printed: `shmgrade check` of the solution with the exercise's own
# repeat: 5 perturbed runs (the whole grading, build included).
# BENCH_STRICT=1 makes a missed goal an error. Exit status: 0 measured,
# 1 goal missed and BENCH_STRICT=1, 2 a measurement failed.
set -u
cd "$(dirname "$0")/.."
SG=$PWD/shmgrade
n=${BENCH_PERTURB_RUNS:-10}
src=reference/sem-09-counter/solution.c
tmp=$(mktemp -d /tmp/shmgrade-bench-perturb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -o "$tmp/sol" "$src" || exit 2
wall() { sed -n 's/.*"wall_ms": *\([0-9.]*\).*/\1/p' | head -1; }
plain=() pert=()
for i in $(seq "$n"); do
	a=$(cd "$tmp" && "$SG" trace -q --json --timeout 30 -- ./sol | wall)
	b=$(cd "$tmp" && "$SG" trace -q --json --timeout 30 --seed "$i" -- ./sol | wall)
	[ -n "$a" ] && [ -n "$b" ] || { echo "bench-perturb: a run failed" >&2; exit 2; }
	plain+=("$a") pert+=("$b")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mp=$(median "${plain[@]}") mq=$(median "${pert[@]}")
ratio=$(awk -v a="$mp" -v b="$mq" 'BEGIN { printf "%.2f", b / a }')
t0=${EPOCHREALTIME/./}
"$SG" check exercises/sem-09-counter.yaml "$src" -q >/dev/null 2>&1
t1=${EPOCHREALTIME/./}
printf 'perturb: sem-09 solution, median of %d runs: unperturbed %.0f ms, perturbed %.0f ms\n' "$n" "$mp" "$mq"
printf 'perturb: perturbed / unperturbed %s (goal <= 3)\n' "$ratio"
printf 'perturb: shmgrade check sem-09 solution (repeat: 5 perturbed, build included): %d ms\n' $(((t1 - t0) / 1000))
if awk -v r="$ratio" 'BEGIN { exit !(r > 3) }'; then
	echo "perturb: goal missed" >&2
	[ "${BENCH_STRICT:-0}" = 1 ] && exit 1
fi
exit 0
