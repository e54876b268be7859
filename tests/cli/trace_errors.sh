#!/bin/bash
# trace_errors.sh - shmgrade trace: exit codes and messages for bad input.
set -u
cd "$(dirname "$0")/../.."
fail=0
. tests/cli/lib.inc # expect()
expect 2 "usage: shmgrade trace" -- ./shmgrade trace
expect 2 "no such executable" -- ./shmgrade trace -- /nonexistent/prog
expect 2 "wants a number" -- ./shmgrade trace --timeout abc -- /bin/true
expect 2 "wants a whole number" -- ./shmgrade trace --processes -3 -- /bin/true
expect 2 "cannot read" -- ./shmgrade trace --stdin /nonexistent -- /bin/true
expect 2 "not a command" -- ./shmgrade frobnicate
expect 0 "usage: shmgrade trace" -- ./shmgrade trace --help
expect 0 "" -- ./shmgrade trace -q -- /bin/true
expect 1 "" -- ./shmgrade trace -q -- /bin/false
expect 0 '"status": *"ok"' -- ./shmgrade trace -q --json -- /bin/true
expect 1 '"status": *"timeout"' -- ./shmgrade trace -q --json --timeout 0.5 -- /bin/sleep 5
expect 2 "wants a whole number" -- ./shmgrade trace --disk 0 -- /bin/true
expect 1 'over the disk limit \(1 MiB\)' -- ./shmgrade trace -q --json --disk 1 -- /bin/sh -c 'head -c 2000000 /dev/zero >f1; head -c 900000 /dev/zero >f2; sleep 5'
exit $fail
