#!/bin/bash
# results_size.sh - results stay small as the work grows (issue 11, point 9):
# `check --format json` of sem-09 (five runs of 8,000 semops) writes a
# summary of each run (bounded size; counts of what it leaves out; every
# event the record points at kept) and `--trace full` restores every event;
# `--trace failing` gives the whole trace of the failing runs only;
# gradescope.json carries the same summaries; the peak memory of `check`
# does not hold the JSON tree; `grade`'s result key covers the exercise's
# data: folder (an edit there grades again); the HTML timeline names
# processes as the student knows the program.
set -u
cd "$(dirname "$0")/../.."
. tests/cli/lib.inc
fail=0
sg=$PWD/shmgrade
tmp=$(mktemp -d /tmp/shmgrade-cli-results.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE=
ex=exercises/sem-09-counter.yaml
R=reference/sem-09-counter

# 1. The summary (default) and the full trace of the same submission.
/usr/bin/time -f %M -o "$tmp/rss" timeout 120 "$sg" check $ex $R/solution.c --format json -q \
	>"$tmp/sum.json" 2>/dev/null
timeout 120 "$sg" check $ex $R/solution.c --format json --trace full -q >"$tmp/full.json" 2>/dev/null
timeout 120 "$sg" check $ex $R/mutant-leaks-semset.c --format json,gradescope --trace failing \
	-o "$tmp/failing" -q >/dev/null 2>&1
timeout 120 "$sg" check $ex $R/solution.c --format gradescope -o "$tmp/gs" -q >/dev/null 2>&1
if /usr/bin/python3 - "$tmp" <<'PY'; then echo "ok: summaries, full and failing traces"; else fail=1; fi
import json, os, sys
t = sys.argv[1]
bad = []
def runs_of(path, gradescope=False):
    d = json.load(open(path))
    return d["extra_data"]["runs"] if gradescope else d["runs"]
def check_counts(r, where):
    if r["events_total"] != len(r["events"]) + r["events_omitted"]:
        bad.append(f"{where}: events_total != events + events_omitted")
    if sum(r["event_counts"].values()) != r["events_total"]:
        bad.append(f"{where}: event_counts do not add up to events_total")
size = os.path.getsize(f"{t}/sum.json")
if size > 150_000:
    bad.append(f"summary of sem-09 is {size} bytes (bound 150,000)")
summ = runs_of(f"{t}/sum.json")
full = runs_of(f"{t}/full.json")
if len(summ) < 5 or len(summ) != len(full):
    bad.append("sem-09 has at least five runs, as many in both")
big = 0
for i, r in enumerate(summ):
    check_counts(r, f"summary run {i}")
    if r["trace"] != "summary":
        bad.append(f"run {i}: trace {r['trace']!r}, want summary")
    if len(r["events"]) > 64:
        bad.append(f"run {i}: {len(r['events'])} events kept (at most 64)")
    big += r["events_total"] > 1000 and r["events_omitted"] > 0
    seqs = {e["seq"] for e in r["events"]}
    for o in r["segments"]:
        for k in ("created_seq", "removed_seq"):
            if o[k] and o[k] not in seqs:
                bad.append(f"run {i}: {k} {o[k]} not among the events kept")
    for p in r["processes"]:
        if p["reaped_seq"] and p["reaped_seq"] not in seqs:
            bad.append(f"run {i}: reaped_seq {p['reaped_seq']} not kept")
    calls = {e["call"] for e in r["events"]}
    for c in ("fork", "exit", "shmget", "semget"):
        if c in r["event_counts"] and c not in calls:
            bad.append(f"run {i}: no {c} event kept")
if not big:
    bad.append("no run of sem-09 had thousands of events to leave out")
for i, r in enumerate(full):
    check_counts(r, f"full run {i}")
    if r["trace"] != "full" or r["events_omitted"] != 0 or len(r["events"]) != r["events_total"]:
        bad.append(f"--trace full run {i}: not every event")
if sum(r["events_total"] for r in full) < 8000:
    bad.append("--trace full wrote fewer than 8,000 events")
for path, gs in ((f"{t}/failing/results.json", False), (f"{t}/failing/gradescope.json", True)):
    rs = runs_of(path, gs)
    if not any(r["failing"] for r in rs):
        bad.append(f"{path}: the mutant has no failing run")
    for i, r in enumerate(rs):
        want = "full" if r["failing"] else "summary"
        if r["trace"] != want:
            bad.append(f"{path} run {i}: failing={r['failing']} but trace {r['trace']}")
for i, r in enumerate(runs_of(f"{t}/gs/gradescope.json", True)):
    check_counts(r, f"gradescope run {i}")
    if r["trace"] != "summary":
        bad.append(f"gradescope run {i}: trace {r['trace']}")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY
# The JSON is streamed: the peak memory holds the records, not a tree of
# them (the tree took 160 MB). Sanitizer builds use more; not measured.
rss=$(tail -n 1 "$tmp/rss")
if nm "$sg" 2>/dev/null | grep -q __asan_init; then
	echo "ok: peak memory not measured (sanitizer build)"
elif [ "${rss:-999999}" -lt 100000 ]; then
	echo "ok: check --format json of sem-09 peaked at $rss KiB"
else
	echo "FAIL: check --format json of sem-09 peaked at $rss KiB (bound 100,000)"; fail=1
fi
expect 2 "--trace wants summary, failing or full, not 'some'" -- "$sg" check $ex $R/solution.c --trace some

# 2. The HTML timeline names the processes as the student knows the
# program: "contador" (a student's file named so), not the executable's "prog".
mkdir "$tmp/h"
cp $R/solution.c "$tmp/h/contador.c"
timeout 120 "$sg" check $ex "$tmp/h/contador.c" --format html -o "$tmp/h/out" -q >/dev/null 2>&1
if grep -q ">pid 2 contador<" "$tmp/h/out/report.html" && ! grep -q ">pid [0-9]* prog<" "$tmp/h/out/report.html"; then
	echo "ok: timeline lanes are named contador"
else
	echo "FAIL: timeline lanes:"; grep -o ">pid [0-9]* [^<]*<" "$tmp/h/out/report.html" | head -3; fail=1
fi

# 3. grade: an edit to a file of the exercise's data: folder grades again.
chmod 755 "$tmp"
mkdir -p "$tmp/d/exdata" "$tmp/d/class/ana"
echo "forty-two" >"$tmp/d/exdata/input.txt"
cat >"$tmp/d/data.yaml" <<'YAML'
id: results-data
title: Reads its data
points: 2
data: exdata
runs:
  - id: main
    programs: [{args: ["{data}/input.txt"]}]
checks:
  - {id: compiles, title: Compiles, points: 1, rule: compiles}
  - {id: read, title: Prints forty-two, points: 1, rule: output, with: {value: forty-two}}
YAML
cat >"$tmp/d/class/ana/prog.c" <<'C'
#include <stdio.h>
int main(int argc, char **argv)
{
	char line[64];
	FILE *f = argc > 1 ? fopen(argv[1], "r") : NULL;
	if (f && fgets(line, sizeof(line), f))
		fputs(line, stdout);
	return 0;
}
C
grade_data() { "$sg" grade "$tmp/d/data.yaml" "$tmp/d/class" -o "$tmp/d/out" -j 1 "$@"; }
expect 0 "1 submissions \\(1 graded now, 0 unchanged\\): 1 with full marks" -- grade_data
expect 0 "1 submissions \\(0 graded now, 1 unchanged\\)" -- grade_data
echo "forty-three" >"$tmp/d/exdata/input.txt"
expect 0 "1 submissions \\(1 graded now, 0 unchanged\\): 0 with full marks" -- grade_data
expect 0 "1 submissions \\(0 graded now, 1 unchanged\\)" -- grade_data
echo "more" >"$tmp/d/exdata/other.txt"
expect 0 "1 submissions \\(1 graded now, 0 unchanged\\)" -- grade_data
chmod +x "$tmp/d/exdata/other.txt"
expect 0 "1 submissions \\(1 graded now, 0 unchanged\\)" -- grade_data
# The stored result keeps each run's outcome, not its events; --trace
# full writes every event to results.json and grades again.
if /usr/bin/python3 - "$tmp/d/out/students/ana/result.json" <<'PY'; then echo "ok: result.json has runs without events"; else fail=1; fi
import json, sys
d = json.load(open(sys.argv[1]))
r = d["runs"]
sys.exit(0 if len(r) == 1 and "events" not in r[0] and r[0]["status"] == "ok" else 1)
PY
expect 0 "1 submissions \\(1 graded now, 0 unchanged\\)" -- grade_data --trace full
if /usr/bin/python3 - "$tmp/d/out/students/ana/results.json" <<'PY'; then echo "ok: grade --trace full wrote results.json"; else echo "FAIL: grade --trace full"; fail=1; fi
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if all(r["trace"] == "full" for r in d["runs"]) else 1)
PY
expect 2 "--trace wants summary, failing or full" -- grade_data --trace none
exit $fail
