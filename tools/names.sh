#!/bin/sh
# names.sh - names that grep can tell apart (CONTRIBUTING.md, "Names").
# Prints every finding and exits 1 when there is one:
#   1. a static (function or variable) name defined in more than one file of
#      the shmgrade binary and its test runner (graders/, harness/, util/,
#      tests/*.c); the programs built one per file (reference/, tests/progs/,
#      tests/blind/, tests/hostile/, tests/sim/, bench/) are separate programs
#      and not looked at;
#   2. a static in graders/, harness/ or util/ whose name does not start with
#      its file's base name and "_" (rules_sem.c: rules_sem_...);
#   3. an identifier starting with check_ or CHECK_ in graders/, harness/ or
#      util/: libcheck owns that prefix.
# Needs universal-ctags (tools/deps.sh check installs it).
set -eu
cd "$(dirname "$0")/.."
command -v ctags >/dev/null 2>&1 || {
	echo "names.sh: ctags (universal-ctags) is missing: tools/deps.sh check" >&2
	exit 2
}
src=$(git ls-files 'graders/*.c' 'harness/*.c' 'util/*.c' 'tests/*.c' |
	grep -Ev '^tests/(progs|blind|hostile|sim|fuzz|consumers)/' || true)
[ -n "$src" ] || src=$(find graders harness util tests -maxdepth 2 -name '*.c' 2>/dev/null |
	grep -Ev '^tests/(progs|blind|hostile|sim|fuzz|consumers)/')
# name<TAB>file for every file-scoped function and variable.
statics=$(ctags --kinds-C=fv --fields=+{file} -f - $src | awk -F'\t' '
	{ for (i = 4; i <= NF; i++) if ($i == "file:") { print $1 "\t" $2; break } }' | sort -u)
bad=0
dups=$(printf '%s\n' "$statics" | cut -f1 | sort | uniq -d)
for n in $dups; do
	printf 'names: static %s is defined in %s\n' "$n" \
		"$(printf '%s\n' "$statics" | awk -F'\t' -v n="$n" '$1 == n { printf "%s ", $2 }')"
	bad=1
done
unprefixed=$(printf '%s\n' "$statics" | awk -F'\t' '
	$2 ~ /^(graders|harness|util)\// {
		b = $2; sub(/.*\//, "", b); sub(/\.c$/, "", b)
		if (index($1, b "_") != 1) print $2 ": static " $1 " does not start with " b "_"
	}')
if [ -n "$unprefixed" ]; then
	printf 'names: %s\n' "$unprefixed" | sed '2,$s/^/names: /'
	bad=1
fi
chk=$(git grep -nE '\b(check|CHECK)_[A-Za-z0-9_]+' -- 'graders/*.[ch]' 'harness/*.[ch]' 'util/*.[ch]' || true)
if [ -n "$chk" ]; then
	printf '%s\n' "$chk" | sed 's/^/names: check_ prefix (libcheck owns it): /'
	bad=1
fi
exit $bad
