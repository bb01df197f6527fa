#!/usr/bin/env bash
# Load run on loopback: starts `wlb-search serve` on 127.0.0.1 (a free port, a temp index),
# then Debian's wrk (`apt-get install wrk`) sends API searches from 50 connections for 10 s.
# Fails unless there are at least 5,000 requests and no errors (socket errors or non-200).
#   scripts/load.sh [wrk options]      e.g. scripts/load.sh -d30s
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 2; }
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/wlb-search"
tmp=$(mktemp -d)
out="$tmp/serve.out"
"$bin" serve --host 127.0.0.1 --port 0 --index "$tmp/index" >"$out" 2>"$tmp/serve.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 600); do
  grep -q 'http://' "$out" && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/serve.err" >&2; exit 2; }
  sleep 0.1
done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out") || { echo "no URL from serve" >&2; exit 2; }
case "$url" in http://127.0.0.1:*) ;; *) echo "refusing a non-loopback URL: $url" >&2; exit 2 ;; esac
curl -fsS "$url/api/search?q=%E3%83%86%E3%83%AC%E3%83%AF%E3%83%BC%E3%82%AF" >/dev/null  # warm
echo "wrk against $url (loopback)"
wrk -t2 -c50 -d10s --latency -s scripts/load.lua "$@" "$url" | tee "$tmp/wrk.out"
result=$(grep '^RESULT' "$tmp/wrk.out")
requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$result")
not_200=$(sed 's/.*not_200=\([0-9]*\).*/\1/' <<<"$result")
socket=$(sed 's/.*socket_errors=\([0-9]*\).*/\1/' <<<"$result")
if [ "$requests" -lt 5000 ] || [ "$not_200" -ne 0 ] || [ "$socket" -ne 0 ]; then
  echo "FAIL: $requests requests, $not_200 not 200, $socket socket errors" >&2
  exit 1
fi
echo "OK: $requests requests, 0 errors"
