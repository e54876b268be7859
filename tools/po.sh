#!/bin/bash
# po.sh - the translations' upkeep (gettext's xgettext, msgmerge, msgattrib):
#   tools/po.sh pot     write po/shmgrade.pot from the sources (make pot)
#   tools/po.sh update  po/shmgrade.pot, then merge every po/LANG.po with it:
#                       new messages come in untranslated, gone ones leave
#                       (make update-po)
#   tools/po.sh check   fail, naming each one, when a message the sources
#                       can print has no translation in a po/LANG.po (or
#                       only a fuzzy one); nothing is written
#                       (tests/cli/po.sh, in make check)
# Messages are _("..."), N_("...") and ngettext("...", "...", n) in the C
# sources of graders/, harness/ and util/.
set -u
cd "$(dirname "$0")/.." || exit 2

po_sources() {
	git ls-files 'graders/*.c' 'graders/*.h' 'harness/*.c' 'harness/*.h' 'util/*.c' 'util/*.h' 2>/dev/null ||
		find graders harness util -name '*.[ch]' | sort
}

# po_pot OUT: the template of every message in the sources.
po_pot() {
	po_sources | xargs xgettext --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
		--from-code=UTF-8 --add-comments=TRANSLATORS --package-name=shmgrade \
		--msgid-bugs-address="shmgrade developers" -o "$1"
}

case "${1:-}" in
pot)
	po_pot po/shmgrade.pot && echo "po.sh: wrote po/shmgrade.pot"
	;;
update)
	po_pot po/shmgrade.pot || exit 1
	for po in po/*.po; do
		msgmerge -q --no-fuzzy-matching --update --backup=none "$po" po/shmgrade.pot &&
			msgattrib --no-obsolete -o "$po" "$po" || exit 1
		echo "po.sh: $po: $(msgfmt --statistics -o /dev/null "$po" 2>&1)"
	done
	;;
check)
	tmp=$(mktemp -d) || exit 2
	trap 'rm -rf "$tmp"' EXIT
	po_pot "$tmp/all.pot" || exit 2
	bad=0
	for po in po/*.po; do
		msgmerge -q --no-fuzzy-matching -o "$tmp/merged.po" "$po" "$tmp/all.pot" || exit 2
		msgattrib --untranslated --no-obsolete -o "$tmp/missing.po" "$tmp/merged.po" || exit 2
		msgattrib --only-fuzzy --no-obsolete -o "$tmp/fuzzy.po" "$tmp/merged.po" || exit 2
		for f in missing fuzzy; do
			# Every entry but the header's (msgid ""); msgattrib
			# writes no file when none is left.
			n=$(grep -cs '^msgid "[^"]' "$tmp/$f.po")
			[ "${n:-0}" -eq 0 ] && continue
			bad=1
			echo "po.sh: $po: $n message(s) $([ $f = missing ] && echo without a translation || echo with a fuzzy one):"
			awk '/^#: / { where = substr($0, 4) } /^msgid "[^"]/ { print "    " where ": " substr($0, 7) }' "$tmp/$f.po"
		done
	done
	[ "$bad" -eq 0 ] && echo "po.sh: every message has a translation in $(echo po/*.po)"
	[ "$bad" -eq 0 ] || echo "po.sh: translate them in po/LANG.po (tools/po.sh update brings them in)"
	exit $bad
	;;
*)
	echo "usage: tools/po.sh pot|update|check" >&2
	exit 2
	;;
esac
