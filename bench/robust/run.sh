#!/usr/bin/env bash
# Robust aggregation under attack (docs/results/robust-aggregation.md): the setup of the doc's table, one run per line.
# Usage: bench/robust/run.sh [VERGE_DLL] [OUT_DIR] [RULE…]   (default rules: krum multi-krum; each run attacked,
# plus "clean:RULE" for a run without attackers). Prints round 5/10/15 accuracy, the seconds the run took, and the
# seconds aggregation took per round (measured by bench/Verge.Bench.Learning is not needed: wall time is the run's).
set -euo pipefail
DLL=${1:-src/Verge.Cli/bin/Release/net10.0/verge.dll}
OUT=${2:-.build/robust}
shift $(( $# > 2 ? 2 : $# )) || true
RULES=("$@")
[ ${#RULES[@]} -eq 0 ] && RULES=(krum multi-krum)
mkdir -p "$OUT"
B="fl simulate --clients 10 --rounds 15 --model lenet5 --alpha 0.5 --train-limit 10000 --test-limit 2000 --threads 2 --seed 0"
for rule in "${RULES[@]}"; do
  attack="--attackers 2 --attack signflip"
  name="attacked-$rule"
  if [[ $rule == clean:* ]]; then rule=${rule#clean:}; attack=""; name="clean-$rule"; fi
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  dotnet "$DLL" $B $attack --aggregate "$rule" > "$OUT/$name.txt" 2>&1
  end=$(date +%s.%N)
  printf '%s\t%.0f s\t' "$name" "$(echo "$end - $start" | bc)"
  grep -E "^ *(5|10|15) " "$OUT/$name.txt" | tr -s ' ' | tr '\n' ';' || true
  echo
done
