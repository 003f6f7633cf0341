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
