#!/usr/bin/env bash
# Installs what the PDF books need from Debian: Pango (WeasyPrint sets text with it), DejaVu for
# Latin and Cyrillic, and Noto CJK, whose Korean faces set Hangul and Hanja. Does nothing when
# they are all there. Without root (or sudo) it says what to install and exits non-zero; `make run`
# goes on then, and a book's Korean would be set in whatever font the machine has.
set -euo pipefail
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
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=sudo; else
    echo "install-fonts: PDF books need Debian packages this user cannot install; as root run: apt-get install$missing" >&2
    exit 1
  fi
else
  SUDO=""
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing fontconfig >/dev/null
echo "install-fonts: installed $(echo $missing)"
