#!/usr/bin/python3
"""Exports the bundled TorchScript models to ONNX twins (testdata/models/*.onnx).

    /usr/bin/python3 scripts/make_onnx_twins.py

Needs Debian's torch (python3-torch 1.13.1, only under /usr/bin/python3). The weights
come from the committed TorchScript models, so each twin computes the same function:
  mlp8x8-trained.onnx        opset 13, dynamic batch
  mlp8x8-trained-op9.onnx    opset 9 (Flatten/Gemm as the oldest exporter writes them)
  lenet-bn-trained.onnx      opset 15, BatchNormalization kept
  lenet-bn-folded.onnx       opset 13, BatchNormalization folded into Conv at export
  lenet-bn-reshape.onnx      opset 15, BN kept, x.view(x.size(0), -1): the Shape->Gather->Unsqueeze->Concat->Reshape chain
  mlp8x8-multi-output.onnx   opset 13, four outputs: logits (N,10), hidden (N,32), grid (N,2,5),
                             three (N,3) (a seeded Linear(32,3)), for --output NAME and the (N, classes) check
  resnet20.pt                CIFAR ResNet20 (He et al. 2016, 1x1-conv shortcuts), TorchScript,
                             trained briefly on cifar-tiny (seeded, SEED_RESNET)
  resnet20.onnx              its twin, opset 15, BatchNormalization kept
  resnet20-folded.onnx       its twin, opset 13, BatchNormalization folded into Conv at export
  vit-tiny.pt, vit-tiny.onnx a small ViT (patch 4 on 32x32, dim 32, 2 blocks, 4 heads, cls token),
                             random seeded weights, opset 17 (LayerNormalization, Erf GELU, Softmax)
  ../cifar-tiny/train.npz    64 seeded synthetic 3x32x32 uint8 images in 10 classes (class-coloured
                             blobs plus noise; no CIFAR package is reachable), keys x (N,3,32,32), y
"""
import os
import sys
import zipfile
import io

import numpy as np

import onnx
import torch
from onnx import numpy_helper
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_testdata import MLP8x8, LeNetBN, save_scripted  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "models")
CIFAR_TINY = os.path.join(ROOT, "..", "cifar-tiny")

SEED_CIFAR_TINY = 32   # numpy default_rng: the synthetic images and labels
SEED_RESNET = 20       # torch.manual_seed before building ResNet20 and shuffling its training batches
SEED_VIT = 4           # torch.manual_seed before building the ViT
RESNET_STEPS = 30      # Adam steps (lr 1e-3) on the 64 tiny images: weights and BN statistics away from init


class MultiOutput(MLP8x8):
    """The trained MLP's logits, plus outputs that --output and the (N, classes) check refuse or accept."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(3)
        self.fc3 = nn.Linear(32, 3)

    def forward(self, x):
        hidden = F.relu(self.fc1(torch.flatten(x, 1)))
        logits = self.fc2(hidden)
        return logits, hidden, logits.view(-1, 2, 5), self.fc3(hidden)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            # option B shortcut: a 1x1 convolution, so the graph needs no Pad or strided Slice
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet20(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        blocks = []
        cin = 16
        for cout, stride in ((16, 1), (32, 2), (64, 2)):
            for i in range(3):
                blocks.append(BasicBlock(cin, cout, stride if i == 0 else 1))
                cin = cout
        self.layer1 = nn.Sequential(*blocks[0:3])
        self.layer2 = nn.Sequential(*blocks[3:6])
        self.layer3 = nn.Sequential(*blocks[6:9])
        self.fc = nn.Linear(64, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        x = F.adaptive_avg_pool2d(x, 1)
        return self.fc(torch.flatten(x, 1))


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, n, d = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attention = torch.softmax(q @ k.transpose(-2, -1) * (d // self.heads) ** -0.5, dim=-1)
        return self.proj((attention @ v).transpose(1, 2).reshape(b, n, d))


class Block(nn.Module):
    def __init__(self, dim, heads, hidden):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.norm1(x))
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class ViTTiny(nn.Module):
    def __init__(self, dim=32, depth=2, heads=4, hidden=64, patch=4, size=32):
        super().__init__()
        self.patch = nn.Conv2d(3, dim, patch, patch)
        self.cls = nn.Parameter(torch.randn(1, 1, dim) * 0.02)
        self.pos = nn.Parameter(torch.randn(1, (size // patch) ** 2 + 1, dim) * 0.02)
        self.blocks = nn.Sequential(*[Block(dim, heads, hidden) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.patch(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], dim=1) + self.pos
        x = self.norm(self.blocks(x))
        return self.head(x[:, 0])


class LeNetBNView(LeNetBN):
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = x.view(x.size(0), -1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def load(cls, name):
    model = cls()
    scripted = torch.jit.load(os.path.join(ROOT, name))
    model.load_state_dict(scripted.state_dict(), strict=cls is not MultiOutput)
    return model.eval()


def export(model, shape, name, opset, fold, keep_bn=False, output_names=("logits",)):
    """keep_bn: torch 1.13 folds BatchNorm into Conv in every eval-mode export, so the BN-kept
    twin is exported in training mode (BatchNormalization with training_mode=1); the running
    statistics that the trace updates are put back, and lla honours --mode, not that flag."""
    path = os.path.join(ROOT, name)
    saved = {k: v.clone() for k, v in model.state_dict().items()}
    if keep_bn:
        model.train()
    torch.onnx.export(model, torch.zeros(*shape), path, opset_version=opset,
                      input_names=["input"], output_names=list(output_names),
                      dynamic_axes=dict({"input": {0: "batch"}}, **{o: {0: "batch"} for o in output_names}),
                      do_constant_folding=fold,
                      training=torch.onnx.TrainingMode.TRAINING if keep_bn else torch.onnx.TrainingMode.EVAL)
    model.load_state_dict(saved)
    model.eval()
    if keep_bn:
        # the training-mode trace ran one forward that moved the running statistics before the
        # exporter captured them: write the model's own statistics back into the initializers
        onnx_model = onnx.load(path)
        for initializer in onnx_model.graph.initializer:
            if initializer.name in saved and "running" in initializer.name:
                initializer.CopyFrom(numpy_helper.from_array(saved[initializer.name].numpy(), initializer.name))
        onnx.save(onnx_model, path)
    print(name, os.path.getsize(path), "bytes")


def write_npz(path, arrays):
    """np.savez (stored) with fixed zip timestamps, so that reruns give byte-identical files."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
        for key, value in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(value), allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            z.writestr(info, buffer.getvalue())
    print(os.path.relpath(path, ROOT), os.path.getsize(path), "bytes")


