#!/usr/bin/env python3
"""Writes the float64 .npy files that NpyWriterTest expects NpyWriter to reproduce byte for byte.

Usage: python3 scripts/make_npy_writer_fixtures.py   (NumPy >= 1.14, whose np.save pads headers to 64 bytes)
"""
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "core/src/test/resources/npy"


def main():
    grid = ((np.arange(6) - 2.5) / 3).reshape(2, 3)
    grid[1, 1] = np.nan
    np.save(OUT / "writer_grid_f8.npy", grid.astype("<f8"))
    np.save(OUT / "writer_vector_f8.npy", np.array([-0.5, 0.0, 1e300, 0.1], dtype="<f8"))


if __name__ == "__main__":
    main()
