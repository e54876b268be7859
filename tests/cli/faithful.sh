#!/bin/bash
# faithful.sh - tracing changes nothing the program can see: a blocking call
# interrupted by a signal (ignored, handled, SA_RESTART, stop/continue) ends
# the same way traced (shmgrade trace) and untraced (in an IPC namespace of
# its own). tests/progs/fa_interrupt.c exits with the errno its call got.
# FAITHFUL_ALL=1 (make check-long) runs every call with every signal.
set -u
cd "$(dirname "$0")/../.."
fail=0
prog=build/tests/progs/fa_interrupt
if unshare --ipc true 2>/dev/null; then
	native=(unshare --ipc)
elif unshare --user --ipc true 2>/dev/null; then
	native=(unshare --user --ipc)
else
	echo "skip: no IPC namespace for the untraced runs"
	exit 77 # skipped (tools/run-tests.sh)
fi
if [ "${FAITHFUL_ALL:-0}" = 1 ]; then
	cases=""
	for c in semop semtimedop msgrcv msgsnd waitpid pause read nanosleep select poll; do
		for h in dfl ign handler restart stop; do cases="$cases $c:$h"; done
	done
else
	cases="semop:dfl semop:ign semop:handler semop:stop semtimedop:dfl semtimedop:handler
	       msgrcv:dfl msgrcv:handler msgsnd:ign waitpid:dfl read:dfl"
fi
for c in $cases; do
	call=${c%%:*} how=${c#*:}
	timeout 20 "${native[@]}" "$prog" "$call" "$how"
	want=$?
	got=$(timeout 20 ./shmgrade trace -q --json -- "$prog" "$call" "$how" |
		sed -n 's/^  "exit_code": \([0-9]*\),$/\1/p')
	if [ "$got" != "$want" ]; then
		echo "FAIL: $call interrupted ($how): untraced exit $want, traced exit ${got:-none}"
		fail=1
	else
		echo "ok: $call interrupted ($how): exit $want both ways"
	fi
done
# The restarted call is one event, not an EINTR and a second call.
n=$(./shmgrade trace -q --json -- "$prog" msgrcv dfl | grep -c '"call": "msgrcv"')
if [ "$n" != 1 ]; then
	echo "FAIL: msgrcv restarted after SIGCHLD: $n msgrcv events (want 1)"; fail=1
else
	echo "ok: msgrcv restarted after SIGCHLD is one event"
fi
exit $fail
