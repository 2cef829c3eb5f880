"""TauFactor's electrode solvers on one labelled TIFF volume; prints one JSON line.

Usage: impedance_peer.py PATH COND_LABEL REAC_LABEL SOLVER [CONV]
  SOLVER: impedance (ImpedanceSolver, mode tau_e: omega_0/2 then omega_0/4),
          nyquist (ImpedanceSolver, mode nyquist: 26 frequencies omega_0 2^(9.5..-3)),
          electrode (ElectrodeSolver, the homogenised tau_e from one real screened solve).
The TIFF's pages are z, so TauFactor's first axis (the flux direction, separator at index 0) is
MicroMorph's Z. Needs Debian's python3-torch; run with
PYTHONPATH=../shared/peers/strong/tfcompat:../shared/peers/strong/vendor/taufactor.
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
from taufactor.electrode import ElectrodeSolver, ImpedanceSolver  # noqa: E402


def main():
    path, cond, reac, solver = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    conv = float(sys.argv[5]) if len(sys.argv) > 5 else 1e-3
    img = tifffile.imread(path)
    start = time.perf_counter()
    out = {"solver": solver, "shape": list(img.shape), "conv": conv}
    if solver == "electrode":
        s = ElectrodeSolver(img, conductive_label=cond, reactive_label=reac, device="cpu")
        s.solve(verbose=False, conv_crit=conv, iter_limit=100000)
        out.update(tau_e=float(np.ravel(s.tau)[0]), iterations=int(s.iter))
    else:
        s = ImpedanceSolver(img, conductive_label=cond, reactive_label=reac, device="cpu",
                            mode="tau_e" if solver == "impedance" else "nyquist")
        s.solve(verbose=False, conv_crit=conv, iter_limit=100000)
        z = [complex(v) for v in s.impedance]
        # TauFactor's own tau_e; and the same ratio recomputed from its Z and its reference line Z_mean at the
        # last (lowest) frequency, because its convergence check returns tau = 0 (reported as inf) whenever the
        # field holds a NaN at a check, after which Z keeps the value of the last good check.
        tau_own = float(np.ravel(s.taus[-1])[0])
        out.update(tau_e=tau_own, tau_e_from_z=z[-1].real / complex(s.Z_mean[-1]).real, iterations=int(s.sum_iter),
                   frequency=[float(f) for f in s.frequency], z_real=[v.real for v in z], z_imag=[v.imag for v in z],
                   converged=[bool(c) for c in s.converged_freq], freq_0=float(s.freq_0))
    out["seconds"] = time.perf_counter() - start
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


if __name__ == "__main__":
    main()
