#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry, at the versions pinned in
# package.json. The files are committed, so serving and testing never need npm.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$(python3 -c 'import json; print(json.load(open("package.json"))["dependencies"]["htmx.org"])')
(cd "$work" && npm pack --silent "htmx.org@$version" >/dev/null && tar -xzf htmx.org-*.tgz)
mkdir -p mosaic/static/vendor
cp "$work/package/dist/htmx.min.js" mosaic/static/vendor/htmx.min.js
cp "$work/package/LICENSE" mosaic/static/vendor/htmx.LICENSE
echo "htmx.org $version" > mosaic/static/vendor/VERSIONS
sha256sum mosaic/static/vendor/htmx.min.js >> mosaic/static/vendor/VERSIONS
echo "vendored htmx.org $version"
