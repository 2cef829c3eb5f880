"""TauFactor's Solver (tortuosity factor of one phase, SOR on the CPU) on one labelled TIFF; one JSON line.

Usage: taufactor_peer.py PATH LABEL [CONV]
The phase with LABEL conducts (1), everything else does not (0). The TIFF's pages are z, so TauFactor's
first axis (its flux direction) is MicroMorph's Z. CONV: TauFactor's convergence criterion (default 1e-3,
the value of its README). Needs Debian's python3-torch; run with
PYTHONPATH=../shared/peers/strong/tfcompat:../shared/peers/strong/vendor/taufactor and the malloc settings
of shared/peers/README.md (MALLOC_ARENA_MAX=2 MALLOC_TRIM_THRESHOLD_=-1 MALLOC_MMAP_THRESHOLD_=4294967296).
The TIFF is read and the image built before timing; the solver is warmed up untimed on a 24^3 corner.
"""
import json
import resource
import sys
import time

import numpy as np
import tifffile
import torch

torch.set_num_threads(2)
import taufactor as tau  # noqa: E402


def main():
    path, label = sys.argv[1], int(sys.argv[2])
    conv = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-3
    img = (tifffile.imread(path) == label).astype(np.uint8)
    t0 = time.perf_counter()
    tau.Solver(img[:24, :24, :24].copy(), device="cpu").solve(verbose=False, conv_crit=conv)
    warm = time.perf_counter() - t0
    t0 = time.perf_counter()
    s = tau.Solver(img, device="cpu")
    s.solve(verbose=False, conv_crit=conv, iter_limit=100000)  # returns the per-slice tau_x; the volume's tau is s.tau
    sec = time.perf_counter() - t0
    print(json.dumps({"tool": "taufactor", "op": "tau", "n": int(img.shape[0]), "raw": path.rsplit("/", 1)[-1],
                      "op_s": round(sec, 4), "warmup_s": round(warm, 4),
                      "result": {"tau": float(np.ravel(s.tau)[0]), "iterations": int(s.iter), "conv": conv,
                                 "volume_fraction": float(img.mean())},
                      "ru_maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "versions": {"torch": torch.__version__, "numpy": np.__version__}}))


if __name__ == "__main__":
    main()
