#!/bin/bash
# race_rates.sh - how often grading catches each racy known mistake, and
# how often a reference solution loses a point (issue 13; `make check-long`).
#
# For every exercise whose runs say `schedule: perturb`, every row of
# reference/verdicts.tsv for it: N copies of a mutant (default 20), M copies
# of the solution (default 100) graded as a class (`shmgrade grade -j J`,
# default 2) with the exercise's own settings. A mutant copy is caught when
# every check its row says must fail (the ids without '?') failed; a
# solution copy must lose no point.
#   -n N, -m M, -j J    copies of a mutant, of a solution; jobs
#   --only EXERCISE     only this exercise (repeatable)
#   --sub SUBMISSION    only this submission of it (repeatable)
#   --sg BIN            the shmgrade to use (default ./shmgrade)
#   --exercises DIR     where the exercises are (default exercises/): with
#                       an older shmgrade and its exercises, today's rates
#   --strict            exit 1 unless every mutant is caught in >= 95% of
#                       its gradings and no solution copy lost a point
# Prints one line per submission: exercise, submission, caught/graded.
set -u
cd "$(dirname "$0")/.."
n=20 m=100 jobs=2 strict=0 sg=$PWD/shmgrade exdir=$PWD/exercises only=() subs=()
while [ $# -gt 0 ]; do
	case $1 in
	-n) n=$2; shift ;;
	-m) m=$2; shift ;;
	-j) jobs=$2; shift ;;
	--only) only+=("$2"); shift ;;
	--sub) subs+=("$2"); shift ;;
	--sg) sg=$2; shift ;;
	--exercises) exdir=$2; shift ;;
	--strict) strict=1 ;;
	*) echo "race_rates: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
[ -x "$sg" ] || { echo "race_rates: $sg missing" >&2; exit 2; }
tmp=$(mktemp -d /tmp/shmgrade-race-rates.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# The exercises with a perturbed run, in this tree.
mapfile -t ids < <(grep -l '^ *schedule: *perturb' exercises/*.yaml | xargs -n1 basename | sed 's/\.yaml$//')
if [ ${#only[@]} -gt 0 ]; then ids=("${only[@]}"); fi

bad=0
for id in "${ids[@]}"; do
	while IFS=$'\t' read -r ex sub expect; do
		[ "$ex" = "$id" ] || continue
		if [ ${#subs[@]} -gt 0 ] && ! printf '%s\n' "${subs[@]}" | grep -qxF "$sub"; then continue; fi
		copies=$n
		[ "$expect" = pass ] && copies=$m
		class="$tmp/$id-${sub%.c}"
		mkdir -p "$class"
		for i in $(seq "$copies"); do
			if [ -d "reference/$id/$sub" ]; then
				cp -r "reference/$id/$sub" "$class/s$i"
				echo "/* copy $i */" >>"$(ls "$class/s$i"/*.c | head -1)"
			else
				{ cat "reference/$id/$sub"; echo "/* copy $i */"; } >"$class/s$i.c"
			fi
		done
		"$sg" grade "$exdir/$id.yaml" "$class" -o "$class.out" -j "$jobs" -q >/dev/null 2>&1
		# gradebook.csv, columns by name: a solution copy lost a point
		# when its score is below the maximum; a mutant copy is caught
		# when every check its row says must fail (no '?') failed.
		read -r lost graded < <(awk -F, -v want="$expect" 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "score") s = i; if ($i == "max_score") x = i; if ($i == "failed") f = i }; next }
			{ g++
			  if (want == "pass") { if ($s + 0 < $x + 0) l++; next }
			  n = split(want, ids, ","); ok = 1
			  for (k = 1; k <= n; k++) if (ids[k] !~ /\?$/ && index(" " $f " ", " " ids[k] " ") == 0) ok = 0
			  if (ok) l++ }
			END { print l + 0, g + 0 }' "$class.out/gradebook.csv" 2>/dev/null || echo "0 0")
		if [ "$expect" = pass ]; then
			printf '%s\t%s\tlost a point %d/%d\n' "$id" "$sub" "$lost" "$graded"
			[ "$lost" -eq 0 ] && [ "$graded" -eq "$copies" ] || bad=1
		else
			printf '%s\t%s\tcaught %d/%d\n' "$id" "$sub" "$lost" "$graded"
			[ "$graded" -eq "$copies" ] && [ $((lost * 100)) -ge $((graded * 95)) ] || bad=1
		fi
		rm -rf "$class" "$class.out"
	done < <(grep -v '^#' reference/verdicts.tsv)
done
[ "$strict" -eq 1 ] && [ "$bad" -ne 0 ] && exit 1
exit 0
