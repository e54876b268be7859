#!/bin/bash
# demo.sh - grade the bundled reference/ folder as if it were a class
# (called by `make demo`): every solution and every mutant of every exercise
# of exercises/ is one student's submission, graded with one
# `./shmgrade check` each (until `shmgrade grade` exists), and the result is
# a gradebook: exercise, submission, score/max, status, checks not passed.
# The gradebook is also written to build/demo/gradebook.csv.
# Exit status: 0 the demo ran (mutants are expected to lose points),
# 2 something needed is missing or shmgrade itself failed on a submission.
set -u
cd "$(dirname "$0")/.." || exit 2

if [ ! -x ./shmgrade ]; then
	echo "demo: building shmgrade..." >&2
	make --no-print-directory all >&2 || exit 2
fi
shopt -s nullglob
yamls=(exercises/*.yaml)
if [ ${#yamls[@]} -eq 0 ]; then
	echo "demo: no exercise in exercises/ yet" >&2
	exit 2
fi

out=build/demo
mkdir -p "$out"
csv=$out/gradebook.csv
echo "exercise,submission,score,max_score,status,failed" >"$csv"
err=$(mktemp)
trap 'rm -f "$err"' EXIT

# The submissions of exercise $1: reference solutions first, then mutants
# (reference/ names have no spaces).
submissions() {
	local s
	for s in "reference/$1"/*.c "reference/$1"/*/; do
		s=${s%/}
		case ${s##*/} in solution*) echo "$s" ;; esac
	done
	for s in "reference/$1"/*.c "reference/$1"/*/; do
		s=${s%/}
		case ${s##*/} in solution*) ;; *) echo "$s" ;; esac
	done
}

total=0
for y in "${yamls[@]}"; do
	id=$(sed -n 's/^id:[[:space:]]*//p' "$y" | head -n 1 | tr -d "\"' \r")
	total=$((total + $(submissions "$id" | wc -l)))
done
echo "demo: grading $total submissions of ${#yamls[@]} exercises from reference/ (one 'shmgrade check' each)" >&2
echo >&2

fmt="%-26s %-30s %7s  %-6s %s\n"
printf "$fmt" "EXERCISE" "SUBMISSION" "SCORE" "STATUS" "CHECKS NOT PASSED"
n=0 full=0 broke=0
for y in "${yamls[@]}"; do
	id=$(sed -n 's/^id:[[:space:]]*//p' "$y" | head -n 1 | tr -d "\"' \r")
	for s in $(submissions "$id"); do
		n=$((n + 1))
		name=${s#reference/"$id"/}
		row=$(./shmgrade check "$y" "$s" --format csv -q 2>"$err" | sed -n 2p)
		if [ -z "$row" ]; then
			printf "$fmt" "$id" "$name" "-" "ERROR" "$(head -n 1 "$err")"
			echo "$id,$name,,,error," >>"$csv"
			broke=$((broke + 1))
			continue
		fi
		# exercise,submission,score,max_score,status,failed,... (no commas in the first six:
		# ids and reference/ file names have none)
		IFS=, read -r _ _ score max status failed _ <<<"$row"
		[ "$status" = pass ] && full=$((full + 1))
		[ "$status" = error ] && broke=$((broke + 1))
		printf "$fmt" "$id" "$name" "$score/$max" "$status" "${failed:--}"
		echo "$id,$name,$score,$max,$status,$failed" >>"$csv"
	done
done
echo
echo "demo: $n submissions graded: $full with full marks, $((n - full - broke)) lost points, $broke grader errors"
echo "demo: gradebook written to $csv"
[ "$broke" -eq 0 ] || exit 2
