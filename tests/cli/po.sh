#!/bin/bash
# po.sh - every message the sources can print has a Spanish translation
# (tools/po.sh check): a message added without one fails here, naming it,
# instead of reaching a Spanish student in English.
set -u
cd "$(dirname "$0")/../.."
fail=0
tmp=$(mktemp -d /tmp/shmgrade-cli-po.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/cli/lib.inc # expect()

expect 0 "every message has a translation" -- tools/po.sh check
# The check can fail: a copy of the sources with one new message, then the
# same message translated (the copy is no git checkout: po.sh finds the
# sources itself).
mkdir -p "$tmp/tools" && cp -r graders harness util po "$tmp/" && cp tools/po.sh "$tmp/tools/" || exit 1
printf '#include "graders/report/i18n.h"\nconst char *po_planted(void);\nconst char *po_planted(void) { return _("a planted message"); }\n' \
	>"$tmp/graders/report/po_planted.c"
expect 1 'graders/report/po_planted.c:3: "a planted message"' -- "$tmp/tools/po.sh" check
printf '\nmsgid "a planted message"\nmsgstr "un mensaje plantado"\n' >>"$tmp/po/es.po"
expect 0 "every message has a translation" -- "$tmp/tools/po.sh" check
printf '#include "graders/report/i18n.h"\nconst char *po_planted(void);\nconst char *po_planted(void) { return ngettext("%%d planted", "%%d planted ones", 2); }\n' \
	>"$tmp/graders/report/po_planted.c"
expect 1 'po_planted.c:3: "%d planted"' -- "$tmp/tools/po.sh" check
exit $fail
