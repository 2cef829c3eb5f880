#!/usr/bin/env bash
# Particle labelling against SciPy's ndimage.label (26-connectivity) on the peers' volumes, and
# the watershed + measurement of a generated 256^3 particle system (about 5000 balls), in the
# same run. Each (tool, op, size) runs in its own process under /usr/bin/time -v (peak RSS);
# prints one JSON line per run and a summary with the time ratio peer / MicroMorph.
# Needs the Debian peers (bash ../shared/peers/setup.sh). Usage: bench/compare-particles.sh [REPEATS]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peers="$(cd "$here/../../shared/peers" 2>/dev/null && pwd || true)"
repeats="${1:-5}"
work="$here/peers"
mkdir -p "$work"
[ -n "$peers" ] && cp -u "$peers"/*.py "$work"/
[ -f "$work/data/spheres_256.raw" ] && [ -f "$work/data/spheres_512.raw" ] || (cd "$work" && /usr/bin/python3 gen_volume.py 256 512 >/dev/null)

dotnet build -c Release "$here/MicroMorph.Benchmarks" -v q -nologo >/dev/null || exit 1
dll="$here/MicroMorph.Benchmarks/bin/Release/net10.0/MicroMorph.Benchmarks.dll"
out="$here/particle-results.jsonl"
: > "$out"

run() { # tool op n
  local log; log=$(mktemp)
  local line
  if [ "$1" = peer ]; then
    line=$(cd "$work" && /usr/bin/time -v -o "$log" /usr/bin/python3 bench.py "$2" "$3" "$repeats")
  else
    local extra=""
    case "$2" in label*) extra="$work/data/spheres_$3.raw" ;; esac
    line=$(/usr/bin/time -v -o "$log" dotnet "$dll" --particles "$2" "$3" "$repeats" $extra)
  fi
  local rss; rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log")
  rm -f "$log"
  echo "{\"tool\":\"$1\",\"rss_kib\":$rss,\"run\":$line}" | tee -a "$out"
}

for n in 256 512; do
  run peer label26 "$n"
  run micromorph label26 "$n"
done
run micromorph label6 512
run micromorph watershed 256

/usr/bin/python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
peer = {(r["run"]["op"], r["run"]["n"]): r for r in rows if r["tool"] == "peer"}
print(f"{'op':<12}{'n':>5}{'MicroMorph s':>14}{'RSS MiB':>9}{'SciPy s':>9}{'RSS MiB':>9}{'speed-up':>9}  same result")
for r in rows:
    if r["tool"] != "micromorph":
        continue
    op, n = r["run"]["op"], r["run"]["n"]
    p = peer.get((op, n))
    ps = ""
    if p:
        same = all(p["run"]["result"][k] == r["run"]["result"][k] for k in ("n_components", "largest"))
        ps = f"{p['run']['median_s']:9.3f}{p['rss_kib'] / 1024:9.0f}{p['run']['median_s'] / r['run']['median_s']:9.2f}  {same}"
    print(f"{op:<12}{n:>5}{r['run']['median_s']:14.3f}{r['rss_kib'] / 1024:9.0f}{ps}")
PY
