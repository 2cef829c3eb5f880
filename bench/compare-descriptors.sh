#!/usr/bin/env bash
# Descriptors on the peers' volumes, MicroMorph and SciPy / scikit-image in the same run.
# Each (tool, op, size) runs in its own process under /usr/bin/time -v (peak RSS); prints one
# JSON line per run and a summary table with the time ratio MicroMorph / peer.
# Needs the Debian peers (bash ../shared/peers/setup.sh). Usage: bench/compare-descriptors.sh [REPEATS]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peers="$(cd "$here/../../shared/peers" 2>/dev/null && pwd || true)"
repeats="${1:-3}"
work="$here/peers"
mkdir -p "$work"
[ -n "$peers" ] && cp -u "$peers"/*.py "$work"/
[ -f "$work/data/spheres_256.raw" ] && [ -f "$work/data/spheres_512.raw" ] || (cd "$work" && /usr/bin/python3 gen_volume.py 256 512 >/dev/null)

dotnet build -c Release "$here/MicroMorph.Benchmarks" -v q -nologo >/dev/null || exit 1
dll="$here/MicroMorph.Benchmarks/bin/Release/net10.0/MicroMorph.Benchmarks.dll"
out="$here/descriptor-results.jsonl"
: > "$out"

run() { # tool op n
  local log; log=$(mktemp)
  local line
  if [ "$1" = peer ]; then
    line=$(cd "$work" && /usr/bin/time -v -o "$log" /usr/bin/python3 bench.py "$2" "$3" "$repeats")
  else
    line=$(/usr/bin/time -v -o "$log" dotnet "$dll" --descriptor "$2" "$3" "$repeats" "$work/data/spheres_$3.raw")
  fi
  local rss; rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log")
  rm -f "$log"
  echo "{\"tool\":\"$1\",\"rss_kib\":$rss,\"run\":$line}" | tee -a "$out"
}

for job in "edt edt 256" "edt edt 512" "euler26 euler26 256" "mc_area intrinsic 256"; do
  set -- $job
  run peer "$1" "$3"
  run micromorph "$2" "$3"
done
for job in "geodesic 256" "constrictivity 256" "edt 256"; do
  set -- $job
  run micromorph "$1" "$2"
done

/usr/bin/python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
peer = {(r["run"]["op"], r["run"]["n"]): r for r in rows if r["tool"] == "peer"}
pairs = {"edt": "edt", "euler26": "euler26", "intrinsic": "mc_area"}
print(f"{'op':<16}{'n':>5}{'MicroMorph s':>14}{'RSS MiB':>9}{'peer s':>9}{'RSS MiB':>9}{'ratio':>8}")
for r in rows:
    if r["tool"] != "micromorph":
        continue
    op, n = r["run"]["op"], r["run"]["n"]
    p = peer.get((pairs.get(op, ""), n))
    ps = f"{p['run']['median_s']:9.3f}{p['rss_kib'] / 1024:9.0f}{r['run']['median_s'] / p['run']['median_s']:8.3f}" if p else ""
    print(f"{op:<16}{n:>5}{r['run']['median_s']:14.3f}{r['rss_kib'] / 1024:9.0f}{ps}")
PY
