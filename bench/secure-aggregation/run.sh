#!/usr/bin/env bash
# Secure aggregation vs plain quantised updates at 10 clients (fl simulate, cnn-small, IID, 3 rounds): uplink bytes
# per client and round, wall seconds per round, final accuracy. Prints a Markdown table; JSON and logs go to
# bench/secure-aggregation/out. Usage: bench/secure-aggregation/run.sh [CLIENTS] (default 10); VERGE_DLL overrides the CLI.
set -eu
cd "$(dirname "$0")/../.."
DLL=${VERGE_DLL:-src/Verge.Cli/bin/Release/net10.0/verge.dll}
OUT=bench/secure-aggregation/out
N=${1:-10}
mkdir -p $OUT
COMMON="--clients $N --rounds 3 --model cnn-small --alpha 0 --local-steps 20 --train-limit 20000 --test-limit 2000 --threads 1"
run() { # name, extra flags
  dotnet "$DLL" fl simulate $COMMON $2 --json $OUT/$1.json > $OUT/$1.log 2>&1
}
run q8 "--codec q8"
run q8-secagg "--codec q8 --secure-aggregation"
run q8-secagg-plus "--codec q8 --secure-aggregation --secagg-neighbours 4"
run q8-secagg-drop "--codec q8 --secure-aggregation --stragglers drop=0.2"
run fp32 "--codec fp32"
run fp32-secagg "--codec fp32 --secure-aggregation"
echo "| run | uplink per client and round | vs q8 | wall per round | final test acc |"
echo "|---|---:|---:|---:|---:|"
base=$(jq '[.rounds[] | .uplink_bytes / .participants] | add / length' $OUT/q8.json)
for name in q8 q8-secagg q8-secagg-plus q8-secagg-drop fp32 fp32-secagg; do
  jq -r --arg name "$name" --argjson base "$base" \
    '([.rounds[] | select(.participants > 0) | .uplink_bytes / .participants] | add / length) as $up
     | "| \($name) | \($up | floor) B | \($up / $base * 100 | round / 100)× | \(.total_wall_seconds / (.rounds | length) * 10 | round / 10) s | \(.final_test_acc * 1000 | round / 10) % |"' $OUT/$name.json
done
