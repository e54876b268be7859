#!/bin/bash
# locale.sh - numbers do not depend on the locale (issue 15, point 1): an
# exercise with decimal points validates under es_ES.UTF-8 (decimal comma),
# C.UTF-8 and C, whichever variable sets it; every machine format written
# under es_ES.UTF-8 has "0.5", never "0,5"; the human text report may use
# the locale's comma. Needs es_ES.UTF-8 (tools/deps.sh check generates it).
set -u
cd "$(dirname "$0")/../.."
sg=$PWD/shmgrade
fail=0
tmp=$(mktemp -d /tmp/shmgrade-cli-locale.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
unset LANGUAGE LC_ALL LC_MESSAGES LC_NUMERIC

. tests/cli/lib.inc # expect()

if ! locale -a 2>/dev/null | grep -qix 'es_ES\.utf-\{0,1\}8'; then
	echo "FAIL: the locale es_ES.UTF-8 is missing: run 'tools/deps.sh check' as root"
	exit 1
fi

mkdir -p "$tmp/cat/exercises" "$tmp/cat/reference/halves"
cat >"$tmp/cat/exercises/halves.yaml" <<'YAML'
id: halves
title: Halves
points: 2.5
submission: {timeout: 30.5}
limits: {timeout: 5.5}
runs:
  - id: main
    limits: {timeout: 4.25}
checks:
  - {id: compiles, title: Compiles, points: 0.5, rule: compiles}
  - {id: exit_ok, title: Exits with 0, points: 1.25, rule: exit_status, requires: [compiles]}
  - id: mean
    title: Prints the mean
    points: 0.75
    rule: output
    with: {value: "2.5", match: number, tolerance: 0.01, pattern: "media=([0-9.]+)"}
    requires: [compiles]
YAML
printf '#include <stdio.h>\nint main(void) { printf("media=%%.2f\\n", 2.5); return 0; }\n' \
	>"$tmp/cat/reference/halves/solution.c"
printf '#include <stdio.h>\nint main(void) { printf("media=%%.2f\\n", 2.75); return 3; }\n' \
	>"$tmp/cat/reference/halves/mutant-wrong.c"
printf 'halves\tsolution.c\tpass\nhalves\tmutant-wrong.c\texit_ok,mean\n' >"$tmp/cat/reference/verdicts.tsv"

cd "$tmp/cat" || exit 2
for env in LANG=es_ES.UTF-8 LC_ALL=es_ES.UTF-8 "LANG=C.UTF-8 LC_NUMERIC=es_ES.UTF-8" \
	LANG=C.UTF-8 LANG=C LC_ALL=C; do
	# shellcheck disable=SC2086
	expect 0 "(2 submissions, 2 as expected|2 entregas, 2 como se esperaba)" -- \
		env $env "$sg" validate -q
done

# Every format under es_ES.UTF-8: the machine ones with points "0.5", the
# score "0.5" of 2.5 for the mutant; the text report with "0,5".
export LANG=es_ES.UTF-8
"$sg" check exercises/halves.yaml reference/halves/mutant-wrong.c \
	--format text,json,junit,gradescope,github,tap,csv -o out >/dev/null 2>&1
for f in results.json junit.xml gradescope.json github.txt report.tap grade.csv report.txt; do
	[ -s "out/$f" ] || { echo "FAIL: out/$f was not written"; fail=1; }
done
for f in results.json junit.xml gradescope.json github.txt report.tap; do
	if grep -qE '[0-9],(25|5|75)([^0-9]|$)' "out/$f"; then
		echo "FAIL: a decimal comma in out/$f:"; grep -nE '[0-9],(25|5|75)([^0-9]|$)' "out/$f"; fail=1
	else
		echo "ok: no decimal comma in $f"
	fi
done
# csv and github: the score field / "Points" line.
expect 0 '^halves,reference/halves/mutant-wrong.c,0.5,2.5,fail,' -- cat out/grade.csv
expect 0 '^Points 0.5/2.5$' -- cat out/github.txt
expect 0 '\[0.5/0.5\]' -- cat out/junit.xml
expect 0 '"score": 0.5' -- cat out/results.json
expect 0 '"max_score": 2.5' -- cat out/gradescope.json
expect 0 '0.5/2.5' -- cat out/report.tap
expect 0 'Nota: 0,5/2,5' -- cat out/report.txt
expect 0 'printed 2.75; expected 2.5|imprimió 2.75; se esperaba 2.5' -- cat out/results.json
# trace --json: wall_ms is a JSON number; --timeout reads a C number.
expect 0 '"wall_ms": [0-9]+(\.[0-9]+)?,' -- "$sg" trace --json --timeout 2.5 -- /bin/true
exit $fail
