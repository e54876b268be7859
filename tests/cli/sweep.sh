#!/bin/bash
# sweep.sh - the fault sweep (rule survives_faults) and handles_fault on
# purpose-built programs (tests/progs/sweep/*.c, issue 12 points 2-3): points in
# proportion, evidence naming the first error path not handled, a loop's
# shmat one call site, a hang ended by the time limit.
set -u
cd "$(dirname "$0")/../.."
fail=0
. tests/cli/lib.inc # expect()
X=tests/progs/sweep/sweep.yaml
C="./shmgrade check -q --lang en --no-color"
expect 0 'Survives a failure of each call' -- $C $X tests/progs/sweep/careful.c
# 9 sites: shmget, shmat (a loop of 3: one site), shmdt, semget, semctl,
# the two semops, the two IPC_RMIDs.
expect 0 '"message": "survives a failure of each of its 9 distinct IPC calls"' -- ./shmgrade check -q --format json $X tests/progs/sweep/careful.c
expect 1 '0\.89/1 +Survives.*' -- $C $X tests/progs/sweep/leak.c
expect 1 'when shmat \(the 2nd IPC call\) failed with ENOMEM, the segment \(shmid 0\) created by the program \(pid 2\) was left behind: nobody removed it; 8 of 9 error paths handled' -- $C $X tests/progs/sweep/leak.c
expect 1 'the segment \(shmid 0\) created by the program \(pid 2\) was left behind' -- $C $X tests/progs/sweep/leak.c
expect 1 'when shmat \(the 2nd IPC call\) failed with ENOMEM, the program \(pid 2\) was killed by SIGSEGV' -- $C $X tests/progs/sweep/crash.c
expect 1 'when semtimedop \(the 10th IPC call\) failed with EIDRM, it did not end by itself \(timeout after 3 s\); 7 of 9' -- $C $X tests/progs/sweep/hang.c
expect 1 'when shmget \(the 1st IPC call\) failed with ENOSPC, it said nothing on stderr' -- $C $X tests/progs/sweep/silent.c
expect 1 'cuando shmat \(la 2\.ª llamada IPC\) falló con ENOMEM' -- ./shmgrade check -q --lang es --no-color $X tests/progs/sweep/leak.c
# The score holds the share: 0.89 of 2.
expect 1 '"score": 0\.89' -- ./shmgrade check -q --format json $X tests/progs/sweep/leak.c
# A bad 'calls' or 'errno' is the exercise's error (exit 2).
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sed 's/    rule: survives_faults/    rule: survives_faults\n    with: {calls: "shmget, open"}/' $X >"$tmp/bad.yaml"
expect 2 "'calls' names 'open'" -- ./shmgrade validate "$tmp/bad.yaml"
sed 's/    inject: \[{call: shmat, errno: ENOMEM}\]/    inject: [{call: shmat, errno: ENOPE}]/' $X >"$tmp/bad2.yaml"
expect 2 "'errno' must name an errno" -- ./shmgrade validate "$tmp/bad2.yaml"
exit $fail
