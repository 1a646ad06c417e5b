#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry, at the versions pinned in
# package.json. The files are committed, so serving and testing never need npm.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
vendor=mosaic/static/vendor
mkdir -p "$vendor"

# vendor PACKAGE FILE-IN-PACKAGE VENDORED-NAME LICENSE-IN-PACKAGE VENDORED-LICENSE-NAME
vendor() {
  local name=$1 file=$2 target=$3 license=$4 license_target=$5 version
  version=$(python3 -c 'import json, sys; print(json.load(open("package.json"))["dependencies"][sys.argv[1]])' "$name")
  mkdir -p "$work/$name"
  (cd "$work/$name" && npm pack --silent "$name@$version" >/dev/null && tar -xzf ./*.tgz)
  cp "$work/$name/package/$file" "$vendor/$target"
  cp "$work/$name/package/$license" "$vendor/$license_target"
  echo "$name $version" >> "$work/VERSIONS"
  sha256sum "$vendor/$target" >> "$work/VERSIONS"
  echo "vendored $name $version"
}

vendor htmx.org dist/htmx.min.js htmx.min.js LICENSE htmx.LICENSE
# The page-image viewer on document pages (mosaic/iiif/static/iiif/viewer.js drives it).
vendor openseadragon build/openseadragon/openseadragon.min.js openseadragon.min.js LICENSE.txt openseadragon.LICENSE
# The zoomable time axis of /timeline/ (mosaic/timeline/static/timeline/timeline.js drives it). The
# standalone build carries its own dependencies; its style sheet is vendored beside it because the
# CSP refuses the <style> elements the build would insert.
vendor vis-timeline standalone/umd/vis-timeline-graph2d.min.js vis-timeline-graph2d.min.js LICENSE.md vis-timeline.LICENSE
cp "$work/vis-timeline/package/styles/vis-timeline-graph2d.min.css" "$vendor/vis-timeline-graph2d.min.css"
sha256sum "$vendor/vis-timeline-graph2d.min.css" >> "$work/VERSIONS"
# The map of a search's places (mosaic/subjects/static/subjects/place_map.js draws it): country
# outlines from world-atlas (Natural Earth, 1:110m) projected into SVG by d3-geo, which needs
# d3-array; no tile server, so the map works offline.
vendor d3-array dist/d3-array.min.js d3-array.min.js LICENSE d3-array.LICENSE
vendor d3-geo dist/d3-geo.min.js d3-geo.min.js LICENSE d3-geo.LICENSE
vendor topojson-client dist/topojson-client.min.js topojson-client.min.js LICENSE topojson-client.LICENSE
vendor world-atlas countries-110m.json world-atlas-countries-110m.json LICENSE world-atlas.LICENSE
cp "$work/VERSIONS" "$vendor/VERSIONS"
