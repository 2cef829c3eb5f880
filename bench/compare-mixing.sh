#!/usr/bin/env bash
# Mixing measures (000): MicroMorph (--mixing) and a numpy/scipy peer (bench/mixing_peer.py) on the
# same simulated maps. Usage: bench/compare-mixing.sh [MAPS] [SIZE] [SAMPLES] [N] [MAXLAG] [REPEATS]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
maps="${1:-50}"; size="${2:-1024}"; samples="${3:-150}"; n="${4:-25}"; lag="${5:-200}"; repeats="${6:-5}"
dotnet build -c Release "$here/MicroMorph.Benchmarks" -v q -nologo >/dev/null || exit 1
dll="$here/MicroMorph.Benchmarks/bin/Release/net10.0/MicroMorph.Benchmarks.dll"
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
dotnet "$dll" --mixing write "$dir" "$maps" "$size"
echo "{\"tool\":\"micromorph\",\"run\":$(dotnet "$dll" --mixing schmahl "$maps" "$size" "$samples" "$n" "$repeats")}"
echo "{\"tool\":\"micromorph-1thread\",\"run\":$(dotnet "$dll" --mixing schmahl "$maps" "$size" "$samples" "$n" "$repeats" 1)}"
echo "{\"tool\":\"numpy\",\"run\":$(/usr/bin/python3 "$here/mixing_peer.py" schmahl "$dir" "$maps" "$size" "$samples" "$n" "$repeats")}"
echo "{\"tool\":\"micromorph\",\"run\":$(dotnet "$dll" --mixing correlation "$size" "$lag" "$repeats")}"
echo "{\"tool\":\"micromorph-1thread\",\"run\":$(dotnet "$dll" --mixing correlation "$size" "$lag" "$repeats" 1)}"
echo "{\"tool\":\"scipy\",\"run\":$(/usr/bin/python3 "$here/mixing_peer.py" correlation "$dir" "$size" "$lag" "$repeats")}"
