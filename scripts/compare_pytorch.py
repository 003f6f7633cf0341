#!/usr/bin/python3
"""PyTorch reference timings for issue 14, point 2 (lla against a PyHessian-style HVP and SLQ step).

Runs on Debian's torch 1.13 (/usr/bin/python3), 2 threads, CPU, eval mode, cross-entropy (mean).
Models and batches:
  lenet-bn-trained.pt (testdata/models, torch.jit.load) on the first 128 and 2048 MNIST test digits,
  cnn9146.pt, a 9,146-parameter BatchNorm CNN defined here (seeded init, untrained), on 2048 digits;
  it is saved as TorchScript to target/compare/cnn9146.pt so that lla can time the same model.
Digits are read from testdata/mnist/train-*.gz and scaled to [0, 1]; the values do not change the
cost of a product.
For each case it times, on a gradient graph built once (autograd.grad(loss, params, create_graph=True)),
  HVP       torch.autograd.grad(grads, params, grad_outputs=v, retain_graph=True), as PyHessian does,
  SLQ step  one Lanczos step written the way PyHessian's density() does it: the HVP above, then
            per-parameter-list dot products, axpys and full re-orthogonalization against all
            previous vectors (python loops over the parameter list);
and prints ms per product (median) and per SLQ step (mean over the run), kernel-time share of the
wall (resource.getrusage) and minor page faults per product.
Usage: /usr/bin/python3 scripts/compare_pytorch.py [--repeats 20] [--steps 30] [--json out.json]
       [--scale target/scale] [--only lenet-bn:128,lenet-bn:2048,cnn9146:2048,resnet18:64]
"""
import argparse
import gzip
import json
import os
import resource
import statistics
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Cnn9146(nn.Module):
    """conv(1->18,3)+BN, pool, conv(18->16,3)+BN, pool, conv(16->40,3)+BN, global mean, fc 40->10."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 18, 3)
        self.b1 = nn.BatchNorm2d(18)
        self.c2 = nn.Conv2d(18, 16, 3)
        self.b2 = nn.BatchNorm2d(16)
        self.c3 = nn.Conv2d(16, 40, 3)
        self.b3 = nn.BatchNorm2d(40)
        self.fc = nn.Linear(40, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.b1(self.c1(x))), 2)   # 26 -> 13
        x = F.max_pool2d(F.relu(self.b2(self.c2(x))), 2)   # 11 -> 5
        x = F.relu(self.b3(self.c3(x)))                    # 3
        return self.fc(x.mean(dim=(2, 3)))


def mnist(n):
    """The first n bundled MNIST training digits (5,000; the bundled test split holds only 1,000)."""
    d = os.path.join(ROOT, "testdata", "mnist")
    with gzip.open(os.path.join(d, "train-images-idx3-ubyte.gz")) as f:
        img = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(os.path.join(d, "train-labels-idx1-ubyte.gz")) as f:
        lab = np.frombuffer(f.read(), np.uint8, offset=8)
    if len(img) < n:
        raise SystemExit(f"testdata/mnist holds {len(img)} training digits, fewer than the batch of {n}")
    return torch.from_numpy(img[:n].astype(np.float32) / 255.0), torch.from_numpy(lab[:n].astype(np.int64))


def dot(xs, ys):
    return sum(torch.sum(x * y) for x, y in zip(xs, ys))


def add(xs, ys, alpha):
    return [x + y * alpha for x, y in zip(xs, ys)]


def normalize(vs):
    s = torch.sqrt(dot(vs, vs))
    return [v / (s + 1e-6) for v in vs]


def orthnormal(w, vlist):
    for v in vlist:
        w = add(w, v, -dot(w, v))
    return normalize(w)


class Counters:
    def __enter__(self):
        self.r0 = resource.getrusage(resource.RUSAGE_SELF)
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *a):
        self.wall = time.perf_counter() - self.t0
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        self.sys = r1.ru_stime - self.r0.ru_stime
        self.faults = r1.ru_minflt - self.r0.ru_minflt


def cifar(d, n):
    """The first n records of a CIFAR-10 binary batch (test_batch.bin), scaled to [0, 1]."""
    raw = np.fromfile(os.path.join(d, "test_batch.bin"), np.uint8)[: n * 3073].reshape(n, 3073)
    x = raw[:, 1:].reshape(n, 3, 32, 32).astype(np.float32) / 255.0
    return torch.from_numpy(x), torch.from_numpy(raw[:, 0].astype(np.int64))


def case(name, model, x, y, repeats, steps):
    model.eval()
    params = [p for p in model.parameters() if p.requires_grad]
    P = sum(p.numel() for p in params)
    loss = F.cross_entropy(model(x), y)
    grads = torch.autograd.grad(loss, params, create_graph=True)
    gen = torch.Generator().manual_seed(0)

    def hvp(v):
        return torch.autograd.grad(grads, params, grad_outputs=v, retain_graph=True)

    v = [torch.randn(p.shape, generator=gen) for p in params]
    for _ in range(repeats):
        hvp(v)
    times = []
    with Counters() as c:
        for _ in range(repeats):
            t = time.perf_counter()
            hvp(v)
            times.append(time.perf_counter() - t)
    def forward_backward():
        torch.autograd.grad(F.cross_entropy(model(x), y), params)

    for _ in range(repeats):
        forward_backward()
    fb = []
    for _ in range(repeats):
        t = time.perf_counter()
        forward_backward()
        fb.append(time.perf_counter() - t)
    res = {"case": name, "P": P, "batch": int(x.shape[0]), "fwd_bwd_ms": 1e3 * statistics.median(fb),
           "hvp_ms": 1e3 * statistics.median(times), "hvp_kernel_share": c.sys / c.wall,
           "hvp_faults_per_product": c.faults / repeats}

    # PyHessian-style SLQ run (one run of `steps` Lanczos steps, full re-orthogonalization)
    def slq():
        v = normalize([torch.randint(0, 2, p.shape, generator=gen).float() * 2 - 1 for p in params])
        vlist, alphas, betas = [v], [], []
        w = None
        for i in range(steps):
            if i == 0:
                wp = hvp(v)
                alpha = dot(wp, v)
                w = add(wp, v, -alpha)
            else:
                beta = torch.sqrt(dot(w, w))
                betas.append(beta.item())
                v = orthnormal(w, vlist)
                vlist.append(v)
                wp = hvp(v)
                alpha = dot(wp, v)
                w = add(add(wp, v, -alpha), vlist[-2], -beta)
            alphas.append(alpha.item())
        return alphas

    slq()  # warm-up run
    with Counters() as c:
        slq()
    res.update({"slq_steps": steps, "slq_step_ms": 1e3 * c.wall / steps,
                "slq_kernel_share": c.sys / c.wall, "slq_faults_per_step": c.faults / steps})
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--json")
    ap.add_argument("--scale", help="also time target/scale's resnet18.pt on its cifar/ data (batch 64)")
    ap.add_argument("--only", help="time only these cases, e.g. lenet-bn:128,cnn9146:2048")
    a = ap.parse_args()
    torch.set_num_threads(2)
    out = os.path.join(ROOT, "target", "compare")
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    cnn = Cnn9146()
    torch.jit.script(cnn).save(os.path.join(out, "cnn9146.pt"))
    cnn = torch.jit.load(os.path.join(out, "cnn9146.pt"))
    lenet = torch.jit.load(os.path.join(ROOT, "testdata", "models", "lenet-bn-trained.pt"))
    rows = []
    cases = [("lenet-bn", lenet, 128), ("lenet-bn", lenet, 2048), ("cnn9146", cnn, 2048)]
    if a.scale:
        cases.append(("resnet18", torch.jit.load(os.path.join(a.scale, "resnet18.pt")), 64))
    if a.only:
        wanted = set(a.only.split(","))
        cases = [c for c in cases if f"{c[0]}:{c[2]}" in wanted]
    for name, model, n in cases:
        x, y = cifar(os.path.join(a.scale, "cifar"), n) if name == "resnet18" else mnist(n)
        r = case(name, model, x, y, a.repeats, a.steps if name != "resnet18" else min(a.steps, 20))
        rows.append(r)
        print(f"{name:9s} P={r['P']:8d} batch {n:5d}: fwd+bwd {r['fwd_bwd_ms']:8.2f} ms  HVP {r['hvp_ms']:8.2f} ms "
              f"(kernel {100 * r['hvp_kernel_share']:4.1f}%, {r['hvp_faults_per_product']:8.0f} faults/product)  "
              f"SLQ step {r['slq_step_ms']:8.2f} ms (kernel {100 * r['slq_kernel_share']:4.1f}%, "
              f"{r['slq_faults_per_step']:8.0f} faults/step)", flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
