#!/bin/bash
# integrity_build.sh - what was built is what is graded (issue 7, point 2):
# hostile submissions that hand in a ready program, hide one, drop the
# exercise's flags in a Makefile, or name a source like an option.
set -u
cd "$(dirname "$0")/../.."
fail=0
tmp=$(mktemp -d /tmp/shmgrade-cli-integ.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/cli/lib.inc # expect()
sg=${SHMGRADE:-./shmgrade}
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES=

# A tiny exercise: the program must print "hola" and exit 0.
cat >"$tmp/ex.yaml" <<'YAML'
id: integ-build
title: Prints hola
points: 3
submission: {flags: [-std=c11, -Wall, -Werror]}
runs:
  - id: main
    programs: [{args: []}]
checks:
  - {id: compiles, title: Compiles, points: 1, rule: compiles}
  - {id: exit_ok, title: Exits with 0, points: 1, rule: exit_status, requires: [compiles]}
  - {id: hola, title: Says hola, points: 1, rule: output, with: {value: hola}, requires: [compiles]}
YAML
sed 's/^submission: .*/submission: {binaries: allow}/' "$tmp/ex.yaml" >"$tmp/bin-ok.yaml"
sed 's/^submission: .*/submission: {makefile: forbid}/' "$tmp/ex.yaml" >"$tmp/nomake.yaml"

good='#include <stdio.h>
int main(void) { puts("hola"); return 0; }'
# Warns under -Wall (unused variable): -Werror makes it fail to build.
warns='#include <stdio.h>
int main(void) { int unused; puts("hola"); return 0; }'
printf '%s\n' "$good" >"$tmp/good.c"
gcc -o "$tmp/hola.bin" "$tmp/good.c" || exit 1
gcc -c -o "$tmp/good.o" "$tmp/good.c" || exit 1
nothing=$'all:\n\t@true\n'

sub() { # sub NAME: a fresh submission folder
	rm -rf "$tmp/$1"; mkdir "$tmp/$1"; echo "$tmp/$1"
}

# the control: a real build with a Makefile passes
d=$(sub make-ok); printf '%s\n' "$good" >"$d/prog.c"
printf 'prog: prog.c\n\t$(CC) $(CFLAGS) -o prog prog.c\n' >"$d/Makefile"
expect 0 "Score: 3/3" -- $sg check "$tmp/ex.yaml" "$d"

# 1. a ready executable and a do-nothing Makefile, no source at all
d=$(sub prebuilt); cp "$tmp/hola.bin" "$d/prog"; printf '%s' "$nothing" >"$d/Makefile"
expect 1 "'prog' is an ELF file" -- $sg check "$tmp/ex.yaml" "$d"
expect 1 "Score: 0/3" -- $sg check "$tmp/ex.yaml" "$d"
# ... with a source beside it, so that the folder looks honest
printf '%s\n' "$good" >"$d/prog.c"
expect 1 "Score: 0/3" -- $sg check "$tmp/ex.yaml" "$d"
# 2. hidden under a harmless name, copied by the Makefile
d=$(sub hidden); cp "$tmp/hola.bin" "$d/notes.txt"; printf '%s\n' "$good" >"$d/prog.c"
printf 'prog:\n\tcp notes.txt prog\n' >"$d/Makefile"
expect 1 "'notes.txt' is an ELF file" -- $sg check "$tmp/ex.yaml" "$d"
# ... in a subfolder, as an object or as a static library
d=$(sub object); mkdir "$d/lib"; cp "$tmp/good.o" "$d/lib/x.o"; printf '%s\n' "$good" >"$d/prog.c"
printf 'prog:\n\tgcc -o prog lib/x.o\n' >"$d/Makefile"
expect 1 "'lib/x.o' is an ELF file" -- $sg check "$tmp/ex.yaml" "$d"
d=$(sub archive); ar rc "$d/libgood.a" "$tmp/good.o"; printf '%s\n' "$good" >"$d/prog.c"
printf 'prog:\n\tgcc -o prog -L. -lgood\n' >"$d/Makefile"
expect 1 "'libgood.a' is a static library" -- $sg check "$tmp/ex.yaml" "$d"
# ... or after a line of text, for the Makefile to cut out
d=$(sub cut); { echo "just a picture"; cat "$tmp/hola.bin"; } >"$d/pic.png"; printf '%s\n' "$good" >"$d/prog.c"
printf 'prog:\n\ttail -c +16 pic.png >prog; chmod +x prog\n' >"$d/Makefile"
expect 1 "'pic.png' is a file with a compiled program \\(ELF\\) inside" -- $sg check "$tmp/ex.yaml" "$d"
# 3. packed in a compressed archive that the Makefile unpacks
d=$(sub tarball); (cd "$tmp" && cp hola.bin prog && tar czf "$d/data.tgz" prog && rm prog)
printf '%s\n' "$good" >"$d/prog.c"; printf 'prog:\n\ttar xzf data.tgz\n' >"$d/Makefile"
expect 1 "'data.tgz' is a compressed file" -- $sg check "$tmp/ex.yaml" "$d"
# 4. a "program" that is a script the Makefile writes
d=$(sub script); printf '%s\n' "$good" >"$d/prog.c"
printf 'prog:\n\tprintf "#!/bin/sh\\necho hola\\n" >prog; chmod +x prog\n' >"$d/Makefile"
expect 1 "'prog' is not a compiled program" -- $sg check "$tmp/ex.yaml" "$d"
# 5. a ready executable as the SUBMISSION itself: only when the exercise
# takes binaries
expect 1 "'hola.bin' is an ELF file" -- $sg check "$tmp/ex.yaml" "$tmp/hola.bin"
expect 0 "Score: 3/3" -- $sg check "$tmp/bin-ok.yaml" "$tmp/hola.bin"
d=$(sub prebuilt-ok); cp "$tmp/hola.bin" "$d/prog"
expect 0 "Score: 3/3" -- $sg check "$tmp/bin-ok.yaml" "$d"

# 6. a Makefile that drops the exercise's -Wall -Werror: the compiler it
# reaches adds them back, so the warning still fails the build
d=$(sub drops-flags); printf '%s\n' "$warns" >"$d/prog.c"
printf 'prog: prog.c\n\tgcc -w -o prog prog.c\n' >"$d/Makefile"
expect 1 "unused variable" -- $sg check "$tmp/ex.yaml" "$d"
expect 1 "Score: 0/3" -- $sg check "$tmp/ex.yaml" "$d"
printf 'CFLAGS =\nprog: prog.c\n\t$(CC) -Wno-all -Wno-error -o prog prog.c\n' >"$d/Makefile"
expect 1 "Score: 0/3" -- $sg check "$tmp/ex.yaml" "$d"
printf 'prog: prog.c\n\tcc -Wp,-w -o prog prog.c\n' >"$d/Makefile"
expect 1 "option '-Wp,-w' is not allowed" -- $sg check "$tmp/ex.yaml" "$d"
printf -- '-w\n' >"$d/opts"; printf 'prog: prog.c\n\tgcc @opts -o prog prog.c\n' >"$d/Makefile"
expect 1 "option '@opts' is not allowed" -- $sg check "$tmp/ex.yaml" "$d"
# ... by absolute path too (namespace mode: the real compilers are covered)
if $sg trace --json -- /bin/true 2>/dev/null | grep -q '"mode": "namespace"'; then
	for cc in /usr/bin/gcc /usr/bin/cc "$(readlink -f /usr/bin/gcc)"; do
		printf 'prog: prog.c\n\t%s -w -o prog prog.c\n' "$cc" >"$d/Makefile"
		expect 1 "Score: 0/3" -- $sg check "$tmp/ex.yaml" "$d"
	done
	d2=$(sub abs-ok); printf '%s\n' "$good" >"$d2/prog.c"
	printf 'prog: prog.c\n\t/usr/bin/gcc -o prog prog.c\n' >"$d2/Makefile"
	expect 0 "Score: 3/3" -- $sg check "$tmp/ex.yaml" "$d2"
fi
# ... going around the wrappers on purpose (the real driver where they
# call it): the program is not one shmgrade can rebuild, so it is not graded
real=$(readlink -f /usr/bin/gcc)
printf 'prog: prog.c\n\t/.shmgrade%s -w -o prog prog.c 2>/dev/null || %s -w -o prog prog.c\n' "$real" "$real" >"$d/Makefile"
expect 1 "'prog' was not linked by a compiler command of your build" -- $sg check "$tmp/ex.yaml" "$d"
expect 1 "Score: 0/3" -- $sg check "$tmp/ex.yaml" "$d"
# ... hiding the warnings: they still count for no_warnings
sed 's/^submission: .*/submission: {flags: [-std=c11, -Wall]}/; s/rule: compiles}/rule: compiles, with: {no_warnings: true}}/' "$tmp/ex.yaml" >"$tmp/nowarn.yaml"
printf 'prog: prog.c\n\t$(CC) -o prog prog.c 2>/dev/null\n' >"$d/Makefile"
expect 1 "compiles with 1 warning:" -- $sg check "$tmp/nowarn.yaml" "$d"
# ... the same source without the Makefile fails too (the control)
rm "$d/Makefile" "$d/opts"
expect 1 "Score: 0/3" -- $sg check "$tmp/ex.yaml" "$d"

# 7. makefile: forbid
d=$(sub nomake); printf '%s\n' "$good" >"$d/prog.c"; printf 'prog: prog.c\n\tgcc -o prog prog.c\n' >"$d/Makefile"
expect 1 "without a Makefile" -- $sg check "$tmp/nomake.yaml" "$d"
rm "$d/Makefile"
expect 0 "Score: 3/3" -- $sg check "$tmp/nomake.yaml" "$d"

# 8. source names that look like options or response files reach gcc as
# files: "@main.c" must not make gcc read its options from "main.c"
sed 's/^submission: .*/submission: {sources: ["@main.c"]}/' "$tmp/ex.yaml" >"$tmp/at.yaml"
d=$(sub names); printf '%s\n' "$good" >"$d/@main.c"; printf -- '--version\n' >"$d/main.c"
expect 0 "Score: 3/3" -- $sg check "$tmp/at.yaml" "$d"
rm "$d/@main.c" "$d/main.c"; printf '%s\n' "$good" >"$d/-v.c"
expect 0 "Score: 3/3" -- $sg check "$tmp/ex.yaml" "$d"
exit $fail
