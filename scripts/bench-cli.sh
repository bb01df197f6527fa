#!/usr/bin/env bash
# Times whole processes on the bundled report with hyperfine, wlb-search side by side with
# Groonga 13 (TokenMecab, the same passages) so that ratios can be read off one run:
#   - a cold search: a new `wlb-search search テレワーク` process per run, index on disk,
#     and a new `groonga DB select` process per run;
#   - a cold sentence search (テレワーク中の通話料の負担: content words, fallback tiers);
#   - an index build of the bundled report (parse + analyze + write + atomic switch);
#   - an index build from the 46-page A3 PDF fixture (extract tables + the same);
#   - Groonga loading the same passages into a new database (through a shell, for the input).
# Prints the medians. Usage: scripts/bench-cli.sh [RUNS]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"
scripts/setup.sh
if ! command -v hyperfine >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get install -y -qq hyperfine >/dev/null
fi
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
cargo build --release -q
bin="$target/release/wlb-search"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin" build --index "$tmp/index" 2>/dev/null

hyperfine -N --style basic --warmup 3 --runs "$runs" --export-json "$tmp/search.json" \
  "$bin search テレワーク --index $tmp/index" >/dev/null
hyperfine -N --style basic --warmup 3 --runs "$runs" --export-json "$tmp/sentence.json" \
  "$bin search テレワーク中の通話料の負担 --index $tmp/index" >/dev/null

# Groonga with the same passages (TokenMecab on IPADIC, NormalizerAuto).
cargo run --release -q --example passages > "$tmp/passages.jsonl"
printf 'dicdir = /var/lib/mecab/dic/ipadic-utf8\n' > "$tmp/mecabrc"
python3 - "$tmp/passages.jsonl" > "$tmp/load.grn" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("table_create Passages TABLE_HASH_KEY ShortText")
print("column_create Passages item COLUMN_SCALAR Text")
print("column_create Passages text COLUMN_SCALAR Text")
print("table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenMecab --normalizer NormalizerAuto")
print("column_create Terms index COLUMN_INDEX|WITH_POSITION|WITH_SECTION Passages item,text")
print("load --table Passages")
print(json.dumps([{"_key": r["id"], "item": r["item"], "text": r["text"]} for r in rows], ensure_ascii=False))
PY
MECABRC="$tmp/mecabrc" groonga -n "$tmp/groonga.db" < "$tmp/load.grn" >/dev/null
MECABRC="$tmp/mecabrc" hyperfine -N --style basic --warmup 3 --runs "$runs" --export-json "$tmp/groonga.json" \
  "groonga $tmp/groonga.db select Passages --match_columns item*2||text --query テレワーク --output_columns _key,_score,item,text --sort_keys -_score --limit 10" >/dev/null
# Groonga's load of the same passages into a new database (what a build is to us).
MECABRC="$tmp/mecabrc" hyperfine --style basic --warmup 2 --runs "$runs" --export-json "$tmp/groonga-load.json" \
  --prepare "rm -rf $tmp/load && mkdir $tmp/load" \
  "groonga -n $tmp/load/db < $tmp/load.grn > /dev/null" >/dev/null
hyperfine -N --style basic --warmup 2 --runs "$runs" --export-json "$tmp/build.json" \
  "$bin build --index $tmp/index" >/dev/null
pdf="$PWD/tests/fixtures/pdf/a3-landscape-mirror.pdf"
hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$tmp/pdf.json" \
  "$bin build --input $pdf --index $tmp/pdf-index" >/dev/null

python3 - "$tmp/search.json" "$tmp/sentence.json" "$tmp/groonga.json" "$tmp/build.json" "$tmp/pdf.json" "$tmp/groonga-load.json" <<'PY'
import json, sys
labels = ["cold search テレワーク", "cold search, a sentence", "groonga select テレワーク (cold)",
          "index build (bundled report)", "index build from PDF (46 pages)",
          "groonga load (same passages)"]
med = {}
for label, path in zip(labels, sys.argv[1:]):
    r = json.load(open(path))["results"][0]
    med[label] = r["median"]
    print(f"{label:34s} median {r['median']*1000:7.1f} ms   "
          f"min {r['min']*1000:6.1f} ms   max {r['max']*1000:6.1f} ms   ({len(r['times'])} runs)")
print(f"cold search, wlb-search / groonga: {med[labels[0]] / med[labels[2]]:.2f}x the time")
print(f"build, wlb-search / groonga load: {med[labels[3]] / med[labels[5]]:.2f}x the time "
      "(groonga's run includes a shell)")
PY
