#!/bin/bash
# gradescope.sh - `shmgrade gradescope-package` makes a complete autograder,
# and its run_autograder, run against a fake /autograder tree (the layout
# Gradescope documents), finds the submission wherever the upload put it
# and writes a results.json of Gradescope's documented shape. The scripts
# in the zip are the ones doc/ci.md shows. Where the Docker simulation of
# tests/sim exists and we are root, run_autograder runs inside it, as root
# with Docker's capabilities, as on Gradescope.
set -u
cd "$(dirname "$0")/../.."
. tests/cli/lib.inc
fail=0
top=$PWD
py=/usr/bin/python3
tmp=$(mktemp -d /tmp/shmgrade-cli-gs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE=

ex=exercises/shm-05-parent-child.yaml
expect 0 'gradescope-package EXERCISE.yaml' -- ./shmgrade gradescope-package --help
expect 2 'bad.yaml' -- ./shmgrade gradescope-package "$tmp/bad.yaml" -o "$tmp/x.zip"
[ -e "$tmp/x.zip" ] && { echo "FAIL: a zip for a missing exercise"; fail=1; }
expect 2 'wants es or en' -- ./shmgrade gradescope-package $ex --lang fr -o "$tmp/x.zip"
expect 0 'wrote .*/ag.zip' -- ./shmgrade gradescope-package $ex --lang es -o "$tmp/ag.zip"
(cd "$tmp" && "$top/shmgrade" gradescope-package "$top/$ex" 2>/dev/null)
[ -f "$tmp/shm-05-parent-child-gradescope.zip" ] || { echo "FAIL: no default zip name"; fail=1; }
# An exercise that cannot be graded in Docker (a run needs a fresh IPC
# namespace) is packed, with a warning that says so.
expect 0 "run 'normal' needs a fresh IPC namespace" -- \
	./shmgrade gradescope-package exercises/shm-01-private.yaml -o "$tmp/fresh.zip"
printf 'not a deb' >"$tmp/shmgrade_9.9_amd64.deb"
expect 0 'wrote' -- ./shmgrade gradescope-package $ex --deb "$tmp/shmgrade_9.9_amd64.deb" -o "$tmp/deb.zip"

# The zip: a real zip (unzip and Python agree), executable scripts.
expect 0 'No errors' -- unzip -t "$tmp/ag.zip"
expect 0 'zip ok' -- $py - "$tmp/ag.zip" "$tmp/deb.zip" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
names = set(z.namelist())
for n in ("setup.sh", "run_autograder", "exercise.yaml", "shmgrade-options",
          "shmgrade-src/Makefile", "shmgrade-src/graders/cli/main.c", "shmgrade-src/po/es.po"):
    assert n in names, n
assert not any(n.startswith("shmgrade-src/build/") or "/.git/" in n for n in names)
for n in ("setup.sh", "run_autograder"):
    assert z.getinfo(n).external_attr >> 16 & 0o111, n
assert z.read("shmgrade-options") == b"--lang es\n"
d = zipfile.ZipFile(sys.argv[2])
assert "shmgrade_9.9_amd64.deb" in d.namelist() and d.read("shmgrade_9.9_amd64.deb") == b"not a deb"
assert not any(n.startswith("shmgrade-src/") for n in d.namelist())
print("zip ok")
PY
mkdir -p "$tmp/ag"
unzip -q "$tmp/ag.zip" -d "$tmp/ag"
for f in setup.sh run_autograder; do
	bash -n "$tmp/ag/$f" || { echo "FAIL: $f: syntax"; fail=1; }
	# doc/ci.md shows the very script (the block after the line naming it).
	awk -v f="$f" '$0 ~ "^<!-- " f " -->$" {grab=1; next} grab && /^```/ {if (in_) exit; in_=1; next}
		grab && in_ {print}' doc/ci.md >"$tmp/doc-$f"
	if cmp -s "$tmp/doc-$f" "$tmp/ag/$f"; then echo "ok: doc/ci.md shows $f as packed"; else
		echo "FAIL: doc/ci.md's $f differs from the packed one"; diff "$tmp/doc-$f" "$tmp/ag/$f" | head; fail=1; fi
done

# A fake /autograder: the source from the zip, an upload that nests the
# sources in folders, macOS debris beside them.
fake() { # fake NAME: $tmp/NAME with source/ and an empty submission/
	rm -rf "${tmp:?}/$1"
	mkdir -p "$tmp/$1/submission"
	cp -a "$tmp/ag" "$tmp/$1/source"
}
docker=()
if [ "$(id -u)" = 0 ] && [ -x build/tests/sim/sim_deny ] && command -v setpriv >/dev/null; then
	caps=-all,+chown,+dac_override,+fsetid,+fowner,+mknod,+net_raw,+setgid,+setuid,+setfcap
	caps=$caps,+setpcap,+net_bind_service,+sys_chroot,+kill,+audit_write
	docker=(build/tests/sim/sim_deny docker -- setpriv --bounding-set "$caps" --inh-caps=-all --)
	echo "ok: run_autograder runs in the Docker simulation"
fi
autograde() { # autograde NAME: run_autograder on $tmp/NAME; its exit code
	AUTOGRADER_ROOT=$tmp/$1 SHMGRADE=$top/shmgrade timeout 300 "${docker[@]}" \
		bash "$tmp/$1/source/run_autograder" >"$tmp/$1.log" 2>&1
}

fake good
mkdir -p "$tmp/good/submission/Entrega Ana/practica" "$tmp/good/submission/__MACOSX/Entrega Ana"
cp reference/shm-05-parent-child/solution.c "$tmp/good/submission/Entrega Ana/practica/mi_practica.c"
printf 'garbage' >"$tmp/good/submission/__MACOSX/Entrega Ana/._mi_practica.c"
autograde good; rc=$?
[ $rc = 0 ] || { echo "FAIL: run_autograder exit $rc"; tail -n 20 "$tmp/good.log"; fail=1; }
expect 0 'gradescope results ok' -- $py tests/consumers/gradescope_results.py "$tmp/good/results/results.json" 11
grep -q '"Compila"' "$tmp/good/results/results.json" || { echo "FAIL: --lang es not used"; fail=1; }

fake mutant
cp reference/shm-05-parent-child/mutant-no-rmid.c "$tmp/mutant/submission/p.c"
autograde mutant; rc=$?
[ $rc = 0 ] || { echo "FAIL: run_autograder exit $rc on a mutant"; tail -n 20 "$tmp/mutant.log"; fail=1; }
expect 0 'gradescope results ok' -- $py tests/consumers/gradescope_results.py "$tmp/mutant/results/results.json"
expect 0 'true' -- jq -e '.score < 11 and ([.tests[] | select(.status == "failed")] | length) > 0' \
	"$tmp/mutant/results/results.json"

fake empty
printf 'no code here\n' >"$tmp/empty/submission/README.txt"
autograde empty; rc=$?
[ $rc = 0 ] || { echo "FAIL: run_autograder exit $rc on an upload without code"; fail=1; }
expect 0 'gradescope results ok' -- $py tests/consumers/gradescope_results.py "$tmp/empty/results/results.json" 0

# shmgrade cannot grade (a broken exercise): no results.json, a non-zero
# exit, so Gradescope reports an autograder failure instead of a 0.
fake broke
printf 'id: [\n' >"$tmp/broke/source/exercise.yaml"
cp reference/shm-05-parent-child/solution.c "$tmp/broke/submission/p.c"
autograde broke; rc=$?
[ $rc != 0 ] && [ ! -e "$tmp/broke/results/results.json" ] ||
	{ echo "FAIL: a grader failure gave exit $rc and/or a results.json"; fail=1; }

# The GitHub Actions and GitLab recipes of doc/ci.md are valid YAML, and the
# workflow has what the text promises (the AppArmor step, the github format).
expect 0 'recipes ok' -- $py - doc/ci.md <<'PY'
import sys, re, yaml
text = open(sys.argv[1], encoding="utf-8").read()
blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.S)]
assert len(blocks) >= 3, len(blocks)
wf = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
steps = wf["jobs"]["grade"]["steps"]
runs = " ".join(s.get("run", "") for s in steps)
assert "apparmor_restrict_unprivileged_userns=0" in runs and "--format github" in runs
assert wf["jobs"]["grade"]["runs-on"] == "ubuntu-latest"
gl = next(b for b in blocks if isinstance(b, dict) and "grade" in b and "script" in b["grade"])
assert gl["grade"]["artifacts"]["reports"]["junit"] == "report/junit.xml"
assert any("--format junit" in c for c in gl["grade"]["script"])
print("recipes ok")
PY
[ $fail = 0 ] && echo "ok: run_autograder on a fake /autograder"
exit $fail
