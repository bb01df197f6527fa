#!/usr/bin/env bash
# How cost grows with the corpus: 1, 10, 100 and 1000 reports made from the bundled one by
# examples/corpus.rs (fiscal year varied, sentences shuffled), each built into an index and
# served. Per size: text bytes, build time (wall) and MB/s, peak RSS of the build
# (/usr/bin/time), index size on disk, the server's peak RSS and warm p50/p99 per query kind
# (scripts/bench-http.py, one client, wlb-search alone, every request searched: --no-cache).
# Indexes are built with --semantic off (words only): embedding a thousand new reports'
# sentences takes hours on 2 cores. Writes DIR/scale.json and the plot
# DIR/scale.svg (scripts/plot-scale.py).
# Usage: scripts/bench-scale.sh [DIR] [SIZES]   (default: target/scale, "1 10 100 1000")
# Takes a few minutes and about 2 GB of disk at 1000 reports. Absolute times are noisy on a
# shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-target/scale}"
sizes="${2:-1 10 100 1000}"
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
cargo build --release -q --bins --example corpus
bin="$target/release/wlb-search"
mkdir -p "$out"
rows=()
for n in $sizes; do
  dir="$out/corpus-$n" index="$out/index-$n"
  rm -rf "$dir" "$index"
  "$target/release/examples/corpus" "$n" "$dir" >/dev/null
  bytes=$(cat "$dir"/*.txt | wc -c)
  inputs=()
  for f in "$dir"/*.txt; do inputs+=(--input "$f"); done
  /usr/bin/time -f '%e %M' -o "$out/time-$n" "$bin" build --semantic off --index "$index" "${inputs[@]}" >/dev/null 2>&1
  read -r wall rss_kb <"$out/time-$n"
  size=$(du -sb "$index" | cut -f1)
  rounds=$(( n >= 1000 ? 60 : 150 ))
  python3 scripts/bench-http.py --bin "$bin" --index "$index" --no-groonga --no-cache --rounds "$rounds" \
    --json "$out/http-$n.json" >/dev/null
  rows+=("{\"reports\": $n, \"bytes\": $bytes, \"build_s\": $wall, \"build_rss_kb\": $rss_kb, \"index_bytes\": $size, \"http\": $(cat "$out/http-$n.json")}")
  echo "$n reports: $(( bytes / 1000000 )) MB, build ${wall} s ($(python3 -c "print(f'{$bytes/1e6/$wall:.1f}')") MB/s), build RSS $(( rss_kb / 1024 )) MB, index $(( size / 1000000 )) MB"
  rm -rf "$dir"
done
( IFS=,; echo "[${rows[*]}]" ) >"$out/scale.json"
python3 scripts/plot-scale.py "$out/scale.json" "$out/scale.svg"
