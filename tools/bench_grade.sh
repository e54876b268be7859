#!/bin/bash
# bench_grade.sh - `shmgrade grade` on a class of 200 submissions (called by
# `make bench` after bench.sh): the solutions and mutants of one exercise
# (BENCH_EXERCISE, default shm-05-parent-child), copied to 200 students,
# graded with -j 2, against a floor measured in the same run: the same 200
# compiled with bare gcc and run bare, one at a time (in a private IPC
# namespace: mutants leak), divided by 2.
#   grade, first run / floor                     goal <= 1.5
# (the floor runs each program as often as the exercise does, under its
# timeout)
#   second, unchanged run / first run            goal <= 0.05
# and, to tell shmgrade's own cost from how well a loaded machine runs two
# at once, grade -j 1 against the floor not divided.
# Also printed: the size of what grade stored (with --format json,gradescope
# per student, BENCH_FORMATS to change: run summaries, issue 11 point 9), and
# the peak memory of grade's parent (it must not grow with the class) and of
# its largest worker (one submission's records).
# BENCH_SHMGRADE runs another shmgrade binary (e.g. a copy, so that a
# rebuild meanwhile does not change every result key).
# BENCH_CLASS (default 200) changes the class size; BENCH_STRICT=1 makes a
# missed goal an error. Exit status: 0 measured (goals met, or not strict),
# 1 a goal missed and BENCH_STRICT=1, 2 a measurement failed.
set -u
cd "$(dirname "$0")/.."
SG=${BENCH_SHMGRADE:-$PWD/shmgrade}
id=${BENCH_EXERCISE:-shm-05-parent-child}
n=${BENCH_CLASS:-200}
ex=exercises/$id.yaml
[ -x "$SG" ] && [ -f "$ex" ] || { echo "bench-grade: $SG or $ex missing" >&2; exit 2; }
tmp=$(mktemp -d /tmp/shmgrade-bench-grade.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
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

# The floor: bare gcc and bare runs per submission, one at a time: as many
# runs as the exercise makes (every run's repeat: sem-09 runs its program
# five times), each under the exercise's timeout.
read -r reps tmo < <(/usr/bin/python3 - "$ex" <<'PY'
import sys
try:
    import yaml
    d = yaml.safe_load(open(sys.argv[1]))
    runs = d.get("runs") or [{}]
    reps = sum(int(r.get("repeat", 1)) for r in runs)
    tmo = (d.get("limits") or {}).get("timeout", 10)
except Exception:
    reps, tmo = 1, 10
print(reps, tmo)
PY
)
floor_run() {
	local d k
	for d in "$tmp"/class/*/; do
		gcc -O2 -o "$tmp/a.out" "$d/main.c" 2>/dev/null || continue
		for ((k = 0; k < reps; k++)); do
			(cd "$tmp" && timeout "$tmo" ./a.out >/dev/null 2>&1)
		done
	done
}
export -f floor_run
export tmp reps tmo
t0=$(now_us)
if [ "$(id -u)" -eq 0 ]; then unshare --ipc -- bash -c floor_run
else unshare -r --ipc -- bash -c floor_run 2>/dev/null || bash -c floor_run; fi
t1=$(now_us)
floor=$(((t1 - t0) / 2))

# wall time (us), peak RSS (KiB) of grade's parent and of its largest
# shmgrade worker (VmHWM, polled every 50 ms: compilers and the students'
# programs are not counted), and the exit code of a command.
measure() {
	/usr/bin/python3 - "$@" <<'PY'
import os, subprocess, sys, time
def hwm(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
def workers(root):
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                st = f.read()
        except OSError:
            continue
        comm = st[st.index("(") + 1:st.rindex(")")]
        ppid = int(st[st.rindex(")") + 2:].split()[1])
        if ppid == root and comm == name:
            out.append(int(d))
    return out
name = os.path.basename(sys.argv[1])[:15]
t = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
parent = worker = 0
while p.poll() is None:
    parent = max(parent, hwm(p.pid))
    for w in workers(p.pid):
        worker = max(worker, hwm(w))
    time.sleep(0.05)
el = int((time.monotonic() - t) * 1e6)
if parent < 1024:
    # Too quick to poll (an unchanged run forks no worker and no compiler,
    # so its children's peak is the parent's).
    import resource
    parent = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(el, parent, worker, p.returncode)
PY
}
fmt=${BENCH_FORMATS:-json,gradescope}
read -r first prss1 wrss1 rc1 < <(measure "$SG" grade "$ex" "$tmp/class" -o "$tmp/out" -j 2 -q --format "$fmt")
read -r second prss2 wrss2 rc2 < <(measure "$SG" grade "$ex" "$tmp/class" -o "$tmp/out" -j 2 -q --format "$fmt")
# The same with -j 1 against the undivided floor: shmgrade's own cost per
# submission, apart from how well this machine runs two at once (on a
# loaded machine -j 2 gains less than 2x, for the floor's /2 too).
read -r serial _ _ rc3 < <(measure "$SG" grade "$ex" "$tmp/class" -o "$tmp/out1" -j 1 -q --format "$fmt")
[ "$rc3" -le 2 ] && [ "$rc1" -le 2 ] && [ "$rc2" -le 2 ] || { echo "bench-grade: grade failed" >&2; exit 2; }
size=$(du -sk "$tmp/out" | cut -f1)
per=$(du -sk "$tmp/out/students" | awk -v n="$n" '{ printf "%.1f", $1 / n }')

echo
echo "shmgrade bench (grade): $n submissions of $id ($reps runs each, timeout ${tmo}s), -j 2, $(nproc) CPU(s); load $(cut -d' ' -f1-3 /proc/loadavg)"
r1=$(awk -v a="$floor" -v b="$first" 'BEGIN { printf "%.2f", b / a }')
r2=$(awk -v a="$first" -v b="$second" 'BEGIN { printf "%.3f", b / a }')
ok1=$(awk -v r="$r1" 'BEGIN { print (r <= 1.5) ? "met" : "MISSED" }')
ok2=$(awk -v r="$r2" 'BEGIN { print (r <= 0.05) ? "met" : "MISSED" }')
printf '%-44s %10.2f s\n' "floor (bare gcc + bare run, one at a time, /2)" "$(awk -v v="$floor" 'BEGIN { print v / 1e6 }')"
printf '%-44s %10.2f s  %6sx floor   goal <= 1.5   %s\n' "grade -j 2, first run" "$(awk -v v="$first" 'BEGIN { print v / 1e6 }')" "$r1" "$ok1"
printf '%-44s %10.2f s  %6sx floor x 2 (one at a time on both sides)\n' "grade -j 1, first run" "$(awk -v v="$serial" 'BEGIN { print v / 1e6 }')" "$(awk -v a="$floor" -v b="$serial" 'BEGIN { printf "%.2f", b / a / 2 }')"
printf '%-44s %10.2f s  %6sx first   goal <= 0.05  %s\n' "grade -j 2, unchanged second run" "$(awk -v v="$second" 'BEGIN { print v / 1e6 }')" "$r2" "$ok2"
printf '%-44s %10s KiB (%s KiB per student; --format %s, summaries)\n' "stored results (OUT)" "$size" "$per" "$fmt"
printf '%-44s %10s KiB (first run), %s KiB (second)\n' "peak memory, grade's parent" "$prss1" "$prss2"
printf '%-44s %10s KiB (first run)\n' "peak memory, largest grading worker" "$wrss1"
if [ "${BENCH_STRICT:-0}" = 1 ] && { [ "$ok1" != met ] || [ "$ok2" != met ]; }; then exit 1; fi
exit 0
