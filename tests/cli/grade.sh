#!/bin/bash
# grade.sh - `shmgrade grade` over a fake class: Moodle, Canvas (files of one
# student grouped), GitHub Classroom and plain layouts with names that have
# accents, spaces, commas, quotes and a formula; the gradebook read back
# with Python's csv module; -j 1 and -j 2 write the same class outputs; a
# second run grades nothing; a run killed with SIGKILL goes on where it
# stopped; shards merged equal one run; a worker that crashes breaks one
# submission only (exit 2); merge and --shard options.
set -u
cd "$(dirname "$0")/../.."
. tests/cli/lib.inc
fail=0
sg=$PWD/shmgrade
tmp=$(mktemp -d /tmp/shmgrade-cli-grade.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE=
ex=exercises/shm-05-parent-child.yaml
R=reference/shm-05-parent-child
c=$tmp/class
mkdir -p "$c"
# Deterministic submissions only (mutant-no-wait races by design).
mkdir "$c/José Pérez_12345_assignsubmission_file_"
cp $R/solution.c "$c/José Pérez_12345_assignsubmission_file_/main.c"
mkdir "$c/O'Brien, \"Ann\"_777_assignsubmission_file_"
cp $R/mutant-no-rmid.c "$c/O'Brien, \"Ann\"_777_assignsubmission_file_/p.c"
cp $R/mutant-size-2-bytes.c "$c/Zoë Ñandú_31_assignsubmission_file_prog.c"
cp $R/mutant-child-no-shmdt.c "$c/smithjohn_4242_99001_shm.c"
cp $R/solution.c "$c/=cmd|' ana.c"
mkdir -p "$c/lab1-octocat/.git" "$c/lab1-hubot/.git" "$c/plain folder"
cp $R/solution.c "$c/lab1-octocat/a.c"
cp $R/mutant-child-removes.c "$c/lab1-hubot/a.c"
cp $R/mutant-no-rmid.c "$c/plain folder/x.c"
echo "not a submission" >"$c/notes.txt"
mkdir -p "$c/__MACOSX/x" "$c/.hidden"
cp $R/solution.c "$c/__MACOSX/x/a.c"
# A file and a folder with the same name are two students.
mkdir "$c/tarea"
cp $R/solution.c "$c/tarea/a.c"
cp $R/mutant-no-rmid.c "$c/tarea.c"
# Canvas: two files of one student make one submission.
printf '#include <stdio.h>\nvoid hello(void);\n' >"$c/doejane_55_1001_hello.h"
{ echo '#include "hello.h"'; cat $R/solution.c; } >"$c/doejane_55_1002_main.c"
n=11

expect 0 "$n submissions \\($n graded now, 0 unchanged\\)" -- "$sg" grade $ex "$c" -o "$tmp/o1" -j 2
expect 0 "left out \\(not a submission\\): notes.txt" -- "$sg" grade $ex "$c" -o "$tmp/o1"
# An output of grade inside the class folder is not a student.
"$sg" grade $ex "$c" -o "$c/out" -q >/dev/null 2>&1
expect 0 "left out \\(not a submission\\): out" -- "$sg" grade $ex "$c" -o "$tmp/o1"
rm -rf "$c/out"
expect 0 "$n submissions \\(0 graded now, $n unchanged\\)" -- "$sg" grade $ex "$c" -o "$tmp/o1" -j 2
expect 0 "^\\[1/$n\\] " -- "$sg" grade $ex "$c" -o "$tmp/o2" -j 1 --force
for f in gradebook.csv summary.json class.html; do
	if cmp -s "$tmp/o1/$f" "$tmp/o2/$f"; then echo "ok: -j 1 and -j 2 write the same $f"
	else echo "FAIL: $f differs between -j 1 and -j 2"; diff "$tmp/o1/$f" "$tmp/o2/$f" | head; fail=1; fi
done

# The gradebook, read back: names and ids from the layouts, quoting.
if /usr/bin/python3 - "$tmp/o1/gradebook.csv" <<'PY'; then echo "ok: gradebook read back"; else fail=1; fi
import csv, sys
ok = True
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
got = {(r["student"], r["id"]): r for r in rows}
if len(rows) != 11 or sorted(r["score"] for r in rows if r["student"] == "tarea") != ["11", "8"]:
    print("FAIL: tarea.c and tarea/ are not two students"); ok = False
want = {("José Pérez", "12345"): "11", ("O'Brien, \"Ann\"", "777"): "8",
        ("Zoë Ñandú", "31"): None, ("smithjohn", "4242"): None, ("'=cmd|' ana", ""): "11",
        ("octocat", "octocat"): "11", ("hubot", "hubot"): None, ("plain folder", ""): "8",
        ("doejane", "55"): "11", ("tarea", ""): None}
if set(got) != set(want):
    print("FAIL: students", sorted(got)); ok = False
for k, score in want.items():
    r = got.get(k)
    if r and score and r["score"] != score:
        print("FAIL: score of", k, r["score"], "want", score); ok = False
    if r and r["max_score"] != "11":
        print("FAIL: max of", k, r); ok = False
    if r and r["status"] not in ("pass", "fail"):
        print("FAIL: status of", k, r["status"]); ok = False
    if r and not r["report"].startswith("students/"):
        ok = False
for r in rows:
    if "compiles" not in r or "no_leaks" not in r:
        print("FAIL: check columns missing", list(r)); ok = False
sys.exit(0 if ok else 1)
PY
expect 0 '"pass_rate"' -- cat "$tmp/o1/summary.json"
if grep -q "O&#39;Brien, &quot;Ann&quot;" "$tmp/o1/class.html" && ! grep -q "Brien, \"Ann" "$tmp/o1/class.html"; then
	echo "ok: names escaped in class.html"
else echo "FAIL: class.html does not escape names"; fail=1; fi
for d in "$tmp"/o1/students/*/; do
	[ -s "$d/report.html" ] && [ -s "$d/result.json" ] || { echo "FAIL: $d incomplete"; fail=1; }
done

# A changed submission is the only one graded again; --format adds files.
echo "/* changed */" >>"$c/lab1-hubot/a.c"
expect 0 "$n submissions \\(1 graded now, $((n - 1)) unchanged\\)" -- "$sg" grade $ex "$c" -o "$tmp/o1" -q
expect 0 "$n submissions \\($n graded now" -- "$sg" grade $ex "$c" -o "$tmp/o1" -q --format json,junit
[ -s "$tmp/o1/students/hubot/junit.xml" ] && echo "ok: --format junit written" || { echo "FAIL: no junit.xml"; fail=1; }

# Killed with SIGKILL mid-run: what was stored stays; the next run grades
# only the rest and ends with the same class outputs as an uninterrupted run.
"$sg" grade $ex "$c" -o "$tmp/o3" -j 1 -q >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do
	[ "$(ls "$tmp"/o3/students/*/result.json 2>/dev/null | wc -l)" -ge 2 ] && break
	sleep 0.05
done
kill -9 $pid; wait $pid 2>/dev/null
sleep 1 # the worker of the moment finishes and stores its submission
kept=$(ls "$tmp"/o3/students/*/result.json 2>/dev/null | wc -l)
if [ "$kept" -ge 2 ] && [ "$kept" -lt $n ]; then echo "ok: $kept results kept after SIGKILL"
else echo "FAIL: $kept results after SIGKILL (want 2..$((n - 1)))"; fail=1; fi
expect 0 "\\($((n - kept)) graded now, $kept unchanged\\)" -- "$sg" grade $ex "$c" -o "$tmp/o3" -q
"$sg" grade $ex "$c" -o "$tmp/o4" -q >/dev/null 2>&1
for f in gradebook.csv summary.json class.html; do
	cmp -s "$tmp/o3/$f" "$tmp/o4/$f" && echo "ok: resumed $f equal" || { echo "FAIL: resumed $f differs"; fail=1; }
done

# Shards: disjoint, and merged they equal one run.
for k in 1 2 3; do "$sg" grade $ex "$c" -o "$tmp/s$k" --shard $k/3 -q >/dev/null 2>&1 || fail=1; done
total=$(( $(ls "$tmp/s1/students" | wc -l) + $(ls "$tmp/s2/students" | wc -l) + $(ls "$tmp/s3/students" | wc -l) ))
[ "$total" -eq $n ] && echo "ok: shards are disjoint and complete" || { echo "FAIL: shards hold $total"; fail=1; }
expect 0 "$n submissions" -- "$sg" merge -o "$tmp/m" "$tmp/s1" "$tmp/s2" "$tmp/s3"
for f in gradebook.csv summary.json class.html; do
	cmp -s "$tmp/m/$f" "$tmp/o4/$f" && echo "ok: merged $f equal" || { echo "FAIL: merged $f differs"; fail=1; }
done

# A worker that breaks: reported, the others graded, exit 2; graded again
# on the next run.
expect 2 "shmgrade crashed|grader errors" -- env SHMGRADE_TEST_CRASH=octocat "$sg" grade $ex "$c" -o "$tmp/o5" -j 2
expect 0 '"status": "error"' -- cat "$tmp/o5/students/octocat/result.json"
expect 0 "\\(1 graded now, $((n - 1)) unchanged\\).*0 grader errors" -- "$sg" grade $ex "$c" -o "$tmp/o5" -q
grep -q "crashed" "$tmp/o5/summary.json" && { echo "FAIL: old error kept"; fail=1; }

# On a terminal: one progress line (rewritten with \r), with the rate, the
# time left and the counts so far; no per-submission lines.
if command -v script >/dev/null; then
	SHELL=/bin/bash script -qec "'$sg' grade $ex '$c' -o '$tmp/o8' -j 2" /dev/null >"$tmp/tty.log" 2>&1
	if grep -q $'\r\033\\[Kgraded [0-9]*/'"$n"'.*/s  ETA .*not full marks, .*grader errors' "$tmp/tty.log" &&
		! grep -q '^\[1/' "$tmp/tty.log"; then
		echo "ok: one progress line on a terminal"
	else echo "FAIL: terminal progress:"; head -c 600 "$tmp/tty.log" | cat -v; fail=1; fi
fi

# SIGINT (Ctrl-C) to grade: it stops starting submissions, says so, exits
# 2, keeps what was graded; the next run goes on.
"$sg" grade $ex "$c" -o "$tmp/o9" -j 1 >"$tmp/int.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
	[ "$(ls "$tmp"/o9/students/*/result.json 2>/dev/null | wc -l)" -ge 1 ] && break
	sleep 0.05
done
kill -INT $pid; wait $pid; rc=$?
kept=$(ls "$tmp"/o9/students/*/result.json 2>/dev/null | wc -l)
if [ $rc -eq 2 ] && grep -q "stopped" "$tmp/int.log" && [ "$kept" -ge 1 ] && [ "$kept" -lt $n ]; then
	echo "ok: SIGINT stops with exit 2, $kept kept"
else echo "FAIL: SIGINT: exit $rc, $kept kept"; cat "$tmp/int.log"; fail=1; fi
expect 0 "unchanged\\)" -- "$sg" grade $ex "$c" -o "$tmp/o9" -q
cmp -s "$tmp/o9/gradebook.csv" "$tmp/o4/gradebook.csv" && echo "ok: resumed after SIGINT" ||
	{ echo "FAIL: gradebook after SIGINT differs"; fail=1; }

# Options.
expect 2 "--shard wants" -- "$sg" grade $ex "$c" --shard 4/3
expect 2 "usage: shmgrade grade" -- "$sg" grade $ex
expect 0 "usage: shmgrade grade" -- "$sg" grade --help
expect 0 "usage: shmgrade merge" -- "$sg" merge --help
expect 2 "cannot read the class folder" -- "$sg" grade $ex "$tmp/nope" -o "$tmp/o6"
expect 0 "corrigiendo|entregas" -- "$sg" grade $ex "$c" -o "$tmp/o7" --lang es -j 2
grep -q 'lang="es"' "$tmp/o7/class.html" && grep -q "Comprobaciones" "$tmp/o7/class.html" &&
	echo "ok: class.html in Spanish" || { echo "FAIL: class.html not in Spanish"; fail=1; }
exit $fail
