#!/usr/bin/env bash
# Times import of a 512^3 UInt16 uncompressed TIFF (256 MiB) by tifffile and by MicroMorph.
#  1. cold: N fresh processes per tool, alternating (so load from other processes hits both
#     alike), each doing exactly one import timed inside the process (interpreter/runtime start
#     excluded), under /usr/bin/time -v for the peak RSS of one import;
#  2. warm: one process per tool, one warm-up then N timed imports.
# Reports medians, the time ratio MicroMorph/tifffile and peak RSS relative to the data size.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$here/data"
repeats="${REPEATS:-5}"
mkdir -p "$data"
tif="$data/u16_512.tif"
if [ ! -f "$tif" ]; then
  /usr/bin/python3 - "$tif" <<'PY'
import sys, numpy as np, tifffile
rng = np.random.default_rng(1)
a = rng.integers(0, 65535, size=(512, 512, 512), dtype=np.uint16)
tifffile.imwrite(sys.argv[1], a, photometric="minisblack")
PY
fi

dotnet build -c Release "$here/MicroMorph.Benchmarks" -v q -nologo >/dev/null
dll="$here/MicroMorph.Benchmarks/bin/Release/net10.0/MicroMorph.Benchmarks.dll"
cat "$tif" > /dev/null  # same warm page cache for both tools

pyscript='
import sys, time, json, statistics, tifffile
path, n, warm = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
if warm: tifffile.imread(path)
times = []
for _ in range(n):
    t = time.perf_counter(); a = tifffile.imread(path); times.append(time.perf_counter() - t); del a
print(json.dumps({"tool": "tifffile " + tifffile.__version__, "medianSeconds": statistics.median(times), "times": times}))
'
run_py() { { /usr/bin/time -v /usr/bin/python3 -c "$pyscript" "$tif" "$1" "$2"; } 2>&1; }
run_mm() { { /usr/bin/time -v dotnet "$dll" --quick "$tif" "$1" -1 "$2"; } 2>&1; }
json() { grep '^{' <<<"$1"; }
rss() { grep 'Maximum resident' <<<"$1" | awk '{print $NF}'; }

py_cold=(); mm_cold=(); py_rss=0; mm_rss=0
for ((i = 0; i < repeats; i++)); do
  out=$(run_py 1 0); py_cold+=("$(json "$out")"); r=$(rss "$out"); ((r > py_rss)) && py_rss=$r
  out=$(run_mm 1 0); mm_cold+=("$(json "$out")"); r=$(rss "$out"); ((r > mm_rss)) && mm_rss=$r
done
py_warm=$(json "$(run_py "$repeats" 1)")
mm_warm=$(json "$(run_mm "$repeats" 1)")

/usr/bin/python3 - "$py_rss" "$mm_rss" "$py_warm" "$mm_warm" "${py_cold[@]}" "${mm_cold[@]}" <<'PY'
import sys, json, statistics
py_rss, mm_rss = int(sys.argv[1]), int(sys.argv[2])
py_warm, mm_warm = json.loads(sys.argv[3]), json.loads(sys.argv[4])
cold = [json.loads(a) for a in sys.argv[5:]]
n = len(cold) // 2
py_cold = statistics.median(c["medianSeconds"] for c in cold[:n])
mm_cold = statistics.median(c["medianSeconds"] for c in cold[n:])
data = 512 ** 3 * 2
mib = data / 2 ** 20
print(f"data: 512^3 UInt16 = {mib:.0f} MiB")
print(f"cold (one import per fresh process, median of {n}): tifffile {py_cold:.3f} s ({data / 1e6 / py_cold:.0f} MB/s), "
      f"MicroMorph {mm_cold:.3f} s ({data / 1e6 / mm_cold:.0f} MB/s), ratio MicroMorph/tifffile {mm_cold / py_cold:.2f}")
print(f"warm (in-process, median of {len(py_warm['times'])}): tifffile {py_warm['medianSeconds']:.3f} s, "
      f"MicroMorph {mm_warm['medianSeconds']:.3f} s, ratio {mm_warm['medianSeconds'] / py_warm['medianSeconds']:.2f}")
print(f"peak RSS of one import: tifffile {py_rss / 1024:.0f} MiB ({py_rss / 1024 / mib:.2f} x data), "
      f"MicroMorph {mm_rss / 1024:.0f} MiB ({mm_rss / 1024 / mib:.2f} x data); "
      f"MicroMorph managed allocation per import {mm_warm['allocatedToDataRatio']:.3f} x data")
PY
