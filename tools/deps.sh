#!/bin/sh
# deps.sh - install the Debian packages shmgrade needs, if any are missing.
# Usage: tools/deps.sh [build|check|bench|fuzz|lint|package|demo]   (default: build)
# As root it runs apt-get; otherwise sudo apt-get (it says so first).
# For check it also generates the es_ES.UTF-8 locale (package `locales`,
# then locale-gen): the suite proves that numbers in exercises and outputs do
# not depend on the locale by running under it, and a fresh Debian machine
# has only C and C.UTF-8.
set -eu

pkgs="gcc make pkg-config libc6-dev libyaml-dev libseccomp-dev libjansson-dev gettext"
# The tests feed every report format to a real consumer, lint the man page,
# and list the sources' statics (universal-ctags, tools/names.sh).
consumers="libxml2-utils python3-yaml perl groff-base mandoc zip unzip parallel universal-ctags"
# The HTML pages of `grade` are rendered and screenshot in a real browser
# (make demo, and make check-long's tests/cli/html_browser.sh); large, so
# not for make check, where that test skips without it.
browser="chromium"
locale_need=""
case "${1:-build}" in
	check) pkgs="$pkgs check libsubunit-dev $consumers locales"; locale_need="es_ES.UTF-8" ;;
	package) pkgs="$pkgs check libsubunit-dev $consumers $browser dpkg-dev debhelper fakeroot lintian" ;;
	demo) pkgs="$pkgs $browser" ;;
	bench) pkgs="$pkgs check libsubunit-dev strace" ;;
	fuzz) pkgs="$pkgs check libsubunit-dev clang libclang-rt-14-dev" ;;
	lint) pkgs="$pkgs cppcheck clang-tidy clang-format" ;;
esac

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
# `locale -a` spells es_ES.UTF-8 as es_ES.utf8.
locale_missing=""
if [ -n "$locale_need" ] && ! locale -a 2>/dev/null | grep -qix 'es_ES\.utf-\{0,1\}8'; then
	locale_missing="$locale_need"
fi
[ -z "$missing" ] && [ -z "$locale_missing" ] && exit 0

what="${missing:+Debian packages:$missing}${missing:+${locale_missing:+; }}${locale_missing:+the locale $locale_missing}"
echo "shmgrade: installing what is missing: $what" >&2
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
	echo "shmgrade: (through sudo; you may be asked for your password)" >&2
else
	echo "shmgrade: cannot install it: not root and no sudo. Ask an administrator for: $what" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
	$sudo apt-get update -qq >&2 || true
	# shellcheck disable=SC2086
	$sudo apt-get install -y -qq --no-install-recommends $missing >&2
fi
if [ -n "$locale_missing" ]; then
	# The Debian way, so that a later locale-gen keeps it: enable the line
	# in /etc/locale.gen (add it when absent), then regenerate.
	echo "shmgrade: generating the locale $locale_missing (/etc/locale.gen, locale-gen)" >&2
	if grep -q '^# *es_ES.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
		$sudo sed -i 's/^# *\(es_ES.UTF-8 UTF-8\)/\1/' /etc/locale.gen
	elif ! grep -q '^es_ES.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
		echo 'es_ES.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
	fi
	$sudo locale-gen >&2
fi
