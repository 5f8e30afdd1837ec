#!/usr/bin/env bash
# Re-measures the timing-sensitive results, one after the other on a quiet host, into docs/results/.
# Each step's own command is what the docs cite; this script only runs them in order.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/setup --quiet
if [ -z "${VERGE_CACHE:-}" ]; then   # fresh profiles, measured now, in a folder removed at the end
  VERGE_CACHE="$(mktemp -d)"
  trap 'rm -rf "$VERGE_CACHE"' EXIT
fi
export VERGE_CACHE
echo "== profiles" >&2
bench/profile/profile-models.sh
echo "== partition" >&2
./verge bench partition --speeds 0.05,0.15,0.5 --frames 10 --markdown docs/results/partition.md --plot docs/results/partition.png --json docs/results/partition.json
echo "== re-planning on a bandwidth drop" >&2
./verge run examples/resnet18-wifi-to-3g.yaml --frames 20 --json docs/results/replan-resnet18.json > docs/results/replan-resnet18.txt
echo "== learning epoch time" >&2
dotnet build bench/Verge.Bench.Learning -c Release -nologo -v quiet >/dev/null
{ /usr/bin/time -f "verge wall %e s" dotnet bench/Verge.Bench.Learning/bin/Release/net10.0/Verge.Bench.Learning.dll lenet5 1 64 2; } > docs/results/epoch-verge.txt 2>&1 || true
{ /usr/bin/time -f "pytorch wall %e s" /usr/bin/python3 bench/pytorch/lenet5_epoch.py 1 64 2; } > docs/results/epoch-pytorch.txt 2>&1 || true
echo "== secure aggregation (tables printed; copy into docs/results/secure-aggregation.md)" >&2
bench/secure-aggregation/run.sh
dotnet build bench/Verge.Bench.SecAgg -c Release -nologo -v quiet >/dev/null
dotnet bench/Verge.Bench.SecAgg/bin/Release/net10.0/Verge.Bench.SecAgg.dll 10
dotnet bench/Verge.Bench.SecAgg/bin/Release/net10.0/Verge.Bench.SecAgg.dll 100 215546 2
echo "done" >&2
