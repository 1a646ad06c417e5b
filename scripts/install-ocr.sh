#!/usr/bin/env bash
# Installs Debian's Tesseract OCR engine with the language packs of the archive's documents.
# Does nothing when they are all there. Without root (or sudo) it says what to install and exits
# non-zero; `make run` goes on without OCR then, and `mosaic ocr` repeats the instruction.
set -euo pipefail
source "$(dirname "$0")/apt-install.sh"
packs="rus hun deu pol ces ron bul sqi chi-sim kor"
missing=""
if ! command -v tesseract >/dev/null 2>&1; then
  missing="tesseract-ocr"
fi
have=$(tesseract --list-langs 2>/dev/null | tail -n +2 | tr '_' '-' || true)
for pack in $packs; do
  if ! grep -qx "$pack" <<<"$have"; then missing="$missing tesseract-ocr-$pack"; fi
done
if [ -z "$missing" ]; then
  exit 0
fi
# fonts-dejavu-core: the tests render typescript pages to OCR with it.
apt_install install-ocr OCR $missing fonts-dejavu-core
echo "install-ocr: installed $(echo $missing)"
