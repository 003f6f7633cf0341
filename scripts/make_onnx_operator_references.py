#!/usr/bin/python3
"""Small PyTorch modules exported to ONNX, with PyTorch's own outputs as the reference, for the
operator forms the ONNX node tests do not cover: the forms exporters write (LayerNorm decomposed
at opset < 17, Gelu through Erf, Clip/Squeeze/Unsqueeze/Split/ReduceSum in attribute and input
forms, Resize from F.interpolate, F.pad, ...) and shape arithmetic with a dynamic batch.

Each case is testdata/onnx/torch-reference/<name>/ with model.onnx, input_0.pb and output_0.pb,
the layout of testdata/onnx/conformance/, and OnnxConformanceTest runs both; input_grad_0.pb
is PyTorch's gradient of sum(y * cos(k)) with respect to the input (k numbering y's elements),
which the test checks through the translated model's backward. Every model is
exported with a batch of 2 and a dynamic batch axis, and the reference input has a batch of 3,
so a translation that froze the export's batch size fails.

A small torchvision VisionTransformer (attention's computed Slice bounds, Where/Equal/Expand,
LayerNorm decomposed at opset 13 and as LayerNormalization at 17) is committed too. With
--zoo DIR, torchvision's MobileNetV2, MobileNetV3-small, SqueezeNet 1.1, EfficientNet-B0 and
ResNet18 (random weights, 10 classes, 64x64 inputs) are written to DIR in the same layout; they
are too large to commit, and `mvn test -Dtest=OnnxConformanceTest -Dlla.onnx.extra=DIR` runs
them as well.

Usage: /usr/bin/python3 scripts/make_onnx_operator_references.py [--zoo DIR]   (Debian torch 1.13, onnx 1.12)
"""
import os
import shutil
import sys

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from onnx import numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "onnx", "torch-reference")


class Lambda(nn.Module):
    def __init__(self, f, *modules):
        super().__init__()
        self.f = f
        self.inner = nn.ModuleList(modules)

    def forward(self, x):
        return self.f(x, *self.inner)


def case(name, module, shape, opset):
    return name, module, shape, opset


def cases():
    g = torch.Generator().manual_seed(0)
    ln = nn.LayerNorm(6)
    with torch.no_grad():
        ln.weight.copy_(torch.rand(6, generator=g) + 0.5)
        ln.bias.copy_(torch.rand(6, generator=g) - 0.5)
    inorm = nn.InstanceNorm2d(3, affine=True)
    with torch.no_grad():
        inorm.weight.copy_(torch.rand(3, generator=g) + 0.5)
        inorm.bias.copy_(torch.rand(3, generator=g) - 0.5)
    conv = nn.Conv2d(3, 4, 3, padding=1)
    deconv = nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1)
    lin = nn.Linear(12, 5)
    w = nn.Linear(6, 6)
    yield case("layernorm_decomposed_op11", ln, (4, 6), 11)
    yield case("layernorm_op17", ln, (4, 6), 17)
    yield case("gelu_erf_op13", Lambda(lambda x, w: F.gelu(w(x)), w), (4, 6), 13)
    yield case("hardswish_hardsigmoid_op14", Lambda(lambda x, w: F.hardswish(w(x)) + F.hardsigmoid(x), w), (4, 6), 14)
    yield case("clip_attribute_op10", Lambda(lambda x, w: torch.clamp(w(x), -0.2, 0.3), w), (4, 6), 10)
    yield case("clip_input_op13", Lambda(lambda x, w: torch.clamp(w(x), min=-0.2), w), (4, 6), 13)
    # Shape -> Gather -> Unsqueeze -> Concat -> Reshape with the batch taken from the input
    yield case("shape_chain_reshape_op13", Lambda(lambda x, l: l(x.reshape(x.size(0), -1)), lin), (3, 4), 13)
    yield case("squeeze_unsqueeze_op11", Lambda(lambda x, w: w(x).unsqueeze(1).unsqueeze(-1).squeeze(-1).squeeze(1), w),
               (4, 6), 11)
    yield case("squeeze_unsqueeze_op13", Lambda(lambda x, w: w(x).unsqueeze(1).unsqueeze(-1).squeeze(-1).squeeze(1), w),
               (4, 6), 13)
    yield case("split_op11", Lambda(lambda x, w: torch.cat(list(reversed(torch.split(w(x), [2, 4], -1))), -1), w), (4, 6), 11)
    yield case("split_op13", Lambda(lambda x, w: torch.cat(list(reversed(torch.split(w(x), [2, 4], -1))), -1), w), (4, 6), 13)
    yield case("reducesum_op11", Lambda(lambda x, w: w(x).sum(-1, keepdim=True) * w(x), w), (4, 6), 11)
    yield case("reducesum_mean_max_op13",
               Lambda(lambda x, w: w(x).sum(1, keepdim=True) + w(x).mean(-1, keepdim=True) + w(x).amax(1, keepdim=True), w),
               (4, 6), 13)
    yield case("slice_int_max_op13", Lambda(lambda x, w: w(x)[..., 2:] * w(x)[..., -4:], w), (4, 6), 13)
    yield case("expand_where_equal_op13",
               Lambda(lambda x, w: torch.where(w(x)[..., :1].expand(-1, -1, 6) == w(x), x, w(x)), w), (4, 6), 13)
    yield case("zeros_dynamic_batch_op13", Lambda(lambda x, w: w(x) + torch.zeros(x.size(0), 1, 6), w), (4, 6), 13)
    yield case("conv_op13", conv, (3, 5, 7), 13)
    yield case("convtranspose_output_padding_op13", deconv, (3, 4, 5), 13)
    yield case("instancenorm_op13", inorm, (3, 4, 5), 13)
    for mode in ("reflect", "replicate", "constant"):
        yield case("pad_" + mode + "_op13", Lambda(lambda x, c, m=mode: F.pad(c(x), (1, 2, 2, 1), mode=m), conv),
                   (3, 5, 6), 13)
    yield case("resize_nearest_scale_op13", Lambda(lambda x, c: F.interpolate(c(x), scale_factor=2, mode="nearest"), conv),
               (3, 4, 5), 13)
    yield case("resize_bilinear_op13", Lambda(lambda x, c: F.interpolate(c(x), scale_factor=1.5, mode="bilinear"), conv),
               (3, 4, 6), 13)
    yield case("resize_bilinear_align_corners_op11",
               Lambda(lambda x, c: F.interpolate(c(x), size=(7, 9), mode="bilinear", align_corners=True), conv), (3, 4, 6), 11)
    yield case("resize_bicubic_op13", Lambda(lambda x, c: F.interpolate(c(x), scale_factor=2, mode="bicubic"), conv),
               (3, 4, 5), 13)
    yield case("resize_bicubic_align_corners_op13",
               Lambda(lambda x, c: F.interpolate(c(x), size=(7, 9), mode="bicubic", align_corners=True), conv), (3, 4, 6), 13)
    for opset in (13, 17):
        torch.manual_seed(1)
        vit = torchvision.models.VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2,
                                                   hidden_dim=32, mlp_dim=64, num_classes=10)
        # torchvision zero-initialises the head, which would make the output and its gradient 0
        nn.init.normal_(vit.heads.head.weight, std=0.5)
        # and its LayerNorms start at ones and zeros, which the exporter would merge into shared
        # initializers (tied parameters): distinct values keep the parameters those of the twin
        with torch.no_grad():
            for p in vit.parameters():
                p.add_(0.05 * torch.randn(p.shape))
        yield case("vit_op%d" % opset, vit, (3, 32, 32), opset)
    yield case("einsum_op13", Lambda(lambda x, w: torch.einsum("bki,bkj->bij", w(x), x).sum(2), w), (4, 6), 13)


