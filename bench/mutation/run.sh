#!/usr/bin/env bash
# Mutation check, on demand: Stryker.NET mutates the planners, the update and tensor codecs and the aggregation math
# one mutant at a time and runs the tests that cover each, in a private copy of the tree (its builds never touch
# yours). Usage: bench/mutation/run.sh [planners|codecs|wire ...]   (default: all three)
# Writes .build/mutation/<suite>/reports/mutation-report.json and prints the summary (bench/mutation/summary.py).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(planners codecs wire)
tools="$root/.build/tools"
if [ ! -x "$tools/dotnet-stryker" ]; then
  dotnet tool install dotnet-stryker --version 5.1.0 --tool-path "$tools" >/dev/null
fi
export VERGE_CACHE="${VERGE_CACHE:-$root/.build/cache}"
# Stryker unpacks its own VSTest into the temp folder (RANDOM/.vstest, 32 MB a run) and leaves it there, beside its
# test runs' scratch files: a private temp folder for it, removed however this script ends, keeps /tmp clean.
scratch="$(mktemp -d "${TMPDIR:-/tmp}/verge-mutation-XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
for suite in "${suites[@]}"; do
  work="$root/.build/mutation/$suite"
  rm -rf "$work" && mkdir -p "$work/tree"
  # The tracked and new (not ignored) files only: no bin/obj, so the copy builds from scratch.
  git ls-files -z --cached --others --exclude-standard \
    | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$work/tree"
  case "$suite" in
    planners) tests=tests/Verge.Inference.Tests ;;
    codecs) tests=tests/Verge.Learning.Tests ;;
    wire) tests=tests/Verge.Net.Tests ;;
    *) echo "unknown suite '$suite'; use planners, codecs or wire"; exit 2 ;;
  esac
  # Run from the test project (Stryker's project mode): the test filter and the files to mutate are in the config.
  ( cd "$work/tree/$tests" && TMPDIR="$scratch" nice -n 10 "$tools/dotnet-stryker" --config-file "$root/bench/mutation/$suite.json" \
      --output "$work/reports-run" --skip-version-check ) > "$work/stryker.log" 2>&1 || {
    echo "$suite: stryker failed, see $work/stryker.log"; tail -20 "$work/stryker.log"; exit 1; }
  report=$(find "$work/reports-run" -name mutation-report.json | head -1)
  mkdir -p "$work/reports" && cp "$report" "$work/reports/mutation-report.json"
  python3 "$root/bench/mutation/summary.py" "$suite" "$work/reports/mutation-report.json"
done
