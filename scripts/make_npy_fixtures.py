#!/usr/bin/env python3
"""Writes the NumPy reference fixtures in core/src/test/resources/npy/.

They check lla's .npy/.npz readers against files written by NumPy itself rather than by the
Java test helper (core/src/test/java/dev/lla/core/data/fixtures/DataFiles.java), which could
share a misunderstanding with the reader. NumpyReferenceTest recomputes every value below from
the same formulas, so keep the two in step when changing this script.

Usage: python3 scripts/make_npy_fixtures.py   (any NumPy >= 1.17; output is small, ~2 KB)
"""
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "core/src/test/resources/npy"


def main():
    OUT.mkdir(parents=True, exist_ok=True)

    # float32, C order, format 1.0 (np.save picks the oldest version that fits).
    np.save(OUT / "arange_f4.npy", ((np.arange(24) - 5) / 4).astype("<f4").reshape(2, 3, 4))

    # Big-endian int16 stored in Fortran order: both byte order and transposition.
    np.save(OUT / "fortran_i2_be.npy",
            np.asfortranarray((np.arange(6) * -3).astype(">i2").reshape(2, 3)))

    # float64, 3-D, Fortran order.
    np.save(OUT / "fortran_f8_3d.npy",
            np.asfortranarray(np.arange(24).astype("<f8").reshape(2, 3, 4)))

    # Format 2.0 forced (4-byte header length).
    with open(OUT / "v2_f8.npy", "wb") as f:
        np.lib.format.write_array(f, np.linspace(0.0, 1.0, 5), version=(2, 0))

    # bool.
    np.save(OUT / "bool.npy", np.array([True, False, True]))

    # A dataset as numpy.savez_compressed writes it: DEFLATE members x (uint8 N,H,W), y (int64).
    x = (np.arange(6 * 4 * 5) * 7 % 256).astype(np.uint8).reshape(6, 4, 5)
    y = np.arange(6) % 3
    np.savez_compressed(OUT / "dataset_compressed.npz", x=x, y=y)

    # A dataset as numpy.savez writes it: stored members, other names, float vectors and labels.
    np.savez(OUT / "dataset_stored.npz",
             images=np.linspace(-1.0, 1.0, 12).reshape(4, 3),
             targets=np.array([0.0, 1.0, 2.0, 1.0]))


if __name__ == "__main__":
    main()
