#!/usr/bin/env bash
# Screenshots of an HTML page at desktop (1366x900) and phone (390x844) widths
# with headless Chromium, to look at a report as a reader would:
#   scripts/screenshot.sh page.html out/   ->  out/page-desktop.png, out/page-phone.png
# Needs Debian's chromium (apt-get install -y chromium). Set HEIGHT_SCALE=3 to
# capture three screens' worth of height.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 FILE.html OUTDIR" >&2
    exit 2
fi
file=$1
outdir=$2
[ -f "$file" ] || { echo "no such file: $file" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium not found: apt-get install -y chromium" >&2; exit 1; }

mkdir -p "$outdir"
url="file://$(cd "$(dirname "$file")" && pwd)/$(basename "$file")"
name=$(basename "$file" .html)
scale=${HEIGHT_SCALE:-1}

shoot() { # label width height
    local profile
    profile=$(mktemp -d)
    "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars \
        --window-size="$2,$(($3 * scale))" --screenshot="$outdir/$name-$1.png" "$url" \
        >/dev/null 2>&1
    rm -rf "$profile"
    echo "$outdir/$name-$1.png"
}

shoot desktop 1366 900
shoot phone 390 844
