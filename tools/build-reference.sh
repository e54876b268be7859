#!/bin/sh
# build-reference.sh - compile every reference solution and mutant.
#
# Usage: tools/build-reference.sh [EXERCISE-ID...]   (default: all of reference/)
#
#   reference/<ex>/<name>.c        -> build/reference/<ex>/<name>
#   reference/<ex>/<sub>/<name>.c  -> build/reference/<ex>/<sub>/<name>
#                                     (multi-program submissions, e.g. writer + reader)
#
# Every file is built with the flags a student's program gets:
#   gcc -std=c11 -Wall -O1 -o OUT FILE.c -lpthread
# Mutants may warn. Solutions (solution*.c and everything under solution*/)
# must also compile warning-free with -Wall -Wextra: they are rebuilt with
# -Wextra -Werror and the script fails if they do not.
# Exit status: 0 all built, 1 some file failed.
set -u

cd "$(dirname "$0")/.." || exit 2
CC=${CC:-gcc}
out=build/reference
status=0

build_one() {	# build_one SRC OUT IS_SOLUTION
	mkdir -p "$(dirname "$2")"
	if ! $CC -std=c11 -Wall -O1 -o "$2" "$1" -lpthread; then
		echo "build-reference: cannot compile '$1'" >&2
		status=1
		return
	fi
	if [ "$3" = yes ] &&
	    ! $CC -std=c11 -Wall -Wextra -Werror -O1 -o /dev/null "$1" -lpthread; then
		echo "build-reference: solution '$1' is not warning-free" >&2
		status=1
	fi
}

if [ $# -eq 0 ]; then
	set -- $(cd reference && for d in */; do echo "${d%/}"; done)
fi

n=0
for ex in "$@"; do
	dir=reference/$ex
	if [ ! -d "$dir" ]; then
		echo "build-reference: no such exercise '$ex'" >&2
		status=1
		continue
	fi
	for src in "$dir"/*.c "$dir"/*/*.c; do
		[ -f "$src" ] || continue
		rel=${src#reference/}
		case $rel in
		*/solution*) sol=yes ;;
		*) sol=no ;;
		esac
		build_one "$src" "$out/${rel%.c}" "$sol"
		n=$((n + 1))
	done
done
echo "build-reference: $n programs in $out/"
exit $status
