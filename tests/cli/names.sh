#!/bin/bash
# names.sh - names grep can tell apart (tools/names.sh, CONTRIBUTING.md
# "Names"): the tree has no static name defined in two files, every static
# of graders/, harness/ and util/ starts with its file's name, and no
# identifier there starts with check_ (libcheck's). The gate is also shown
# to fail on each kind of finding, in a small tree made for it.
set -u
cd "$(dirname "$0")/../.."
fail=0
if ! out=$(tools/names.sh 2>&1); then
	echo "FAIL: tools/names.sh finds names to fix in the tree:"
	printf '%s\n' "$out" | head -n 30
	fail=1
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/graders/rules" "$dir/harness" "$dir/tests"
printf 'static int rules_x_one(void)\n{\n\treturn 1;\n}\nint rules_x_use(void);\nint rules_x_use(void)\n{\n\treturn rules_x_one();\n}\n' >"$dir/graders/rules/rules_x.c"
if ! tools/names.sh "$dir" >/dev/null 2>&1; then
	echo "FAIL: names.sh finds something in a tree that has nothing to find:"
	tools/names.sh "$dir" 2>&1 | head -n 5
	fail=1
fi
# Each finding on its own: the gate exits 1 and names it.
expect() { # file text pattern
	local what=$1 file=$2 text=$3 pattern=$4 out
	printf '%b' "$text" >"$dir/$file"
	out=$(tools/names.sh "$dir" 2>&1)
	if [ $? -ne 1 ] || ! grep -q -- "$pattern" <<<"$out"; then
		echo "FAIL: names.sh does not catch $what (wanted '$pattern'):"
		printf '%s\n' "$out" | head -n 5
		fail=1
	fi
	rm -f "$dir/$file"
}
expect "a static without its file's prefix" harness/trace_y.c \
	'static int lc_helper(void)\n{\n\treturn 0;\n}\nint trace_y(void);\nint trace_y(void)\n{\n\treturn lc_helper();\n}\n' \
	'harness/trace_y.c: static lc_helper does not start with trace_y_'
expect "one static name in two files" tests/test_z.c \
	'static int rules_x_one(void)\n{\n\treturn 2;\n}\n' \
	'static rules_x_one is defined in graders/rules/rules_x.c tests/test_z.c'
expect "a check_ prefix" graders/rules/rules_x.h \
	'int check_submission(void);\n' \
	'check_ prefix (libcheck owns it): graders/rules/rules_x.h:1:'
exit $fail
