#!/usr/bin/python3
"""Scale fixtures for issue 14 (real-size models), generated, not committed.

Writes into target/scale/ (git-ignored), with Debian's torch 1.13 + torchvision:
  resnet18.pt    torchvision resnet18(num_classes=10), TorchScript (torch.jit.script), eval-ready
  vit-small.pt   a small ViT written here: patch 4 on 3x32x32 (64 tokens + class token),
                 width 256, depth 6, 8 heads, MLP 4x -> about 4.8M parameters, TorchScript
  cifar/         synthetic CIFAR-10 binary data (test_batch.bin, data_batch_1.bin,
                 batches.meta.txt): 1000 + 1000 records of 1 label byte + 3072 pixel bytes,
                 smooth random colour blobs with a random label, seeded. Not real images:
                 it is for timing only; lla reads it with --data target/scale/cifar --split test.
Usage: /usr/bin/python3 scripts/make_scale_fixtures.py [outdir]
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torchvision


class PatchEmbed(nn.Module):
    def __init__(self, patch: int, dim: int):
        super().__init__()
        self.proj = nn.Conv2d(3, dim, kernel_size=patch, stride=patch)

    def forward(self, x):
        x = self.proj(x)                      # N, D, 8, 8
        return x.flatten(2).transpose(1, 2)   # N, 64, D


class Block(nn.Module):
    def __init__(self, dim: int, heads: int, mlp: int):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, mlp)
        self.fc2 = nn.Linear(mlp, dim)

    def forward(self, x):
        n, t, d = x.shape
        h = self.heads
        qkv = self.qkv(self.norm1(x)).reshape(n, t, 3, h, d // h).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = torch.softmax(q @ k.transpose(-2, -1) * (float(d // h) ** -0.5), dim=-1)
        y = (att @ v).transpose(1, 2).reshape(n, t, d)
        x = x + self.proj(y)
        x = x + self.fc2(torch.nn.functional.gelu(self.fc1(self.norm2(x))))
        return x


class SmallViT(nn.Module):
    def __init__(self, classes: int = 10, patch: int = 4, dim: int = 256, depth: int = 6,
                 heads: int = 8, mlp: int = 1024):
        super().__init__()
        self.embed = PatchEmbed(patch, dim)
        tokens = (32 // patch) ** 2
        self.cls = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos = nn.Parameter(torch.randn(1, tokens + 1, dim) * 0.02)
        self.blocks = nn.ModuleList([Block(dim, heads, mlp) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        x = self.embed(x)
        x = torch.cat([self.cls.expand(x.shape[0], -1, -1), x], dim=1) + self.pos
        for blk in self.blocks:
            x = blk(x)
        return self.head(self.norm(x)[:, 0])


def write_cifar(path, n, rng):
    os.makedirs(path, exist_ok=True)
    yy, xx = np.mgrid[0:32, 0:32].astype(np.float32)
    for name in ("test_batch.bin", "data_batch_1.bin"):
        rec = np.empty((n, 1 + 3072), dtype=np.uint8)
        labels = rng.integers(0, 10, size=n)
        for i in range(n):
            img = np.zeros((3, 32, 32), dtype=np.float32)
            for _ in range(3):
                cy, cx = rng.uniform(0, 32, 2)
                s = rng.uniform(3, 10)
                blob = np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * s * s))
                img += rng.uniform(0, 255, (3, 1, 1)) * blob
            img += rng.normal(0, 12, img.shape)
            rec[i, 0] = labels[i]
            rec[i, 1:] = np.clip(img, 0, 255).astype(np.uint8).reshape(-1)
        rec.tofile(os.path.join(path, name))
    with open(os.path.join(path, "batches.meta.txt"), "w") as f:
        f.write("\n".join(["airplane", "automobile", "bird", "cat", "deer",
                           "dog", "frog", "horse", "ship", "truck"]) + "\n")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "target", "scale")
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    models = {
        "resnet18.pt": torchvision.models.resnet18(num_classes=10),
        "vit-small.pt": SmallViT(),
    }
    x = torch.randn(2, 3, 32, 32)
    for name, m in models.items():
        m.eval()
        s = torch.jit.script(m)
        assert torch.allclose(s(x), m(x), atol=1e-5)
        s.save(os.path.join(out, name))
        p = sum(q.numel() for q in m.parameters())
        print(f"{name}: {p:,} parameters -> {os.path.join(out, name)}")
    write_cifar(os.path.join(out, "cifar"), 1000, np.random.default_rng(0))
    print(f"cifar: synthetic CIFAR-10 binary, 1000 test + 1000 train records -> {out}/cifar")


if __name__ == "__main__":
    main()
