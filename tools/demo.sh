#!/bin/bash
# demo.sh - grade the bundled reference/ folder as if it were a class
# (called by `make demo`): for every exercise of exercises/, its solutions
# and mutants in reference/ID/ are the students, graded by one
# `shmgrade grade` into build/demo/ID/ (gradebook.csv, summary.json,
# class.html, students/*/report.html). Then the gradebook table of all of
# them, build/demo/gradebook.csv (every exercise, an "exercise" column
# first), and, when chromium is installed (tools/deps.sh demo), a
# screenshot of every class page and of two students' pages per exercise
# (one with full marks, one without) in build/demo/screenshots/.
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
: >"$csv"
broke=0 n=0 full=0
fmt="%-26s %-30s %7s  %-6s %s\n"
printf "$fmt" "EXERCISE" "SUBMISSION" "SCORE" "STATUS" "CHECKS NOT PASSED"
for y in "${yamls[@]}"; do
	id=$(sed -n 's/^id:[[:space:]]*//p' "$y" | head -n 1 | tr -d "\"' \r")
	[ -d "reference/$id" ] || continue
	./shmgrade grade "$y" "reference/$id" -o "$out/$id" -q >"$out/$id.log" 2>&1 || broke=1
	# student,id,score,max_score,status,<checks...>,submission,report,failed
	# (reference/ names have no commas or quotes).
	if [ ! -s "$out/$id/gradebook.csv" ]; then
		printf "$fmt" "$id" "-" "-" "ERROR" "$(head -n 1 "$out/$id.log")"
		continue
	fi
	[ -s "$csv" ] || sed -n '1s/^/exercise,/p' "$out/$id/gradebook.csv" | cut -d, -f1-6 >"$csv"
	while IFS=, read -r student sid score max status rest; do
		failed=${rest##*,}
		n=$((n + 1))
		[ "$status" = pass ] && full=$((full + 1))
		printf "$fmt" "$id" "$student" "$score/$max" "$status" "${failed:--}"
		echo "$id,$student,$sid,$score,$max,$status" >>"$csv"
	done < <(tail -n +2 "$out/$id/gradebook.csv")
done
echo
echo "demo: $n submissions graded: $full with full marks, $((n - full)) lost points or broke the grader"
echo "demo: gradebooks, summaries and pages in $out/ID/ (open $out/ID/class.html); all in $csv"

if command -v chromium >/dev/null; then
	shots=$out/screenshots
	mkdir -p "$shots"
	shot() { # PAGE PNG
		timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$out/.chromium" \
			--window-size=1100,1400 --screenshot="$2" "file://$PWD/$1" >/dev/null 2>&1
	}
	for d in "$out"/*/class.html; do
		id=$(basename "$(dirname "$d")")
		shot "$d" "$shots/$id-class.png"
		p=$(awk -F, 'NR > 1 && $5 == "pass" { print $(NF - 1); exit }' "$out/$id/gradebook.csv")
		f=$(awk -F, 'NR > 1 && $5 != "pass" { print $(NF - 1); exit }' "$out/$id/gradebook.csv")
		[ -n "$p" ] && shot "$out/$id/$p" "$shots/$id-full-marks.png"
		[ -n "$f" ] && shot "$out/$id/$f" "$shots/$id-lost-points.png"
	done
	rm -rf "$out/.chromium"
	echo "demo: screenshots of the pages in $shots/"
else
	echo "demo: no chromium, no screenshots (tools/deps.sh demo installs it)"
fi
[ "$broke" -eq 0 ] || exit 2
