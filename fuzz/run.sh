#!/usr/bin/env bash
# Runs one fuzz target from its seeds: fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags...]
# Copies fuzz/seeds/TARGET/* into fuzz/corpus/TARGET (kept between runs, never committed), then
# runs `cargo +nightly fuzz run` for SECONDS (default 600) with the target's limits. Builds go to
# fuzz/target (the fuzz crate is its own workspace), or to $CARGO_TARGET_DIR if set.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh report_text|query|thesaurus|pdf [SECONDS] [libFuzzer flags...]}
seconds=${2:-600}
shift $(($# >= 2 ? 2 : 1))
mkdir -p "fuzz/corpus/$target"
for seed in "fuzz/seeds/$target"/*; do
  [ -e "fuzz/corpus/$target/$(basename "$seed")" ] || cp "$seed" "fuzz/corpus/$target/"
done
flags=(-max_total_time="$seconds" -rss_limit_mb=4096)
case $target in
  query) flags+=(-max_len=2000) ;;
  thesaurus) flags+=(-max_len=102400) ;;
  pdf) flags+=(-max_len=262144 -timeout=30) ;;
esac
exec cargo +nightly fuzz run -O "$target" "fuzz/corpus/$target" -- "${flags[@]}" "$@"
