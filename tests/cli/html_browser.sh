#!/bin/bash
# html_browser.sh - the pages of `shmgrade grade` (class.html, each
# student's report.html, in English and Spanish) in a real headless browser
# (Debian's chromium): they load with no console error, the DOM holds the
# charts (inline SVG) and no element a student's name could have injected,
# nothing is fetched from elsewhere (every src/href is a relative path, no
# script), and a screenshot is drawn. Without chromium it says "skip" and
# exits 77 (skipped), unless REQUIRE_BROWSER=1 (make check-long, which
# installs it): then it fails.
set -u
cd "$(dirname "$0")/../.."
. tests/cli/lib.inc
fail=0
sg=$PWD/shmgrade
if ! command -v chromium >/dev/null; then
	echo "skip: chromium is not installed (tools/deps.sh demo installs it)"
	[ "${REQUIRE_BROWSER:-0}" = 1 ] && exit 1
	exit 77 # skipped (tools/run-tests.sh)
fi
tmp=$(mktemp -d /tmp/shmgrade-cli-browser.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE=
ex=exercises/shm-05-parent-child.yaml
R=reference/shm-05-parent-child
c=$tmp/class
evil="<img src=x onerror=alert(1)><script>alert(2)<\\script> & <b>x<b>_9_assignsubmission_file_"
mkdir -p "$c/$evil" "$c/Ñu O'Hara"
cp $R/solution.c "$c/$evil/a.c"
cp $R/mutant-no-rmid.c "$c/Ñu O'Hara/a.c"
cp $R/mutant-child-no-shmdt.c "$c/\"onload=alert(1) x.c"

# browse PAGE PNG: load it; fail on a console message or a missing chart.
browse() {
	local page=$1 png=$2 log dom
	log=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
		--enable-logging=stderr --v=0 --window-size=1100,1400 --screenshot="$png" \
		"file://$page" 2>&1)
	dom=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
		--dump-dom "file://$page" 2>/dev/null)
	if grep -q "CONSOLE" <<<"$log"; then
		echo "FAIL: console messages on $page:"; grep CONSOLE <<<"$log" | head; fail=1
	elif ! grep -q "<svg" <<<"$dom" || grep -qiE "<script|<b>x|<img|onload=\"" <<<"$dom"; then
		echo "FAIL: the DOM of $page has no chart or an injected element"; fail=1
	elif [ "$(stat -c %s "$png" 2>/dev/null || echo 0)" -lt 20000 ]; then
		echo "FAIL: no screenshot (or a blank one) of $page"; fail=1
	else
		echo "ok: $page renders in chromium, no console message"
	fi
}

for lang in en es; do
	o=$tmp/out-$lang
	"$sg" grade $ex "$c" -o "$o" --lang $lang -q >/dev/null 2>&1 || { echo "FAIL: grade ($lang)"; fail=1; }
	for page in "$o/class.html" "$o"/students/*/report.html; do
		browse "$page" "$tmp/shot.png"
		# Self-contained: no script, every link and source relative.
		if grep -qi "<script" "$page" ||
			grep -oiE '(src|href)="[^"]*"' "$page" | grep -qiE '"(https?:|//|file:|data:)'; then
			echo "FAIL: $page is not self-contained"; fail=1
		fi
	done
done
grep -q 'lang="es"' "$tmp/out-es/class.html" && grep -q "Lo que hizo tu programa" "$tmp"/out-es/students/*/report.html &&
	echo "ok: Spanish pages" || { echo "FAIL: Spanish pages"; fail=1; }
exit $fail
