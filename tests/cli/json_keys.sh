#!/bin/bash
# json_keys.sh - every key shmgrade writes in JSON is documented in the man
# page (doc/shmgrade.1, section JSON OUTPUT), as isolate documents its meta
# file: the run record of `trace --json` and the results of
# `check --format json` (grade's result.json is the same writer).
#
# The documented keys are the terms of the section's items (.TP then
# .B PATH), PATH a key path: "events[].args.key" is the key "key" of the
# object "args" of each element of the array "events". In the results,
# runs[] holds run records, documented once under the run record.
#
# Two ways to find what is written:
#  1. run a varied set of programs (tests/progs, tests/blind, with --inject
#     and in fallback mode) through trace --json, and the reference catalogue
#     (each exercise's solution and mutants, a build failure) through
#     check --format json; every key path of every output (jq);
#  2. every key-like string literal ("[a-z][a-z0-9_]*") of the writers
#     (harness/record_json.c, graders/report/report_json.c) must be the
#     last part of a documented path: this finds keys no run here reaches.
# A key missing from the man page fails the test, naming the key, where it
# was seen, and the lines to add.
set -u
cd "$(dirname "$0")/../.."
fail=0
sg=$PWD/shmgrade
man=doc/shmgrade.1
tmp=$(mktemp -d /tmp/shmgrade-cli-keys.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# Written values that are not keys (the string literals of the writers
# that step 2 must not read as keys). A writer that adds a literal value
# adds it here.
not_keys="namespace fallback perturb full summary"

# ---- the documented paths: "record PATH" and "results PATH" lines
awk '
	/^\.SH / { in_json = ($0 ~ /JSON OUTPUT/); next }
	!in_json { next }
	/^\.SS / { part = ($0 ~ /[Rr]esults/) ? "results" : "record"; next }
	prev == ".TP" && /^\.B / { sub(/^\.B +/, ""); gsub(/\\/, ""); gsub(/"/, ""); print part, $0 }
	{ prev = $0 }
' "$man" | sort -u >"$tmp/documented"
if [ "$(wc -l <"$tmp/documented")" -lt 20 ]; then
	echo "FAIL: $man has no JSON OUTPUT section with .TP/.B PATH items (found $(wc -l <"$tmp/documented"))"
	exit 1
fi

# ---- 1. what the runs write
# paths FILE: every key path of the JSON in FILE, arrays as [].
paths() {
	jq -r 'paths | map(if type == "number" then "[]" else . end)
		| reduce .[] as $p (""; if $p == "[]" then . + "[]"
			elif . == "" then $p else . + "." + $p end)' "$1" | grep -v '\[\]$' | sort -u
}
# seen KIND WHAT FILE: note the paths of FILE (a record or results) as seen by WHAT.
seen() {
	if ! jq -e . "$3" >/dev/null 2>&1; then
		echo "FAIL: $2 wrote no JSON"; head -c 300 "$3"; fail=1; return
	fi
	paths "$3" | sed "s|^|$1 |; s|\$| $2|" >>"$tmp/seen"
}
: >"$tmp/seen"
inject=""
"$sg" trace --help 2>&1 | grep -q -- '--inject' && inject=1
n=0
for p in build/tests/progs/* build/tests/blind/*; do
	[ -x "$p" ] || continue
	name=${p#build/tests/}
	timeout 60 "$sg" trace -q --json --timeout 5 -- "$p" >"$tmp/out.json" 2>/dev/null
	seen record "trace --json $name" "$tmp/out.json"
	n=$((n + 1))
done
for p in g_sem g_msg hc_shm_leak; do
	timeout 60 "$sg" trace -q --json --fallback --timeout 5 -- build/tests/progs/$p >"$tmp/out.json" 2>/dev/null
	seen record "trace --json --fallback progs/$p" "$tmp/out.json"
	if [ -n "$inject" ]; then
		timeout 60 "$sg" trace -q --json --inject shmget:ENOMEM --inject semget:ENOSPC \
			--inject msgget:ENOSPC --timeout 5 -- build/tests/progs/$p >"$tmp/out.json" 2>/dev/null
		seen record "trace --json --inject ... progs/$p" "$tmp/out.json"
	fi
done
for ex in exercises/*.yaml; do
	id=$(basename "$ex" .yaml)
	[ -d "reference/$id" ] || continue
	k=0
	for s in "reference/$id"/solution* "reference/$id"/mutant-*; do
		[ -e "$s" ] || continue
		k=$((k + 1))
		[ "$k" -le 3 ] || break
		timeout 120 "$sg" check -q --format json "$ex" "$s" >"$tmp/out.json" 2>/dev/null
		seen results "check --format json $ex $s" "$tmp/out.json"
		n=$((n + 1))
	done
done
printf 'int main(void) { return oops; }\n' >"$tmp/broken.c"
timeout 120 "$sg" check -q --format json exercises/shm-01-private.yaml "$tmp/broken.c" >"$tmp/out.json" 2>/dev/null
seen results "check --format json of a program that does not compile" "$tmp/out.json"
echo "ok: $n runs written as JSON"

# A path seen is documented as it is, or, for runs[].X of the results, as
# the record's X (then reported as the record's). One line per missing
# path: KIND PATH HOW.
missing=$(awk 'NR == FNR { doc[$1 " " $2] = 1; next }
	{
		if ($1 == "results" && $2 ~ /^runs\[\]\./ && !(($1 " " $2) in doc)) {
			$1 = "record"; $2 = substr($2, 8) # a run record inside the results
		}
		key = $1 " " $2
		if (key in doc || done[key]++) next
		print
	}' "$tmp/documented" "$tmp/seen")
if [ -n "$missing" ]; then
	fail=1
	while read -r kind path how; do
		section="The run record (trace \\-\\-json)"
		[ "$kind" = results ] && section="The results (check \\-\\-format json)"
		echo "FAIL: $man does not document the key '$path' ($kind; written by: $how)."
		echo "      Add it under .SH \"JSON OUTPUT\", .SS \"$section\", as:"
		echo "      .TP"
		echo "      .B $path"
		echo "      what it holds, its type, when it is absent or null."
	done <<<"$missing"
else
	echo "ok: every key the runs wrote is documented ($(cut -d' ' -f1,2 "$tmp/seen" | sort -u | wc -l) key paths)"
fi

# ---- 2. every key-like literal of the writers
for w in harness/record_json.c graders/report/report_json.c; do
	# The code's literals, not its comments' (/* "shmat" | "fork" */).
	perl -0777 -pe 's{/\*.*?\*/}{}gs' "$w" | grep -oE '"[a-z][a-z0-9_]*"' | tr -d '"' | sort -u |
	while read -r k; do
		case " $not_keys " in *" $k "*) continue ;; esac
		if ! awk -v k="$k" '{ n = split($2, p, /[.]|\[\]/); for (i = n; i > 0; i--) if (p[i] != "") break;
			if (p[i] == k) found = 1 } END { exit !found }' "$tmp/documented"; then
			echo "FAIL: $w writes the key \"$k\", which $man does not document."
			echo "      Add its full path (e.g. events[].$k) as a .TP/.B item under .SH \"JSON OUTPUT\";"
			echo "      if \"$k\" is a value, not a key, add it to not_keys in $0."
			echo 1 >"$tmp/static-fail"
		fi
	done
done
[ -e "$tmp/static-fail" ] && fail=1 || echo "ok: every key literal of the writers is documented"
exit $fail
