#!/usr/bin/env bash
# Membership-inference audit of a deliberately overfit model and its DP twin (docs/results/privacy-audit.md).
#   overfit: mlp on fashion-mnist:train[0:1000], 100 epochs of Adam, no weight decay, no dropout
#   dp:      the same model and images, DP-SGD at (ε = 3, δ = 1e-5), clip 1, SGD lr 0.02, batch 128, 60 epochs
#   control: the overfit model audited on train[11000:12000], images it never saw: the statistic's chance floor
# Each is audited against 10,000 held-out TRAINING images, train[1000:11000], never trained on: members and non-members
# come from the same distribution (the membership game of Yeom et al. 2018 and Carlini et al. 2022; the test split is
# easier/harder than the train split, which a test-split non-member set would add to the advantage). NON_MEMBERS
# overrides (e.g. NON_MEMBERS=fashion-mnist:test for the earlier set-up). Loss attack and offline LiRA (4 shadows,
# 100 epochs each, on train images that are neither members nor non-members).
# Usage: bench/privacy/audit.sh [OUT_DIR]   (JSON + PNG land in OUT_DIR, default docs/results/privacy-audit;
# models in .build/bench-privacy-audit). VERGE_DLL overrides the verge.dll to run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out=${1:-docs/results/privacy-audit}
models=.build/bench-privacy-audit
mkdir -p "$out" "$models"
if [ -z "${VERGE_DLL:-}" ]; then
  dotnet build src/Verge.Cli -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
  VERGE_DLL=src/Verge.Cli/bin/Release/net10.0/verge.dll
fi
verge() { dotnet "$VERGE_DLL" "$@"; }
threads=${THREADS:-2}
members=fashion-mnist:train[0:1000]
non_members=${NON_MEMBERS:-fashion-mnist:train[1000:11000]}
verge train --model mlp --limit 1000 --epochs 100 --optimizer adam --lr 0.001 --batch 64 --threads "$threads" \
  --out "$models/overfit" --json "$out/train-overfit.json" 2>/dev/null
verge train --model mlp --limit 1000 --epochs 60 --optimizer sgd --lr 0.02 --batch 128 --threads "$threads" \
  --dp --target-epsilon 3 --delta 1e-5 --clip 1 --dp-seed 0 --out "$models/dp" --json "$out/train-dp.json" 2>/dev/null
audit() { # NAME MODEL MEMBERS
  verge audit "$2" --members "$3" --non-members "$non_members" --shadows 4 --shadow-epochs 100 --threads "$threads" \
    --json "$out/audit-$1.json" --plot "$out/roc-$1.png" 2>/dev/null >/dev/null
}
audit overfit "$models/overfit" "$members"
audit dp "$models/dp" "$members"
audit control "$models/overfit" fashion-mnist:train[11000:12000]
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
print("| model | ε | acc. members | acc. non-members | attack | AUC | TPR @ 0.1% FPR | TPR @ 1% FPR | advantage |")
print("|---|---|---|---|---|---|---|---|---|")
eps = json.load(open(f"{out}/train-dp.json"))["privacy"]["epsilon"]
for name, e in (("overfit", "∞"), ("dp", f"{eps:.2f}"), ("control", "∞ (never-seen 'members')")):
    d = json.load(open(f"{out}/audit-{name}.json"))
    for a in d["attacks"]:
        print(f"| {name} | {e} | {d['members']['accuracy']:.2%} | {d['non_members']['accuracy']:.2%} | {a['attack']} | {a['auc']:.3f} | "
              f"{a['tpr_at_fpr_0_001']:.2%} | {a['tpr_at_fpr_0_01']:.2%} | {a['advantage']:.3f} |")
o = {a["attack"]: a for a in json.load(open(f"{out}/audit-overfit.json"))["attacks"]}
p = {a["attack"]: a for a in json.load(open(f"{out}/audit-dp.json"))["attacks"]}
s = json.load(open(f"{out}/audit-overfit.json"))["shadow_seconds"]
print(f"\nshadows: 4 x 100 epochs took {s:.1f} s for the overfit audit")
print(f"acceptance: overfit loss advantage {o['loss']['advantage']:.3f} >= 0.2: {'yes' if o['loss']['advantage'] >= 0.2 else 'NO'}; "
      f"DP twin (eps {eps:.2f}) loss advantage {p['loss']['advantage']:.3f} <= 0.05: {'yes' if p['loss']['advantage'] <= 0.05 else 'NO'}; "
      f"TPR at 0.1% FPR {p['loss']['tpr_at_fpr_0_001']:.2%} (loss), {p['lira-offline']['tpr_at_fpr_0_001']:.2%} (LiRA) <= 1%: "
      f"{'yes' if max(p['loss']['tpr_at_fpr_0_001'], p['lira-offline']['tpr_at_fpr_0_001']) <= 0.01 else 'NO'}")
PY
