#!/usr/bin/env python3
"""Summarise `flm evaluate` runs of several seeds (DIR/seed-*/report.json) into DIR/summary.md.

Usage: bench/reports-summary.py DIR TITLE [METRIC ...]   (default metrics: ndcg@10 recall@10)
Per model: mean and sample standard deviation over the seeds it was run with, and each seed's
value with its 95 % per-user bootstrap interval. Models run with one seed only (deterministic
ones) show that seed's value and interval.
"""
import glob
import json
import os
import re
import statistics
import sys

root, title = sys.argv[1], sys.argv[2]
metrics = sys.argv[3:] or ["ndcg@10", "recall@10"]
runs = {}
# seed-N/ and, when one seed's models ran as several evaluations, seed-N-<part>/: merged per seed.
for path in sorted(glob.glob(os.path.join(root, "seed-*", "report.json"))):
    seed = int(re.search(r"seed-(\d+)", path).group(1))
    rep = json.load(open(path))
    if seed in runs:
        runs[seed]["models"] += rep["models"]
    else:
        runs[seed] = rep
if not runs:
    sys.exit(f"no {root}/seed-*/report.json")

order, values = [], {}
for seed, rep in sorted(runs.items()):
    for m in rep["models"]:
        if m["name"] not in values:
            order.append(m["name"])
            values[m["name"]] = {}
        values[m["name"]][seed] = m["metrics"]

first = runs[min(runs)]
out = [f"# {title}", ""]
out.append(f"Seeds: {', '.join(str(s) for s in sorted(runs))} (`--seed`; the split is fixed). "
           f"{first['testUsers']} test users. Split: {first['provenance'].get('split', '')}")
out.append("")
out.append("Mean ± sample standard deviation over the seeds a model was run with; "
           "per-seed value with its 95 % per-user bootstrap interval.")
out.append("")
for metric in metrics:
    out.append(f"## {metric}")
    out.append("")
    out.append("| model | seeds | mean ± sd | min–max | per seed [95 % CI] |")
    out.append("|---|---|---|---|---|")
    for name in order:
        per = {s: v[metric] for s, v in values[name].items() if metric in v}
        if not per:
            continue
        xs = [per[s]["mean"] for s in sorted(per)]
        sd = statistics.stdev(xs) if len(xs) > 1 else float("nan")
        spread = f"{statistics.mean(xs):.4f} ± {sd:.4f}" if len(xs) > 1 else f"{xs[0]:.4f}"
        def cell(s):
            v = per[s]
            if v.get("ciLow") is None or v.get("ciHigh") is None:  # run with --bootstrap 0
                return f"{s}: {v['mean']:.4f}"
            return f"{s}: {v['mean']:.4f} [{v['ciLow']:.4f}, {v['ciHigh']:.4f}]"
        cells = "; ".join(cell(s) for s in sorted(per))
        out.append(f"| {name} | {len(xs)} | {spread} | {min(xs):.4f}–{max(xs):.4f} | {cells} |")
    out.append("")
open(os.path.join(root, "summary.md"), "w").write("\n".join(out))
print("\n".join(out))
