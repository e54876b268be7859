#!/bin/bash
# validate_maybe.sh - race-dependent verdicts (issue 15, point 6): "id?" in
# verdicts.tsv may fail; validate accepts both outcomes, says how often it
# failed (text and JSON), --repeat N grades N times and names the run that
# differed; an id the exercise does not have is an error.
set -u
cd "$(dirname "$0")/../.."
sg=$PWD/shmgrade
fail=0
tmp=$(mktemp -d /tmp/shmgrade-cli-maybe.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES=

. tests/cli/lib.inc # expect()

mkdir -p "$tmp/cat/exercises" "$tmp/cat/reference/tiny"
cat >"$tmp/cat/exercises/tiny.yaml" <<'YAML'
id: tiny
title: Tiny
points: 3
runs: [{id: main}]
checks:
  - {id: compiles, title: Compiles, points: 1, rule: compiles}
  - {id: exit_ok, title: Exits with 0, points: 1, rule: exit_status, requires: [compiles]}
  - {id: says_hola, title: Says hola, points: 1, rule: output, with: {value: hola}, requires: [compiles]}
YAML
hola='#include <stdio.h>
int main(void) { puts("hola"); return %d; }\n'
printf "$hola" 0 >"$tmp/cat/reference/tiny/solution.c"
printf "$hola" 3 >"$tmp/cat/reference/tiny/mutant-exit-3.c"
printf 'int main(void) { return 3; }\n' >"$tmp/cat/reference/tiny/mutant-silent.c"
table() { printf '%s\n' "$@" | tr '|' '\t' >"$tmp/cat/reference/verdicts.tsv"; }
cd "$tmp/cat" || exit 2

# A check that always fails, one that never does, one that sometimes may:
# all as expected, each count shown.
table "tiny|solution.c|exit_ok?" "tiny|mutant-exit-3.c|exit_ok?" "tiny|mutant-silent.c|exit_ok,says_hola?"
expect 0 'OK +tiny +mutant-exit-3.c +exit_ok +\(exit_ok\? failed in 3 of 3 runs\)' -- \
	"$sg" validate -q --repeat 3
expect 0 'OK +tiny +solution.c +pass +\(exit_ok\? failed in 0 of 3 runs\)' -- "$sg" validate -q --repeat 3
expect 0 'says_hola\? failed in 1 of 1 runs' -- "$sg" validate -q
expect 0 '3 checks may fail \(id\? in the table\), 2 of them failed in at least one of 2 runs' -- \
	"$sg" validate -q --repeat 2
compact() { "$sg" "$@" | tr -d ' \n'; }
expect 0 '"may_fail":\["exit_ok"\],"got":\["exit_ok"\],"ok":true,"runs":2,"may_fail_counts":\{"exit_ok":\{"failed":2,"runs":2\}' -- \
	compact validate -q --repeat 2 --format json
expect 0 '"runs":1,"may_fail":3,"may_fail_failed":2,"ok":true' -- compact validate -q --format json
# Without '?', the same mutant is a difference, and --repeat says which run.
table "tiny|solution.c|exit_ok" "tiny|mutant-exit-3.c|exit_ok" "tiny|mutant-silent.c|exit_ok,says_hola"
expect 1 'got: +pass \(run 1 of 2\)' -- "$sg" validate -q --repeat 2
# Only the '?' check may be missing: another one failing is a difference.
table "tiny|solution.c|pass" "tiny|mutant-exit-3.c|exit_ok" "tiny|mutant-silent.c|exit_ok?"
expect 1 'DIFF +tiny +mutant-silent.c +expected: exit_ok\?' -- "$sg" validate -q
# Mistakes in the table are errors, never a check silently tolerated.
table "tiny|solution.c|pass" "tiny|mutant-exit-3.c|exit_okk?" "tiny|mutant-silent.c|exit_ok,says_hola"
expect 2 "verdicts.tsv:2:1: exercise 'tiny' has no check 'exit_okk' \(did you mean 'exit_ok'\?\)" -- \
	"$sg" validate -q
table "tiny|solution.c|pass?" "tiny|mutant-exit-3.c|exit_ok" "tiny|mutant-silent.c|exit_ok,says_hola"
expect 2 "verdicts.tsv:1:1: 'pass\?' is not a check id" -- "$sg" validate -q
table "tiny|solution.c|pass" "tiny|mutant-exit-3.c|exit_ok,exit_ok?" "tiny|mutant-silent.c|exit_ok,says_hola"
expect 2 "verdicts.tsv:2:1: check 'exit_ok' is listed twice" -- "$sg" validate -q
expect 2 "wants a whole number from 1 to 1000" -- "$sg" validate -q --repeat 0
exit $fail
