#!/usr/bin/env python3
"""Two independently trained 8x8-digit MLPs for the mode-connectivity test of `lla connect`.

Same architecture and training as mlp8x8-trained.pt (scripts/make_testdata.py: Adam, its LR and
batch size, mean cross-entropy on digits8x8/train.npz), but from two different random inits and
shuffles (seeds 1 and 2), 15 epochs each. Writes testdata/models/mlp8x8-seed1.pt and -seed2.pt
(TorchScript, eval mode) and prints each one's training/test loss and accuracy.

Also writes testdata/models/lenet-bn-init-seed2.pt: LeNet-BN as lenet-bn-init.pt (seed 28 in
make_testdata.py) but initialized after torch.manual_seed(2), untrained, the second start of the
LeNet connect study in docs/track-connect.md (train both with `lla train`, then `lla connect`).

Run: /usr/bin/python3 scripts/make_connect_models.py   (torch 1.13, CPU, a few seconds)
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_testdata import LeNetBN, MLP8x8, evaluate, save_scripted, train  # noqa: E402

T = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata")


def load(split):
    z = np.load(os.path.join(T, "digits8x8", split + ".npz"))
    return torch.from_numpy(z["x"].astype(np.float32)), torch.from_numpy(z["y"].astype(np.int64))


def main():
    torch.set_num_threads(1)
    x, y = load("train")
    xt, yt = load("test")
    for seed in (1, 2):
        torch.manual_seed(seed)
        model = MLP8x8()
        train(model, x, y, 15, shuffle_seed=100 + seed)
        path = save_scripted(model, os.path.join(T, "models", "mlp8x8-seed%d.pt" % seed))
        print("%s: train loss %.4f acc %.4f, test loss %.4f acc %.4f" % (
            os.path.basename(path), *evaluate(model, x, y), *evaluate(model, xt, yt)))
    torch.manual_seed(2)
    print(save_scripted(LeNetBN(), os.path.join(T, "models", "lenet-bn-init-seed2.pt")))


if __name__ == "__main__":
    main()
