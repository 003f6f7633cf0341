#!/usr/bin/python3
"""Writes the fixtures and golden values of lla's Adam and model-interpolation landscape axes.

    /usr/bin/python3 scripts/make_axes_testdata.py

From testdata/models/mlp8x8-init.pt it runs 5 steps of torch.optim.Adam (lr 1e-3, batches of 64
of digits8x8/train.npz in file order) and writes, in the format `lla train` writes:
  testdata/golden/mlp8x8-adam5.pt         the weights after the 5 steps (TorchScript)
  testdata/golden/mlp8x8-adam5.adam.npz   "exp_avg/<name>", "exp_avg_sq/<name>" (float32), "step" (int64)
Then an independent float64 reference (testdata/golden/mlp8x8-axes.json), all on the first 256
samples of digits8x8/train.npz with w0 = mlp8x8-init.pt:
  adam:   loss at w0 + a*m1' + b*m2', a, b in {-0.5, 0, 0.5}, m1', m2' the moments normalized
          against w0 (filter, p = 2; and none), NOT orthogonalized;
  adameq: loss at w0 + a/sqrt(b) * m1/(sqrt(m2) + 1e-6), a_i = -1 + 2i/S, b_j = 0.1 + 2j/S, S = 4;
  models: loss at w0 + a*(w1 - w0) + b*(w2 - w0), w1 = mlp8x8-trained.pt, w2 = mlp8x8-adam5.pt,
          a, b in {0, 0.5, 1} (steps 2, dist 1), and each checkpoint's own loss.
Needs Debian's python3-torch (1.13) and numpy under /usr/bin/python3; deterministic.
"""
import json
import os
import zipfile

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata")
GOLDEN = os.path.join(ROOT, "golden")
BATCH = 256
STEPS = 5
EPS = 1e-6


def norm(x, p):
    return np.abs(x).sum() if p == 1 else np.sqrt((x * x).sum())


def filter_normalize(d, w, p=2):
    out = []
    for dt, wt in zip(d, w):
        if dt.ndim < 2:
            n = norm(dt, p)
            out.append(dt * (norm(wt, p) / n if n > 0 else 0.0))
        else:
            out.append(np.stack([df * (norm(wf, p) / norm(df, p) if norm(df, p) > 0 else 0.0) for df, wf in zip(dt, wt)]))
    return out


def params(model):
    return [p.detach().double().numpy().copy() for _, p in model.named_parameters()]


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    data = np.load(os.path.join(ROOT, "digits8x8", "train.npz"))

    model = torch.jit.load(os.path.join(ROOT, "models", "mlp8x8-init.pt"))
    names = [n for n, _ in model.named_parameters()]
    w0 = params(model)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for s in range(STEPS):
        xb = torch.from_numpy(data["x"][64 * s:64 * (s + 1)])
        yb = torch.from_numpy(data["y"][64 * s:64 * (s + 1)])
        optimizer.zero_grad()
        F.cross_entropy(model(xb), yb).backward()
        optimizer.step()
    model.eval()
    torch.jit.save(model, os.path.join(GOLDEN, "mlp8x8-adam5.pt"))
    state = {n: optimizer.state[p] for n, p in model.named_parameters()}
    arrays = {}
    for n in names:
        arrays["exp_avg/" + n] = state[n]["exp_avg"].numpy().astype(np.float32)
        arrays["exp_avg_sq/" + n] = state[n]["exp_avg_sq"].numpy().astype(np.float32)
    arrays["step"] = np.array(int(state[names[0]]["step"]), dtype=np.int64)
    np.savez(os.path.join(GOLDEN, "mlp8x8-adam5.adam.npz"), **arrays)
    # numpy stamps members with the current time: fix it so that the file is reproducible.
    fixed_zip_times(os.path.join(GOLDEN, "mlp8x8-adam5.adam.npz"))

    w1 = params(torch.jit.load(os.path.join(ROOT, "models", "mlp8x8-trained.pt")))
    w2 = params(model)
    m1 = [arrays["exp_avg/" + n].astype(np.float64) for n in names]
    m2 = [arrays["exp_avg_sq/" + n].astype(np.float64) for n in names]

    x = torch.from_numpy(data["x"][:BATCH].astype(np.float64)).flatten(1)
    y = torch.from_numpy(data["y"][:BATCH].astype(np.int64))

    def loss(w):
        t = [torch.from_numpy(a) for a in w]
        logits = F.linear(F.relu(F.linear(x, t[0], t[1])), t[2], t[3])
        return F.cross_entropy(logits, y).item()

    def grid(xs, ys, point):
        return [[loss(point(a, b)) for b in ys] for a in xs]

    centred = [-0.5, 0.0, 0.5]
    adam = {}
    for scheme, (n1, n2) in {"none": (m1, m2), "filter": (filter_normalize(m1, w0), filter_normalize(m2, w0))}.items():
        adam[scheme] = grid(centred, centred, lambda a, b: [w + a * u + b * v for w, u, v in zip(w0, n1, n2)])

    s = 4
    a_axis = [-1 + 2 * i / s for i in range(s)]
    b_axis = [0.1 + 2 * j / s for j in range(s)]
    update = [u / (np.sqrt(v) + EPS) for u, v in zip(m1, m2)]
    adameq = grid(a_axis, b_axis, lambda a, b: [w + a / np.sqrt(b) * u for w, u in zip(w0, update)])

    towards = [0.0, 0.5, 1.0]
    d1 = [b - a for a, b in zip(w0, w1)]
    d2 = [b - a for a, b in zip(w0, w2)]
    models = grid(towards, towards, lambda a, b: [w + a * u + b * v for w, u, v in zip(w0, d1, d2)])

    with open(os.path.join(GOLDEN, "mlp8x8-axes.json"), "w") as f:
        json.dump({"model": "models/mlp8x8-init.pt", "parameters": names,
                   "batch": f"first {BATCH} of digits8x8/train.npz", "loss": "cross_entropy mean, float64",
                   "torch": torch.__version__, "moments": "golden/mlp8x8-adam5.adam.npz", "adamSteps": STEPS,
                   "adam": {"axis": centred, "normalization": "filter p=2 against w0, no orthogonalization", "grids": adam},
                   "adameq": {"steps": s, "a": a_axis, "b": b_axis, "eps": EPS, "grid": adameq},
                   "models": {"to": ["models/mlp8x8-trained.pt", "golden/mlp8x8-adam5.pt"], "axis": towards,
                              "grid": models, "ownLoss": [loss(w1), loss(w2)]}}, f, indent=1)
        f.write("\n")


def fixed_zip_times(path):
    with zipfile.ZipFile(path) as z:
        members = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, content in members:
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content)


if __name__ == "__main__":
    main()
