#!/bin/bash
# key_clash.sh - in fallback mode IPC keys are the host's: a program whose
# key an object of the host already holds would be graded on what the host
# has (here: its shmget(IPC_CREAT|IPC_EXCL) fails with EEXIST and it exits
# 1, a silent wrong verdict). check says it cannot grade it there (exit 2,
# with the key), and leaves the host's object alone.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d /var/tmp/key-clash.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
key=$(printf '0x5c%06x' $(( ($$ * 7) & 0xffffff )))
cp tests/progs/fb_hold.c "$tmp/hold.c"
{
	echo "id: hold"
	echo "title: creates a segment with its own key"
	echo "points: 2"
	echo "limits: {timeout: 5}"
	echo "runs:"
	echo "  - {id: r, args: [\"$key\"]}"
	echo "checks:"
	echo "  - {id: compiles, title: compiles, points: 1, rule: compiles}"
	echo "  - {id: exit_ok, title: exits 0, points: 1, rule: exit_status, with: {value: 0}}"
} >"$tmp/hold.yaml"
# The host's object with the program's key, made by a tiny program (ipcmk
# takes no key).
{
	echo '#include <stdio.h>'
	echo '#include <stdlib.h>'
	echo '#include <sys/shm.h>'
	echo 'int main(int c, char **v) { int id = c > 1 ? shmget((key_t)strtoul(v[1], 0, 0), 4096, IPC_CREAT | IPC_EXCL | 0600) : -1;'
	echo '	printf("%d\n", id); return id < 0; }'
} >"$tmp/mk.c"
cc -o "$tmp/mk" "$tmp/mk.c" || exit 1
ours=$("$tmp/mk" "$key") || { echo "key_clash: cannot make the host's segment $key"; exit 1; }
fail=0
out=$(SHMGRADE_FALLBACK=1 timeout 60 ./shmgrade check --lang en "$tmp/hold.yaml" "$tmp/hold.c" 2>&1)
rc=$?
[ "$rc" -eq 2 ] || { echo "FAIL: exit $rc, want 2 (not gradable here):"; echo "$out" | tail -n 8; fail=1; }
grep -q "used the key $key, which an IPC object of this host already had" <<<"$out" ||
	{ echo "FAIL: the report does not say why:"; echo "$out" | tail -n 8; fail=1; }
awk -v id="$ours" '$2 == id { f = 1 } END { exit !f }' /proc/sysvipc/shm ||
	{ echo "FAIL: the host's segment $ours was touched"; fail=1; }
ipcrm -m "$ours" # ours: made above
[ "$fail" -eq 0 ] && echo "ok: a key the host holds makes the run not gradable in fallback mode"
exit $fail
