"""Peer for `--model boolean`: a Boolean model of balls painted with numpy, one ball at a time.

Usage: python3 bench/boolean_numpy.py N GERMS RADIUS [REPEATS]
Germs: Poisson(GERMS / N^3 * (N - 1 + 2R)^3) uniform in the box of voxel centres [0.5, N - 0.5]^3
enlarged by R; voxel (i, j, k) is covered when its centre (i + 0.5, ...) is within R of a germ
(the same conventions as MicroMorph). Each ball is painted by testing every voxel of its
bounding box (broadcast squared distances), the natural vectorised numpy approach.
Prints one JSON line like the MicroMorph mode.
"""
import json
import sys
import time

import numpy as np


def realize(n, germs, r, rng):
    lam = germs / n ** 3
    lo, side = 0.5 - r, (n - 1) + 2 * r
    count = rng.poisson(lam * side ** 3)
    centres = lo + side * rng.random((count, 3))
    vol = np.zeros((n, n, n), dtype=np.uint8)  # z, y, x
    r2 = r * r
    for cx, cy, cz in centres:
        x0, x1 = max(int(np.ceil(cx - r - 0.5)), 0), min(int(np.floor(cx + r - 0.5)), n - 1)
        y0, y1 = max(int(np.ceil(cy - r - 0.5)), 0), min(int(np.floor(cy + r - 0.5)), n - 1)
        z0, z1 = max(int(np.ceil(cz - r - 0.5)), 0), min(int(np.floor(cz + r - 0.5)), n - 1)
        if x0 > x1 or y0 > y1 or z0 > z1:
            continue
        dx = (np.arange(x0, x1 + 1) + 0.5 - cx) ** 2
        dy = (np.arange(y0, y1 + 1) + 0.5 - cy) ** 2
        dz = (np.arange(z0, z1 + 1) + 0.5 - cz) ** 2
        inside = (dz[:, None, None] + dy[None, :, None] + dx[None, None, :]) <= r2
        vol[z0:z1 + 1, y0:y1 + 1, x0:x1 + 1] |= inside
    return vol, count


def main():
    n, germs, r = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    rng = np.random.default_rng(1000)
    times, vol, count = [], None, 0
    for _ in range(repeats):
        vol = None
        t = time.perf_counter()
        vol, count = realize(n, germs, r, rng)
        times.append(time.perf_counter() - t)
    lam = germs / n ** 3
    print(json.dumps({
        "op": "boolean", "n": n, "radius": r, "germs_drawn_last": int(count),
        "volume_fraction": float(vol.mean()),
        "volume_fraction_theory": 1 - float(np.exp(-lam * 4 / 3 * np.pi * r ** 3)),
        "repeats": repeats, "times_s": [round(x, 4) for x in times],
        "median_s": round(sorted(times)[len(times) // 2], 4), "tool": "numpy",
    }))


if __name__ == "__main__":
    main()
