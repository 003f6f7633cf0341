#!/usr/bin/python3
"""Checks the files written by scripts/make_testdata.py, independently of it.

    /usr/bin/python3 scripts/check_testdata.py [--out testdata] [--sources /tmp/lla-sources]

Re-reads every file, re-loads every model with torch.jit.load, recomputes accuracies,
checks the golden values against fresh Hessian-vector products, and exits 1 on failure.
The source comparison is skipped when the source cache is missing.
"""
import argparse
import collections
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

failures = []


def check(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg, flush=True)
    if not cond:
        failures.append(msg)


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">i", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "i" * ndim, data[4:4 + 4 * ndim])
    body = data[4 + 4 * ndim:]
    assert len(body) == int(np.prod(dims))
    return magic, np.frombuffer(body, dtype=np.uint8).reshape(dims)


def flat(ts):
    return torch.cat([t.reshape(-1) for t in ts])


def hvp(model, x, y, vec):
    params = [p for _, p in model.named_parameters()]
    loss = F.cross_entropy(model(x), y)
    g = torch.autograd.grad(loss, params, create_graph=True)
    dot = sum((gi * vi).sum() for gi, vi in zip(g, vec))
    return loss, [t.detach() for t in g], [t.detach() for t in torch.autograd.grad(dot, params)]


