#!/bin/bash
# vacuous.sh - no check of the catalogue is earned by doing nothing (issue 7):
# for every exercise, (1) an empty main and (2) a program that only prints
# the statement's expected output score at most the "compiles" point, and
# (3) a program that makes the usual IPC calls with no work between them and
# prints the expected output passes none of the output checks (what is
# printed must come from the IPC objects: printed_in_segment, requires:).
set -u
cd "$(dirname "$0")/../.."
fail=0
tmp=$(mktemp -d /tmp/shmgrade-cli-vacuous.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
sg=${SHMGRADE:-./shmgrade}
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES=

python3 - "$tmp" "$sg" exercises/*.yaml <<'PY' || fail=1
import json, subprocess, sys, yaml
tmp, sg, exercises = sys.argv[1], sys.argv[2], sys.argv[3:]

def c_string(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '\\n"'

def expected_output(ex):
    for c in ex['checks']:
        w = c.get('with') or {}
        if c['rule'] == 'output' and w.get('match', 'exact') == 'exact' and 'value' in w:
            return w['value']
    return ''

EMPTY = 'int main(void) { return 0; }\n'
PRINT = '#include <stdio.h>\nint main(void) { fputs(%s, stdout); return 0; }\n'
# Every call a lab makes, in a valid order, with no work between them.
BUSY = r'''#include <stdio.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>
struct m { long t; char x[32]; };
int main(void)
{
	int id = shmget(IPC_PRIVATE, 8, IPC_CREAT | 0600);
	void *p = shmat(id, 0, 0);
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	int s = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	struct m mm = { 1, "1" };
	struct sembuf up = { 0, 1, 0 }, down = { 0, -1, 0 };
	msgsnd(q, &mm, 2, 0);
	msgrcv(q, &mm, 32, 0, 0);
	semop(s, &up, 1);
	semop(s, &down, 1);
	pid_t c = fork();
	if (c == 0) { shmdt(p); _exit(0); }
	waitpid(c, 0, 0);
	fputs(%s, stdout);
	shmdt(p);
	shmctl(id, IPC_RMID, 0);
	msgctl(q, IPC_RMID, 0);
	semctl(s, 0, IPC_RMID);
	return 0;
}
'''

def grade(yml, name, src):
    path = '%s/%s.c' % (tmp, name)
    open(path, 'w').write(src)
    r = subprocess.run([sg, 'check', '--format', 'json', yml, path], capture_output=True,
                       text=True, timeout=120)
    # Exit 2 with a result: some run could not be made here (shm-01's needs
    # a fresh namespace; fallback mode): the checks that were graded count.
    try:
        return json.loads(r.stdout)
    except ValueError:
        print('FAIL: %s %s: shmgrade failed (exit %d): %s' % (yml, name, r.returncode,
                                                            r.stderr[-400:]))
        return None

bad = 0
for yml in exercises:
    ex = yaml.safe_load(open(yml))
    compile_pts = sum(c['points'] for c in ex['checks'] if c['rule'] == 'compiles')
    out = expected_output(ex)
    for name, src in (('empty', EMPTY), ('print', PRINT % c_string(out))):
        res = grade(yml, name, src)
        if res is None:
            bad = 1
            continue
        won = [c['id'] for c in res['checks']
               if c['status'] == 'pass' and c['id'] not in
               [k['id'] for k in ex['checks'] if k['rule'] == 'compiles' or k['points'] == 0]]
        if res['score'] > compile_pts or won:
            print('FAIL: %s: a program that %s scores %s/%s (%s)' %
                  (ex['id'], 'does nothing' if name == 'empty' else 'only prints the output',
                   res['score'], res['max_score'], ', '.join(won)))
            bad = 1
        else:
            print('ok: %s %s: %s/%s' % (ex['id'], name, res['score'], res['max_score']))
    res = grade(yml, 'busy', BUSY % c_string(out))
    if res is None:
        bad = 1
        continue
    outputs = [k['id'] for k in ex['checks'] if k['rule'] == 'output']
    won = [c['id'] for c in res['checks'] if c['id'] in outputs and c['status'] == 'pass']
    if won:
        print('FAIL: %s: IPC calls with no work and a printed constant pass %s' %
              (ex['id'], ', '.join(won)))
        bad = 1
    else:
        print('ok: %s busy: no output check passes (%s/%s)' %
              (ex['id'], res['score'], res['max_score']))
sys.exit(bad)
PY
exit $fail
