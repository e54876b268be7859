#!/bin/bash
# inject.sh - shmgrade trace|check --inject CALL:ERRNO[:N|all] (issue 12).
set -u
cd "$(dirname "$0")/../.."
fail=0
. tests/cli/lib.inc # expect()
P=build/tests/progs
expect 2 "bad --inject 'foo'" -- ./shmgrade trace --inject foo -- /bin/true
expect 2 "unknown call" -- ./shmgrade trace --inject open:ENOENT -- /bin/true
expect 2 "unknown errno" -- ./shmgrade trace --inject shmat:ENOPE -- /bin/true
expect 2 "from 1 or 'all'" -- ./shmgrade trace --inject shmat:ENOMEM:0 -- /bin/true
expect 2 "bad --inject" -- ./shmgrade check exercises/shm-01-private.yaml reference/shm-01-private/solution.c --inject shmat
expect 1 '"injected": true' -- ./shmgrade trace -q --json --inject shmat:ENOMEM $P/i_cycle
expect 1 'shmat\(0, NULL, 0\) = -1 ENOMEM +\(injected\)' -- ./shmgrade trace -q --no-color --inject shmat:ENOMEM:2 $P/i_cycle
expect 1 'fork\(\) = -1 EAGAIN +\(injected\)' -- ./shmgrade trace -q --no-color --inject fork:EAGAIN $P/i_cycle
expect 0 'ok: exit code 0' -- ./shmgrade trace -q --no-color --inject msgget:ENOSPC $P/i_cycle
# Spanish timeline.
expect 1 '\(inyectado\)' -- env LANG=es_ES.UTF-8 LC_ALL= ./shmgrade trace -q --no-color --inject shmget:ENOSPC $P/i_cycle
# No "injected" key when nothing was injected.
out=$(./shmgrade trace -q --json $P/i_cycle)
if grep -q '"injected"' <<<"$out"; then echo "FAIL: 'injected' in a run without injection"; fail=1; else echo "ok: no injected key"; fi
# check --inject: the reference solution of shm-01 exits 1 when shmat fails, so
# "exits with status 0" no longer passes, and it leaves nothing behind.
expect 1 'shmat failed with ENOMEM, injected by shmgrade' -- ./shmgrade check -q --lang en --no-color exercises/shm-01-private.yaml reference/shm-01-private/solution.c --inject shmat:ENOMEM
exit $fail
