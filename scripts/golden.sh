#!/usr/bin/env bash
# Writes the outputs of a fixed set of commands (search, ministries, sections, eval, and some
# errors) into DIR, one file per command with stdout, stderr and the exit status, so that two
# versions can be compared byte for byte:
#   scripts/golden.sh /tmp/before && (change things) && scripts/golden.sh /tmp/after
#   diff -r /tmp/before /tmp/after
# Uses target/release/wlb-search (built first) and a temporary index.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/golden.sh OUTDIR}
mkdir -p "$out"
cargo build --release --quiet || exit 2
bin="${CARGO_TARGET_DIR:-target}/release/wlb-search"
index=$(mktemp -d)
trap 'rm -rf "$index"' EXIT
export WLB_SEARCH_INDEX="$index/idx" NO_COLOR=1
"$bin" build >/dev/null 2>&1

n=0
run() {
  n=$((n + 1))
  local f
  f=$(printf '%s/%03d.txt' "$out" "$n")
  {
    printf '$ wlb-search'
    printf ' %q' "$@" | sed "s#$index#INDEX#g"
    printf '\n'
    "$bin" "$@" 2>"$f.err"
    printf -- '-- exit %s\n-- stderr:\n' "$?"
    sed "s#$index#INDEX#g" "$f.err"
    rm -f "$f.err"
  } >"$f" 2>&1
}

run ministries
run ministries --format json
run sections
run sections --format json
for q in テレワーク 1on1 １on１ ﾃﾚﾜｰｸ GSS 育休 男性の育休 働き方改革 両立支援 管理職向け研修 \
  勤務間インターバル 超過勤務 テレワーク中の通話料の負担 "通話料 負担" "GSS OR Teams" \
  "テレワーク -BYOD" 360度評価 ペーパーレス化に取り組む 幹部と職員の直接対話の場 \
  キッチンカー 男性の育児休業 存在しない言葉ですよ; do
  run search "$q"
  run search "$q" --format json --limit 20
done
run search テレワーク --explain --limit 3
run search "テレワーク中の通話料の負担" --explain --limit 3
run search 1on1 --explain --limit 3 --format json
run search テレワーク --ministry 警察庁 --ministry 総務
run search 研修 --section II.3 --status new --format json
run search 研修 --section own --limit 5
run search 研修 --year 令和5 --year 2023 --limit 3
run search テレワーク --no-thesaurus --limit 5
run search 育休 --thesaurus data/thesaurus.txt --limit 5
# errors
run search
run search テレワーク --ministry 存在省
run search テレワーク --ministry 内閣
run search テレワーク --section II.9
run search テレワーク --section xyz
run search テレワーク --year 2030
run search テレワーク --limit 0
run search "-テレワーク"
run search "、。"
run search "$(printf 'あ%.0s' {1..1001})"
run search テレワーク --index /nonexistent-dir/x
run search テレワーク --thesaurus /nonexistent-file
# similar
run similar 2023-npa-02 --explain
run similar 2023-mof-02 --format json --limit 20
run similar 2023-nra-02 --same-ministry --status new --section II.3 --format csv
run similar 2023-npa-0
run build --input /nonexistent-file --index "$index/other"
run build --input Cargo.toml --index "$index/other"
run eval --format json
echo "wrote $n outputs to $out"
