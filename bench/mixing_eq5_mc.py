"""Eq. 5 of seed 000 for polydisperse species: which reading of sigma^2_SD fits? (issue 22)

Monte Carlo of fixed-area cutouts, independent of MicroMorph's code: particles with i.i.d. species
(carbon with number fraction q) and gamma-distributed diameters (mean d, coefficient of variation cv)
fill a cutout of area A = N * mean area in random order; the last particle is cut to fit (a cutout
border cuts particles). X = carbon area / A; its variance about P (the expected carbon area
fraction) is compared with Eq. 5 in its two readings: sigma^2 = cv^2 of the diameter (with mean
diameters) or cv^2 of the projected area (with mean areas). Prints a markdown table.

Usage: /usr/bin/python3 bench/mixing_eq5_mc.py [CUTOUTS]   (default 200000 per row; about 20 s)
"""
import sys

import numpy as np


def area_cv2(cv):
    if cv == 0:
        return 0.0
    k = 1 / cv**2
    return (4 * k + 6) / (k * (k + 1))


def eq5(p, n, dc, ds, cvc, cvs, reading):
    if reading == "diameter":
        c2, s2, sc, ss = dc**2, ds**2, cvc**2, cvs**2
    else:
        c2, s2, sc, ss = dc**2 * (1 + cvc**2), ds**2 * (1 + cvs**2), area_cv2(cvc), area_cv2(cvs)
    ms = 1 / (p / c2 + (1 - p) / s2)
    return p * (1 - p) / n * c2 * s2 / ms**2 * (1 + (1 - p) * sc + p * ss)


def simulate(n, dc, ds, cvc, cvs, q, cutouts, rng):
    def areas(mean, cv, size):
        d = np.full(size, mean) if cv == 0 else rng.gamma(1 / cv**2, mean * cv**2, size)
        return np.pi / 4 * d**2

    ac = np.pi / 4 * dc**2 * (1 + cvc**2)
    asi = np.pi / 4 * ds**2 * (1 + cvs**2)
    mean_area = q * ac + (1 - q) * asi
    p = q * ac / mean_area
    target = n * mean_area
    k = int(4 * n + 40)
    xs = []
    for start in range(0, cutouts, 20000):
        m = min(20000, cutouts - start)
        carbon = rng.random((m, k)) < q
        a = np.where(carbon, areas(dc, cvc, (m, k)), areas(ds, cvs, (m, k)))
        before = np.cumsum(a, axis=1) - a
        used = np.clip(target - before, 0, a)  # whole particles, then the cut one, then nothing
        assert (before[:, -1] + a[:, -1] >= target).all()
        xs.append((used * carbon).sum(axis=1) / target)
    x = np.concatenate(xs)
    return p, np.mean((x - p) ** 2)


def main():
    cutouts = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    rng = np.random.default_rng(22)
    rows = [
        # N, dC, dS, cvC, cvS, q
        (25, 10, 10, 0.0, 0.0, 0.5),
        (25, 10, 10, 0.1, 0.1, 0.5),
        (25, 10, 10, 0.2, 0.2, 0.5),
        (25, 10, 10, 0.25, 0.25, 0.5),
        (25, 10, 10, 0.3, 0.3, 0.5),
        (25, 10, 10, 0.4, 0.4, 0.5),
        (5, 10, 10, 0.25, 0.25, 0.5),
        (100, 10, 10, 0.25, 0.25, 0.5),
        (25, 10, 10, 0.25, 0.25, 0.2),
        (25, 11, 6, 0.25, 0.25, 0.4),
        (25, 9, 6, 0.22, 0.25, 0.6),
        (25, 10, 10, 0.25, 0.0, 0.5),
    ]
    print("| N | d_C | d_S | cv_C | cv_S | q | P | Var X (MC) | diameter reading / MC | area reading / MC |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n, dc, ds, cvc, cvs, q in rows:
        p, var = simulate(n, dc, ds, cvc, cvs, q, cutouts, rng)
        se = var * np.sqrt(2 / cutouts)  # approximately, for a near-normal X
        dia = eq5(p, n, dc, ds, cvc, cvs, "diameter") / var
        area = eq5(p, n, dc, ds, cvc, cvs, "area") / var
        print(f"| {n} | {dc} | {ds} | {cvc} | {cvs} | {q} | {p:.3f} | {var:.6f} +/- {se:.6f} | {dia:.3f} | {area:.3f} |")


if __name__ == "__main__":
    main()
