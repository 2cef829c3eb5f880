#!/usr/bin/env bash
# Gaussian excursion set (001 Table 2 parameters, 40 nm voxels): MicroMorph against a numpy/SciPy
# FFT implementation of the same circulant embedding (bench/excursion_peer.py), in the same run.
# Each (tool, size) runs in its own process under /usr/bin/time -v (peak RSS).
# Usage: bench/compare-excursion.sh [SIZES...]   (default: 256 400)
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
  run micromorph "$n"
  run peer "$n"
done

/usr/bin/python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {(r["tool"], r["run"]["n"]): r for r in rows}
print(f"{'n':>5} {'grid':>12} {'MicroMorph s':>13} {'RSS MiB':>8} {'B/voxel':>8} {'peer s':>8} {'RSS MiB':>8} {'B/voxel':>8} {'time ratio':>11}")
for (tool, n), r in sorted(by.items()):
    if tool != "micromorph":
        continue
    p = by.get(("peer", n))
    v = n ** 3
    line = f"{n:>5} {r['run']['grid']:>12} {r['run']['median_s']:13.2f} {r['rss_kib'] / 1024:8.0f} {r['rss_kib'] * 1024 / v:8.2f}"
    if p:
        line += f" {p['run']['median_s']:8.2f} {p['rss_kib'] / 1024:8.0f} {p['rss_kib'] * 1024 / v:8.2f} {r['run']['median_s'] / p['run']['median_s']:11.2f}"
    print(line)
PY
