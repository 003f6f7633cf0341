#!/usr/bin/python3
"""Writes the test fixtures of `lla train` from the committed models and data:

  models/lenet-bn-traced.pt    LeNet-BN (lenet-bn-init.pt's weights) traced with torch.jit.trace in
                               eval mode: its BatchNorm calls carry a literal training=False
  models/mlp8x8-traced.pt      the initial MLP traced (no BatchNorm, no dropout: trains as scripted)
  models/mlp8x8-frozen.pt      the initial MLP after torch.jit.freeze: parameters became constants
  golden/mlp8x8-optim.npz      torch.optim.Adam / SGD steps on mlp8x8-init.pt (arrays below)
  golden/mlp8x8-optim.json     the settings and the loss of every step

Golden steps: the batch is the first GOLDEN_BATCH samples of digits8x8/train.npz in stored order,
the loss the mean cross-entropy; each optimizer starts from a fresh torch.jit.load of
mlp8x8-init.pt and takes STEPS steps on that same batch. Arrays, per run R (adam, adamwd, sgd):
  R/step<k>/<param name>     float32 weights after step k (k = 1..STEPS)
  R/exp_avg/<param name>     Adam's first moment after the last step (adam runs)
  R/exp_avg_sq/<param name>  Adam's second moment after the last step (adam runs)
  R/momentum_buffer/<name>   SGD's momentum buffer after the last step (sgd run)

    /usr/bin/python3 scripts/make_train_testdata.py

Needs Debian's python3-torch 1.13 (only under /usr/bin/python3) and numpy.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_testdata  # noqa: E402  (the model classes)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata")
GOLDEN_BATCH = 64
STEPS = 3
RUNS = {
    "adam": ("adam", dict(lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)),
    "adamwd": ("adam", dict(lr=0.003, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05)),
    "sgd": ("sgd", dict(lr=0.1, momentum=0.9, weight_decay=0.01)),
}


def path(*parts):
    return os.path.join(ROOT, *parts)


def eager(cls, scripted_file):
    model = cls()
    model.load_state_dict(torch.jit.load(scripted_file).state_dict())
    return model.eval()


def make_fixtures():
    lenet = eager(make_testdata.LeNetBN, path("models", "lenet-bn-init.pt"))
    torch.jit.trace(lenet, torch.zeros(2, 1, 28, 28)).save(path("models", "lenet-bn-traced.pt"))
    mlp = eager(make_testdata.MLP8x8, path("models", "mlp8x8-init.pt"))
    torch.jit.trace(mlp, torch.zeros(2, 1, 8, 8)).save(path("models", "mlp8x8-traced.pt"))
    frozen = torch.jit.freeze(torch.jit.load(path("models", "mlp8x8-init.pt")).eval())
    assert len(list(frozen.parameters())) == 0
    frozen.save(path("models", "mlp8x8-frozen.pt"))


def make_golden():
    data = np.load(path("digits8x8", "train.npz"))
    x = torch.from_numpy(data["x"][:GOLDEN_BATCH].astype(np.float32))
    y = torch.from_numpy(data["y"][:GOLDEN_BATCH].astype(np.int64))
    arrays, runs = {}, {}
    for run, (kind, settings) in RUNS.items():
        model = torch.jit.load(path("models", "mlp8x8-init.pt"))
        model.train()
        params = list(model.named_parameters())
        if kind == "adam":
            opt = torch.optim.Adam([p for _, p in params], **settings)
        else:
            opt = torch.optim.SGD([p for _, p in params], **settings)
        losses = []
        for step in range(1, STEPS + 1):
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            losses.append(loss.item())
            for name, p in params:
                arrays[f"{run}/step{step}/{name}"] = p.detach().numpy().astype(np.float32).copy()
        for name, p in params:
            state = opt.state[p]
            keys = ["exp_avg", "exp_avg_sq"] if kind == "adam" else ["momentum_buffer"]
            for key in keys:
                arrays[f"{run}/{key}/{name}"] = state[key].numpy().astype(np.float32).copy()
        settings = dict(settings)
        if "betas" in settings:
            settings["beta1"], settings["beta2"] = settings.pop("betas")
        runs[run] = {"optimizer": kind, "settings": settings, "losses": losses}
    np.savez(path("golden", "mlp8x8-optim.npz"), **arrays)
    with open(path("golden", "mlp8x8-optim.json"), "w") as f:
        json.dump({"torch_version": torch.__version__, "model": "models/mlp8x8-init.pt",
                   "batch": f"first {GOLDEN_BATCH} samples of digits8x8/train.npz, stored order",
                   "loss": "mean cross-entropy", "steps": STEPS, "runs": runs}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    torch.manual_seed(0)
    torch.set_num_threads(1)
    make_fixtures()
    make_golden()
    print("wrote traced/frozen fixtures and golden/mlp8x8-optim.{npz,json}")
