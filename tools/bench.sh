#!/bin/bash
# bench.sh - shmgrade's overhead, each ratio against a baseline measured in
# the same run, interleaved (baseline, shmgrade, baseline, ...) so drift of
# the machine hits both; medians of several repeats. Called by `make bench`
# (which builds ./shmgrade and build/bench/prog_*).
#
#   (a) fixed cost: `shmgrade trace -- /bin/true` minus bare /bin/true
#       (namespaces, filter, inventory included)          goal <= 5 ms
#   (b) build/bench/prog_syscalls, 2,000,000 getppid: traced / bare
#       (only the seccomp filter may cost)                 goal <= 1.3
#   (c) build/bench/prog_ipc, 8,000 IPC calls: shmgrade / `strace -f -e
#       trace=ipc -o /dev/null`                            goal <= 1.0, aim 0.67
#
# Environment: BENCH_REPEAT_TRUE (default 31) and BENCH_REPEAT (default 7)
# repeats; BENCH_PIN=1 runs everything on CPU 0 (taskset), which removes
# the cross-CPU wake-ups that make ptrace stops noisy on small VMs;
# BENCH_STRICT=1 makes a missed goal an error.
# Exit status: 0 measured (every goal met, or not strict), 1 a goal missed
# and BENCH_STRICT=1, 2 a measurement failed. Numbers from a busy machine
# mean little: the header line shows the load average.
set -u
cd "$(dirname "$0")/.."

SG=./shmgrade
TRUE=/bin/true
SYSCALLS=build/bench/prog_syscalls
IPC=build/bench/prog_ipc
REPEAT_TRUE=${BENCH_REPEAT_TRUE:-31}
REPEAT=${BENCH_REPEAT:-7}
PIN=()
if [ "${BENCH_PIN:-0}" = 1 ]; then
	PIN=(taskset -c 0)
fi
failed=0
missed=0

for f in "$SG" "$SYSCALLS" "$IPC"; do
	if [ ! -x "$f" ]; then
		echo "bench: $f is missing (run: make shmgrade progs)" >&2
		exit 2
	fi
done
if ! command -v strace >/dev/null; then
	echo "bench: strace is not installed (tools/deps.sh bench installs it)" >&2
	exit 2
fi

# time_once VAR CMD...: run CMD (output discarded), append its wall time in
# microseconds to the array VAR; a non-zero exit counts as a failure.
time_once() {
	local -n acc=$1
	shift
	local t0 t1
	t0=${EPOCHREALTIME/./}
	"${PIN[@]}" "$@" >/dev/null 2>&1
	local rc=$?
	t1=${EPOCHREALTIME/./}
	if [ "$rc" -ne 0 ]; then
		echo "bench: failed (exit $rc): $*" >&2
		failed=1
	fi
	acc+=($((10#$t1 - 10#$t0)))
}

# median VALUES...: the median, in microseconds.
median() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# row NAME BASE_US OURS_US KIND GOAL: one line of the table. KIND "diff"
# compares OURS-BASE with GOAL ms, "ratio" compares OURS/BASE with GOAL.
row() {
	local name=$1 base=$2 ours=$3 kind=$4 goal=$5 value verdict
	if [ "$kind" = diff ]; then
		value=$(awk -v a="$base" -v b="$ours" 'BEGIN { printf "%+.2f ms", (b - a) / 1000 }')
		verdict=$(awk -v a="$base" -v b="$ours" -v g="$goal" 'BEGIN { print ((b - a) / 1000 <= g) ? "PASS" : "MISS" }')
		goal="<= $goal ms"
	else
		value=$(awk -v a="$base" -v b="$ours" 'BEGIN { printf "%.2fx", b / a }')
		verdict=$(awk -v a="$base" -v b="$ours" -v g="$goal" 'BEGIN { print (b / a <= g) ? "PASS" : "MISS" }')
		goal="<= ${goal}x"
	fi
	[ "$verdict" = MISS ] && missed=1
	printf '%-34s %10.2f ms %10.2f ms %12s %11s  %s\n' "$name" \
		"$(awk -v v="$base" 'BEGIN { print v / 1000 }')" \
		"$(awk -v v="$ours" 'BEGIN { print v / 1000 }')" "$value" "$goal" "$verdict"
}

echo "shmgrade bench: $(uname -sr), $(nproc) CPU(s), uid $(id -u)${PIN:+, pinned to CPU 0}," \
	"load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "repeats: $REPEAT_TRUE for /bin/true, $REPEAT for the others; medians"

# Warm up the page cache and the binaries.
"$SG" trace -q -- "$TRUE" >/dev/null 2>&1
"$SYSCALLS"; "$IPC"

true_bare=() true_ours=()
for ((i = 0; i < REPEAT_TRUE; i++)); do
	time_once true_bare "$TRUE"
	time_once true_ours "$SG" trace -q -- "$TRUE"
done
sys_bare=() sys_ours=() ipc_strace=() ipc_ours=()
for ((i = 0; i < REPEAT; i++)); do
	time_once sys_bare "$SYSCALLS"
	time_once sys_ours "$SG" trace -q -- "$SYSCALLS"
	time_once ipc_strace strace -f -e trace=ipc -o /dev/null "$IPC"
	time_once ipc_ours "$SG" trace -q -- "$IPC"
done

echo
printf '%-34s %13s %13s %12s %11s  %s\n' measurement baseline shmgrade "ours vs base" goal result
row "(a) /bin/true: fixed cost" "$(median "${true_bare[@]}")" "$(median "${true_ours[@]}")" diff 5
row "(b) 2M getppid: traced/bare" "$(median "${sys_bare[@]}")" "$(median "${sys_ours[@]}")" ratio 1.3
row "(c) 8000 IPC calls: ours/strace" "$(median "${ipc_strace[@]}")" "$(median "${ipc_ours[@]}")" ratio 1.0
awk -v a="$(median "${ipc_strace[@]}")" -v b="$(median "${ipc_ours[@]}")" \
	'BEGIN { printf "    (c) aim 0.67x (1.5x faster than strace): %s\n", (b / a <= 0.67) ? "reached" : "not reached" }'

if [ "$failed" -ne 0 ]; then
	echo "bench: some runs failed (see above): the numbers are not trustworthy" >&2
	exit 2
fi
if [ "$missed" -ne 0 ] && [ "${BENCH_STRICT:-0}" = 1 ]; then
	exit 1
fi
exit 0