def split_flat(v, model):
    out, off = [], 0
    for _, p in model.named_parameters():
        out.append(v[off:off + p.numel()].reshape(p.shape)); off += p.numel()
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(here), "testdata"))
    ap.add_argument("--sources", default=os.environ.get("LLA_SOURCES", "/tmp/lla-sources"))
    a = ap.parse_args()
    T = a.out
    torch.set_num_threads(1)
    torch._C._set_graph_executor_optimize(False)

    # ---------------------------------------------------------------- MNIST IDX
    mn = {}
    for split, n, per in (("train", 5000, 500), ("t10k", 1000, 100)):
        mi, imgs = read_idx(os.path.join(T, "mnist", split + "-images-idx3-ubyte.gz"))
        ml, labs = read_idx(os.path.join(T, "mnist", split + "-labels-idx1-ubyte.gz"))
        check(mi == 0x803 and imgs.shape == (n, 28, 28), "mnist %s images magic/shape %s" % (split, imgs.shape))
        check(ml == 0x801 and labs.shape == (n,), "mnist %s labels magic/shape" % split)
        check(np.bincount(labs, minlength=10).tolist() == [per] * 10, "mnist %s %d per class" % (split, per))
        check(labs[:20].tolist() != sorted(labs[:20].tolist()), "mnist %s shuffled" % split)
        mn[split] = (imgs, labs)
    rows = [l.strip().split(",") for l in open(os.path.join(T, "mnist", "source-index.csv"))][1:]
    src = collections.defaultdict(list)
    for s, pos, lab, idx in rows:
        src[s].append((int(lab), int(idx)))
    check(not set(src["train"]) & set(src["t10k"]), "mnist train/t10k disjoint (source-index.csv)")
    digits_dir = os.path.join(a.sources, "mnist", "package", "src", "digits")
    if os.path.isdir(digits_dir):
        raw = {}
        for lab in range(10):
            with open(os.path.join(digits_dir, "%d.json" % lab)) as f:
                raw[lab] = np.asarray(json.load(f)["data"]).reshape(-1, 28, 28)
        for s in ("train", "t10k"):
            imgs, labs = mn[s]
            ok = all(labs[i] == lab and np.array_equal(np.rint(raw[lab][idx] * 255).astype(np.uint8), imgs[i])
                     for i, (lab, idx) in enumerate(src[s]))
            err = max(np.abs(imgs[i] / 255.0 - raw[lab][idx]).max() for i, (lab, idx) in enumerate(src[s]))
            check(ok and err <= 0.0005 + 1e-12, "mnist %s pixels = round(255*json), max |px/255 - json| %.2e" % (s, err))
    else:
        print("skip mnist source comparison (no %s)" % digits_dir)

    # ---------------------------------------------------------------- digits 8x8
    dg = {}
    for s, n in (("train", 1500), ("test", 297)):
        z = np.load(os.path.join(T, "digits8x8", s + ".npz"))
        x, y = z["x"], z["y"]
        check(x.dtype == np.float32 and x.shape == (n, 1, 8, 8) and y.dtype == np.int64 and y.shape == (n,),
              "digits8x8 %s dtypes/shapes" % s)
        check(x.min() == 0 and x.max() == 1 and np.array_equal(x * 16, np.rint(x * 16)), "digits8x8 %s values k/16" % s)
        dg[s] = (x, y, z["source_row"])
    check(not set(dg["train"][2]) & set(dg["test"][2]) and len(set(dg["train"][2]) | set(dg["test"][2])) == 1797,
          "digits8x8 split disjoint and complete")
    print("     digits8x8 test per class", np.bincount(dg["test"][1]).tolist())

    # ---------------------------------------------------------------- models
    man = json.load(open(os.path.join(T, "models", "manifest.json")))
    data = {"digits8x8": {"train": (dg["train"][0], dg["train"][1]), "test": (dg["test"][0], dg["test"][1])},
            "mnist": {s2: (mn[s1][0].astype(np.float32)[:, None] / np.float32(255), mn[s1][1].astype(np.int64))
                      for s1, s2 in (("train", "train"), ("t10k", "test"))}}
    for fname, e in man["models"].items():
        m = torch.jit.load(os.path.join(T, "models", fname))
        check(not m.training, "%s saved in eval mode" % fname)
        check(type(m).__name__ == "RecursiveScriptModule" and hasattr(m, "code"), "%s is scripted" % fname)
        check(sum(p.numel() for p in m.parameters()) == e["param_count"], "%s param count %d" % (fname, e["param_count"]))
        for s in ("train", "test"):
            x, y = data[e["dataset"]][s]
            with torch.no_grad():
                logits = m(torch.from_numpy(x))
            acc = (logits.argmax(1).numpy() == y).mean()
            loss = F.cross_entropy(logits, torch.from_numpy(y)).item()
            check(abs(acc - e[s]["accuracy"]) < 1e-9 and abs(loss - e[s]["loss"]) < 1e-4 * max(1, loss),
                  "%s %s acc %.4f loss %.4f (manifest %.4f %.4f)" % (fname, s, acc, loss, e[s]["accuracy"], e[s]["loss"]))
            if "mse" in e[s]:   # models trained with lla's --loss mse (one-hot targets, mean over N*C)
                mse = F.mse_loss(logits, F.one_hot(torch.from_numpy(y), logits.shape[1]).to(logits.dtype)).item()
                check(abs(mse - e[s]["mse"]) < 1e-4 * max(1, mse),
                      "%s %s mse %.6f (manifest %.6f)" % (fname, s, mse, e[s]["mse"]))

    # ---------------------------------------------------------------- MLP dense Hessian goldens
    for stem, fname in (("mlp8x8-dense-hessian", "mlp8x8-trained.pt"), ("mlp8x8-init-dense-hessian", "mlp8x8-init.pt")):
        g = json.load(open(os.path.join(T, "golden", stem + ".json")))
        z = np.load(os.path.join(T, "golden", stem + "-eigvecs.npz"))
        ev = np.asarray(g["eigenvalues_ascending"])
        check(len(ev) == g["param_count"] == 2410 and np.all(np.diff(ev) >= 0), "%s: 2410 eigenvalues ascending" % stem)
        check(abs(g["trace"] - ev.sum()) <= 1e-10 * np.abs(ev).sum(),
              "%s: trace %.12g = sum(eig) %.12g" % (stem, g["trace"], ev.sum()))
        check(abs(z["diag"].sum() - g["trace"]) <= 1e-12 * np.abs(ev).sum(), "%s: sum(diag) = trace" % stem)
        check(abs(np.sqrt((ev ** 2).sum()) - g["frobenius_norm"]) <= 1e-9 * g["frobenius_norm"], "%s: ||eig||_2 = ||H||_F" % stem)
        m = torch.jit.load(os.path.join(T, "models", fname)); m.eval(); m.double()
        x = torch.from_numpy(dg["train"][0][:256]).double(); y = torch.from_numpy(dg["train"][1][:256])
        for key, lam in (("top1", ev[-1]), ("top2", ev[-2]), ("min", ev[0])):
            v = torch.from_numpy(z[key])
            loss, grad, hv = hvp(m, x, y, split_flat(v, m))
            r = (flat(hv) - lam * v).norm().item()
            check(r <= 1e-8 * abs(ev).max() and abs(v.norm().item() - 1) < 1e-12,
                  "%s: ||H %s - lambda %s|| = %.2e by fresh HVP (lambda %.6g)" % (stem, key, key, r, lam))
        check(abs(loss.item() - g["loss"]) < 1e-13 and np.allclose(flat(grad).numpy(), z["grad"], rtol=0, atol=1e-14),
              "%s: loss %.10f and gradient reproduce" % (stem, g["loss"]))
        print("     %s: loss %.6f trace %.6f top5 %s min %.6f" % (stem, g["loss"], g["trace"],
              ["%.5f" % t for t in g["top5_descending"]], g["lambda_min"]))

    # ---------------------------------------------------------------- LeNet HVP golden
    z = np.load(os.path.join(T, "golden", "lenet-hvp.npz"))
    m0 = torch.jit.load(os.path.join(T, "models", "lenet-bn-trained.pt"))
    names = [n for n, _ in m0.named_parameters()]
    imgs, labs = mn["train"]
    x = torch.from_numpy(imgs[:64].astype(np.float32) / np.float32(255)).reshape(64, 1, 28, 28)
    check(np.array_equal(z["x"], x.numpy()) and np.array_equal(z["y"], labs[:64].astype(np.int64)), "lenet-hvp batch = first 64 of mnist train")
    torch.manual_seed(1234)
    check(all(np.array_equal(z["v." + n], torch.randn(p.shape).numpy()) for n, p in m0.named_parameters()),
          "lenet-hvp v = seed 1234 randn per parameter")
    for mode in ("eval", "train"):
        h32 = flat([torch.from_numpy(z["hvp.%s.%s" % (mode, n)]).double() for n in names])
        h64 = flat([torch.from_numpy(z["hvp64.%s.%s" % (mode, n)]) for n in names])
        rel = ((h32 - h64).norm() / h64.norm()).item()
        check(rel < 1e-4, "lenet-hvp %s: ||Hv32 - Hv64|| / ||Hv64|| = %.2e" % (mode, rel))
        for dtype, tag in ((torch.float32, ""), (torch.float64, "64")):
            m = torch.jit.load(os.path.join(T, "models", "lenet-bn-trained.pt"))
            m.to(dtype)
            m.train() if mode == "train" else m.eval()
            v = [torch.from_numpy(z["v." + n]).to(dtype) for n in names]
            loss, grad, hv = hvp(m, x.to(dtype), torch.from_numpy(z["y"]), v)
            ref = flat([torch.from_numpy(z["hvp%s.%s.%s" % (tag, mode, n)]) for n in names])
            r = ((flat(hv) - ref).norm() / ref.norm()).item()
            check(r < 1e-6 and abs(loss.item() - float(z["loss%s.%s" % (tag, mode)])) < 1e-6,
                  "lenet-hvp %s%s reproduces (rel %.1e, loss %.8f)" % (mode, tag, r, loss.item()))
    m = torch.jit.load(os.path.join(T, "models", "lenet-bn-trained.pt"))
    check(all(torch.equal(b, b2) for b, b2 in zip(m.buffers(), m0.buffers())), "lenet fresh load has unmodified buffers")

    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(T) for f in fs)
    check(total < 6.5e6, "testdata total %.2f MB" % (total / 1e6))
    print("FAILED: %d" % len(failures) if failures else "ALL OK")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
