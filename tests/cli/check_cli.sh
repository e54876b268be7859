#!/bin/bash
# check_cli.sh - shmgrade check: exit codes 0/1/2, messages, formats, language.
set -u
cd "$(dirname "$0")/../.."
fail=0
tmp=$(mktemp -d /tmp/shmgrade-cli-check.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

. tests/cli/lib.inc # expect()

cat >"$tmp/tiny.yaml" <<'YAML'
id: tiny-private
title: {es: Segmento privado, en: Private segment}
points: 10
runs:
  - id: main
    programs:
      - args: []
checks:
  - {id: compiles, title: {es: Compila, en: Compiles}, points: 1, rule: compiles}
  - {id: exit_ok, title: {es: Termina con 0, en: Exits with 0}, points: 2, rule: exit_status, requires: [compiles]}
  - id: created
    title: {es: Crea el segmento, en: Creates the segment}
    points: 3
    rule: segment_created
    with: {size: 4096, mode: 0600}
    requires: [compiles]
    feedback: {fail: {es: Usa 4096 bytes, en: Use 4096 bytes}}
  - {id: removed, title: {es: Lo elimina, en: Removes it}, points: 2, rule: removed, requires: [created]}
  - {id: no_leaks, title: {es: Sin fugas, en: No leaks}, points: 2, rule: no_leaks, hidden: true}
YAML
body='#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
int main(void)
{
	int id = shmget(IPC_PRIVATE, SIZE, IPC_CREAT | 0600);
	char *p;
	if (id < 0)
		return 1;
	p = shmat(id, NULL, 0);
	if (p == (void *)-1)
		return 1;
	strcpy(p, "hola");
	puts(p);
	shmdt(p);
	RMID;
	return 0;
}'
printf '#define SIZE 4096\n#define RMID shmctl(id, IPC_RMID, NULL)\n%s\n' "$body" >"$tmp/good.c"
printf '#define SIZE 100\n#define RMID (void)0\n%s\n' "$body" >"$tmp/small.c"
printf 'int main(void) { return undeclared_x; }\n' >"$tmp/broken.c"
# malformed: a misspelt key, and a YAML syntax error
sed 's/^points: 10/pionts: 10/' "$tmp/tiny.yaml" >"$tmp/typo.yaml"
printf 'id: x\ntitle: [unclosed\n' >"$tmp/syntax.yaml"

sg=./shmgrade
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES=
expect 0 "usage: shmgrade check" -- $sg check --help
expect 2 "usage: shmgrade check" -- $sg check "$tmp/tiny.yaml"
expect 0 "Score: 10/10" -- $sg check "$tmp/tiny.yaml" "$tmp/good.c"
expect 1 "0/3 +Creates the segment" -- $sg check "$tmp/tiny.yaml" "$tmp/small.c"
expect 1 "Use 4096 bytes" -- $sg check "$tmp/tiny.yaml" "$tmp/small.c"
expect 1 "skipped: it needs \"Creates the segment\"" -- $sg check "$tmp/tiny.yaml" "$tmp/small.c"
expect 1 "hidden check" -- $sg check "$tmp/tiny.yaml" "$tmp/small.c"
expect 1 "undeclared_x" -- $sg check "$tmp/tiny.yaml" "$tmp/broken.c"
expect 1 "could not be built" -- $sg check "$tmp/tiny.yaml" "$tmp/broken.c"
expect 1 "Score: 0/10" -- $sg check "$tmp/tiny.yaml" "$tmp/broken.c"
expect 2 "typo.yaml:3:1: .*pionts.*did you mean" -- $sg check "$tmp/typo.yaml" "$tmp/good.c"
expect 2 "syntax.yaml:[0-9]+:[0-9]+: " -- $sg check "$tmp/syntax.yaml" "$tmp/good.c"
expect 2 "nothing.yaml" -- $sg check "$tmp/nothing.yaml" "$tmp/good.c"
expect 2 "cannot read the submission" -- $sg check "$tmp/tiny.yaml" "$tmp/nothing.c"
sed 's/^points: 10/points: 10\nsubmission: {compiler: no-such-cc-4711}/' "$tmp/tiny.yaml" >"$tmp/nocc.yaml"
expect 2 "cannot find the compiler 'no-such-cc-4711'" -- $sg check "$tmp/nocc.yaml" "$tmp/good.c"
mkdir "$tmp/empty"
expect 1 "no .c file was handed in" -- $sg check "$tmp/tiny.yaml" "$tmp/empty"
cp /bin/true "$tmp/prog"
expect 1 "'prog' is an ELF file" -- $sg check "$tmp/tiny.yaml" "$tmp/prog"
expect 2 "unknown format 'xml'" -- $sg check --format text,xml "$tmp/tiny.yaml" "$tmp/good.c"
expect 2 "wants es or en" -- $sg check --lang fr "$tmp/tiny.yaml" "$tmp/good.c"
expect 1 "\\[FAIL\\]" -- env LANG=C $sg check "$tmp/tiny.yaml" "$tmp/small.c"

# Spanish: --lang, or the environment (es_ES need not be generated)
expect 1 "Nota: 3/10" -- $sg check --lang es "$tmp/tiny.yaml" "$tmp/small.c"
expect 1 "omitida: necesita \"Crea el segmento\"" -- $sg check --lang es "$tmp/tiny.yaml" "$tmp/small.c"
expect 1 "Tu programa no se pudo compilar" -- env LANG=es_ES.UTF-8 $sg check "$tmp/tiny.yaml" "$tmp/broken.c"
expect 0 "uso: shmgrade check" -- $sg check --lang es --help
expect 1 "Score: 3/10" -- env LANG=es_ES.UTF-8 $sg check --lang en "$tmp/tiny.yaml" "$tmp/small.c"

# formats on stdout and in a folder
expect 0 '"status": "pass"' -- $sg check --format json "$tmp/tiny.yaml" "$tmp/good.c"
expect 1 '"max_score": 10' -- $sg check --format json "$tmp/tiny.yaml" "$tmp/small.c"
expect 1 "^tiny-private,.*,3,10,fail,created removed no_leaks,1," -- $sg check --format csv "$tmp/tiny.yaml" "$tmp/small.c"
expect 1 "^Points 3/10$" -- $sg check --format github "$tmp/tiny.yaml" "$tmp/small.c"
expect 1 "not ok 3 - created" -- $sg check --format tap "$tmp/tiny.yaml" "$tmp/small.c"
expect 1 "Score: 3/10" -- $sg check --format json,junit,gradescope,csv,text -o "$tmp/out" "$tmp/tiny.yaml" "$tmp/small.c"
for f in results.json junit.xml gradescope.json grade.csv report.txt; do
	if [ -s "$tmp/out/$f" ]; then echo "ok: $f written"; else echo "FAIL: $f missing"; fail=1; fi
done
grep -q '"visibility": "after_published"' "$tmp/out/gradescope.json" || { echo "FAIL: gradescope visibility"; fail=1; }
grep -q '<failure message=' "$tmp/out/junit.xml" || { echo "FAIL: junit failure"; fail=1; }
if command -v xmllint >/dev/null; then
	xmllint --noout "$tmp/out/junit.xml" && echo "ok: xmllint junit.xml" || fail=1
fi
if command -v python3 >/dev/null; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["score"]==3 and d["status"]=="fail" and len(d["runs"])==1, d' "$tmp/out/results.json" &&
		echo "ok: results.json parses" || fail=1
fi
exit $fail
