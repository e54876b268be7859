#!/bin/sh
# fuzz.sh - fuzz the exercise YAML loader with libFuzzer under ASan + UBSan.
#
# Usage: tools/fuzz.sh            (FUZZ_SECONDS=600 by default)
#        FUZZ_SECONDS=60 tools/fuzz.sh
#        tools/fuzz.sh build/fuzz/crash-...   (replay one input)
#
# Builds build/fuzz/fuzz_yaml with `make fuzz-build`: the Makefile's own
# library sources (LIB_SRC) compiled by clang with libFuzzer's
# instrumentation into build/fuzz/, linked with tests/fuzz/fuzz_yaml.c; so a
# file added to or moved in the tree is picked up without editing this
# script. Then it runs the target on a scratch copy of the seed corpus
# tests/fuzz/corpus (new inputs land in build/fuzz/work, so the committed
# corpus stays small). Crashes, leaks and timeouts are written to
# build/fuzz/ and make the script exit 1.
# Needs clang and libclang-rt-14-dev (tools/deps.sh fuzz).
set -eu
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-600}
CLANG=${CLANG:-}
if [ -z "$CLANG" ]; then
	CLANG=$(command -v clang-14 || command -v clang || true)
fi
if [ -z "$CLANG" ]; then
	echo "fuzz.sh: clang not found (tools/deps.sh fuzz installs it)" >&2
	exit 2
fi

out=build/fuzz
make --no-print-directory -j"${FUZZ_JOBS:-2}" FUZZ_CC="$CLANG" fuzz-build >&2
mkdir -p "$out/work"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"

if [ $# -gt 0 ]; then
	exec "$out/fuzz_yaml" "$@"
fi

echo "fuzz.sh: fuzzing the YAML loader for $FUZZ_SECONDS s (corpus: tests/fuzz/corpus)" >&2
set +e
"$out/fuzz_yaml" -max_total_time="$FUZZ_SECONDS" -max_len=16384 -timeout=10 \
	-rss_limit_mb=2048 -dict=tests/fuzz/yaml.dict -artifact_prefix="$out/" \
	-print_final_stats=1 "$out/work" tests/fuzz/corpus
rc=$?
set -e
if [ $rc -ne 0 ]; then
	echo "fuzz.sh: FAILED (exit $rc); the input is in $out/ (crash-*, leak-*, timeout-*)" >&2
	exit 1
fi
echo "fuzz.sh: no crash, leak or timeout in $FUZZ_SECONDS s" >&2
