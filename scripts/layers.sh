#!/usr/bin/env bash
# Checks that each stage of the library imports only the stages before it (the order of
# ARCHITECTURE.md) and prints what each imports. Exit 1 on an import that points forward.
set -euo pipefail
cd "$(dirname "$0")/.."
order=(domain report analysis semantic index query search wire eval present serve)
status=0
for i in "${!order[@]}"; do
  m=${order[$i]}
  files=$( { ls "src/$m.rs" 2>/dev/null; find "src/$m" -name '*.rs' 2>/dev/null || true; } | sort -u)
  used=$( (grep -ho 'crate::[a-z_]*' $files || true) | sed 's/crate:://' | sort -u | tr '\n' ' ')
  echo "$m: ${used:-(nothing)}"
  for u in $used; do
    [ "$u" = error ] && continue
    for j in "${!order[@]}"; do
      if [ "${order[$j]}" = "$u" ] && [ "$j" -ge "$i" ] && [ "$u" != "$m" ]; then
        echo "  ✗ $m imports $u, a later stage"; status=1
      fi
    done
  done
done
exit $status
