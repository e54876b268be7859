#!/bin/bash
# fallback_auto.sh - where the host refuses namespaces, shmgrade trace says so
# on stderr and runs in fallback mode (it used to need a probe per process).
# The refusal is simulated: a user namespace whose max_user_namespaces
# leaves no room for the run's own (ENOSPC), entered as a non-root uid.
set -u
cd "$(dirname "$0")/../.."
if ! unshare -r true 2>/dev/null; then
	echo "fallback_auto: unshare -r refused here; the refusal cannot be simulated"
	exit 1
fi
out=$(unshare -r sh -c 'echo 1 > /proc/sys/user/max_user_namespaces &&
	unshare --user --map-user=1000 --map-group=1000 \
		./shmgrade trace --json -- build/tests/progs/g_private' 2>"/tmp/fallback_auto.$$")
rc=$?
err=$(cat "/tmp/fallback_auto.$$"); rm -f "/tmp/fallback_auto.$$"
fail=0
[ "$rc" -eq 0 ] || { echo "FAIL: exit $rc, stderr: $err"; fail=1; }
grep -q 'namespaces refused here' <<<"$err" || { echo "FAIL: no notice on stderr: $err"; fail=1; }
grep -q '"mode": "fallback"' <<<"$out" || { echo "FAIL: mode is not fallback"; fail=1; }
grep -q '"leaked": false' <<<"$out" || { echo "FAIL: the segment's record is missing"; fail=1; }
[ "$fail" -eq 0 ] && echo "ok: refused namespaces -> fallback, with a notice"
exit $fail
