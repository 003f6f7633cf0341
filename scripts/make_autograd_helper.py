#!/usr/bin/python3
"""Writes lla's autograd helper: a tiny TorchScript module whose methods call torch.autograd.grad.

DJL cannot reset a tensor's .grad to None, so a second create-graph backward through
the .grad route silently accumulates onto the previous graph (see shared/ENGINE.md).
torch.autograd.grad returns fresh tensors instead. lla calls these methods through
DJL's IValueUtils.forward with grad mode on.

Run with Debian's torch: /usr/bin/python3 scripts/make_autograd_helper.py
Output: core/src/main/resources/dev/lla/core/model/torch/autograd.pt
"""
import os
from typing import List, Optional

import torch
import torch.nn.functional as F


class AutogradHelper(torch.nn.Module):

    @torch.jit.export
    def loss(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Mean cross-entropy, the default objective L(w) (--loss cross-entropy)."""
        return F.cross_entropy(logits, labels)

    @torch.jit.export
    def mse(self, outputs: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Mean squared error against one-hot labels, averaged over all N*C entries (--loss mse)."""
        targets = F.one_hot(labels, outputs.size(1)).to(outputs.dtype)
        return F.mse_loss(outputs, targets)

    @torch.jit.export
    def correct(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        """Number of samples whose arg-max logit is the label."""
        return (logits.argmax(dim=1) == labels).sum()

    @torch.jit.export
    def gradient(self, loss: torch.Tensor, params: List[torch.Tensor]) -> List[torch.Tensor]:
        """dL/dw without a graph (plain backward)."""
        grads = torch.autograd.grad([loss], params, allow_unused=True)
        return self._dense(grads, params)

    @torch.jit.export
    def gradient_graph(self, loss: torch.Tensor, params: List[torch.Tensor]) -> List[torch.Tensor]:
        """dL/dw keeping its own graph, so that it can be differentiated again."""
        grads = torch.autograd.grad([loss], params, create_graph=True, retain_graph=True,
                                    allow_unused=True)
        return self._dense(grads, params)

    @torch.jit.export
    def hvp(self, grads: List[torch.Tensor], params: List[torch.Tensor],
            vector: List[torch.Tensor]) -> List[torch.Tensor]:
        """H v = d(g . v)/dw through the retained gradient graph (exact double backward).

        v enters as grad_outputs, so no inner-product graph is built per product.
        """
        outputs: List[torch.Tensor] = []
        seeds: List[Optional[torch.Tensor]] = []
        for g, v in zip(grads, vector):
            if g.requires_grad:
                outputs.append(g)
                seeds.append(v)
        if len(outputs) == 0:
            # The loss is linear in every parameter: the Hessian is exactly zero.
            return [torch.zeros_like(p) for p in params]
        hv = torch.autograd.grad(outputs, params, grad_outputs=seeds, retain_graph=True,
                                 allow_unused=True)
        return self._dense(hv, params)

    @torch.jit.export
    def jacobian_graph(self, logits: torch.Tensor, params: List[torch.Tensor]) -> List[torch.Tensor]:
        """[u, J^T u per parameter] for a dummy u = 0 shaped like the logits, with its graph.

        J^T u is linear in u, so J v = d(J^T u . v)/du: the double-backward trick gives
        Jacobian-vector products from reverse mode only (lla's Gauss-Newton products).
        """
        u = torch.zeros_like(logits).requires_grad_(True)
        seeds: List[Optional[torch.Tensor]] = [u]
        jtu = torch.autograd.grad([logits], params, grad_outputs=seeds, create_graph=True,
                                  retain_graph=True, allow_unused=True)
        return [u] + self._dense(jtu, params)

    @torch.jit.export
    def gauss_newton_ce(self, logits: torch.Tensor, u: torch.Tensor, jtu: List[torch.Tensor],
                        params: List[torch.Tensor], vector: List[torch.Tensor]) -> List[torch.Tensor]:
        """G v = J^T H_z J v for the mean cross-entropy: H_z = (diag(p) - p p^T) / N per sample."""
        jv = self._jvp(u, jtu, vector)
        p = torch.softmax(logits.detach(), 1)
        hz = (p * jv - p * (p * jv).sum(1, keepdim=True)) / logits.size(0)
        return self._vjp(logits, params, hz)

    @torch.jit.export
    def gauss_newton_mse(self, logits: torch.Tensor, u: torch.Tensor, jtu: List[torch.Tensor],
                         params: List[torch.Tensor], vector: List[torch.Tensor]) -> List[torch.Tensor]:
        """G v = J^T H_z J v for the MSE over all N*C entries: H_z = 2 I / (N C)."""
        jv = self._jvp(u, jtu, vector)
        return self._vjp(logits, params, jv * (2.0 / logits.numel()))

    @torch.jit.export
    def axpy(self, a: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """y <- y + a x in place: one pass over the vectors (a fused multiply-add per entry).

        DJL's NDArray has no add with alpha, and y + (a x) through it is three passes with a
        scratch buffer; lla's vector operations are memory-bound, so passes are the cost.
        a is a 0-d tensor on the host (DJL passes tensors only). Returns a (nothing new).
        """
        with torch.no_grad():
            y.add_(x, alpha=a.item())
        return a

    @torch.jit.export
    def write_point(self, a: torch.Tensor, base: List[torch.Tensor], direction: List[torch.Tensor],
                    params: List[torch.Tensor]) -> torch.Tensor:
        """params <- base + a direction, per parameter tensor, in place and in one pass each.

        A loss-landscape point writes its weights here straight from the row's base and the
        second direction (no flat copy of the point first). Returns a (nothing new).
        """
        alpha = a.item()
        with torch.no_grad():
            for b, d, p in zip(base, direction, params):
                torch.add(b, d, alpha=alpha, out=p)
        return a

    def _jvp(self, u: torch.Tensor, jtu: List[torch.Tensor], vector: List[torch.Tensor]) -> torch.Tensor:
        outputs: List[torch.Tensor] = []
        seeds: List[Optional[torch.Tensor]] = []
        for t, v in zip(jtu, vector):
            if t.requires_grad:
                outputs.append(t)
                seeds.append(v)
        if len(outputs) == 0:
            return torch.zeros_like(u)
        jv = torch.autograd.grad(outputs, [u], grad_outputs=seeds, retain_graph=True,
                                 allow_unused=True)[0]
        if jv is None:
            return torch.zeros_like(u)
        return jv

    def _vjp(self, logits: torch.Tensor, params: List[torch.Tensor],
             seed: torch.Tensor) -> List[torch.Tensor]:
        seeds: List[Optional[torch.Tensor]] = [seed]
        out = torch.autograd.grad([logits], params, grad_outputs=seeds, retain_graph=True,
                                  allow_unused=True)
        return self._dense(out, params)

    def _dense(self, grads: List[Optional[torch.Tensor]],
               params: List[torch.Tensor]) -> List[torch.Tensor]:
        out: List[torch.Tensor] = []
        for g, p in zip(grads, params):
            if g is None:
                out.append(torch.zeros_like(p))
            else:
                out.append(g)
        return out

    def forward(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return self.loss(logits, labels)


if __name__ == "__main__":
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(root, "core/src/main/resources/dev/lla/core/model/torch/autograd.pt")
    torch.jit.script(AutogradHelper()).save(out)
    print("wrote", out, os.path.getsize(out), "bytes")
