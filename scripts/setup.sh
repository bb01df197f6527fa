#!/usr/bin/env bash
# Installs what building wlb-search needs beyond Rust: Debian's mecab-ipadic sources, from
# which build.rs builds the IPADIC dictionary offline. Does nothing when they are present.
set -euo pipefail
if [ -f /usr/share/mecab/dic/ipadic/matrix.def ] || [ -n "${WLB_IPADIC_DIR:-}" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq mecab-ipadic >/dev/null
