#!/bin/bash
# grade_parallel.sh - doc/grading-a-class.md's GNU parallel recipe, run
# locally (--sshlogin : is this machine): four shards of a class graded by
# parallel, merged, equal one `shmgrade grade` over the whole class. Without
# parallel it says "skip" and exits 77 (skipped), unless REQUIRE_PARALLEL=1 (make
# check-long, which installs it).
set -u
cd "$(dirname "$0")/../.."
. tests/cli/lib.inc
fail=0
sg=$PWD/shmgrade
if ! command -v parallel >/dev/null; then
	echo "skip: GNU parallel is not installed"
	[ "${REQUIRE_PARALLEL:-0}" = 1 ] && exit 1
	exit 77 # skipped (tools/run-tests.sh)
fi
tmp=$(mktemp -d /tmp/shmgrade-cli-parallel.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE=
ex=$PWD/exercises/shm-05-parent-child.yaml
R=reference/shm-05-parent-child
mkdir -p "$tmp/class"
i=100
for s in solution mutant-no-rmid mutant-size-2-bytes mutant-child-no-shmdt mutant-child-removes; do
	for who in "Ana, María" "Bo \"B\" Li" "Zoë"; do
		i=$((i + 1))
		d="$tmp/class/${who}_${i}_assignsubmission_file_"
		mkdir -p "$d"
		cp "$R/$s.c" "$d/main.c"
	done
done
cd "$tmp" || exit 1
N=4
HOME=$tmp parallel --will-cite --sshlogin : --workdir "$tmp" \
	"$sg" grade "$ex" class/ -o out.{} --shard {}/$N -q ::: $(seq $N) >/dev/null 2>&1 ||
	{ echo "FAIL: parallel"; fail=1; }
expect 0 "submissions" -- "$sg" merge -o out out.1 out.2 out.3 out.4
"$sg" grade "$ex" class/ -o whole -q >/dev/null 2>&1
for f in gradebook.csv summary.json class.html; do
	cmp -s "out/$f" "whole/$f" && echo "ok: parallel shards merged: $f equal" ||
		{ echo "FAIL: $f differs"; diff "out/$f" "whole/$f" | head; fail=1; }
done
exit $fail
