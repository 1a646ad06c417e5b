#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (Playwright drives it; it never downloads a
# browser of its own). Does nothing when Chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-browser: Chromium is missing and this user cannot install it (run as root, or: apt-get install chromium)" >&2
    exit 1
  fi
else
  SUDO=""
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
echo "install-browser: installed $(/usr/bin/chromium --version)"