def make_cifar_tiny(n=64):
    """Each class has a colour and a blob position; noise on top. Learnable, small, seeded."""
    rng = np.random.default_rng(SEED_CIFAR_TINY)
    y = np.arange(n, dtype=np.int64) % 10
    rng.shuffle(y)
    colours = rng.uniform(0.2, 1.0, size=(10, 3))
    centres = rng.uniform(8, 24, size=(10, 2))
    rows, cols = np.mgrid[0:32, 0:32]
    x = np.empty((n, 3, 32, 32), dtype=np.uint8)
    for i, label in enumerate(y):
        blob = np.exp(-((rows - centres[label, 0]) ** 2 + (cols - centres[label, 1]) ** 2) / 40.0)
        image = colours[label][:, None, None] * blob[None] + rng.normal(0, 0.15, size=(3, 32, 32))
        x[i] = np.clip(np.rint(image * 255), 0, 255).astype(np.uint8)
    os.makedirs(CIFAR_TINY, exist_ok=True)
    write_npz(os.path.join(CIFAR_TINY, "train.npz"), {"x": x, "y": y})
    return torch.from_numpy(x.astype(np.float32) / 255), torch.from_numpy(y)


def make_resnet20(x, y):
    torch.manual_seed(SEED_RESNET)
    model = ResNet20()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    for step in range(RESNET_STEPS):
        batch = torch.randperm(len(y))[:32]
        optimizer.zero_grad()
        F.cross_entropy(model(x[batch]), y[batch]).backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        print("resnet20: eval loss", F.cross_entropy(model(x), y).item())
    save_scripted(model, os.path.join(ROOT, "resnet20.pt"))
    print("resnet20.pt", os.path.getsize(os.path.join(ROOT, "resnet20.pt")), "bytes")
    export(model, (2, 3, 32, 32), "resnet20.onnx", 15, False, keep_bn=True)
    export(model, (2, 3, 32, 32), "resnet20-folded.onnx", 13, True)


def make_vit():
    torch.manual_seed(SEED_VIT)
    model = ViTTiny().eval()
    # LayerNorm starts at weight 1, bias 0 in every block: the exporter would merge those equal
    # tensors into shared initializers, and the twins would no longer have the same parameters.
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.LayerNorm):
                m.weight.add_(0.05 * torch.randn_like(m.weight))
                m.bias.add_(0.05 * torch.randn_like(m.bias))
    save_scripted(model, os.path.join(ROOT, "vit-tiny.pt"))
    print("vit-tiny.pt", os.path.getsize(os.path.join(ROOT, "vit-tiny.pt")), "bytes")
    export(model, (2, 3, 32, 32), "vit-tiny.onnx", 17, False)


def main():
    # TorchScript writes module constants in hash order: fix the hash seed for byte-identical .pt files
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(0)
    export(load(MLP8x8, "mlp8x8-trained.pt"), (2, 1, 8, 8), "mlp8x8-trained.onnx", 13, False)
    export(load(MLP8x8, "mlp8x8-trained.pt"), (2, 1, 8, 8), "mlp8x8-trained-op9.onnx", 9, False)
    export(load(LeNetBN, "lenet-bn-trained.pt"), (2, 1, 28, 28), "lenet-bn-trained.onnx", 15, False, keep_bn=True)
    export(load(LeNetBN, "lenet-bn-trained.pt"), (2, 1, 28, 28), "lenet-bn-folded.onnx", 13, True)
    export(load(LeNetBNView, "lenet-bn-trained.pt"), (2, 1, 28, 28), "lenet-bn-reshape.onnx", 15, False, keep_bn=True)
    export(load(MultiOutput, "mlp8x8-trained.pt"), (2, 1, 8, 8), "mlp8x8-multi-output.onnx", 13, False,
           output_names=("logits", "hidden", "grid", "three"))
    x, y = make_cifar_tiny()
    make_resnet20(x, y)
    make_vit()


if __name__ == "__main__":
    main()
