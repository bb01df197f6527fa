#!/usr/bin/env bash
# Times whole wlb-search processes on the bundled report with hyperfine:
#   - a cold search: a new `wlb-search search テレワーク` process per run, index on disk;
#   - an index build of the bundled report (parse + analyze + write + atomic switch);
#   - an index build from the 46-page A3 PDF fixture (extract tables + the same).
# Prints the medians. Usage: scripts/bench-cli.sh [RUNS]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"
scripts/setup.sh
if ! command -v hyperfine >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get install -y -qq hyperfine >/dev/null
fi
cargo build --release -q
bin="$PWD/target/release/wlb-search"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin" build --index "$tmp/index" 2>/dev/null

hyperfine -N --style basic --warmup 3 --runs "$runs" --export-json "$tmp/search.json" \
  "$bin search テレワーク --index $tmp/index" >/dev/null
hyperfine -N --style basic --warmup 2 --runs "$runs" --export-json "$tmp/build.json" \
  "$bin build --index $tmp/index" >/dev/null
pdf="$PWD/tests/fixtures/pdf/a3-landscape-mirror.pdf"
hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$tmp/pdf.json" \
  "$bin build --input $pdf --index $tmp/pdf-index" >/dev/null

python3 - "$tmp/search.json" "$tmp/build.json" "$tmp/pdf.json" <<'PY'
import json, sys
labels = ["cold search テレワーク", "index build (bundled report)", "index build from PDF (46 pages)"]
for label, path in zip(labels, sys.argv[1:]):
    r = json.load(open(path))["results"][0]
    print(f"{label:32s} median {r['median']*1000:7.1f} ms   "
          f"min {r['min']*1000:6.1f} ms   max {r['max']*1000:6.1f} ms   ({len(r['times'])} runs)")
PY
