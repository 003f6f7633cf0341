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
"""
import os
import sys

import onnx
import torch
from onnx import numpy_helper
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_testdata import MLP8x8, LeNetBN  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "models")


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
    model.load_state_dict(scripted.state_dict())
    return model.eval()


def export(model, shape, name, opset, fold, keep_bn=False):
    """keep_bn: torch 1.13 folds BatchNorm into Conv in every eval-mode export, so the BN-kept
    twin is exported in training mode (BatchNormalization with training_mode=1); the running
    statistics that the trace updates are put back, and lla honours --mode, not that flag."""
    path = os.path.join(ROOT, name)
    saved = {k: v.clone() for k, v in model.state_dict().items()}
    if keep_bn:
        model.train()
    torch.onnx.export(model, torch.zeros(*shape), path, opset_version=opset,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
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


torch.manual_seed(0)
export(load(MLP8x8, "mlp8x8-trained.pt"), (2, 1, 8, 8), "mlp8x8-trained.onnx", 13, False)
export(load(MLP8x8, "mlp8x8-trained.pt"), (2, 1, 8, 8), "mlp8x8-trained-op9.onnx", 9, False)
export(load(LeNetBN, "lenet-bn-trained.pt"), (2, 1, 28, 28), "lenet-bn-trained.onnx", 15, False, keep_bn=True)
export(load(LeNetBN, "lenet-bn-trained.pt"), (2, 1, 28, 28), "lenet-bn-folded.onnx", 13, True)
export(load(LeNetBNView, "lenet-bn-trained.pt"), (2, 1, 28, 28), "lenet-bn-reshape.onnx", 15, False, keep_bn=True)
