#!/bin/bash
# interrupt_check.sh - Ctrl-C (SIGINT) or SIGTERM during `shmgrade check`
# and `shmgrade validate`: the work folder (with the student's source) and
# the run's IPC objects are gone before shmgrade dies of the signal. A check
# killed with SIGKILL leaves at most its work folder, which the next check
# removes (it is stale: no live process holds its lock); in fallback mode
# the next run also removes the dead run's objects (as root: the objects of
# its dead run uid; as a user: those its journal names).
set -u
set -m # background jobs keep SIGINT (bash ignores it in them otherwise)
cd "$(dirname "$0")/../.."
repo=$PWD
fail=0
tmp=$(mktemp -d /var/tmp/interrupt-check.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkdir "$tmp/work" "$tmp/ex"
chmod 755 "$tmp/work" "$tmp/ex"
cp tests/progs/fb_hold.c "$tmp/ex/hold.c"
cat >"$tmp/ex/hold.yaml" <<'EOF'
id: hold
title: holds a segment until it is killed
points: 1
limits: {timeout: 60}
runs:
  - id: r
    args: [KEY]
checks:
  - {id: compiles, title: compiles, points: 1, rule: compiles}
EOF
export TMPDIR=$tmp/work # the work folders go there (not under /tmp)

has_key() { awk -v k="$(($1))" '$1 == k { f = 1 } END { exit !f }' /proc/sysvipc/shm; }
folders() { find "$tmp/work" -mindepth 1 -maxdepth 1 -name 'shmgrade-*' | wc -l; }

# start MODE KEY: shmgrade check in the background; waits for the segment.
start() {
	sed "s/KEY/$2/" "$tmp/ex/hold.yaml" >"$tmp/ex/h.yaml"
	./shmgrade check -q $1 "$tmp/ex/h.yaml" "$tmp/ex/hold.c" >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 200); do
		if [ -n "$1" ]; then
			has_key "$2" && return 0
		elif compgen -G "$tmp/work/shmgrade-*/run1-0" >/dev/null; then
			sleep 0.5 # the program holds its segment in the run's namespace
			return 0
		fi
		sleep 0.05
	done
	echo "FAIL: the run of ${1:-namespace} mode never started"; fail=1
}

n=0
for sig in INT TERM; do
	for mode in --fallback ""; do
		n=$((n + 1))
		key=$(printf '0x5d%06x' $(( ($$ * 13 + n) & 0xffffff )))
		start "$mode" "$key"
		[ "$(folders)" -eq 1 ] || { echo "FAIL ($sig $mode): no work folder while running"; fail=1; }
		kill -"$sig" "$pid"
		wait "$pid"; rc=$?
		want=$((128 + $(kill -l "$sig")))
		[ "$rc" -eq "$want" ] || { echo "FAIL ($sig ${mode:-ns}): exit $rc, want $want"; fail=1; }
		[ "$(folders)" -eq 0 ] || { echo "FAIL ($sig ${mode:-ns}): the work folder stayed"; fail=1; }
		if has_key "$key"; then
			echo "FAIL ($sig ${mode:-ns}): segment $key left on the host"; fail=1
			ipcrm -M "$key" 2>/dev/null # ours: the key was chosen above
		fi
	done
done

# validate: the same, from the check of one of its submissions.
mkdir -p "$tmp/cat/exercises" "$tmp/cat/reference/hold"
chmod -R 755 "$tmp/cat"
n=$((n + 1))
key=$(printf '0x5d%06x' $(( ($$ * 13 + n) & 0xffffff )))
sed "s/KEY/$key/" "$tmp/ex/hold.yaml" >"$tmp/cat/exercises/hold.yaml"
cp "$tmp/ex/hold.c" "$tmp/cat/reference/hold/sol.c"
printf 'hold\tsol.c\tpass\n' >"$tmp/cat/reference/verdicts.tsv"
./shmgrade validate -q --fallback "$tmp/cat/exercises" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 200); do has_key "$key" && break; sleep 0.05; done
has_key "$key" || { echo "FAIL (validate): the run never started"; fail=1; }
kill -INT "$pid"
wait "$pid"; rc=$?
[ "$rc" -eq 130 ] || { echo "FAIL (validate INT): exit $rc, want 130"; fail=1; }
[ "$(folders)" -eq 0 ] || { echo "FAIL (validate INT): the work folder stayed"; fail=1; }
if has_key "$key"; then
	echo "FAIL (validate INT): segment $key left on the host"; fail=1
	ipcrm -M "$key" 2>/dev/null # ours: the key was chosen above
fi

# SIGKILL: nothing runs to clean up. The work folder stays (stale: its lock
# died with the process) and the next check removes it.
for mode in "" --fallback; do
	n=$((n + 1))
	key=$(printf '0x5d%06x' $(( ($$ * 13 + n) & 0xffffff )))
	start "$mode" "$key"
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	stale=$(find "$tmp/work" -mindepth 1 -maxdepth 1 -name 'shmgrade-*')
	sleep 3 # older than the 2 s a live check may take to lock its folder
	./shmgrade check -q $mode "$tmp/ex/h.yaml" "$repo/tests/progs/fb_sleep.c" >/dev/null 2>&1
	if [ -n "$stale" ] && [ -e "$stale" ]; then
		echo "FAIL (KILL ${mode:-ns}): the stale folder $stale stayed"; fail=1
	fi
	[ "$(folders)" -eq 0 ] || { echo "FAIL (KILL ${mode:-ns}): work folders left"; fail=1; }
	if has_key "$key"; then
		echo "FAIL (KILL ${mode:-ns}): segment $key left on the host"; fail=1
		ipcrm -M "$key" 2>/dev/null # ours: the key was chosen above
	fi
	if compgen -G "/dev/shm/shmgrade-fb-*-$pid" >/dev/null; then
		echo "FAIL (KILL ${mode:-ns}): the dead run's journal stayed"; fail=1
	fi
done
[ "$fail" -eq 0 ] && echo "ok: check interrupted or killed leaves nothing behind"
exit $fail
