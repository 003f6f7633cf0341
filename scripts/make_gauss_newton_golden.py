#!/usr/bin/python3
"""Dense float64 Gauss-Newton matrix G and NME = H - G of the 8x8-digit MLP (lla --operator).

Same model, batch, dtype and parameter order as golden/mlp8x8-dense-hessian.json (made by
make_testdata.py, whose dense_hessian this reuses): the first 256 samples of
digits8x8/train.npz, eval mode, model.double(), mean cross-entropy.

G = sum_n J_n^T H_z,n J_n with J = dz/dw (one backward per output entry, N*C = 2560 of them)
and H_z,n = (diag(p_n) - p_n p_n^T) / N, the Hessian of the mean cross-entropy in the logits.

Run with Debian's torch: /usr/bin/python3 scripts/make_gauss_newton_golden.py
Output: testdata/golden/mlp8x8-dense-gauss-newton.json
"""
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_testdata as mt  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTDATA = os.path.join(ROOT, "testdata")


def dense_jacobian(model_path, x):
    m = torch.jit.load(model_path)
    m.eval()
    m.double()
    params = [p for _, p in m.named_parameters()]
    z = m(x)
    n, c = z.shape
    rows = []
    for i in range(n):
        for k in range(c):
            g = torch.autograd.grad(z[i, k], params, retain_graph=True, allow_unused=True)
            rows.append(mt.flat([torch.zeros_like(p) if r is None else r for r, p in zip(g, params)]))
    return z.detach(), torch.stack(rows).reshape(n, c, -1)


def gauss_newton(z, J):
    n = z.shape[0]
    p = torch.softmax(z, 1)
    hz = (torch.diag_embed(p) - p[:, :, None] * p[:, None, :]) / n
    return torch.einsum("ncp,ncd,ndq->pq", J, hz, J).numpy()


def summary(M):
    Ms = 0.5 * (M + M.T)
    evals = np.linalg.eigvalsh(Ms)
    return {
        "symmetry_error_max_abs": float(np.abs(M - M.T).max()),
        "trace": float(np.trace(M)),
        "lambda_max": float(evals[-1]),
        "lambda_min": float(evals[0]),
        "top5_descending": [float(v) for v in evals[::-1][:5]],
        "bottom5_ascending": [float(v) for v in evals[:5]],
        "frobenius_norm": float(np.linalg.norm(M)),
    }


def main():
    torch._C._set_graph_executor_optimize(False)
    t0 = time.time()
    data = np.load(os.path.join(TESTDATA, "digits8x8/train.npz"))
    x = torch.from_numpy(data["x"][:mt.MLP_GOLDEN_BATCH]).double()
    y = torch.from_numpy(data["y"][:mt.MLP_GOLDEN_BATCH])
    model = os.path.join(TESTDATA, "models/mlp8x8-trained.pt")
    _, _, loss, _, _, H, _ = mt.dense_hessian(model, x, y)
    z, J = dense_jacobian(model, x)
    G = gauss_newton(z, J)
    doc = {
        "description": "Dense float64 Gauss-Newton matrix G and NME = H - G of the mean cross-entropy "
                       "of mlp8x8-trained.pt on the batch of golden/mlp8x8-dense-hessian.json",
        "model": "models/mlp8x8-trained.pt",
        "batch": {"file": "digits8x8/train.npz", "samples": "first %d in stored order" % x.shape[0]},
        "mode": "eval",
        "dtype": "float64 (model.double())",
        "loss": loss,
        "method": "J row (n,k) = dz[n,k]/dw by backward through the loaded TorchScript model; "
                  "G = sum_n J_n^T ((diag(p_n) - p_n p_n^T)/N) J_n; H as make_testdata.dense_hessian; "
                  "eigenvalues of the symmetric parts by numpy.linalg.eigvalsh",
        "param_count": int(H.shape[0]),
        "gauss_newton": summary(G),
        "nme": summary(H - G),
        "hessian_trace": float(np.trace(H)),
        "torch_version": torch.__version__,
        "seconds": round(time.time() - t0, 1),
    }
    out = os.path.join(TESTDATA, "golden/mlp8x8-dense-gauss-newton.json")
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote", out, "in %.1f s" % (time.time() - t0))


if __name__ == "__main__":
    main()
