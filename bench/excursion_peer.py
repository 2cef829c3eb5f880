"""Peer for `--model excursion`: the same Gaussian excursion set (001 Eq. 2, Table 2: mu 0.499,
eta 0.0127/nm) by circulant embedding with numpy/SciPy FFTs, written the natural way: the
embedded covariance on the whole periodic grid, its real FFT, white noise in real space, forward
and inverse real FFTs (scipy.fft, float32, all cores), threshold of the window.
Same generation grid rule as MicroMorph (margin where rho falls to 0.005, at most W - 2, sizes
2^a 3^b 5^c, x even). Prints one JSON line. Usage: excursion_peer.py N [VOXEL_NM] [SEED]"""
import json, math, os, sys, time

import numpy as np
import scipy.fft as sfft


def good_size(n, even=False):
    n = max(n, 2 if even else 1)
    while True:
        r = n
        for p in (2, 3, 5):
            while r % p == 0:
                r //= p
        if r == 1 and (not even or n % 2 == 0):
            return n
        n += 1


def main():
    n = int(sys.argv[1])
    voxel = float(sys.argv[2]) if len(sys.argv) > 2 else 40.0
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    mu, eta = 0.499, 0.0127
    reach = math.sqrt(1 / 0.005 - 1) / eta
    margin = 0 if n <= 2 else min(n - 2, math.ceil(reach / voxel))
    nz = ny = good_size(n + margin)
    nx = good_size(n + margin, even=True)
    workers = os.cpu_count()

    t0 = time.perf_counter()
    ax = [np.minimum(np.arange(m), m - np.arange(m)).astype(np.float32) * np.float32(voxel) for m in (nz, ny, nx)]
    d2 = ax[0][:, None, None] ** 2 + ax[1][None, :, None] ** 2 + ax[2][None, None, :] ** 2
    cov = 1 / (1 + np.float32(eta * eta) * d2)
    del d2
    lam = sfft.rfftn(cov, workers=workers).real
    del cov
    total = float(nx) * ny * nz
    np.maximum(lam, 0, out=lam)
    amp = np.sqrt(lam * np.float32(1 / total))  # field = irfftn(rfftn(w) * sqrt(lam / N)) * ... see below
    del lam
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((nz, ny, nx), dtype=np.float32)
    spec = sfft.rfftn(w, workers=workers)
    del w
    spec *= amp
    del amp
    # irfftn divides by N; rfftn(w) has variance N per frequency: Var Z = sum lam / N = 1.
    z = sfft.irfftn(spec, s=(nz, ny, nx), workers=workers)
    del spec
    z *= np.float32(math.sqrt(total))
    img = (z[:n, :n, :n] >= mu).astype(np.uint8)
    del z
    seconds = time.perf_counter() - t0
    print(json.dumps({"tool": "numpy/scipy", "op": "excursion", "n": n, "voxelNm": voxel,
                      "grid": f"{nx}x{ny}x{nz}", "median_s": seconds, "volumeFraction": float(img.mean())}))


if __name__ == "__main__":
    main()
