#!/usr/bin/env bash
# Installs what building and testing wlb-search needs beyond Rust, from Debian:
# - mecab-ipadic: the IPADIC sources from which build.rs builds the dictionary offline;
# - chromium and chromium-driver: the headless browser that tests/browser.rs drives, and
#   fonts-ipafont-gothic, so that its screenshots show Japanese;
# - groonga-bin, groonga-tokenizer-mecab, mecab-ipadic-utf8: Groonga 13, the peer that
#   `wlb-search eval` and tests/relevance.rs compare against.
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
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
