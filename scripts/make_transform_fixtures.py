"""Writes core/src/test/resources/transforms/resize.npz, the reference for BilinearResizeTest.

Each case k holds in_k, a float32 (C, H, W) sample of seeded random values, and out_k, what
torch.nn.functional.interpolate(mode='bilinear', align_corners=False, antialias=False) makes of
it at the size sizes[k]. Run with: python3 scripts/make_transform_fixtures.py
"""

import pathlib

import numpy as np
import torch
import torch.nn.functional as F

CASES = [
    ((3, 5, 7), (4, 3)),    # shrink both axes by non-integer factors
    ((2, 4, 4), (9, 6)),    # enlarge both axes
    ((1, 28, 28), (8, 8)),  # MNIST into the 8x8 model
    ((1, 3, 6), (3, 2)),    # one axis kept, one shrunk by 3
]

out = pathlib.Path(__file__).resolve().parent.parent / "core/src/test/resources/transforms"
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(20240611)
arrays = {"sizes": np.array([size for _, size in CASES], dtype=np.int32)}
for k, (shape, size) in enumerate(CASES):
    x = rng.random(shape, dtype=np.float32)
    y = F.interpolate(torch.from_numpy(x)[None], size=size, mode="bilinear",
                      align_corners=False)[0]
    arrays[f"in_{k}"] = x
    arrays[f"out_{k}"] = y.numpy().astype(np.float32)
np.savez(out / "resize.npz", **arrays)
print("wrote", out / "resize.npz")
