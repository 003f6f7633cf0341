#!/usr/bin/python3
"""The rescaled twin of the 8x8-digit MLP (Dinh et al. 2017) for lla --scale-invariant.

fc1 (weight and bias) is multiplied by ALPHA and fc2.weight by 1/ALPHA. ReLU is positively
homogeneous (relu(a t) = a relu(t) for a > 0), so the twin computes the same function, but its
Hessian is not the same: plain sharpness changes by a large factor, while the spectrum of
D H D with D = diag(|w|) does not (D H D is invariant under this rescaling exactly, see
docs/METHODS.md). The script checks both claims in float64 on the batch of
golden/mlp8x8-dense-hessian.json and writes the dense reference values.

Run with Debian's torch: /usr/bin/python3 scripts/make_rescaled_twin.py
Output: testdata/models/mlp8x8-rescaled.pt, testdata/golden/mlp8x8-rescaled.json
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_testdata as mt  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTDATA = os.path.join(ROOT, "testdata")
ALPHA = 10.0


def spectra(model_path, x, y):
    _, _, loss, _, _, H, _ = mt.dense_hessian(model_path, x, y)
    m = torch.jit.load(model_path)
    w = mt.flat([p.detach().double() for _, p in m.named_parameters()]).numpy()
    d = np.abs(w)
    plain = np.linalg.eigvalsh((H + H.T) / 2)
    scaled = np.linalg.eigvalsh(d[:, None] * ((H + H.T) / 2) * d[None, :])
    return loss, plain, scaled, float(np.trace(H)), float(np.sum(d * d * np.diag(H)))


def main():
    torch._C._set_graph_executor_optimize(False)
    src = os.path.join(TESTDATA, "models/mlp8x8-trained.pt")
    dst = os.path.join(TESTDATA, "models/mlp8x8-rescaled.pt")
    twin = torch.jit.load(src)
    with torch.no_grad():
        twin.fc1.weight.mul_(ALPHA)
        twin.fc1.bias.mul_(ALPHA)
        twin.fc2.weight.div_(ALPHA)
    torch.jit.save(twin, dst)

    data = np.load(os.path.join(TESTDATA, "digits8x8/train.npz"))
    xs = torch.from_numpy(data["x"]).float()
    a, b = torch.jit.load(src), torch.jit.load(dst)
    with torch.no_grad():
        same = (a(xs) - b(xs)).abs().max().item()
    x = torch.from_numpy(data["x"][:mt.MLP_GOLDEN_BATCH]).double()
    y = torch.from_numpy(data["y"][:mt.MLP_GOLDEN_BATCH])
    doc = {"description": "mlp8x8-rescaled.pt = mlp8x8-trained.pt with fc1 x alpha and fc2.weight / alpha;"
                          " dense float64 spectra of H and D H D (D = diag(|w|)) of both on the batch of"
                          " golden/mlp8x8-dense-hessian.json",
           "alpha": ALPHA,
           "max_abs_logit_difference_float32_whole_train_split": same,
           "batch": {"file": "digits8x8/train.npz", "samples": "first %d in stored order" % x.shape[0]}}
    for name, path in (("original", src), ("rescaled", dst)):
        loss, plain, scaled, trace, scaled_trace = spectra(path, x, y)
        doc[name] = {"loss": loss,
                     "hessian_top3": [float(v) for v in plain[::-1][:3]],
                     "hessian_min": float(plain[0]),
                     "hessian_trace": trace,
                     "scale_invariant_top3": [float(v) for v in scaled[::-1][:3]],
                     "scale_invariant_min": float(scaled[0]),
                     "scale_invariant_trace": scaled_trace}
    out = os.path.join(TESTDATA, "golden/mlp8x8-rescaled.json")
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote", dst, out)
    print(json.dumps(doc, indent=1))


if __name__ == "__main__":
    main()
