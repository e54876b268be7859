#!/bin/bash
# check_validate.sh - shmgrade validate on a tiny catalogue made here:
# exit 0 when every verdict matches the golden table, 1 on a difference,
# 2 on a malformed exercise; the JSON shape; a two-program folder.
set -u
cd "$(dirname "$0")/../.."
sg=$PWD/shmgrade
fail=0
tmp=$(mktemp -d /tmp/shmgrade-cli-validate.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES=

. tests/cli/lib.inc # expect()

mkdir -p "$tmp/cat/exercises" "$tmp/cat/reference/tiny" "$tmp/cat/reference/pair/solution" \
	"$tmp/cat/reference/pair/mutant-reader-fails"
cat >"$tmp/cat/exercises/tiny.yaml" <<'YAML'
id: tiny
title: Tiny
points: 3
runs:
  - id: main
    programs:
      - args: []
checks:
  - {id: compiles, title: Compiles, points: 1, rule: compiles}
  - {id: exit_ok, title: Exits with 0, points: 2, rule: exit_status, requires: [compiles]}
YAML
cat >"$tmp/cat/exercises/pair.yaml" <<'YAML'
id: pair
title: Writer and reader
points: 2
submission:
  programs:
    - {name: writer, sources: [writer.c]}
    - {name: reader, sources: [reader.c]}
runs:
  - id: both
    programs:
      - {program: writer}
      - {program: reader}
checks:
  - {id: compiles, title: Compiles, points: 1, rule: compiles}
  - {id: exit_ok, title: Both exit with 0, points: 1, rule: exit_status, requires: [compiles]}
YAML
printf 'int main(void) { return 0; }\n' >"$tmp/cat/reference/tiny/solution.c"
printf 'int main(void) { return 3; }\n' >"$tmp/cat/reference/tiny/mutant-exit-3.c"
printf 'int main(void) { return 0; }\n' >"$tmp/cat/reference/pair/solution/writer.c"
printf 'int main(void) { return 0; }\n' >"$tmp/cat/reference/pair/solution/reader.c"
printf 'int main(void) { return 0; }\n' >"$tmp/cat/reference/pair/mutant-reader-fails/writer.c"
printf 'int main(void) { return 1; }\n' >"$tmp/cat/reference/pair/mutant-reader-fails/reader.c"
printf '# exercise\tsubmission\tchecks\ntiny\tsolution.c\tpass\ntiny\tmutant-exit-3.c\texit_ok\npair\tsolution\tpass\npair\tmutant-reader-fails\texit_ok\n' \
	>"$tmp/cat/reference/verdicts.tsv"

cd "$tmp/cat" || exit 2
expect 0 "usage: shmgrade validate" -- "$sg" validate --help
expect 0 "OK +tiny +mutant-exit-3.c +exit_ok" -- "$sg" validate
expect 0 "OK +pair +mutant-reader-fails +exit_ok" -- "$sg" validate exercises/pair.yaml
expect 0 "4 submissions, 4 as expected, 0 differ" -- "$sg" validate exercises
expect 0 '"ok": true' -- "$sg" validate --format json
expect 2 "wants text or json" -- "$sg" validate --format xml

# a wrong expectation, a submission missing from the table, a line without a file
sed -i 's/^tiny\tmutant-exit-3.c\texit_ok$/tiny\tmutant-exit-3.c\tpass/' reference/verdicts.tsv
expect 1 "DIFF +tiny +mutant-exit-3.c" -- "$sg" validate exercises/tiny.yaml
printf 'int main(void) { return 0; }\n' >reference/tiny/mutant-new.c
expect 1 "not in the table" -- "$sg" validate exercises/tiny.yaml
printf 'tiny\tmutant-gone.c\texit_ok\n' >>reference/verdicts.tsv
expect 1 "no such file" -- "$sg" validate exercises/tiny.yaml
expect 1 '"ok": false' -- "$sg" validate --format json exercises/tiny.yaml

# a malformed exercise or table is shmgrade's error
printf 'id: broken\ntitle: x\npoints: [\n' >exercises/zz-broken.yaml
expect 2 "zz-broken.yaml:[0-9]+:[0-9]+: " -- "$sg" validate exercises
rm exercises/zz-broken.yaml
printf 'tiny\tsolution.c\n' >>reference/verdicts.tsv
expect 2 "verdicts.tsv:[0-9]+:1: want 3 TAB-separated fields" -- "$sg" validate exercises/tiny.yaml
exit $fail
