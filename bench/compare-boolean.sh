#!/usr/bin/env bash
# Boolean model of balls: MicroMorph (--model boolean) and a numpy peer (bench/boolean_numpy.py),
# each in its own process under /usr/bin/time -v (peak RSS). Usage: bench/compare-boolean.sh [N] [GERMS] [RADIUS] [REPEATS]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n="${1:-512}"; germs="${2:-50000}"; radius="${3:-8}"; repeats="${4:-5}"
dotnet build -c Release "$here/MicroMorph.Benchmarks" -v q -nologo >/dev/null || exit 1
dll="$here/MicroMorph.Benchmarks/bin/Release/net10.0/MicroMorph.Benchmarks.dll"
run() { # label command...
  local log; log=$(mktemp)
  local line; line=$(/usr/bin/time -v -o "$log" "${@:2}")
  local rss; rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log")
  rm -f "$log"
  echo "{\"tool\":\"$1\",\"rss_kib\":$rss,\"run\":$line}"
}
run micromorph dotnet "$dll" --model boolean "$n" "$germs" "$radius" "$repeats"
run micromorph-1thread dotnet "$dll" --model boolean "$n" "$germs" "$radius" "$repeats" 1
run numpy /usr/bin/python3 "$here/boolean_numpy.py" "$n" "$germs" "$radius" "$repeats"
