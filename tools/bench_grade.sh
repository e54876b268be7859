#!/bin/bash
# bench_grade.sh - `shmgrade grade` on a class of 200 submissions (called by
# `make bench` after bench.sh): the solutions and mutants of one exercise
# (BENCH_EXERCISE, default shm-05-parent-child), copied to 200 students,
# graded with -j 2, against a floor measured in the same run: the same 200
# compiled with bare gcc and run bare, one at a time (in a private IPC
# namespace: mutants leak), divided by 2.
#   grade, first run / floor                     goal <= 1.5
#   second, unchanged run / first run            goal <= 0.05
# Also printed: the size of what grade stored, and the peak memory of its
# largest process (parent or worker).
# BENCH_CLASS (default 200) changes the class size; BENCH_STRICT=1 makes a
# missed goal an error. Exit status: 0 measured (goals met, or not strict),
# 1 a goal missed and BENCH_STRICT=1, 2 a measurement failed.
set -u
cd "$(dirname "$0")/.."
SG=$PWD/shmgrade
id=${BENCH_EXERCISE:-shm-05-parent-child}
n=${BENCH_CLASS:-200}
ex=exercises/$id.yaml
[ -x "$SG" ] && [ -f "$ex" ] || { echo "bench-grade: $SG or $ex missing" >&2; exit 2; }
tmp=$(mktemp -d /tmp/shmgrade-bench-grade.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
shopt -s nullglob
srcs=(reference/"$id"/*.c)
[ ${#srcs[@]} -gt 0 ] || { echo "bench-grade: no .c in reference/$id" >&2; exit 2; }
mkdir -p "$tmp/class"
for i in $(seq "$n"); do
	s=${srcs[$(((i - 1) % ${#srcs[@]}))]}
	d="$tmp/class/Student ${i}_${i}_assignsubmission_file_"
	mkdir -p "$d"
	{ cat "$s"; echo "/* student $i */"; } >"$d/main.c"
done

now_us() { echo "${EPOCHREALTIME/./}"; }

# The floor: bare gcc and a bare run per submission, one at a time.
floor_run() {
	local d
	for d in "$tmp"/class/*/; do
		gcc -O2 -o "$tmp/a.out" "$d/main.c" 2>/dev/null || continue
		(cd "$tmp" && timeout 10 ./a.out >/dev/null 2>&1)
	done
}
export -f floor_run
export tmp
t0=$(now_us)
if [ "$(id -u)" -eq 0 ]; then unshare --ipc -- bash -c floor_run
else unshare -r --ipc -- bash -c floor_run 2>/dev/null || bash -c floor_run; fi
t1=$(now_us)
floor=$(((t1 - t0) / 2))

# peak RSS (KiB) of the largest process of a command, and its wall time.
measure() {
	/usr/bin/python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(int((time.monotonic() - t) * 1e6), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)
PY
}
read -r first rss1 rc1 < <(measure "$SG" grade "$ex" "$tmp/class" -o "$tmp/out" -j 2 -q)
read -r second rss2 rc2 < <(measure "$SG" grade "$ex" "$tmp/class" -o "$tmp/out" -j 2 -q)
[ "$rc1" -le 2 ] && [ "$rc2" -le 2 ] || { echo "bench-grade: grade failed" >&2; exit 2; }
size=$(du -sk "$tmp/out" | cut -f1)
per=$(du -sk "$tmp/out/students" | awk -v n="$n" '{ printf "%.1f", $1 / n }')

echo
echo "shmgrade bench (grade): $n submissions of $id, -j 2, $(nproc) CPU(s); load $(cut -d' ' -f1-3 /proc/loadavg)"
r1=$(awk -v a="$floor" -v b="$first" 'BEGIN { printf "%.2f", b / a }')
r2=$(awk -v a="$first" -v b="$second" 'BEGIN { printf "%.3f", b / a }')
ok1=$(awk -v r="$r1" 'BEGIN { print (r <= 1.5) ? "met" : "MISSED" }')
ok2=$(awk -v r="$r2" 'BEGIN { print (r <= 0.05) ? "met" : "MISSED" }')
printf '%-44s %10.2f s\n' "floor (bare gcc + bare run, one at a time, /2)" "$(awk -v v="$floor" 'BEGIN { print v / 1e6 }')"
printf '%-44s %10.2f s  %6sx floor   goal <= 1.5   %s\n' "grade -j 2, first run" "$(awk -v v="$first" 'BEGIN { print v / 1e6 }')" "$r1" "$ok1"
printf '%-44s %10.2f s  %6sx first   goal <= 0.05  %s\n' "grade -j 2, unchanged second run" "$(awk -v v="$second" 'BEGIN { print v / 1e6 }')" "$r2" "$ok2"
printf '%-44s %10s KiB (%s KiB per student)\n' "stored results (OUT)" "$size" "$per"
printf '%-44s %10s KiB (first run), %s KiB (second)\n' "peak memory, largest process" "$rss1" "$rss2"
if [ "${BENCH_STRICT:-0}" = 1 ] && { [ "$ok1" != met ] || [ "$ok2" != met ]; }; then exit 1; fi
exit 0
