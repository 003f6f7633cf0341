#!/usr/bin/python3
"""Picks the ONNX node conformance tests of the operators lla translates and copies them,
rewritten for lla's one-input rule, under testdata/onnx/conformance/.

Source: Debian's libonnx-testdata 1.12.0 (the ONNX project's backend node tests, Apache-2.0),
installed with `apt-get install libonnx-testdata`.

lla's translator takes exactly one graph input, the batch of samples. A node test such as
test_add has several (x and y). Rather than give the production translator a second entry
point, this script rewrites each model: the first float32 input stays the graph input, and
every other input becomes an initializer holding the test's own value (from test_data_set_0).
That is also the form real exports have: weights, shapes, axes and indices are initializers or
Constants. Float initializers become module parameters, integer ones known constants, so the
translator's constant-input rules (e.g. Reshape's shape, Slice's starts) are what gets tested.

Usage: /usr/bin/python3 scripts/pick_onnx_conformance.py [node-test-folder]
"""
import os
import shutil
import sys

import onnx
from onnx import TensorProto, numpy_helper

NODE_TESTS = "/usr/share/libonnx-testdata/data/node"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "onnx", "conformance")

# The operators lla translates or refuses by attribute (docs/onnx.md): a test is picked when
# every node of its graph is one of these, so a test of an unsupported attribute of a known
# operator is picked too and must be refused by name.
OPERATORS = {
    "Conv", "ConvTranspose", "Gemm", "MatMul", "Einsum",
    "Add", "Sub", "Mul", "Div", "Pow", "Relu", "LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh",
    "Exp", "Log", "Sqrt", "Neg", "Abs", "Erf", "Reciprocal", "Clip", "Softmax", "LogSoftmax", "Where", "Equal",
    "BatchNormalization", "LayerNormalization", "InstanceNormalization",
    "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
    "ReduceMean", "ReduceSum", "ReduceMax",
    "Flatten", "Reshape", "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Transpose", "Constant",
    "Identity", "Dropout", "Cast", "Split", "Slice", "Expand", "ConstantOfShape", "Pad", "Resize", "Upsample",
}
# Element types the translator reads as constants; bool for Where's condition and Equal's output
CONSTANT_TYPES = {TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.INT64, TensorProto.INT32, TensorProto.BOOL}
# The live input is the first float32 one; tests with none (Einsum's are float64, Equal's, Pad's
# edge and reflect and ConstantOfShape's integer) keep their first input
MAX_TEST_BYTES = 200_000
MAX_TOTAL_BYTES = 3_000_000


def folder_bytes(folder):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(folder) for f in files)


def read_tensor(path):
    tensor = TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return tensor


def elem_type(value_info):
    return value_info.type.tensor_type.elem_type if value_info.type.HasField("tensor_type") else None


def pick(test):
    """The rewritten model and its live input and outputs, or None with the reason to skip."""
    folder = os.path.join(NODE_TESTS, test)
    data = os.path.join(folder, "test_data_set_0")
    if not os.path.isdir(data):
        return None, "no test_data_set_0"
    if folder_bytes(folder) > MAX_TEST_BYTES:
        return None, "larger than %d bytes" % MAX_TEST_BYTES
    model = onnx.load(os.path.join(folder, "model.onnx"))
    graph = model.graph
    ops = {n.op_type for n in graph.node}
    if any(n.domain not in ("", "ai.onnx") for n in graph.node) or not ops <= OPERATORS:
        return None, "operators " + ",".join(sorted(ops - OPERATORS))
    inputs = list(graph.input)
    live = next((i for i, v in enumerate(inputs) if elem_type(v) == TensorProto.FLOAT), 0 if inputs else None)
    if live is None:
        return None, "no input"
    if any(elem_type(v) not in CONSTANT_TYPES for v in list(inputs) + list(graph.output)):
        return None, "an input or output type lla does not read"
    values = [read_tensor(os.path.join(data, "input_%d.pb" % i)) for i in range(len(inputs))]
    outputs = [read_tensor(os.path.join(data, "output_%d.pb" % i)) for i in range(len(graph.output))]
    for i, v in enumerate(inputs):
        if i != live:
            tensor = numpy_helper.from_array(numpy_helper.to_array(values[i]), v.name)
            graph.initializer.append(tensor)
    kept = inputs[live]
    del graph.input[:]
    graph.input.append(kept)
    return (model, values[live], outputs), None


def main():
    global NODE_TESTS
    if len(sys.argv) > 1:
        NODE_TESTS = sys.argv[1]
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    total = 0
    picked = []
    for test in sorted(os.listdir(NODE_TESTS)):
        result, why = pick(test)
        if result is None:
            continue
        model, live, outputs = result
        target = os.path.join(OUT, test)
        os.makedirs(target)
        onnx.save(model, os.path.join(target, "model.onnx"))
        with open(os.path.join(target, "input_0.pb"), "wb") as f:
            f.write(live.SerializeToString())
        for i, out in enumerate(outputs):
            with open(os.path.join(target, "output_%d.pb" % i), "wb") as f:
                f.write(out.SerializeToString())
        size = folder_bytes(target)
        if total + size > MAX_TOTAL_BYTES:
            shutil.rmtree(target)
            print("skipped %s: the total would pass %d bytes" % (test, MAX_TOTAL_BYTES), file=sys.stderr)
            continue
        total += size
        picked.append(test)
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write(README.format(count=len(picked), total=total))
    print("picked %d node tests, %d bytes" % (len(picked), total))


README = """# ONNX node conformance tests

{count} node tests ({total} bytes), picked and rewritten by `scripts/pick_onnx_conformance.py`.

- Source: Debian package `libonnx-testdata` 1.12.0 (`/usr/share/libonnx-testdata/data/node`),
  the backend node tests of the ONNX project (https://github.com/onnx/onnx, `onnx/backend/test/data/node`).
- Licence: Apache-2.0, as the ONNX project.
- Changes: each model keeps its first float32 input (else its first input) as the graph input (`input_0.pb`); every
  other input became an initializer holding the value of the test's `test_data_set_0`. Only
  `test_data_set_0` is kept. `output_N.pb` are the ONNX project's expected outputs, unchanged.

`OnnxConformanceTest` runs each through lla's translator and libtorch; see docs/onnx.md.
"""

if __name__ == "__main__":
    main()
