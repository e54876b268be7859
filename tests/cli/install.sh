#!/bin/bash
# install.sh - `make install` / `make uninstall` under DESTDIR, the installed
# binary's translations, --version, the man page's lint, bash completion.
set -u
cd "$(dirname "$0")/../.."
. tests/cli/lib.inc
fail=0
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT

# The build-tree binary finds build/locale beside it (LOCALEDIR is the
# install path, which does not exist here).
expect 0 '^uso: shmgrade' -- env -u SHMGRADE_LOCALEDIR LANG=es_ES.UTF-8 LC_ALL= ./shmgrade --help

# Installed under a prefix, staged in DESTDIR: every file where it belongs.
make -s --no-print-directory install DESTDIR="$d/stage" PREFIX=/usr/local >"$d/log" 2>&1 ||
	{ echo "FAIL: make install"; cat "$d/log"; fail=1; }
p=$d/stage/usr/local
for f in bin/shmgrade share/man/man1/shmgrade.1 share/locale/es/LC_MESSAGES/shmgrade.mo \
	share/bash-completion/completions/shmgrade share/doc/shmgrade/examples/exercises/shm-01-private.yaml; do
	if [ -f "$p/$f" ]; then echo "ok: installed $f"; else echo "FAIL: $f not installed"; fail=1; fi
done
[ -x "$p/bin/shmgrade" ] || { echo "FAIL: binary not executable"; fail=1; }

# The installed copy speaks Spanish from its own share/locale, wholly: the
# help and an exercise's report, with the build tree's catalogue out of reach.
cp -a "$p" "$d/moved"
expect 0 '^uso: shmgrade' -- env -u SHMGRADE_LOCALEDIR LANG=es_ES.UTF-8 LC_ALL= "$d/moved/bin/shmgrade" --help
expect 2 'no es una orden' -- env -u SHMGRADE_LOCALEDIR LANG=es_ES.UTF-8 LC_ALL= "$d/moved/bin/shmgrade" nonesuch
expect 0 '^usage: shmgrade' -- env -u SHMGRADE_LOCALEDIR LANG=C LC_ALL= "$d/moved/bin/shmgrade" --help

# --version, in --help and in the man page.
expect 0 '^shmgrade [0-9]+\.[0-9]+' -- "$p/bin/shmgrade" --version
expect 0 '--version' -- ./shmgrade --help
if grep -q 'B \\-\\-version' doc/shmgrade.1; then echo "ok: man page has --version"; else
	echo "FAIL: --version missing from the man page"; fail=1; fi

# The man page renders without warnings, in the C locale too.
for loc in C C.UTF-8; do
	out=$(LC_ALL=$loc groff -man -ww -z doc/shmgrade.1 2>&1)
	if command -v mandoc >/dev/null; then out+=$(LC_ALL=$loc mandoc -Tlint doc/shmgrade.1 2>&1); fi
	if [ -n "$out" ]; then echo "FAIL: man page lint ($loc):"; echo "$out"; fail=1; else
		echo "ok: man page lint ($loc)"; fi
done

# The man page documents every command, every option of each command's
# --help, every environment variable the code reads, exit status and files.
man=$(sed 's/\\-/-/g' doc/shmgrade.1)
for c in $(LC_ALL=C ./shmgrade --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'); do
	grep -qx "\.SS $c" <<<"$man" || { echo "FAIL: man page: no section for command $c"; fail=1; }
	for o in $(LC_ALL=C ./shmgrade "$c" --help | grep -oE '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' |
		sed 's/^[ ,]*//' | sort -u); do
		grep -qF -- "$o" <<<"$man" || { echo "FAIL: man page: $c $o is not documented"; fail=1; }
	done
done
for v in $(grep -rhoE 'getenv\("[A-Z_]+"\)' graders harness | sed 's/getenv("\(.*\)")/\1/' | sort -u); do
	grep -qE "^\.B[R]? (.*[ \"])?$v( |,|\"|$)" <<<"$man" ||
		{ echo "FAIL: man page: environment variable $v is not documented"; fail=1; }
done
for sec in 'EXIT STATUS' ENVIRONMENT FILES OPTIONS; do
	grep -qx "\.SH $sec" <<<"$man" || { echo "FAIL: man page: no $sec section"; fail=1; }
done

# Completion: commands, options of a command, format names, exercise files.
complete_words() { # complete_words WORD... : the completions of the last word
	bash -c '
		PATH='"$p"'/bin:$PATH
		. '"$p"'/share/bash-completion/completions/shmgrade
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_shmgrade; printf "%s\n" "${COMPREPLY[@]}"' _ "$@"
}
got=$(complete_words shmgrade '')
for w in trace check validate --version; do
	grep -qx -- "$w" <<<"$got" || { echo "FAIL: completion lacks command $w: $got"; fail=1; }
done
got=$(complete_words shmgrade check --f)
grep -qx -- --format <<<"$got" && grep -qx -- --fallback <<<"$got" ||
	{ echo "FAIL: completion of check --f: $got"; fail=1; }
got=$(complete_words shmgrade check x.yaml --format json,ju)
[ "$got" = "json,junit" ] || { echo "FAIL: completion of --format json,ju: $got"; fail=1; }
got=$(cd exercises && complete_words shmgrade check shm-01)
[ "$got" = "shm-01-private.yaml" ] || { echo "FAIL: completion of the exercise: $got"; fail=1; }
got=$(complete_words shmgrade check exercises/shm-01-private.yaml tests/cli/lib.i)
[ "$got" = "tests/cli/lib.inc" ] || { echo "FAIL: completion of the submission: $got"; fail=1; }
[ $fail -eq 0 ] && echo "ok: completion"

# Uninstall leaves no file behind.
make -s --no-print-directory uninstall DESTDIR="$d/stage" PREFIX=/usr/local >"$d/log" 2>&1 ||
	{ echo "FAIL: make uninstall"; cat "$d/log"; fail=1; }
left=$(find "$d/stage" -type f)
if [ -n "$left" ]; then echo "FAIL: left after uninstall: $left"; fail=1; else echo "ok: uninstall"; fi
exit $fail
