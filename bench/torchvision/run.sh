#!/usr/bin/env bash
# Real torch.onnx exports against Verge: exports torchvision's networks (export.py), runs `verge inspect` and
# `verge profile --runs 3` on each, and writes docs/results/inspect-torchvision.md with nodes, parameters and MACs
# as Verge counts them next to the published figures and the zoo's own builds (Verge.Bench.Inspect).
#
# Usage: bench/torchvision/run.sh [OUT_DIR]        (default OUT_DIR: /tmp/verge-torchvision, not committed)
#   VERGE="dotnet path/to/verge.dll" bench/torchvision/run.sh   to use another build of the CLI than ./verge
# Needs: apt-get install -y python3-torch python3-torchvision python3-onnx
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${1:-/tmp/verge-torchvision}"
verge=(${VERGE:-$root/verge})
models=(resnet18 mobilenet_v2 squeezenet1_1 googlenet densenet121 shufflenet_v2_x1_0 lstm)
doc=docs/results/inspect-torchvision.md

if [ ! -f "$out/lstm.onnx" ]; then
  /usr/bin/python3 bench/torchvision/export.py "$out" 2>"$out.export.log" >&2 || { cat "$out.export.log" >&2; exit 1; }
fi

for m in "${models[@]}"; do
  echo "run: verge inspect / profile $m" >&2
  "${verge[@]}" inspect "$out/$m.onnx" --json "$out/$m.inspect.json" >"$out/$m.inspect.txt"
  "${verge[@]}" profile "$out/$m.onnx" --runs 3 --json "$out/$m.profile.json" >"$out/$m.profile.txt"
done

dotnet build bench/Verge.Bench.Inspect -c Release -nologo -v q -clp:ErrorsOnly >&2
files=(); for m in "${models[@]}"; do files+=("$out/$m.onnx"); done
table="$(dotnet bench/Verge.Bench.Inspect/bin/Release/net10.0/Verge.Bench.Inspect.dll "${files[@]}" 2>"$out/ops.txt")"

profiles="$(/usr/bin/python3 - "$out" "${models[@]}" <<'PY'
import json, sys
out, models = sys.argv[1], sys.argv[2:]
print("| model | inspect: params | inspect: MACs | profile: sum of nodes (ms) | profile: whole, unoptimised (ms) | profile: whole, optimised (ms) |")
print("|---|---:|---:|---:|---:|---:|")
for m in models:
    i = json.load(open(f"{out}/{m}.inspect.json"))
    p = json.load(open(f"{out}/{m}.profile.json"))
    print(f"| {m} | {i['params_total']:,} | {i['macs_total']:,} | {p['sum_node_ms']:.1f} | {p['whole_ms']:.1f} | {p['optimized_ms']:.1f} |")
PY
)"

mkdir -p docs/results
{
  echo "# torchvision ONNX exports, inspected by Verge"
  echo
  echo "Made by \`bench/torchvision/run.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores; torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), torchvision $(/usr/bin/python3 -c 'import torchvision; print(torchvision.__version__)')):"
  echo
  echo '```'
  echo "/usr/bin/python3 bench/torchvision/export.py $out   # weights=None, eval(), opset 13, batch 1, 224×224 (LSTM: 1×32×64)"
  echo "verge inspect $out/MODEL.onnx --json $out/MODEL.inspect.json"
  echo "verge profile $out/MODEL.onnx --runs 3 --json $out/MODEL.profile.json"
  echo "dotnet run -c Release --project bench/Verge.Bench.Inspect -- $out/MODEL.onnx ..."
  echo '```'
  echo
  echo "## Graph, parameters, MACs"
  echo
  echo "MACs are Verge's \`MacsTotal\` (conv and fc by the fvcore convention, plus one per output element of element-wise"
  echo "ops, pooling windows, recurrent gates); *conv+fc* counts Conv, Gemm, MatMul and LSTM only. *Published* is"
  echo "torchvision's model table (GFLOPS there are multiply-accumulates) or the paper (ShuffleNetV2: 146 M)."
  echo "The *zoo twin* is the same topology built by \`OnnxBuilder\` (\`zoo:NAME\`), with seeded weights."
  echo
  echo "$table"
  echo
  echo "## verge inspect / verge profile (--runs 3, default threads)"
  echo
  echo "CLI: \`${verge[*]}\`. Timings come from a 2-core host shared with other jobs: read them as rough, not as a"
  echo "benchmark. *Unoptimised* runs each ONNX node as its own kernel (how \`verge profile\` attributes time);"
  echo "*optimised* is ONNX Runtime with all graph optimisations."
  echo
  echo "$profiles"
  echo
  echo "## Operators per export"
  echo
  echo '```'
  cat "$out/ops.txt"
  echo '```'
  echo
  echo "## Reading the table"
  echo
  echo "- Every export loads. Verge's MAC totals for the exports equal those of the zoo twins to the fourth digit, and"
  echo "  lie within 2.5% of the published figures; the excess over conv+fc is Verge counting activations, additions"
  echo "  and pooling (MobileNetV2's 35 Clip nodes over large expanded tensors are the largest share)."
  echo "- Parameters are counted over float initializers, so they differ from torchvision's \`parameters()\` in three"
  echo "  known ways: (1) BatchNorm folded into a convolution leaves one bias per channel where PyTorch counts a scale"
  echo "  and a shift; (2) an unfolded BatchNormalization (DenseNet's pre-activation norms) carries its running mean and"
  echo "  variance as initializers, which PyTorch counts as buffers; (3) torch.onnx de-duplicates identical"
  echo "  initializers (with weights=None every folded BN bias is zero and every BN is 1/0/0/1) and reads the copies"
  echo "  through Identity nodes, so an export of an untrained model counts fewer parameters than a trained one."
  echo "- Node counts differ from the twins because the exports carry Identity (the de-duplicated weights),"
  echo "  Constant (Clip bounds, shapes) and the Shape/Gather/Div arithmetic of dynamic reshapes (ShuffleNetV2's"
  echo "  channel shuffle, the LSTM's initial state); these are data movement and cost no MACs."
} >"$doc"
echo "wrote $doc" >&2
