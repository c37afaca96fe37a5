#!/bin/sh
# check-catalogue.sh: fails unless each .po file given compiles cleanly with every message
# translated and none fuzzy.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
status=0
for po in "$@"; do
  stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1) || { echo "$po: $stats"; exit 1; }
  echo "$po: $stats"
  case "$stats" in
    *fuzzy*|*untranslated*) status=1 ;;
  esac
done
exit $status
