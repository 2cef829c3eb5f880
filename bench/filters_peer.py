"""Peer for `--filter`: scipy.ndimage on the same UInt8 volume MicroMorph writes.

Usage: python3 bench/filters_peer.py gaussian|median|fillholes|removesmall FILE N PARAM [REPEATS]
FILE: the raw N^3 uint8 volume from `MicroMorph.Benchmarks --filter write FILE N`.
gaussian: gaussian_filter(v, PARAM, output=float32, mode='reflect'); median: median_filter with
a ball footprint of radius PARAM voxels (mode 'reflect'); fillholes: binary_fill_holes(v > 140)
with the structure of connectivity PARAM (6, 18, 26); removesmall: label(v > 140, 26-connectivity)
and removal of components below PARAM voxels. Prints one JSON line like the MicroMorph mode.
"""
import json
import resource
import sys
import time

import numpy as np
from scipy import ndimage


def main():
    op, path, n, param = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    v = np.fromfile(path, dtype=np.uint8).reshape(n, n, n)
    times, checksum = [], 0.0
    for i in range(repeats + 1):  # the first run is an untimed warm-up, as in the MicroMorph mode
        t = time.perf_counter()
        if op == "gaussian":
            r = ndimage.gaussian_filter(v, param, output=np.float32, mode="reflect")
        elif op == "median":
            k = int(param)
            z, y, x = np.mgrid[-k:k + 1, -k:k + 1, -k:k + 1]
            r = ndimage.median_filter(v, footprint=x * x + y * y + z * z <= param * param, mode="reflect")
        elif op == "fillholes":
            rank = {6: 1, 18: 2, 26: 3}[int(param)]
            r = ndimage.binary_fill_holes(v > 140, structure=ndimage.generate_binary_structure(3, rank))
        elif op == "removesmall":
            mask = v > 140
            lab, _ = ndimage.label(mask, structure=np.ones((3, 3, 3)))
            sizes = np.bincount(lab.ravel())
            r = mask & (sizes[lab] >= param)
        else:
            raise SystemExit("unknown filter " + op)
        if i > 0:
            times.append(time.perf_counter() - t)
        checksum = float(r.mean(dtype=np.float64))
    print(json.dumps({
        "tool": "scipy", "op": op, "n": n, "param": param, "times_s": times,
        "median_s": sorted(times)[len(times) // 2], "checksum": checksum,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }))


if __name__ == "__main__":
    main()
