#!/usr/bin/env bash
# Issue 17's fuzzers in one command: builds the bench, then runs every category (or the ones given) and prints the
# per-category table. Inputs that crash, hang or hit an internal error go to out/fuzz-findings/ (findings.tsv says
# how to replay each). Examples:
#   bench/Verge.Bench.Fuzz/run.sh                          # 10,000 inputs per category, seed 1, 2 workers
#   bench/Verge.Bench.Fuzz/run.sh --category specs --count 500 --seed 7
#   bench/Verge.Bench.Fuzz/run.sh --replay specs 1 31      # one saved case again, in this process
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build bench/Verge.Bench.Fuzz -c Release -nologo -v q -clp:ErrorsOnly >&2
dll="$root/bench/Verge.Bench.Fuzz/bin/Release/net10.0/Verge.Bench.Fuzz.dll"
if [ "${1:-}" = "--replay" ]; then exec dotnet "$dll" "$@"; fi
exec dotnet "$dll" --count 10000 --workers 2 --findings out/fuzz-findings "$@"
