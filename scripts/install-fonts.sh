#!/usr/bin/env bash
# Installs what the PDF books need from Debian: Pango (WeasyPrint sets text with it), DejaVu for
# Latin and Cyrillic, and Noto CJK, whose Korean faces set Hangul and Hanja. Does nothing when
# they are all there. Without root (or sudo) it says what to install and exits non-zero; `make run`
# goes on then, and a book's Korean would be set in whatever font the machine has.
set -euo pipefail
source "$(dirname "$0")/apt-install.sh"
missing=""
# Read whole, then searched: `grep -q` in a pipe would stop the lister early and, with pipefail, fail.
families=$(fc-list : family 2>/dev/null || true)
libraries=$(/sbin/ldconfig -p 2>/dev/null || true)
grep -q "Noto Serif CJK KR" <<<"$families" || missing="$missing fonts-noto-cjk"
grep -q "DejaVu Serif" <<<"$families" || missing="$missing fonts-dejavu-core"
grep -q "libpangoft2-1.0.so.0" <<<"$libraries" || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
if [ -z "$missing" ]; then
  exit 0
fi
apt_install install-fonts "PDF books" $missing fontconfig
echo "install-fonts: installed $(echo $missing)"
