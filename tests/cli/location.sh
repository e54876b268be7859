#!/bin/bash
# location.sh - programs and tests do not depend on where the checkout sits:
# from a folder only root can enter (a 0700 mktemp -d, /root/src), the
# programs a root caller runs (as the sandbox's uid, which cannot enter it)
# still exec themselves: the golden vfork and exec programs once re-exec'd
# themselves by the path /proc/self/exe names, and failed there.
set -u
cd "$(dirname "$0")/../.."
if [ "$(id -u)" -ne 0 ]; then
	echo "location: not root: the sandbox's uid is ours and reaches any folder we do (nothing to test)"
	exit 77 # skipped (tools/run-tests.sh)
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
chmod 0700 "$dir"
mkdir "$dir/src"
cp shmgrade build/tests/progs/g_exec build/tests/progs/g_vfork "$dir/src/"
fail=0
for mode in "" --fallback; do
	for p in g_exec g_vfork; do
		out=$(cd "$dir/src" && timeout 60 ./shmgrade trace $mode --json -- "./$p" 2>&1)
		rc=$?
		if [ "$rc" -ne 0 ] || ! grep -q '"status": "ok"' <<<"$out" ||
			[ "$(grep -c '"call": "exec"' <<<"$out")" -lt 2 ]; then
			echo "FAIL: $p ${mode:-(namespace)} from a 0700 folder: exit $rc"
			grep -E '"(status|message|stderr)"' <<<"$out" | head -n 5
			fail=1
		fi
	done
done
[ "$fail" -eq 0 ] && echo "ok: the vfork and exec programs run from a folder only root can enter"
exit $fail
