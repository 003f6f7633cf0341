#!/usr/bin/python3
"""Writes the fixture that shows libtorch's convolution defect on some CPUs (README, "Known
engine defect") and lla's check of it (core's ConvKernelDefectTest):

  models/cnn8x8-odd.pt          a small CNN on 8x8 digits whose second convolution has 10
                                output channels (not a multiple of 16): conv 1->6, conv 6->10,
                                both 3x3 with padding 1, ReLU, then Linear(640, 10); seed 0
  models/cnn8x8-ranks.pt        the same defect in conv1d and conv3d: the 8x8 digit's rows
                                as 8 channels, conv1d 8->6 (the stem) and 6->10, both kernel
                                3 with padding 1, ReLU, the (10, 8) maps as a (2, 5, 2, 4)
                                volume, conv3d 2->6 (kernel 3, padding 1), ReLU, then
                                Linear(240, 10); seed 0
  golden/<model>-hvp.npz        for each model, on the first 32 samples of
                                digits8x8/train.npz (eval mode, mean cross-entropy), computed
                                in float64 (model.double()): x, y, loss64, v.<name> (a fixed
                                vector, seed 1234), grad64.<name> and hvp64.<name>
                                (torch.autograd.grad twice, retain_graph, the way PyHessian
                                does)

    /usr/bin/python3 scripts/make_conv_defect_fixture.py

Needs Debian's python3-torch 1.13 (only under /usr/bin/python3).
"""
import os

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata")


class OddChannelCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 6, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(6, 10, 3, padding=1)
        self.fc = torch.nn.Linear(640, 10)

    def forward(self, x):
        h = torch.relu(self.conv1(x))
        h = torch.relu(self.conv2(h))
        return self.fc(h.flatten(1))


class OddChannelRanksCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = torch.nn.Conv1d(8, 6, 3, padding=1)
        self.conv1d = torch.nn.Conv1d(6, 10, 3, padding=1)
        self.conv3d = torch.nn.Conv3d(2, 6, 3, padding=1)
        self.fc = torch.nn.Linear(240, 10)

    def forward(self, x):
        h = torch.relu(self.stem(x.flatten(1, 2)))
        h = torch.relu(self.conv1d(h))
        h = torch.relu(self.conv3d(h.reshape(h.shape[0], 2, 5, 2, 4)))
        return self.fc(h.flatten(1))


def main():
    write(OddChannelCnn, "cnn8x8-odd")
    write(OddChannelRanksCnn, "cnn8x8-ranks")


def write(module, name):
    torch.manual_seed(0)
    model = module().eval()
    path = os.path.join(ROOT, "models", name + ".pt")
    torch.jit.script(model).save(path)

    digits = np.load(os.path.join(ROOT, "digits8x8", "train.npz"))
    x = torch.from_numpy(digits["x"][:32].copy())
    y = torch.from_numpy(digits["y"][:32].copy())
    exact = torch.jit.load(path).double().eval()
    names = [n for n, _ in exact.named_parameters()]
    params = [p for _, p in exact.named_parameters()]
    torch.manual_seed(1234)
    v = [torch.randn_like(p).float().double() for p in params]  # the float32 values lla reads

    loss = F.cross_entropy(exact(x.double()), y)
    grads = torch.autograd.grad(loss, params, create_graph=True)
    hvp = torch.autograd.grad(grads, params, grad_outputs=v, retain_graph=True)

    arrays = {"x": x.numpy(), "y": y.numpy(), "loss64": np.array([loss.item()])}
    for n, vi, g, h in zip(names, v, grads, hvp):
        arrays["v." + n] = vi.float().numpy()
        arrays["grad64." + n] = g.detach().numpy()
        arrays["hvp64." + n] = h.detach().numpy()
    np.savez(os.path.join(ROOT, "golden", name + "-hvp.npz"), **arrays)
    print(name + ":", [(n, tuple(p.shape)) for n, p in zip(names, params)],
          "loss %.10f" % loss.item())


if __name__ == "__main__":
    main()
