#!/usr/bin/env bash
# The rows of docs/results/robust-aggregation.md: FedAvg on lenet5, 10 clients, Dirichlet 0.5, 15 rounds, 2 sign-flippers.
# Usage: bench/robust/run.sh [RULE…]   e.g. bench/robust/run.sh krum multi-krum clean:multi-krum
#   RULE is an --aggregate value, run attacked; clean:RULE runs it without attackers. VERGE_DLL overrides the built CLI.
# Prints test accuracy at rounds 5, 10 and 15 per run; full logs in .build/robust/. Then the per-round aggregation
# cost of every rule (bench/Verge.Bench.Robust).
set -euo pipefail
cd "$(dirname "$0")/../.."
DLL=${VERGE_DLL:-src/Verge.Cli/bin/Release/net10.0/verge.dll}
OUT=.build/robust
mkdir -p "$OUT"
B="fl simulate --clients 10 --rounds 15 --model lenet5 --alpha 0.5 --train-limit 10000 --test-limit 2000 --threads 2 --seed 0"
RULES=("$@")
[ ${#RULES[@]} -eq 0 ] && RULES=(clean:mean mean median trimmed-mean:0.2 clean:krum krum clean:multi-krum multi-krum multi-krum:2 bucket:2:median bucket:2:multi-krum)
for rule in "${RULES[@]}"; do
  attack=(--attackers 2 --attack signflip); name="attacked-$rule"
  if [[ $rule == clean:* ]]; then rule=${rule#clean:}; attack=(); name="clean-$rule"; fi
  dotnet "$DLL" $B "${attack[@]}" --aggregate "$rule" > "$OUT/$name.txt" 2>&1
  printf '%-32s %s\n' "$name" "$(grep -E '^round +(5|10|15):' "$OUT/$name.txt" | awk '{print $4 " %"}' | paste -sd' ')"
done
dotnet run --project bench/Verge.Bench.Robust -c Release -- lenet5 10 21
