#!/bin/bash
# integrity_fs.sh - a run sees only what it needs (issue 7, point 3): hostile
# submissions that #include a reference solution by absolute path, read the
# caller's home, /var/tmp, shmgrade's folder, or another submission graded
# at the same time. Namespace mode only (fallback mode sees the host).
set -u
cd "$(dirname "$0")/../.."
fail=0
unset TMPDIR
tmp=$(mktemp -d /tmp/shmgrade-cli-integfs.XXXXXX)
secret=$(mktemp -d /var/tmp/shmgrade-cli-secret.XXXXXX)
trap 'rm -rf "$tmp" "$secret"' EXIT
. tests/cli/lib.inc # expect()
sg=${SHMGRADE:-./shmgrade}
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES=
if ! $sg trace --json -- /bin/true 2>/dev/null | grep -q '"mode": "namespace"'; then
	echo "skip: no namespaces here (fallback mode sees the host's files)"
	exit 77 # skipped (tools/run-tests.sh)
fi
here=$(pwd -P)
echo "secret of the host" >"$secret/file"
chmod -R a+rX "$secret"

# 1. #include a reference solution by absolute path: shmgrade's checkout is
# not in the build's view
d="$tmp/include"; mkdir "$d"
printf '#include "%s/reference/shm-01-private/solution.c"\n' "$here" >"$d/prog.c"
expect 1 "solution.c: No such file or directory" -- $sg check exercises/shm-01-private.yaml "$d"
expect 1 "Score: 0/" -- $sg check exercises/shm-01-private.yaml "$d"

# ... even from a checkout inside a folder runs see (/usr/local/lib): its
# reference/ solutions are covered (root only: it writes there)
if [ "$(id -u)" -eq 0 ] && sys=$(mktemp -d /usr/local/lib/shmgrade-test.XXXXXX); then
	mkdir -p "$sys/reference/shm-01-private" "$sys/exercises"
	cp ./shmgrade "$sys/"
	cp reference/shm-01-private/solution.c "$sys/reference/shm-01-private/"
	cp exercises/shm-01-private.yaml "$sys/exercises/"
	chmod -R a+rX "$sys"
	printf '#include "%s/reference/shm-01-private/solution.c"\n' "$sys" >"$d/prog.c"
	expect 1 "solution.c: No such file or directory" -- "$sys/shmgrade" check "$sys/exercises/shm-01-private.yaml" "$d"
	rm -rf "$sys"
fi

# 2. a program that reads the caller's home, shmgrade's folder (the cwd),
# /var/tmp and the work folders of the other submissions
cat >"$tmp/spy.yaml" <<YAML
id: integ-spy
title: Sees nothing
points: 2
runs:
  - id: main
    programs: [{args: ["$HOME", "$here", "$here/reference", "$secret/file", "/var/tmp", "/home", "/root"]}]
checks:
  - {id: compiles, title: Compiles, points: 1, rule: compiles}
  - {id: blind, title: Sees nothing of the host, points: 1, rule: exit_status, with: {value: 3}}
YAML
mkdir "$tmp/spy"; cp tests/hostile/submissions/spy.c "$tmp/spy/"
expect 0 "Score: 2/2" -- $sg check "$tmp/spy.yaml" "$tmp/spy"
# the build too: a Makefile that copies what it can see into the program
printf 'prog: spy.c\n\tcat %s/file > spy.txt && cc -o prog spy.c\n' "$secret" >"$tmp/spy/Makefile"
expect 1 "No such file or directory" -- $sg check "$tmp/spy.yaml" "$tmp/spy"
rm "$tmp/spy/Makefile"

# 3. another submission graded at the same time
cat >"$tmp/victim.yaml" <<'YAML'
id: integ-victim
title: Waits
points: 1
runs:
  - id: main
    programs: [{args: []}]
checks:
  - {id: compiles, title: Compiles, points: 1, rule: compiles}
YAML
mkdir "$tmp/victim"; cp tests/hostile/submissions/victim.c "$tmp/victim/"
$sg check "$tmp/victim.yaml" "$tmp/victim" >"$tmp/victim.out" 2>&1 &
victim=$!
for _ in $(seq 50); do
	compgen -G "/var/tmp/shmgrade-*/build/victim.c" >/dev/null && break
	sleep 0.1
done
expect 0 "\"score\": 2," -- $sg check --format json "$tmp/spy.yaml" "$tmp/spy"
out=$($sg check --format json "$tmp/spy.yaml" "$tmp/spy" 2>&1)
if grep -q "SECRET-OF-THE-VICTIM\|LEAK" <<<"$out"; then
	echo "FAIL: the spy read another submission:"; grep -o 'LEAK[^"]*' <<<"$out" | head -5; fail=1
else
	echo "ok: no other submission seen"
fi
wait "$victim"

# 4. data: a read-only folder of the exercise's, at {data} and $SHMGRADE_DATA
# (a data folder must be readable by the sandbox's user: uid 65534 as root)
chmod 755 "$tmp"; mkdir "$tmp/exdata"; echo "forty-two" >"$tmp/exdata/input.txt"
cat >"$tmp/data.yaml" <<'YAML'
id: integ-data
title: Reads its data
points: 3
data: exdata
runs:
  - id: main
    programs: [{args: ["{data}/input.txt"]}]
checks:
  - {id: compiles, title: Compiles, points: 1, rule: compiles}
  - {id: read, title: Reads the data, points: 1, rule: output, with: {value: forty-two}}
  - {id: ro, title: Cannot change it, points: 1, rule: output, with: {value: WRITABLE, absent: true}}
YAML
mkdir "$tmp/data"; cat >"$tmp/data/prog.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
	char line[64], path[4096];
	FILE *f = argc > 1 ? fopen(argv[1], "r") : NULL;
	if (f && fgets(line, sizeof(line), f))
		fputs(line, stdout);
	snprintf(path, sizeof(path), "%s/new", getenv("SHMGRADE_DATA"));
	if (fopen(path, "w") || fopen(argv[1], "a"))
		puts("WRITABLE");
	return 0;
}
C
expect 0 "Score: 3/3" -- $sg check "$tmp/data.yaml" "$tmp/data"
if [ "$(id -u)" -eq 0 ]; then # a folder the programs' uid cannot enter: said, not ENOENT
	chmod 700 "$tmp"
	expect 2 "data folder '.*exdata' must be readable by everyone" -- $sg check "$tmp/data.yaml" "$tmp/data"
	chmod 755 "$tmp"
fi
sed 's/^data: exdata/data: nothere/' "$tmp/data.yaml" >"$tmp/nodata.yaml"
expect 2 "'data' must name a folder, not 'nothere'" -- $sg check "$tmp/nodata.yaml" "$tmp/data"
exit $fail
