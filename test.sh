#!/usr/bin/env bash
# Runs every test project of MicroMorph (xunit: core, PowerShell-level in a hosted runspace,
# the shell, help) and ends with one line "N passed, N failed" summed over all projects.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Tiff]
set -uo pipefail
cd "$(dirname "$0")"
results="$PWD/TestResults"
rm -rf "$results"

passed=0
failed=0
status=0
# Release: the descriptor tests run real volumes, and unoptimised code is several times slower.
if ! dotnet build MicroMorph.slnx -c Release; then
  echo "The build failed." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@"
  rc=$?
  trx="$results/$name.trx"
  if [ -f "$trx" ]; then
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    # A test host that crashed after some tests leaves failed=0 with a non-zero exit: count it.
    if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then failed=$((failed + 1)); fi
  elif [ "$rc" -ne 0 ]; then
    echo "$name produced no results (exit $rc)." >&2
    failed=$((failed + 1))
  fi
  [ "$rc" -ne 0 ] && status=$rc
done

echo "${passed} passed, ${failed} failed"
exit "$status"
