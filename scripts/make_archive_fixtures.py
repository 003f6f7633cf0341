#!/usr/bin/python3
"""Writes the TorchScript archives that test counting parameters without libtorch
(core's TorchScriptParametersTest, which also checks every other bundled .pt model):

  models/mlp8x8-tied.pt   an MLP whose fc2 is fc1 (one Linear(64,64) reached under two names):
                          the archive pickles fc2 as a second module holding fc1's tensors,
                          and libtorch lists them once, so the archive alone gives no count
  models/mlp8x8-double.pt the 8x8 MLP (mlp8x8-init.pt's weights) in float64

    /usr/bin/python3 scripts/make_archive_fixtures.py

Needs Debian's python3-torch 1.13 (only under /usr/bin/python3).
"""
import os

import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "models")


class SharedWeightMLP(torch.nn.Module):
    """fc2 is fc1: one module, and so one weight, reached under two names."""

    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(64, 64)
        self.fc2 = self.fc1
        self.out = torch.nn.Linear(64, 10)

    def forward(self, x):
        h = torch.relu(self.fc1(x.flatten(1)))
        return self.out(torch.relu(self.fc2(h)))


def main():
    torch.manual_seed(0)
    torch.jit.script(SharedWeightMLP()).save(os.path.join(ROOT, "mlp8x8-tied.pt"))
    double = torch.jit.load(os.path.join(ROOT, "mlp8x8-init.pt")).double()
    double.save(os.path.join(ROOT, "mlp8x8-double.pt"))
    for name in ("mlp8x8-tied.pt", "mlp8x8-double.pt"):
        m = torch.jit.load(os.path.join(ROOT, name))
        print(name, [(n, tuple(p.shape), p.dtype) for n, p in m.named_parameters()])


if __name__ == "__main__":
    main()
