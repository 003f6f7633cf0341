#!/usr/bin/python3
"""Writes the golden values of lla's loss-landscape grid (testdata/golden/mlp8x8-landscape.*).

    /usr/bin/python3 scripts/make_landscape_testdata.py

An independent float64 reference: for two fixed raw directions (float32 Gaussians, saved in the
npz), it orthogonalizes d2 against d1, normalizes both against the trained MLP's weights with every
scheme of METHODS.md ("Loss landscape"), and evaluates the mean cross-entropy on the first 256
samples of digits8x8/train.npz at w0 + a*d1 + b*d2 for a, b in {-0.5, 0, 0.5} (steps 2, dist 1).
Needs Debian's python3-torch (1.13) and numpy under /usr/bin/python3; deterministic.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata")
SEED = 2018
BATCH = 256
AXIS = [-0.5, 0.0, 0.5]
# (normalization, norm order); filter also with p = 1, the only scheme whose ranking p changes most.
SCHEMES = [("none", 2), ("weight", 2), ("filter", 2), ("filter", 1), ("layer", 2), ("layer", 1), ("model", 2), ("model", 1)]


def norm(x, p):
    return np.abs(x).sum() if p == 1 else np.sqrt((x * x).sum())


def normalize(d, w, scheme, p):
    out = []
    for dt, wt in zip(d, w):
        if scheme == "none":
            out.append(dt.copy())
        elif scheme == "weight":
            out.append(dt * wt)
        elif scheme == "layer":
            n = norm(dt, p)
            out.append(dt * (norm(wt, p) / n if n > 0 else 0.0))
        elif scheme == "filter":
            if dt.ndim < 2:
                n = norm(dt, p)
                out.append(dt * (norm(wt, p) / n if n > 0 else 0.0))
            else:
                rows = [df * (norm(wf, p) / norm(df, p) if norm(df, p) > 0 else 0.0) for df, wf in zip(dt, wt)]
                out.append(np.stack(rows))
        elif scheme == "model":
            out.append(dt)
    if scheme == "model":
        total_w = sum(norm(t, 1) for t in w) if p == 1 else np.sqrt(sum((t * t).sum() for t in w))
        total_d = sum(norm(t, 1) for t in d) if p == 1 else np.sqrt(sum((t * t).sum() for t in d))
        out = [t * (total_w / total_d) for t in out]
    return out


def main():
    torch.manual_seed(0)
    model = torch.jit.load(os.path.join(ROOT, "models", "mlp8x8-trained.pt"))
    names = [n for n, _ in model.named_parameters()]
    w0 = [p.detach().double().numpy() for _, p in model.named_parameters()]
    shapes = [t.shape for t in w0]
    sizes = [t.size for t in w0]
    data = np.load(os.path.join(ROOT, "digits8x8", "train.npz"))
    x = torch.from_numpy(data["x"][:BATCH].astype(np.float64)).flatten(1)
    y = torch.from_numpy(data["y"][:BATCH].astype(np.int64))

    rng = np.random.default_rng(SEED)
    raw1 = rng.standard_normal(sum(sizes)).astype(np.float32)
    raw2 = rng.standard_normal(sum(sizes)).astype(np.float32)
    d1 = raw1.astype(np.float64)
    d2 = raw2.astype(np.float64)
    d2 = d2 - (d1 @ d2) / (d1 @ d1) * d1

    def split(flat):
        return [t.reshape(s) for t, s in zip(np.split(flat, np.cumsum(sizes)[:-1]), shapes)]

    def loss(w):
        t = [torch.from_numpy(a) for a in w]
        logits = F.linear(F.relu(F.linear(x, t[0], t[1])), t[2], t[3])
        return F.cross_entropy(logits, y).item()

    grids = {}
    for scheme, p in SCHEMES:
        n1 = normalize(split(d1), w0, scheme, p)
        n2 = normalize(split(d2), w0, scheme, p)
        grids[f"{scheme}-p{p}"] = [[loss([w + a * u + b * v for w, u, v in zip(w0, n1, n2)]) for b in AXIS] for a in AXIS]

    np.savez(os.path.join(ROOT, "golden", "mlp8x8-landscape-directions.npz"), d1=raw1, d2=raw2)
    with open(os.path.join(ROOT, "golden", "mlp8x8-landscape.json"), "w") as f:
        json.dump({"model": "models/mlp8x8-trained.pt", "parameters": names, "batch": f"first {BATCH} of digits8x8/train.npz",
                   "axis": AXIS, "loss": "cross_entropy mean, float64", "torch": torch.__version__,
                   "directions": "raw d1, d2 in mlp8x8-landscape-directions.npz; d2 orthogonalized against d1, then normalized",
                   "grids": grids}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
