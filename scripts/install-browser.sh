#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (Playwright drives it; it never downloads a
# browser of its own). Does nothing when Chromium is already there.
set -euo pipefail
source "$(dirname "$0")/apt-install.sh"
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
apt_install install-browser "The browser tests" chromium fonts-noto-cjk
echo "install-browser: installed $(/usr/bin/chromium --version)"
