#!/bin/bash
# trace_lang.sh - shmgrade trace speaks the user's language (LANG, LC_ALL):
# its messages, the lifecycle lines and the verdict.
set -u
cd "$(dirname "$0")/../.."
fail=0
prog=build/tests/progs/g_grandchild_leaks
es=$(LC_ALL= LANG=es_ES.UTF-8 ./shmgrade trace --no-color -- "$prog" 2>&1)
en=$(LC_ALL= LANG=C ./shmgrade trace --no-color -- "$prog" 2>&1)
grep -q '^segmento 0 clave IPC_PRIVATE 2048 B 0600: creado por 4, .*SIN ELIMINAR$' <<<"$es" ||
	{ echo "FAIL: Spanish lifecycle line:"; echo "$es" | tail -3; fail=1; }
grep -q '^ok: código de salida 0, 1 segmento sin eliminar' <<<"$es" ||
	{ echo "FAIL: Spanish verdict"; fail=1; }
grep -q '^segment 0 key IPC_PRIVATE 2048 B 0600: created by 4, .*LEAKED$' <<<"$en" ||
	{ echo "FAIL: English lifecycle line:"; echo "$en" | tail -3; fail=1; }
out=$(LC_ALL=es_ES.UTF-8 ./shmgrade trace -- /nonexistent 2>&1)
grep -q 'no existe ese ejecutable' <<<"$out" || { echo "FAIL: Spanish error: $out"; fail=1; }
out=$(LC_ALL= LANG=es_ES.UTF-8 ./shmgrade trace --timeout 0.3 -- /bin/sleep 5 2>&1)
grep -q '^tiempo agotado tras 0.3 s$' <<<"$out" || { echo "FAIL: Spanish limit message: $out"; fail=1; }
[ "$fail" -eq 0 ] && echo "ok: trace in Spanish and English"
exit $fail
