#!/usr/bin/env bash
# MicroMorph against the strongest peers (issue 21), interleaved in the same run:
#   edt (seung-lab, parallel=2) for the exact EDT, PoreSpy for local thickness, porosimetry and the
#   two-point correlation, TauFactor (CPU, 2 threads) for the effective tortuosity.
# Every (tool, row, round) runs in its own process under /usr/bin/time -v (peak RSS); the order of the
# two tools alternates between rounds; the row's figure is the median over the rounds. In round 1 both
# tools write their maps and the script checks they are equal (count of differing voxels, max |diff|).
# Writes the raw lines to $WORK/strong-results.jsonl and the summary to bench/results/strong.tsv
# (read by bench/update-results-table.py, which writes the current table at the top of bench/RESULTS.md).
#
# Usage: bench/compare-strong.sh [ROUNDS] [ROW...]   (default 3 rounds, all rows)
# Rows: edt256 edt512 lt256 ltbig256 constr256 constrbig256 tpc256 tau  (and lt256-exact, ltbig256-exact:
#       PoreSpy's exact local thickness, every distinct distance as a size; slow, one round, map check)
# Env:  DLL (a built MicroMorph.Benchmarks.dll: skip the build), WORK (default /tmp/mm-peers: volumes in $WORK/data, made by strong/gen_volumes.py if missing),
#       MAXDOP (MicroMorph's threads, default 2 = edt's parallel=2 and TauFactor's 2 torch threads).
# Needs: bash ../shared/peers/strong/setup.sh (edt, PoreSpy) and Debian's python3-torch (TauFactor).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
strong="$(cd "$root/../shared/peers/strong" && pwd)" || { echo "peers not found at ../shared/peers/strong" >&2; exit 1; }
rounds="${1:-3}"; shift || true
rows=("$@")
[ ${#rows[@]} -eq 0 ] && rows=(edt256 edt512 lt256 ltbig256 constr256 constrbig256 tpc256 tau)
work="${WORK:-/tmp/mm-peers}"
maxdop="${MAXDOP:-2}"
data="$work/data"
mkdir -p "$data" "$work/maps" "$root/bench/results"
pp="$(bash "$strong/setup.sh" | tail -1)" || { echo "strong/setup.sh failed" >&2; exit 1; }
for v in spheres_256 spheres_512 bigballs_256; do
  [ -f "$data/$v.raw" ] || { /usr/bin/python3 "$strong/gen_volumes.py" "$data" >/dev/null; break; }
done

# The benchmark driver (Release); under the build lock when other builds may run in the same checkout.
# DLL=path/MicroMorph.Benchmarks.dll uses an existing build instead (e.g. of another checkout).
dll="${DLL:-$root/bench/MicroMorph.Benchmarks/bin/Release/net10.0/MicroMorph.Benchmarks.dll}"
if [ -z "${DLL:-}" ]; then
  (cd "$root" && flock -x /tmp/mm-build.lock dotnet build -c Release bench/MicroMorph.Benchmarks -v q -nologo >/dev/null) || { echo "build failed" >&2; exit 1; }
fi
electrode="$root/examples/data/electrode.tiff"
out="$work/strong-results.jsonl"
: > "$out"

# row -> "mm_op volume n peer_op"; tau: volume = the electrode TIFF, n = the pore label (0)
spec() {
  case "$1" in
    edt256) echo "edt spheres_256 256 edt_p2" ;;
    edt512) echo "edt spheres_512 512 edt_p2" ;;
    lt256) echo "lt spheres_256 256 lt_dt" ;;
    ltbig256) echo "lt bigballs_256 256 lt_dt" ;;
    lt256-exact) echo "lt spheres_256 256 lt_dt_exact" ;;
    ltbig256-exact) echo "lt bigballs_256 256 lt_dt_exact" ;;
    constr256) echo "constrictivity spheres_256 256 por_int" ;;
    constrbig256) echo "constrictivity bigballs_256 256 por_int" ;;
    tpc256) echo "tpc spheres_256 256 tpc" ;;
    tau) echo "tau electrode 0 tau" ;;
    *) echo "unknown row $1" >&2; return 1 ;;
  esac
}

run() { # tool row round mm_op volume n peer_op mapfile
  local tool=$1 row=$2 round=$3 op=$4 vol=$5 n=$6 pop=$7 map=$8 log line load
  log=$(mktemp); load=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$tool" = peer ] && [ "$pop" = tau ]; then
    line=$(PYTHONPATH="$strong/tfcompat:$strong/vendor/taufactor" MALLOC_ARENA_MAX=2 MALLOC_TRIM_THRESHOLD_=-1 \
      MALLOC_MMAP_THRESHOLD_=4294967296 /usr/bin/time -v -o "$log" /usr/bin/python3 "$here/taufactor_peer.py" "$electrode" "$n" 2>/dev/null | tail -1)
  elif [ "$tool" = peer ]; then
    line=$(PYTHONPATH="$pp" /usr/bin/time -v -o "$log" /usr/bin/python3 "$strong/peer_driver.py" "$pop" "$data/$vol.raw" "$n" "$map" 2>/dev/null | tail -1)
  elif [ "$op" = tau ]; then
    line=$(/usr/bin/time -v -o "$log" dotnet "$dll" --strong tau "$electrode" "$n" - "$maxdop" | tail -1)
  else
    line=$(/usr/bin/time -v -o "$log" dotnet "$dll" --strong "$op" "$data/$vol.raw" "$n" "$map" "$maxdop" | tail -1)
  fi
  local rss; rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log"); rm -f "$log"
  [ "$map" = - ] || sync # a written map's writeback (up to 512 MiB) must not fall into the next timed run
  case "$line" in \{*) ;; *) line='{"error": "no output"}' ;; esac
  echo "{\"row\":\"$row\",\"tool\":\"$tool\",\"round\":$round,\"load\":$load,\"rss_kib\":${rss:-0},\"time\":\"$(date -u +%FT%TZ)\",\"run\":$line}" | tee -a "$out"
}

for ((r = 1; r <= rounds; r++)); do
  for row in "${rows[@]}"; do
    set -- $(spec "$row") || exit 1
    op=$1 vol=$2 n=$3 pop=$4
    case "$row" in *-exact) [ "$r" -gt 1 ] && continue ;; esac
    mmmap=- peermap=-
    if [ "$r" = 1 ]; then
      case "$row" in edt* | *-exact) mmmap="$work/maps/$row.mm.f32"; peermap="$work/maps/$row.peer.f32" ;;
                     tpc*) mmmap="$work/maps/$row.mm.json"; peermap="$work/maps/$row.peer.json" ;; esac
    fi
    if [ $((r % 2)) = 1 ]; then
      run peer "$row" "$r" "$op" "$vol" "$n" "$pop" "$peermap"; run mm "$row" "$r" "$op" "$vol" "$n" "$pop" "$mmmap"
    else
      run mm "$row" "$r" "$op" "$vol" "$n" "$pop" "$mmmap"; run peer "$row" "$r" "$op" "$vol" "$n" "$pop" "$peermap"
    fi
  done
done

/usr/bin/python3 "$here/strong_summary.py" "$out" "$work/maps" "$root/bench/results/strong.tsv" "$rounds"