def zoo():
    m = torchvision.models
    torch.manual_seed(2)
    yield case("mobilenet_v2_op13", m.mobilenet_v2(num_classes=10), (3, 64, 64), 13)
    yield case("mobilenet_v3_small_op13", m.mobilenet_v3_small(num_classes=10), (3, 64, 64), 13)
    yield case("squeezenet1_1_op13", m.squeezenet1_1(num_classes=10), (3, 64, 64), 13)
    yield case("efficientnet_b0_op13", m.efficientnet_b0(num_classes=10), (3, 64, 64), 13)
    yield case("resnet18_op11", m.resnet18(num_classes=10), (3, 64, 64), 11)


def tensor_pb(array, name):
    return numpy_helper.from_array(array, name).SerializeToString()


def main():
    torch.manual_seed(0)
    out, models = OUT, cases
    if len(sys.argv) == 3 and sys.argv[1] == "--zoo":
        out, models = sys.argv[2], zoo
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    listing = []
    for name, module, shape, opset in models():
        module.eval()
        folder = os.path.join(out, name)
        os.makedirs(folder)
        path = os.path.join(folder, "model.onnx")
        example = torch.randn(2, *shape)
        torch.onnx.export(module, example, path, opset_version=opset, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, do_constant_folding=True)
        onnx.checker.check_model(onnx.load(path))
        x = torch.randn(3, *shape)
        x.requires_grad_(True)
        y = module(x)
        # the input gradient of sum(y * cos(k)), k numbering y's elements: checks the backward too
        r = torch.cos(torch.arange(y.numel(), dtype=torch.float32)).reshape(y.shape)
        (grad,) = torch.autograd.grad((y * r).sum(), x)
        with open(os.path.join(folder, "input_0.pb"), "wb") as f:
            f.write(tensor_pb(x.detach().numpy(), "x"))
        with open(os.path.join(folder, "output_0.pb"), "wb") as f:
            f.write(tensor_pb(y.detach().numpy(), "y"))
        with open(os.path.join(folder, "input_grad_0.pb"), "wb") as f:
            f.write(tensor_pb(grad.numpy(), "dx"))
        if name.startswith("vit_"):
            # the same weights as a scripted TorchScript model: OnnxSecondOrderTest compares
            # loss, gradient and Hessian products of the two
            torch.jit.script(module).save(os.path.join(folder, "twin.pt"))
        ops = sorted({n.op_type for n in onnx.load(path).graph.node})
        listing.append("- `%s` (opset %d): %s" % (name, opset, ", ".join(ops)))
        print(name, ",".join(ops))
    with open(os.path.join(out, "README.md"), "w") as f:
        f.write("# PyTorch references for lla's ONNX translator\n\nWritten by "
                "`scripts/make_onnx_operator_references.py` (Debian torch 1.13, onnx 1.12): small modules "
                "exported with a batch of 2 and a dynamic batch axis; `input_0.pb` is a batch of 3, "
                "`output_0.pb` PyTorch's output, `input_grad_0.pb` PyTorch's gradient of sum(y * cos(k)) "
                "with respect to the input; `twin.pt` the same weights scripted. See docs/onnx.md.\n\n"
                + "\n".join(listing) + "\n")


if __name__ == "__main__":
    main()
