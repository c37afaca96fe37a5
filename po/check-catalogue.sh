#!/bin/sh
# check-catalogue.sh: fails unless each .po file given compiles cleanly with every message
# translated and none fuzzy, counting the messages the sources hold today: the catalogue is
# merged with a template extracted afresh from POTFILES.in, so a string added to the code
# but never added to the .po file fails too.
#   check-catalogue.sh SRCDIR FILE.po...
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
srcdir=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The keywords of meson's 'glib' gettext preset.
(cd "$srcdir" && xgettext --from-code=UTF-8 --add-comments=Translators \
   --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
   --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
   --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
   --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
   --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
   --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
   --files-from=po/POTFILES.in -o "$tmp/saha.pot")

status=0
for po in "$@"; do
  msgmerge --quiet --no-fuzzy-matching "$po" "$tmp/saha.pot" -o "$tmp/merged.po"
  stats=$(msgfmt --check --statistics -o /dev/null "$tmp/merged.po" 2>&1) || { echo "$po: $stats"; exit 1; }
  echo "$po: $stats"
  case "$stats" in
    *fuzzy*|*untranslated*)
      status=1
      msgattrib --untranslated --only-fuzzy "$tmp/merged.po" 2>/dev/null | grep -A2 '^#:' || true
      msgattrib --untranslated "$tmp/merged.po" | grep -A3 '^#:' || true ;;
  esac
done
exit $status
