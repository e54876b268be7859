#!/bin/bash
# package.sh - build the Debian package from a clean copy of the tree, and
# check it (called by `make package` and `make check-long`).
#   tools/package.sh          build/package/shmgrade_VERSION_ARCH.deb, lintian
#   tools/package.sh --test   the same, then check what the package holds
#                             and run its binary from an unpacked copy
# lintian must report no errors (warnings are printed, not fatal).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$PWD/build/package
rm -rf "$out"
mkdir -p "$out/src"
version=$(dpkg-parsechangelog -S Version)
src=$out/src/shmgrade-$version
mkdir -p "$src"
# A clean copy: what the tree holds, without build products or git.
tar --exclude=./build --exclude=./.git --exclude=./shmgrade -cf - . | tar -xf - -C "$src"
(cd "$src" && dpkg-buildpackage -b -us -uc >"$out/build.log" 2>&1) || {
	echo "package: dpkg-buildpackage failed; the end of $out/build.log:"
	tail -n 40 "$out/build.log"
	exit 1
}
mv "$out"/src/*.deb "$out"/src/*.buildinfo "$out"/src/*.changes "$out"/
rm -rf "$out/src"
deb=$(ls "$out"/shmgrade_*.deb)
echo "package: built $deb"
lintian --fail-on error --tag-display-limit 0 "$deb" | tee "$out/lintian.log"
echo "package: lintian reports no errors"
[ "${1:-}" = --test ] || exit 0

fail=0
list=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/shmgrade ./usr/share/man/man1/shmgrade.1.gz \
	./usr/share/locale/es/LC_MESSAGES/shmgrade.mo \
	./usr/share/bash-completion/completions/shmgrade \
	./usr/share/doc/shmgrade/examples/exercises/shm-01-private.yaml \
	./usr/share/doc/shmgrade/copyright; do
	grep -qx -- "$f" <<<"$list" || { echo "package: FAIL: $f is not in the package"; fail=1; }
done
n=$(grep -c '^./usr/share/doc/shmgrade/examples/exercises/.*\.yaml$' <<<"$list")
[ "$n" -eq "$(ls exercises/*.yaml | wc -l)" ] ||
	{ echo "package: FAIL: $n exercises in the package"; fail=1; }
dpkg-deb -f "$deb" Depends | grep -q gcc || { echo "package: FAIL: no Depends on gcc"; fail=1; }
# Unpacked elsewhere, the binary finds its messages in its own share/locale.
x=$(mktemp -d)
dpkg-deb -x "$deb" "$x"
got=$(env -u SHMGRADE_LOCALEDIR LANG=es_ES.UTF-8 LC_ALL= "$x/usr/bin/shmgrade" --help | head -n 1)
case $got in uso:*) ;; *) echo "package: FAIL: the packaged binary said '$got'"; fail=1 ;; esac
"$x/usr/bin/shmgrade" --version | grep -qx "shmgrade ${version%%-*}" ||
	{ echo "package: FAIL: --version is not $version"; fail=1; }
zcat "$x/usr/share/man/man1/shmgrade.1.gz" | LC_ALL=C groff -man -ww -z 2>&1 | grep . &&
	{ echo "package: FAIL: the packaged man page has warnings"; fail=1; }
rm -rf "$x"
[ $fail -eq 0 ] && echo "package: contents OK"

# The Gradescope autograder's setup.sh, building from the source in its
# zip into a private prefix (the build packages are already here, so it
# does not call apt-get), then run_autograder with that build.
g=$(mktemp -d)
./shmgrade gradescope-package exercises/shm-01-private.yaml -o "$g/ag.zip" 2>/dev/null
mkdir -p "$g/autograder/source" "$g/autograder/submission/x"
(cd "$g/autograder/source" && unzip -q "$g/ag.zip")
if SHMGRADE_PREFIX=$g/prefix bash "$g/autograder/source/setup.sh" >"$g/setup.log" 2>&1 &&
	"$g/prefix/bin/shmgrade" --version >/dev/null; then
	echo "package: gradescope setup.sh built and installed shmgrade"
else
	echo "package: FAIL: gradescope setup.sh:"; tail -n 20 "$g/setup.log"; fail=1
fi
# The solution gets the exercise's points (its top-level points:).
cp reference/shm-01-private/solution.c "$g/autograder/submission/x/"
if AUTOGRADER_ROOT=$g/autograder SHMGRADE=$g/prefix/bin/shmgrade \
	bash "$g/autograder/source/run_autograder" >"$g/run.log" 2>&1 &&
	/usr/bin/python3 tests/consumers/gradescope_results.py "$g/autograder/results/results.json" \
		"$(awk '/^points:/ { print $2 }' exercises/shm-01-private.yaml)"; then
	echo "package: run_autograder graded with the shmgrade setup.sh built"
else
	echo "package: FAIL: run_autograder:"; tail -n 20 "$g/run.log"; fail=1
fi
rm -rf "$g"
exit $fail
