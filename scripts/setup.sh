#!/usr/bin/env bash
# Installs what building and testing wlb-search needs beyond Rust, from Debian:
# - mecab-ipadic: the IPADIC sources from which build.rs builds the dictionary offline;
# - chromium and chromium-driver: the headless browser that tests/browser.rs drives.
# Does nothing when they are present.
set -euo pipefail
missing=()
if [ ! -f /usr/share/mecab/dic/ipadic/matrix.def ] && [ -z "${WLB_IPADIC_DIR:-}" ]; then
  missing+=(mecab-ipadic)
fi
if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
if [ -z "${CHROMEDRIVER:-}" ] && [ ! -x /usr/bin/chromedriver ]; then
  missing+=(chromium-driver)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
