#!/usr/bin/env bash
# Distillation against labels only, same student, same epochs, same seed, over three seeds (Hinton et al. 2015).
# Teachers are the fp32 models of a `verge bench compress` work folder (WORK, default bench-out/compress).
# Writes docs/results/distillation-seeds.md. About 6 minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
work="${1:-bench-out/compress}"
out=docs/results/distillation-seeds.md
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
acc() { tr '\r' '\n' | grep -i "test accuracy" | tail -1 | grep -o "[0-9.]* %" | head -1 | tr -d ' %'; }
row() { # student teacher-model epochs
  local student=$1 teacher=$2 epochs=$3
  local line="| $student | $teacher |" wins=0 l d
  for seed in 0 1 2; do
    l=$(./verge train --model "$student" --epochs "$epochs" --seed "$seed" --out "$tmp/l" 2>&1 | acc)
    d=$(./verge train --model "$student" --teacher "$work/$teacher/fp32/model.onnx" --epochs "$epochs" --seed "$seed" --out "$tmp/d" 2>&1 | acc)
    line="$line $l | $d |"
    if awk "BEGIN{exit !($d > $l)}"; then wins=$((wins+1)); fi
  done
  echo "$line $wins of 3 |"
}
{
  echo "# Distillation over three seeds"
  echo
  echo "Made by \`bench/distillation/seeds.sh $work\` on $(date -u +%Y-%m-%d) ($(nproc) cores). Each pair: the same student, 3 epochs,"
  echo "Adam 1e-3, batch 64, same seed, trained on labels only and distilled (T 4, α 0.7) from the teacher's fp32 model;"
  echo "top-1 on all 10 000 Fashion-MNIST test images (%)."
  echo
  echo "| student | teacher | labels s0 | distilled s0 | labels s1 | distilled s1 | labels s2 | distilled s2 | distilled wins |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  row mlp-small lenet5 3
  row mlp-small vgg-mini 3
  row lenet5 vgg-mini 3
} > "$out"
cat "$out"
