#!/usr/bin/env bash
# Preprocessing filters (issue 5) against scipy.ndimage on the same UInt8 volume (FilterQuickRun.Grey):
# Gaussian sigma 2 and 5 at 256^3 and 512^3, median (ball radius 2) at 256^3, hole filling and small
# component removal at 256^3 and 512^3. Each run in its own process; one JSON line per run, then
# the ratios scipy / MicroMorph. Usage: bench/compare-filters.sh [REPEATS] [SIZES]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repeats="${1:-3}"; sizes="${2:-256 512}"
dotnet build -c Release "$here/MicroMorph.Benchmarks" -v q -nologo >/dev/null || exit 1
dll="$here/MicroMorph.Benchmarks/bin/Release/net10.0/MicroMorph.Benchmarks.dll"
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
out="$dir/results.jsonl"
run() { # op n param
  local a b
  a=$(dotnet "$dll" --filter "$1" "$2" "$3" "$repeats")
  b=$(/usr/bin/python3 "$here/filters_peer.py" "$1" "$dir/grey_$2.raw" "$2" "$3" "$repeats")
  echo "$a"; echo "$b"
  echo "$a" >> "$out"; echo "$b" >> "$out"
}
for n in $sizes; do
  dotnet "$dll" --filter write "$dir/grey_$n.raw" "$n"
  run gaussian "$n" 2
  run gaussian "$n" 5
  run fillholes "$n" 6
  run removesmall "$n" 100
  [ "$n" -le 256 ] && run median "$n" 2
done
/usr/bin/python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
ours = {(r["op"], r["n"], r["param"]): r for r in rows if r["tool"] == "MicroMorph"}
for r in rows:
    if r["tool"] != "scipy":
        continue
    m = ours[(r["op"], r["n"], r["param"])]
    print(f'{r["op"]:12s} n={r["n"]:4d} param={r["param"]:g}: MicroMorph {m["median_s"]:.3f} s, SciPy {r["median_s"]:.3f} s, '
          f'ratio {r["median_s"] / m["median_s"]:.1f}x, checksums {m["checksum"]:.6f} / {r["checksum"]:.6f}')
PY
