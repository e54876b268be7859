#!/bin/bash
# preconditions.sh - objects made before the run start with content
# (content, values, messages) through the whole check pipeline, and the
# semaphore, queue and precondition rules see them.
set -u
cd "$(dirname "$0")/../.."
fail=0
tmp=$(mktemp -d /tmp/shmgrade-cli-pre.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

. tests/cli/lib.inc # expect()

cat >"$tmp/pre.yaml" <<'YAML'
id: pre-content
title: {es: Lo que ya hay, en: What is already there}
points: 6
runs:
  - id: main
    preconditions:
      - {kind: shm, key: 0x5348a001, size: 4096, content: "hola desde antes"}
      - {kind: sem, key: 0x5348a002, size: 2, values: [3, 1]}
      - {kind: msg, key: 0x5348a003, messages: [{type: 7, text: primero}, {type: 8, text: segundo}]}
checks:
  - {id: compiles, title: t, points: 1, rule: compiles}
  - {id: out, title: t, points: 1, rule: output, with: {value: "hola desde antes 3 1\n7 primero", match: exact}}
  - {id: shm, title: t, points: 1, rule: precondition, with: {key: 0x5348a001, exists: true, attached: true}}
  - {id: start, title: t, points: 1, rule: semaphore_value, with: {key: 0x5348a002, value: 3, when: start}}
  - {id: end, title: t, points: 1, rule: semaphore_value, with: {key: 0x5348a002, value: 2}}
  - {id: rcv, title: t, points: 1, rule: messages, with: {direction: received, mtype: 7, key: 0x5348a003, count: 1}}
YAML
cp tests/progs/hc_pre_reader.c "$tmp/reader.c"

sg=./shmgrade
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES=
expect 0 "Score: 6/6" -- $sg check "$tmp/pre.yaml" "$tmp/reader.c"
# The statement's values are checked: a set with more values than semaphores.
sed 's/size: 2, values: \[3, 1\]/size: 1, values: [3, 1]/' "$tmp/pre.yaml" >"$tmp/bad.yaml"
expect 2 "pre.yaml|bad.yaml:[0-9]+:[0-9]+: 'values' gives 2 values, but the set has 1 semaphores" -- $sg validate "$tmp/bad.yaml"
exit $fail
