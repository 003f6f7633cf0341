#!/usr/bin/python3
"""Writes testdata/models/linear8x8-mse.pt, a model whose MSE loss is exactly quadratic.

    /usr/bin/python3 scripts/make_quadratic_testdata.py [--out testdata]

A linear classifier on the 8x8 digits, input (N,1,8,8) -> flatten -> fc Linear(64,10), trained
a little (MSE_EPOCHS epochs of Adam on the mean squared error against one-hot labels, lla's
--loss mse). Its loss L(W, b) = 1/(N*C) * sum_n ||W x_n + b - onehot(y_n)||^2 is a quadratic in
the weights, so the landscape and the Hessian are known in closed form: lla's exact check
(core test QuadraticLandscapeTest). The script also checks, in float64, that the closed-form
Hessian (2/(N*C)) [X 1]^T [X 1] per class equals autograd's dense Hessian of the saved model.

Adds (or replaces) the model's entry in testdata/models/manifest.json, in the format of
scripts/make_testdata.py, which calls this script last so that a full regeneration keeps it.
Reads testdata/digits8x8/{train,test}.npz. Needs Debian's python3-torch 1.13 and numpy under
/usr/bin/python3; deterministic (one thread, fixed seeds, PYTHONHASHSEED=0).
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SEED_LINEAR = 64          # torch.manual_seed before building the model; shuffling uses SEED_LINEAR + 1000
MSE_EPOCHS = 3            # a little training: the gradient stays well away from zero
LR = 1e-3
BATCH = 64
CHECK_BATCH = 256         # first samples of digits8x8/train.npz for the Hessian cross-check
NAME = "linear8x8-mse.pt"
ARCH = "input (N,1,8,8) -> flatten(1) -> fc Linear(64,10) -> outputs"


class Linear8x8(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(64, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.flatten(x, 1))


def mse(outputs, labels):
    """lla's --loss mse: F.mse_loss against one-hot labels, mean over all N*C entries."""
    return F.mse_loss(outputs, F.one_hot(labels, outputs.shape[1]).to(outputs.dtype))


def load_digits(root, split):
    z = np.load(os.path.join(root, "digits8x8", split + ".npz"))
    return torch.from_numpy(z["x"]), torch.from_numpy(z["y"])


def train(model, x, y):
    gen = torch.Generator().manual_seed(SEED_LINEAR + 1000)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    for _ in range(MSE_EPOCHS):
        model.train()
        perm = torch.randperm(x.shape[0], generator=gen)
        for i in range(0, x.shape[0], BATCH):
            idx = perm[i:i + BATCH]
            opt.zero_grad()
            mse(model(x[idx]), y[idx]).backward()
            opt.step()
    model.eval()


def evaluate(model, x, y):
    with torch.no_grad():
        out = model(x)
    return {"n": int(x.shape[0]), "loss": F.cross_entropy(out, y).item(),
            "accuracy": (out.argmax(1) == y).double().mean().item(), "mse": mse(out, y).item()}


def check_closed_form_hessian(model, x, y):
    """Max |closed form - autograd| over the dense float64 Hessian, in named_parameters() order."""
    m = model.double()
    params = [p for _, p in m.named_parameters()]
    grads = torch.autograd.grad(mse(m(x.double()), y), params, create_graph=True)
    gflat = torch.cat([g.reshape(-1) for g in grads])
    dense = torch.stack([torch.cat([r.reshape(-1) for r in torch.autograd.grad(gflat[i], params, retain_graph=True)])
                         for i in range(gflat.numel())])
    n, classes, features = x.shape[0], 10, 64
    a = torch.cat([torch.flatten(x.double(), 1), torch.ones(n, 1, dtype=torch.float64)], 1)   # [X 1]
    block = 2.0 / (n * classes) * a.T @ a                                                      # 65 x 65
    # Parameter order: fc.weight (10 x 64, row-major: class c's row at c*64), then fc.bias (10).
    index = lambda c, j: c * features + j if j < features else classes * features + c
    closed = torch.zeros_like(dense)
    for c in range(classes):
        rows = torch.tensor([index(c, j) for j in range(features + 1)])
        closed[rows.unsqueeze(1), rows.unsqueeze(0)] = block
    return (closed - dense).abs().max().item(), dense.abs().max().item(), torch.linalg.eigvalsh(block)


def main(out=None):
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata"))
    if out is None:
        ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
        ap.add_argument("--out", default=root)
        out = ap.parse_args().out
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch._C._set_graph_executor_optimize(False)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from make_testdata import params_info, save_scripted, sha256, write_json

    xtr, ytr = load_digits(out, "train")
    xte, yte = load_digits(out, "test")
    torch.manual_seed(SEED_LINEAR)
    model = Linear8x8().eval()
    train(model, xtr, ytr)
    path = save_scripted(model, os.path.join(out, "models", NAME))

    saved = torch.jit.load(path)                       # check what was written, not the Python object
    saved.eval()
    entry = {
        "architecture": ARCH,
        "class": "Linear8x8",
        "input_shape": [-1, 1, 8, 8],
        "input_range": "[0,1] pixels, no normalization",
        "output": "outputs (N,10), trained as regression targets for one-hot labels",
        "stage": "trained",
        "mode_saved": "eval",
        "param_count": sum(p.numel() for p in saved.parameters()),
        "parameters": params_info(saved),
        "buffers": [],
        "init_seed": SEED_LINEAR,
        "epochs": MSE_EPOCHS,
        "training": {
            "optimizer": "Adam", "lr": LR, "batch_size": BATCH,
            "loss": "mse against one-hot labels (mean over N*C)",
            "shuffle": "torch.randperm with torch.Generator().manual_seed(%d) each epoch" % (SEED_LINEAR + 1000),
            "data": "digits8x8 train split only",
        },
        "dataset": "digits8x8",
        "train": evaluate(saved, xtr, ytr),
        "test": evaluate(saved, xte, yte),
        "torch_version": torch.__version__,
        "sha256": sha256(path),
        "bytes": os.path.getsize(path),
    }
    print("%s: train mse %.6f acc %.4f | test mse %.6f acc %.4f" % (
        NAME, entry["train"]["mse"], entry["train"]["accuracy"], entry["test"]["mse"], entry["test"]["accuracy"]))

    gap, scale, eigenvalues = check_closed_form_hessian(torch.jit.load(path), xtr[:CHECK_BATCH], ytr[:CHECK_BATCH])
    print("closed-form vs autograd Hessian on %d samples: max |diff| %.3g (max |H| %.3g); top eigenvalues %s" % (
        CHECK_BATCH, gap, scale, np.array2string(eigenvalues.numpy()[::-1][:3], precision=8)))
    assert gap <= 1e-12 * scale, "the closed-form Hessian does not match autograd"

    manifest_path = os.path.join(out, "models", "manifest.json")
    with open(manifest_path) as f:
        manifest = json.load(f)
    manifest["models"][NAME] = entry
    write_json(manifest_path, manifest)
    print("wrote", path, "and its entry in", manifest_path)


if __name__ == "__main__":
    main()
