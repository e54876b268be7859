#!/bin/bash
# formats.sh - every report format, fed hostile student output (bytes that
# are not UTF-8, control characters, "]]>", YAML and Markdown syntax, a
# workflow command, a 200 KB line, a folder named like a formula), must be
# accepted by a real consumer: xmllint against Jenkins' JUnit constraints
# (tests/consumers/junit-jenkins.xsd), PyYAML and prove for TAP, Python's
# csv module, json for Gradescope's documented shape; GitLab's reading of
# JUnit (the failure's text) and GitHub's annotation limits are checked too.
set -u
cd "$(dirname "$0")/../.."
. tests/cli/lib.inc
fail=0
top=$PWD
sg=$top/shmgrade
py=/usr/bin/python3
tmp=$(mktemp -d /tmp/shmgrade-cli-formats.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE=

cat >"$tmp/hostile.yaml" <<'YAML'
id: hostile
title: {es: "Hostil: <b>*x*</b> | y", en: "Hostile: <b>*x*</b> | y"}
points: 4
runs:
  - id: main
    programs:
      - args: []
checks:
  - {id: compiles, title: {es: Compila, en: Compiles}, points: 1, rule: compiles}
  - id: says
    title: {es: "Dice hola", en: "Says: hi # [x] ]]>"}
    points: 1
    rule: output
    with: {value: "hola"}
    feedback: {fail: {es: "x", en: "print \"hola\": - [a] # b\n---\n... ]]> %0A"}}
  - {id: secret, title: {es: Secreta, en: Secret}, points: 1, rule: output, with: {value: "zzz"}, hidden: true}
  - {id: after, title: {es: Luego, en: After}, points: 1, rule: exit_status, requires: [says]}
YAML

# The program prints everything that has broken a consumer somewhere.
cat >"$tmp/evil.c" <<'C'
#include <stdio.h>
#include <string.h>
int main(void)
{
	static char line[200001];
	fputs("\xff\xfe\x7f bad\x01\x02\x1b[31m \xc2\x85 \xe2\x80\xa8 \xed\xa0\x80 ]]> <![CDATA[ x ]]>\n", stdout);
	fputs("key: value\n- item\n---\n...\n\"quote' # hash & amp; <tag>\n::error::spoof\n%0A\n", stdout);
	memset(line, 'A', sizeof(line) - 1);
	puts(line);
	fputs("\xff\xfe to stderr\n", stderr);
	return 3;
}
C
mkdir -p "$tmp/@evil,\"dir\""
cp "$tmp/evil.c" "$tmp/@evil,\"dir\"/=1+2.c"
# A submission that does not compile: 12 errors, 12 warnings, and bytes
# from the source quoted in the compiler's messages.
{
	printf 'int main(void)\n{\n'
	for i in $(seq 1 12); do printf '\tint u%d; x%d = 1;\n' "$i" "$i"; done
	printf '\treturn 0;\n}\n#error "\xff\x01 ]]> : - # <b>"\n'
} >"$tmp/broken.c"

run() { # run NAME SUBMISSION: all formats into $tmp/NAME/, github on stdout
	local name=$1 sub=$2
	mkdir -p "$tmp/$name"
	(cd "$tmp" && GITHUB_STEP_SUMMARY="$tmp/$name/summary.md" GITHUB_OUTPUT="$tmp/$name/output" \
		"$sg" check hostile.yaml "$sub" --format text,json,junit,gradescope,github,tap,csv \
		-o "$tmp/$name" >"$tmp/$name/stdout" 2>"$tmp/$name/stderr")
	echo $? >"$tmp/$name/rc"
}
run evil "@evil,\"dir\"/=1+2.c"
run broken broken.c
for n in evil broken; do
	[ "$(cat "$tmp/$n/rc")" = 1 ] || { echo "FAIL: $n: exit $(cat "$tmp/$n/rc")"; cat "$tmp/$n/stderr"; fail=1; }
done

# JUnit: Jenkins' schema constraints, and a schema that can fail.
for n in evil broken; do
	expect 0 'validates' -- xmllint --noout --schema tests/consumers/junit-jenkins.xsd "$tmp/$n/junit.xml"
	if [ -n "${JUNIT_XSD:-}" ]; then
		expect 0 'validates' -- xmllint --noout --schema "$JUNIT_XSD" "$tmp/$n/junit.xml"
	fi
done
sed 's/<testsuites name="shmgrade"/& skipped="0"/' "$tmp/evil/junit.xml" >"$tmp/old-junit.xml"
expect 3 'fails to validate' -- xmllint --noout --schema tests/consumers/junit-jenkins.xsd "$tmp/old-junit.xml"
# GitLab reads a failure's text (Hash.from_xml keeps only the text when
# there is any): the evidence must be there, then the hint.
expect 0 'gitlab ok' -- $py - "$tmp/evil/junit.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
fails = root.findall("./testsuite/testcase/failure")
assert fails, "no failure"
for f in fails:
    text = f.text or ""
    assert text.startswith(f.get("message")), (text[:80], f.get("message")[:80])
says = [f for f in fails if "it was" in (f.text or "")]
assert says and "hint:" in says[0].text, "no evidence or hint in the body"
assert not any("zzz" in (f.text or "") for f in fails), "hidden evidence shown"
print("gitlab ok")
PY

# TAP: valid UTF-8, prove parses it, every YAML block loads.
for n in evil broken; do
	expect 0 'tap ok' -- $py - "$tmp/$n/report.tap" <<'PY'
import sys, yaml
text = open(sys.argv[1], "rb").read().decode("utf-8")  # strict
blocks, cur = [], None
for line in text.split("\n"):
    if line == "  ---":
        cur = []
    elif line == "  ..." and cur is not None:
        blocks.append("\n".join(cur)); cur = None
    elif cur is not None:
        cur.append(line)
assert blocks, "no YAML block"
for b in blocks:
    d = yaml.safe_load(b)
    assert isinstance(d, dict) and isinstance(d["message"], str), d
print("tap ok", len(blocks))
PY
	out=$(prove --exec cat "$tmp/$n/report.tap" 2>&1)
	if grep -qiE 'parse error|unknown|wrong|bad plan' <<<"$out" || ! grep -qE 'Failed [0-9]/4 subtests' <<<"$out"; then
		echo "FAIL: prove on $n:"; echo "$out" | head; fail=1
	else echo "ok: prove reads $n/report.tap"; fi
done
grep -q 'x\\xff\\xfe\\x7f\|\\xff\\xfe\\x7f' "$tmp/evil/report.tap" || { echo "FAIL: bytes not escaped as \\xNN in TAP"; fail=1; }

# CSV: one header, one row, the same width; formulas neutralised; messages.
expect 0 'csv ok' -- $py - "$tmp/evil/grade.csv" <<'PY'
import sys, csv
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert len(rows) == 2 and len(rows[0]) == len(rows[1]), rows
h, r = rows
row = dict(zip(h, r))
assert h[:6] == ["exercise", "submission", "score", "max_score", "status", "failed"], h
assert row["submission"] == "'@evil,\"dir\"/=1+2.c", row["submission"]
assert "it was" in row["says_message"] and row["says"] == "0", row
assert "zzz" not in row["secret_message"]
for f in r:
    assert not f or f[0] not in "=+-@\t\r", f
print("csv ok")
PY

# Gradescope: the documented results.json shape.
for n in evil broken; do
	expect 0 'gradescope results ok' -- $py tests/consumers/gradescope_results.py "$tmp/$n/gradescope.json"
	expect 0 '' -- jq -e '.checks | length == 4' "$tmp/$n/results.json"
done

# GitHub: within the per-step limits, compiler errors on their line.
for n in evil broken; do
	e=$(grep -c '^::error' "$tmp/$n/stdout"); w=$(grep -c '^::warning' "$tmp/$n/stdout")
	if [ "$e" -gt 10 ] || [ "$w" -gt 10 ]; then echo "FAIL: $n: $e errors, $w warnings annotated"; fail=1; fi
	if awk 'length($0) > 20000 && /^::/' "$tmp/$n/stdout" | grep -q .; then
		echo "FAIL: $n: an annotation over 20000 bytes"; fail=1; fi
	grep -q '^::error::spoof' "$tmp/$n/stdout" && { echo "FAIL: $n: spoofed command"; fail=1; }
	cmp -s "$tmp/$n/stdout" "$tmp/$n/github.txt" || true
done
grep -qE '^::error file=broken\.c,line=3,col=[0-9]+,title=compiler error::' "$tmp/broken/stdout" ||
	{ echo "FAIL: no file=/line= annotation for the compiler error"; grep '^::' "$tmp/broken/stdout"; fail=1; }
grep -qE '^::error title=shmgrade::[0-9]+ more' "$tmp/broken/stdout" ||
	{ echo "FAIL: no 'more' annotation past the limit"; fail=1; }
(cd "$tmp" && "$sg" check hostile.yaml broken.c --format github >"$tmp/gh-sub" 2>/dev/null)
mkdir -p "$tmp/repo/src" && cp "$tmp/broken.c" "$tmp/repo/src/p.c"
(cd "$tmp/repo" && "$sg" check ../hostile.yaml src/p.c --format github >"$tmp/gh-sub" 2>/dev/null)
grep -qE '^::error file=src/p\.c,line=3,' "$tmp/gh-sub" ||
	{ echo "FAIL: compiler path not relative to the repository"; grep '^::' "$tmp/gh-sub" | head -3; fail=1; }

# The job summary: a Markdown table, one row per check, no markup from the
# student or the exercise (no raw <, no unescaped |).
expect 0 'summary ok' -- $py - "$tmp/evil/summary.md" <<'PY'
import sys, re
md = open(sys.argv[1], encoding="utf-8").read()
lines = md.split("\n")
assert lines[0].startswith("### shmgrade: ") and "Points 1/4" in lines[0], lines[0]
rows = [l for l in lines if l.startswith("| ")]
assert len(rows) == 1 + 4, rows
for r in rows:
    cells = re.split(r"(?<!\\)\|", r)
    assert len(cells) == 6, (len(cells), r)
assert "<" not in md, "raw < in the summary"
assert len(md) < 64 * 1024
print("summary ok")
PY
grep -q '^points=1/4$' "$tmp/evil/output" || { echo "FAIL: step output points"; fail=1; }

# Nothing a consumer reads has grown with the 200 KB line.
for f in junit.xml report.tap grade.csv gradescope.json; do
	s=$(stat -c %s "$tmp/evil/$f")
	[ "$s" -lt 100000 ] || { echo "FAIL: $f is $s bytes"; fail=1; }
done
exit $fail
