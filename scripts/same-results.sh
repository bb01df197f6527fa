#!/usr/bin/env bash
# Whether two builds give the same search results, byte for byte: every judged query
# (tests/relevance/judgments.json) and ten more, alone and beside the 財務省, デジタル庁 and
# 警察庁 filters, at 10 and 20 rows, as JSON Lines (related and meaning rows included). For a
# change meant to make search faster without changing what it finds:
#   git stash && cargo build --release && cp target/release/wlb-search /tmp/before
#   git stash pop && cargo build --release
#   scripts/same-results.sh /tmp/before target/release/wlb-search [INDEX]
# INDEX defaults to the bundled report, built by the first binary into a temporary folder
# (an index built by scripts/bench-scale.sh checks the budgeted related search at scale).
# Exits 0 when the results are the same, 1 (and shows the first differences) when not.
set -uo pipefail
cd "$(dirname "$0")/.."
a=${1:?usage: scripts/same-results.sh BEFORE AFTER [INDEX]}
b=${2:?usage: scripts/same-results.sh BEFORE AFTER [INDEX]}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
index=${3:-}
if [ -z "$index" ]; then
  index="$tmp/index"
  "$a" build --index "$index" >/dev/null 2>&1 || { echo "could not build the bundled report with $a" >&2; exit 2; }
fi
python3 -c "
import json
for q in json.load(open('tests/relevance/judgments.json'))['queries']:
    print(q['query'])
for q in ['1on1', '研修', 'テレワーク', '男性 育児', 'ハラスメント', 'マネジメント研修', '両立支援',
          '育休', 'タウンミーティング', 'オフィスのレイアウト変更']:
    print(q)
" > "$tmp/queries"
run() {
  local bin=$1 out=$2
  : > "$out"
  while IFS= read -r q; do
    for m in "" 財務省 デジタル庁 警察庁; do
      local filter=()
      [ -n "$m" ] && filter=(-m "$m")
      for n in 10 20; do
        echo "## $q ${filter[*]} --limit $n" >> "$out"
        "$bin" search --index "$index" "$q" "${filter[@]}" --limit "$n" --format json >> "$out" 2>&1
      done
    done
  done < "$tmp/queries"
}
run "$a" "$tmp/before"
run "$b" "$tmp/after"
if cmp -s "$tmp/before" "$tmp/after"; then
  echo "same results: $(grep -c '^## ' "$tmp/before") searches, $(grep -c '"type":"hit"' "$tmp/before") rows"
  exit 0
fi
diff "$tmp/before" "$tmp/after" | head -40
exit 1
