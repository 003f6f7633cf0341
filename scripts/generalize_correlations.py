#!/usr/bin/python3
"""Recomputes the correlations of an lla generalize.json over a subset of its checkpoints.

lla generalize correlates over every checkpoint it was given. The untrained checkpoint
(epoch 0) sits at chance on both datasets, so it alone can make a correlation look strong;
this shows the same statistics without it (or from any epoch on).

Usage: scripts/generalize_correlations.py GENERALIZE_JSON [--from-epoch 1]
Pearson r, and Spearman rho with ties at their average rank (as lla computes them).
"""
import argparse
import json

import numpy as np


def ranks(values):
    values = np.asarray(values, dtype=float)
    order = values.argsort(kind="stable")
    r = np.empty(len(values))
    r[order] = np.arange(1, len(values) + 1)
    for v in np.unique(values):
        tied = values == v
        r[tied] = r[tied].mean()
    return r


def pearson(x, y):
    return float(np.corrcoef(x, y)[0, 1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("generalize_json")
    parser.add_argument("--from-epoch", type=int, default=1)
    args = parser.parse_args()
    results = json.load(open(args.generalize_json))["results"]
    for target, deltas in results["deltas"].items():
        kept = [d for d in deltas if d["epoch"] is not None and d["epoch"] >= args.from_epoch]
        accuracy = [d["accuracy"] for d in kept]
        epochs = [d["epoch"] for d in kept]
        print(f"{target}: {len(kept)} checkpoints, epochs {epochs[0]}..{epochs[-1]}")
        for key, label in (("kh05", "ΔKH0.5"), ("kh1", "ΔKH1"), ("re", "Δre")):
            values = [d[key] for d in kept]
            print(f"  {label:7s} vs Δaccuracy: Pearson r {pearson(values, accuracy):+.3f}, "
                  f"Spearman ρ {pearson(ranks(values), ranks(accuracy)):+.3f}")


if __name__ == "__main__":
    main()
