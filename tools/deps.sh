#!/bin/sh
# deps.sh - install the Debian packages shmgrade needs, if any are missing.
# Usage: tools/deps.sh [build|check|bench|fuzz|package]   (default: build)
# As root it runs apt-get; otherwise sudo apt-get (it says so first).
set -eu

pkgs="gcc make pkg-config libc6-dev libyaml-dev libseccomp-dev libjansson-dev gettext"
# The tests feed every report format to a real consumer, and lint the man page.
consumers="libxml2-utils python3-yaml perl groff-base mandoc zip unzip"
case "${1:-build}" in
	check) pkgs="$pkgs check libsubunit-dev $consumers" ;;
	package) pkgs="$pkgs check libsubunit-dev $consumers dpkg-dev debhelper fakeroot lintian" ;;
	bench) pkgs="$pkgs check libsubunit-dev strace" ;;
	fuzz) pkgs="$pkgs check libsubunit-dev clang libclang-rt-14-dev" ;;
esac

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "shmgrade: installing missing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
	echo "shmgrade: (through sudo; you may be asked for your password)" >&2
else
	echo "shmgrade: cannot install them: not root and no sudo. Ask an administrator for:$missing" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2 || true
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >&2
