#!/bin/sh
# names.sh [DIR] - names that grep can tell apart (CONTRIBUTING.md, "Names"),
# in the tree at DIR (default: this one). Prints every finding and exits 1
# when there is one:
#   1. a static (function or variable) name defined in more than one file of
#      the shmgrade binary and its test runner (graders/, harness/, util/,
#      tests/*.c). The programs built one per file (reference/, tests/progs/,
#      tests/blind/, tests/hostile/, tests/sim/, bench/) are separate
#      programs, like a student's, and are not looked at;
#   2. a static in graders/, harness/ or util/ whose name does not start with
#      its file's base name and "_" (rules_sem.c: rules_sem_...);
#   3. an identifier starting with check_ or CHECK_ in graders/, harness/ or
#      util/: libcheck owns that prefix.
# Needs universal-ctags (tools/deps.sh check installs it).
set -eu
cd "${1:-$(dirname "$0")/..}"
command -v ctags >/dev/null 2>&1 || {
	echo "names.sh: ctags (universal-ctags) is missing: tools/deps.sh check" >&2
	exit 2
}
src=$(find graders harness util tests -name '*.c' 2>/dev/null |
	grep -Ev '^tests/(progs|blind|hostile|sim|fuzz|consumers)/' | sort || true)
[ -n "$src" ] || exit 0
# name<TAB>file for every file-scoped function and variable.
# shellcheck disable=SC2086
statics=$(ctags --kinds-C=fv --fields=+{file} -f - $src | awk -F'\t' '
	{ for (i = 4; i <= NF; i++) if ($i == "file:") { print $1 "\t" $2; break } }' | sort -u)
bad=0
for n in $(printf '%s\n' "$statics" | cut -f1 | sort | uniq -d); do
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
	printf '%s\n' "$unprefixed" | sed 's/^/names: /'
	bad=1
fi
chk=$(find graders harness util -name '*.[ch]' 2>/dev/null | sort |
	xargs -r grep -nE '\b(check|CHECK)_[A-Za-z0-9_]+' || true)
if [ -n "$chk" ]; then
	printf '%s\n' "$chk" | sed 's/^/names: check_ prefix (libcheck owns it): /'
	bad=1
fi
exit $bad
