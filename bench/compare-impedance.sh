#!/usr/bin/env bash
# Blocking-electrode impedance: MicroMorph (Measure-ElectrodeImpedance) and TauFactor (ImpedanceSolver,
# ElectrodeSolver) on the same volumes in the same run, each in its own process under /usr/bin/time -v.
# Cases: a generated Boolean model (SIZE^3, default 40^3; balls of radius 6, seed 7; pore conductive, solid reactive), a
# SIZE^3 crop of the sample electrode (pore 0 conductive, NMC 85 reactive, CBD 170 inert), TauFactor's 26-frequency
# spectrum on a 16^3 Boolean model (NYQUIST) and, for
# ElectrodeSolver and MicroMorph only, the whole 256^3 electrode (TauFactor's complex SOR would take hours), with
# MicroMorph's whole default spectrum of it (case electrode256-spectrum).
# Needs Debian's python3-torch, python3-skimage, python3-tifffile. Usage: bench/compare-impedance.sh [CONV] (TauFactor's convergence criterion, default its own 1e-3)
# Environment: SIZE, NYQUIST, FULL (above), CASES="boolean electrode" (either or both), APPEND=1 (keep earlier lines in the results file).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
peers="$(cd "$root/../shared/peers/strong" && pwd)"
conv="${1:-1e-3}"
size="${SIZE:-40}"   # edge of the generated volume and of the electrode crop
full="${FULL:-1}"    # 0: skip the whole 256^3 electrode (a quick check of the script)
nyq="${NYQUIST:-16}" # edge of the generated volume for TauFactor's 26-frequency spectrum (0: skip)
cases="${CASES:-boolean electrode}" # which SIZE^3 cases to run (TauFactor's SOR on a 64^3 Boolean model takes over half an hour)
work="${TMPDIR:-/tmp}/mm-impedance"
mkdir -p "$work"
out="$work/impedance-results.jsonl"   # raw lines (outside the repository)
[ "${APPEND:-0}" = 1 ] || : > "$out"
export PYTHONPATH="$peers/tfcompat:$peers/vendor/taufactor"
export MALLOC_ARENA_MAX=2 MALLOC_TRIM_THRESHOLD_=-1 MALLOC_MMAP_THRESHOLD_=4294967296

(cd "$root" && dotnet pwsh -NoProfile -Command "
  Import-Module ./MicroMorph.psd1
  New-BooleanModel -Size $size -Intensity 7.66e-4 -Radius 6 -Seed 7 | Export-VoxelStack -Path '$work/boolean$size.tif' -Force
  if ($nyq -gt 0) { New-BooleanModel -Size $nyq -Intensity 7.66e-4 -Radius 6 -Seed 7 | Export-VoxelStack -Path '$work/boolean$nyq.tif' -Force }
  Import-VoxelStack ./examples/data/electrode.tiff | Select-VoxelRegion -Origin 0, 0, 0 -Size $size, $size, $size | Export-VoxelStack -Path '$work/electrode$size.tif' -Force") || exit 1

rss() { awk -F': ' '/Maximum resident set size/{print $2}' "$1"; }

peer() { # case path cond reac solver
  local log; log=$(mktemp)
  local line; line=$(/usr/bin/time -v -o "$log" /usr/bin/python3 "$here/impedance_peer.py" "$2" "$3" "$4" "$5" "$conv" | tail -1)
  echo "{\"case\":\"$1\",\"tool\":\"taufactor-$5\",\"rss_kib\":$(rss "$log"),\"run\":$line}" | tee -a "$out"
  rm -f "$log"
}

mm() { # case path cond reac [frequencies...]
  local c="$1" p="$2" a="$3" b="$4"; shift 4
  local log; log=$(mktemp)
  local line; line=$(cd "$root" && /usr/bin/time -v -o "$log" dotnet pwsh -NoProfile -File "$here/impedance_micromorph.ps1" "$p" "$a" "$b" "$@" | tail -1)
  echo "{\"case\":\"$c\",\"tool\":\"micromorph\",\"rss_kib\":$(rss "$log"),\"run\":$line}" | tee -a "$out"
  rm -f "$log"
}

for job in "boolean$size $work/boolean$size.tif 0 1" "electrode$size $work/electrode$size.tif 0 85"; do
  set -- $job
  case " $cases " in *" ${1%$size} "*) ;; *) continue ;; esac
  peer "$1" "$2" "$3" "$4" impedance
  peer "$1" "$2" "$3" "$4" electrode
  # MicroMorph at TauFactor's two frequencies (omega_0 / 2, omega_0 / 4), read from the peer's line.
  freqs=$(tail -2 "$out" | head -1 | /usr/bin/python3 -c 'import json,sys; print(" ".join(repr(f) for f in json.loads(sys.stdin.read())["run"]["frequency"]))')
  mm "$1" "$2" "$3" "$4" $freqs
done
if [ "$nyq" -gt 0 ]; then
  peer "nyquist$nyq" "$work/boolean$nyq.tif" 0 1 nyquist
  freqs=$(tail -1 "$out" | /usr/bin/python3 -c 'import json,sys; print(" ".join(repr(f) for f in json.loads(sys.stdin.read())["run"]["frequency"]))')
  mm "nyquist$nyq" "$work/boolean$nyq.tif" 0 1 $freqs
fi
if [ "$full" = 1 ]; then
  peer electrode256 "$root/examples/data/electrode.tiff" 0 85 electrode
  mm electrode256 "$root/examples/data/electrode.tiff" 0 85
  # The whole default spectrum (R_ion, tau_e and 4 frequencies per decade from omega_0 / 10).
  SPECTRUM=default mm electrode256-spectrum "$root/examples/data/electrode.tiff" 0 85
fi

# Summary table.
/usr/bin/python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("| case | tool | tau_e | Z(omega_0/4) | iterations | wall s | peak RSS MiB |")
print("|---|---|---|---|---|---|---|")
peer = {}
for r in rows:
    run = r["run"]
    tau = run.get("tau_e_from_z", run.get("tau_e"))
    z = ""
    if run.get("z_real"):
        k = min(range(len(run["frequency"])), key=lambda i: run["frequency"][i])
        z = f'{run["z_real"][k]:.6g} {run["z_imag"][k]:+.6g}i'
    print(f'| {r["case"]} | {r["tool"]} | {tau:.5f} | {z} | {run.get("iterations", "")} | {run["seconds"]:.1f} | {r["rss_kib"] / 1024:.0f} |')
    if r["tool"].startswith("taufactor-") and run.get("z_real"):
        peer[r["case"]] = run
    elif r["tool"] == "micromorph" and r["case"] in peer:
        p = peer[r["case"]]
        # TauFactor's complex SOR can diverge at high frequency (NaN or |Z| ~ 1e-300 while flagged converged): count those apart.
        zp = {f: complex(a, b) for f, a, b in zip(p["frequency"], p["z_real"], p["z_imag"])}
        zm = {f: complex(a, b) for f, a, b in zip(run["frequency"], run["z_real"], run["z_imag"])}
        # Diverged: NaN, or a magnitude below a thousandth of MicroMorph's (TauFactor returns 1e-300 to 1e-7 there).
        good = {f: z for f, z in zp.items() if z == z and f in zm and abs(z) > 1e-3 * abs(zm[f])}
        worst = max(abs(zm[f] - z) / abs(z) for f, z in good.items())
        bad = len(zp) - len(good)
        note = f", TauFactor diverged (NaN or tiny) at the {bad} highest" if bad else ""
        print(f'| {r["case"]} | largest relative difference of Z over {len(good)} frequencies{note} | {worst:.2e} | | | | |')
PY
