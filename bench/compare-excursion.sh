#!/usr/bin/env bash
# Gaussian excursion set (001 Table 2 parameters, 40 nm voxels): MicroMorph against a numpy/SciPy
# FFT implementation of the same circulant embedding (bench/excursion_peer.py), in the same run.
# Each (tool, size) runs in its own process under /usr/bin/time -v (peak RSS), REPEATS times
# (default 3), the two tools alternating; the summary shows medians of the times (JIT included for
# MicroMorph, imports excluded for Python) and the largest peak RSS.
# Usage: [REPEATS=3] bench/compare-excursion.sh [SIZES...]   (default: 256 400)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sizes=("${@:-256 400}")
[ $# -eq 0 ] && sizes=(256 400)
dotnet build -c Release "$here/MicroMorph.Benchmarks" -v q -nologo >/dev/null || exit 1
dll="$here/MicroMorph.Benchmarks/bin/Release/net10.0/MicroMorph.Benchmarks.dll"
out="$here/excursion-results.jsonl"
: > "$out"

run() { # tool n
  local log; log=$(mktemp)
  local line
  if [ "$1" = peer ]; then
    line=$(/usr/bin/time -v -o "$log" /usr/bin/python3 "$here/excursion_peer.py" "$2" 40)
  else
    line=$(/usr/bin/time -v -o "$log" dotnet "$dll" --model excursion "$2" 40 1)
  fi
  local rss; rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log")
  rm -f "$log"
  echo "{\"tool\":\"$1\",\"rss_kib\":$rss,\"run\":$line}" | tee -a "$out"
}

for n in "${sizes[@]}"; do
  for ((r = 0; r < ${REPEATS:-3}; r++)); do
    run micromorph "$n"
    run peer "$n"
  done
done

/usr/bin/python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
from statistics import median
by = {}
for r in rows:
    by.setdefault((r["tool"], r["run"]["n"]), []).append(r)
def summary(rs):
    return median(r["run"]["median_s"] for r in rs), max(r["rss_kib"] for r in rs), rs[0]["run"]["grid"], len(rs)
print(f"{'n':>5} {'grid':>12} {'runs':>4} {'MicroMorph s':>13} {'RSS MiB':>8} {'B/voxel':>8} {'peer s':>8} {'RSS MiB':>8} {'B/voxel':>8} {'time ratio':>11}")
for (tool, n), rs in sorted(by.items()):
    if tool != "micromorph":
        continue
    t, rss, grid, k = summary(rs)
    v = n ** 3
    line = f"{n:>5} {grid:>12} {k:>4} {t:13.2f} {rss / 1024:8.0f} {rss * 1024 / v:8.2f}"
    if ("peer", n) in by:
        pt, prss, _, _ = summary(by[("peer", n)])
        line += f" {pt:8.2f} {prss / 1024:8.0f} {prss * 1024 / v:8.2f} {t / pt:11.2f}"
    print(line)
PY
