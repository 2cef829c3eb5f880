"""Peer for `--mixing`: the Schmahl index and R(h) with numpy/scipy.

Usage: python3 bench/mixing_peer.py schmahl DIR MAPS SIZE SAMPLES N [REPEATS]
       python3 bench/mixing_peer.py correlation DIR SIZE MAXLAG [REPEATS]
DIR holds map_i.raw (uint8 classes 0 background, 1 carbon, 2 silica, 3 both) written by
`MicroMorph.Benchmarks --mixing write DIR MAPS SIZE`, so both tools see the same maps.
Schmahl: summed-area tables (np.cumsum) of the foreground and the carbon halves, the smallest
square per cutout by a bisection vectorised over all cutouts, Eq. 1, 4, 5 (dimensionless), 6.
Correlation: scipy.fft rfft2 of the masked field f = c - P and of the mask (padded to
next_fast_len(size + lag), workers=-1), inverse of |F|^2 and |M|^2, lags within the max lag,
radial bins by np.bincount; Eq. 7, 8. Prints one JSON line like the MicroMorph mode.
"""
import json
import sys
import time

import numpy as np
import scipy.fft as sfft


def load(d, i, size):
    return np.fromfile(f"{d}/map_{i}.raw", dtype=np.uint8).reshape(size, size)


def schmahl(cls, samples, n, dc, ds, rng):
    fg = cls > 0
    halves = np.where(cls == 1, 2, np.where(cls == 3, 1, 0)).astype(np.int32)
    h, w = cls.shape
    sf = np.zeros((h + 1, w + 1), np.int32)
    sc = np.zeros((h + 1, w + 1), np.int32)
    sf[1:, 1:] = np.cumsum(np.cumsum(fg, 0, dtype=np.int32), 1)
    sc[1:, 1:] = np.cumsum(np.cumsum(halves, 0), 1)
    total = int(fg.sum())
    p = sc[-1, -1] / (2.0 * total)
    p10, p01, p11 = [(cls == k).sum() / total for k in (1, 2, 3)]
    ac, asi = np.pi / 4 * dc * dc, np.pi / 4 * ds * ds
    target = n / (p / ac + (1 - p) / asi)
    idx = np.flatnonzero(fg.ravel())
    centres = idx[(rng.random(samples) * idx.size).astype(np.int64)]
    y, x = centres // w, centres % w

    def count(tab, r):
        x0, x1 = np.maximum(x - r, 0), np.minimum(x + r + 1, w)
        y0, y1 = np.maximum(y - r, 0), np.minimum(y + r + 1, h)
        return tab[y1, x1] - tab[y0, x1] - tab[y1, x0] + tab[y0, x0]

    lo, hi = np.zeros(samples, np.int64), np.full(samples, max(w, h), np.int64)
    while np.any(lo < hi):
        mid = (lo + hi) // 2
        ok = count(sf, mid) >= target
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, mid + 1)
    conc = 0.5 * count(sc, lo) / count(sf, lo)
    s2 = np.sum((conc - p) ** 2) / (samples - 1)
    smax = p10 * (1 - p) ** 2 + p01 * p * p + p11 * (0.5 - p) ** 2
    dm2 = 1 / (p / dc ** 2 + (1 - p) / ds ** 2)
    smin = p * (1 - p) / n * (dc * ds / dm2) ** 2
    return np.log(smax / s2) / np.log(smax / smin)


def correlation(cls, lag):
    h, w = cls.shape
    fg = cls > 0
    c = np.where(cls == 1, 1.0, np.where(cls == 3, 0.5, 0.0))
    p = c[fg].mean()
    f = np.where(fg, c - p, 0.0)
    m = fg.astype(np.float64)
    ny, nx = sfft.next_fast_len(h + lag + 1), sfft.next_fast_len(w + lag + 1)
    F = sfft.rfft2(f, s=(ny, nx), workers=-1)
    M = sfft.rfft2(m, s=(ny, nx), workers=-1)
    cf = sfft.irfft2(F.real ** 2 + F.imag ** 2, s=(ny, nx), workers=-1)
    cm = sfft.irfft2(M.real ** 2 + M.imag ** 2, s=(ny, nx), workers=-1)
    d = np.arange(-lag - 1, lag + 2)
    rows, cols = d % ny, d % nx
    sub_f = cf[np.ix_(rows, cols)]
    sub_m = np.rint(cm[np.ix_(rows, cols)])
    bins = np.floor(np.hypot(d[:, None], d[None, :]) + 0.5).astype(np.int64)
    keep = bins <= lag
    s = np.bincount(bins[keep], sub_f[keep], minlength=lag + 1)
    nh = np.bincount(bins[keep], sub_m[keep], minlength=lag + 1)
    smax = np.mean((c[fg] - p) ** 2)
    return s / (nh - 1) / smax


def main():
    mode, d = sys.argv[1], sys.argv[2]
    times = []
    if mode == "schmahl":
        maps, size, samples, n = (int(a) for a in sys.argv[3:7])
        repeats = int(sys.argv[7]) if len(sys.argv) > 7 else 5
        data = [load(d, i, size) for i in range(maps)]
        for _ in range(repeats):
            rng = np.random.default_rng(1)
            t = time.perf_counter()
            idx = [schmahl(cls, samples, n, 8.0, 6.0, rng) for cls in data]
            times.append(time.perf_counter() - t)
        out = {"op": "schmahl", "maps": maps, "size": size, "samples": samples, "n": n, "mean_index": float(np.mean(idx))}
    else:
        size, lag = int(sys.argv[3]), int(sys.argv[4])
        repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 5
        cls = load(d, 1, size)
        for _ in range(repeats):
            t = time.perf_counter()
            r = correlation(cls, lag)
            times.append(time.perf_counter() - t)
        out = {"op": "correlation", "size": size, "max_lag": lag, "r1": float(r[1]), "r10": float(r[10])}
    times.sort()
    out.update(best_s=times[0], median_s=times[len(times) // 2])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
