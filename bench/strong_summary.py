"""Summary of bench/compare-strong.sh: medians over rounds, peak RSS, map checks -> one TSV.

Usage: strong_summary.py RESULTS.jsonl MAPDIR OUT.tsv ROUNDS
Each row: the median op time of MicroMorph and of the peer over the rounds (each round one process per
tool), their ratio, the largest peak RSS (/usr/bin/time -v) of each, the spread of the repeats
((max - min) / median, and max - min in seconds), and a check of the results: equal maps for the EDT (bit-identical expected) and
the exact local thickness, tau for the tortuosity, the volume fraction for the two-point coverage.
"""
import json
import os
import statistics
import sys
from datetime import datetime, timezone

import numpy as np

src, mapdir, dst, rounds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
lines = [json.loads(l) for l in open(src) if l.strip()]

OPS = {  # row -> (operation, size, peer label, reproduce)
    "edt256": ("exact EDT (2 threads)", "256^3", "edt 3.1.1 parallel=2", "spheres r 8"),
    "edt512": ("exact EDT (2 threads)", "512^3", "edt 3.1.1 parallel=2", "spheres r 8"),
    "lt256": ("local thickness", "256^3", "PoreSpy local_thickness (default, approximate)", "spheres r 8"),
    "ltbig256": ("local thickness, large pores", "256^3", "PoreSpy local_thickness (default, approximate)", "balls r 30-40"),
    "lt256-exact": ("local thickness", "256^3", "PoreSpy local_thickness (exact: all distances)", "spheres r 8"),
    "ltbig256-exact": ("local thickness, large pores", "256^3", "PoreSpy local_thickness (exact: all distances)", "balls r 30-40"),
    "constr256": ("constrictivity (vs porosimetry)", "256^3", "PoreSpy porosimetry (integer sizes)", "spheres r 8"),
    "constrbig256": ("constrictivity, large pores", "256^3", "PoreSpy porosimetry (integer sizes)", "balls r 30-40"),
    "tpc256": ("two-point coverage, full range (N/2)", "256^3", "PoreSpy two_point_correlation", "spheres r 8"),
    "tau": ("effective tortuosity (electrode pore, z)", "256^3", "TauFactor Solver CPU conv 1e-3", "electrode.tiff"),
}


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def spread(xs):
    return (max(xs) - min(xs)) / statistics.median(xs) if len(xs) > 1 else 0.0


def check(row, mm, peer):
    base = row.replace("-exact", "")
    if row.startswith("edt") or row.endswith("-exact"):
        a, b = os.path.join(mapdir, row + ".mm.f32"), os.path.join(mapdir, row + ".peer.f32")
        if os.path.exists(a) and os.path.exists(b):
            x, y = np.fromfile(a, np.float32), np.fromfile(b, np.float32)
            if x.shape != y.shape:
                return "maps differ in size"
            nd = int(np.count_nonzero(x != y))
            return "maps identical" if nd == 0 else f"maps: {nd} voxels differ, max |diff| {float(np.max(np.abs(x - y))):.3g}"
        return "maps not written"
    if base.startswith("lt"):
        return "peer approximate (exact: row %s-exact)" % base
    if row == "tau" and mm and peer:
        a, b = mm[0]["run"]["result"]["tau"], peer[0]["run"]["result"]["tau"]
        return f"tau {a:.5f} vs {b:.5f} ({100 * (a - b) / b:+.3f} %)"
    if row.startswith("tpc") and mm and peer:
        a, b = mm[0]["run"]["result"], peer[0]["run"]["result"]
        return (f"{a['n_points']} exact distances vs {b['n_bins']} bins; C(0) {a['p0']:.6f} vs {b['p0']:.6f};"
                " edge-corrected vs periodic")
    if row.startswith("constr") and mm:
        r = mm[0]["run"]["result"]
        return f"beta {r['beta']:.4f}, r_min {r['r_min']:.3f}, r_max {r['r_max']:.3f}"
    return ""


out = []
summary = {}
for row in dict.fromkeys(l["row"] for l in lines):
    mm = [l for l in lines if l["row"] == row and l["tool"] == "mm" and "op_s" in l["run"]]
    peer = [l for l in lines if l["row"] == row and l["tool"] == "peer" and "op_s" in l["run"]]
    tm, tp = [l["run"]["op_s"] for l in mm], [l["run"]["op_s"] for l in peer]
    # Peak RSS from the rounds that write no map (round 1 writes them; the peer's astype copy adds a map's size).
    rm = max((l["rss_kib"] for l in mm if l["round"] > 1 or len(mm) == 1), default=0) / 1024
    rp = max((l["rss_kib"] for l in peer if l["round"] > 1 or len(peer) == 1), default=0) / 1024
    loads = [l["load"] for l in mm + peer]
    dates = sorted(l["time"] for l in mm + peer)
    op, size, plabel, vol = OPS.get(row, (row, "", "", ""))
    alloc = med([l["run"].get("allocated_bytes_per_voxel", float("nan")) for l in mm])
    summary[row] = med(tm)
    out.append({
        "row": row, "operation": op, "size": size, "volume": vol,
        "micromorph_s": round(med(tm), 3), "peer": plabel, "peer_s": round(med(tp), 3),
        "ratio": round(med(tm) / med(tp), 3) if tp and tm else float("nan"),
        "micromorph_rss_mib": round(rm), "peer_rss_mib": round(rp),
        "memory_ratio": round(rm / rp, 2) if rp else float("nan"),
        "micromorph_alloc_b_per_voxel": alloc,
        "spread_micromorph": round(spread(tm), 3) if tm else "", "spread_peer": round(spread(tp), 3) if tp else "",
        "range_s_micromorph": round(max(tm) - min(tm), 3) if tm else "", "range_s_peer": round(max(tp) - min(tp), 3) if tp else "",
        "rounds": len(tm), "check": check(row, mm, peer),
        "date": dates[0][:16].replace("T", " ") + " UTC" if dates else "",
        "load": f"{min(loads):.1f}-{max(loads):.1f}" if loads else "",
        "command": f"bench/compare-strong.sh {rounds} {row}",
    })

# Goal 3: the large-pore time relative to the small-pore time of the same operation (MicroMorph only).
for big, small in (("ltbig256", "lt256"), ("constrbig256", "constr256")):
    for r in out:
        if r["row"] == big and small in summary and summary[small] > 0:
            r["check"] = (r["check"] + "; " if r["check"] else "") + f"{summary[big] / summary[small]:.2f}x its small-pore time"

# Rows of earlier runs that this run did not measure are kept (a partial rerun: compare-strong.sh 3 tau).
if os.path.exists(dst):
    import csv
    with open(dst, newline="") as f:
        earlier = [r for r in csv.DictReader(f, delimiter="\t") if r["row"] not in {o["row"] for o in out}]
    order = list(OPS)
    out = sorted(earlier + out, key=lambda r: order.index(r["row"]) if r["row"] in order else len(order))

cols = list(out[0].keys()) if out else []
with open(dst, "w") as f:
    f.write("\t".join(cols) + "\n")
    for r in out:
        f.write("\t".join(str(r.get(c, "")) for c in cols) + "\n")
print(f"{'row':<16}{'MM s':>9}{'peer s':>9}{'ratio':>7}{'MM MiB':>8}{'peer MiB':>9}  check")
for r in out:
    print(f"{r['row']:<16}{r['micromorph_s']:>9}{r['peer_s']:>9}{r['ratio']:>7}{r['micromorph_rss_mib']:>8}{r['peer_rss_mib']:>9}  {r['check']}")
print("wrote", dst, datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
