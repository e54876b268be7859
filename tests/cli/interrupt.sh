#!/bin/bash
# interrupt.sh - Ctrl-C (SIGINT) or SIGTERM in the middle of a run: shmgrade
# stops the run, cleans up as usual (in fallback mode: removes the run's
# segment from the host) and then dies of that signal.
set -u
# Job control: without it bash starts background jobs with SIGINT ignored
# (and shmgrade rightly leaves an ignored signal alone).
set -m
cd "$(dirname "$0")/../.."
fail=0
for sig in INT TERM; do
	key=$(printf '0x5e%06x' $(( ($$ * 7 + ${#sig}) & 0xffffff )))
	dec=$((key))
	./shmgrade trace -q --fallback -- build/tests/progs/fb_hold "$key" >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 100); do
		awk -v k="$dec" '$1 == k { found = 1 } END { exit !found }' /proc/sysvipc/shm && break
		sleep 0.05
	done
	if ! awk -v k="$dec" '$1 == k { found = 1 } END { exit !found }' /proc/sysvipc/shm; then
		echo "FAIL ($sig): the program's segment never appeared"; fail=1
	fi
	kill -"$sig" "$pid"
	wait "$pid"; rc=$?
	want=$((128 + $(kill -l "$sig")))
	[ "$rc" -eq "$want" ] || { echo "FAIL ($sig): exit $rc, want $want"; fail=1; }
	if awk -v k="$dec" '$1 == k { found = 1 } END { exit !found }' /proc/sysvipc/shm; then
		echo "FAIL ($sig): segment $key left on the host"; fail=1
		# Ours (made by this test's program, key chosen above): remove it.
		ipcrm -M "$key" 2>/dev/null
	fi
	if pgrep -f "fb_hold $key" >/dev/null; then
		echo "FAIL ($sig): the program outlived shmgrade"; fail=1
	fi
done
[ "$fail" -eq 0 ] && echo "ok: interrupted runs clean up, then die of the signal"
exit $fail
