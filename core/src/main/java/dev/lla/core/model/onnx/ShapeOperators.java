package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.Set;

/**
 * Operators that move, reshape or pass values on, as tensor operations. The shape arithmetic of
 * exports with a dynamic batch (Shape, Gather, Unsqueeze, Concat feeding Reshape) is mostly folded
 * into TorchScript ints first ({@link ShapeArithmetic}); the forms left here keep shapes as int64
 * tensors on the CPU, as {@code torch._shape_as_tensor} makes them.
 */
final class ShapeOperators implements OperatorGroup {

    @Override
    public Set<String> operators() {
        return Set.of("Flatten", "Reshape", "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Transpose",
                "Constant", "Identity", "Dropout", "Cast");
    }

    @Override
    public void translate(NodeProto node, Attributes attributes, TranslationContext c) {
        switch (node.getOpType()) {
            case "Flatten" -> flatten(node, attributes, c);
            case "Reshape" -> reshape(node, attributes, c);
            case "Shape" -> shape(node, attributes, c);
            case "Gather" -> gather(node, attributes, c);
            case "Unsqueeze" -> unsqueeze(node, attributes, c);
            case "Squeeze" -> squeeze(node, attributes, c);
            case "Concat" -> {
                attributes.allowOnly("axis");
                StringBuilder list = new StringBuilder("[");
                for (int i = 0; i < node.getInputCount(); i++) {
                    list.append(i == 0 ? "" : ", ").append(c.input(node, i));
                }
                c.assign(node, "torch.cat(" + list + "], " + attributes.integer("axis", 0) + ")");
            }
            case "Transpose" -> {
                attributes.allowOnly("perm");
                long[] perm = attributes.integers("perm");
                String x = c.input(node, 0);
                // the default reverses the dimensions
                c.assign(node, "torch.permute(" + x + ", " + (perm == null
                        ? "list(range(torch.dim(" + x + ") - 1, -1, -1))" : TranslationContext.join(perm)) + ")");
            }
            case "Constant" -> constant(node, attributes, c);
            case "Identity" -> {
                attributes.allowOnly();
                c.bind(node.getOutput(0), c.input(node, 0));
                if (c.known(node.getInput(0)) != null) {
                    c.know(node.getOutput(0), c.known(node.getInput(0)));
                }
            }
            case "Dropout" -> dropout(node, c);
            default -> cast(node, attributes, c);
        }
    }

    private static void reshape(NodeProto node, Attributes attributes, TranslationContext c) {
        attributes.allowOnly("allowzero");
        String x = c.input(node, 0);
        String shape = c.intList(node, 1);
        IntegerValue known = c.integers(node, 1);
        // with allowzero a 0 is a size of 0, as torch reads it; without, it copies the input's size there
        if (attributes.integer("allowzero", 0) != 0 || known != null && known.literal() && !known.items().contains("0")) {
            c.assign(node, "torch.reshape(" + x + ", " + shape + ")");
            return;
        }
        c.require(TorchScriptHelpers.RESHAPE);
        c.assign(node, "(self)." + TorchScriptHelpers.RESHAPE + "(" + x + ", " + shape + ")");
    }

    /** lla analyses the deterministic network: dropout is the identity, unless the graph asks for its randomness. */
    private static void dropout(NodeProto node, TranslationContext c) {
        if (TranslationContext.present(node, 2)) {
            ConstantTensor training = c.known(node.getInput(2));
            ConstantTensor ratio = TranslationContext.present(node, 1) ? c.known(node.getInput(1)) : null;
            boolean trains = training == null || training.doubles()[0] != 0;
            boolean dropsSome = !TranslationContext.present(node, 1) || ratio == null || ratio.doubles()[0] != 0;
            if (trains && dropsSome) {
                throw c.refuse().input(2, "(training_mode) is true or not constant: random dropout is not"
                        + " supported (lla analyses the deterministic network; export in eval mode)");
            }
        }
        c.bind(node.getOutput(0), c.input(node, 0));
        if (node.getOutputCount() > 1 && c.isConsumed(node.getOutput(1))) {
            // the identity keeps every element: the mask is all true
            c.line(c.define(node, 1) + " = torch.ones_like(" + c.input(node, 0) + ", dtype=11)");
        }
    }

    private static void flatten(NodeProto node, Attributes attributes, TranslationContext c) {
        attributes.allowOnly("axis");
        long axis = attributes.integer("axis", 1);
        String x = c.input(node, 0);
        if (axis < 0) {
            c.require(TorchScriptHelpers.FLATTEN);
            c.assign(node, "(self)." + TorchScriptHelpers.FLATTEN + "(" + x + ", " + axis + ")");
        } else if (axis == 0) {
            c.assign(node, "torch.reshape(" + x + ", [1, -1])");
        } else if (axis == 1) {
            c.assign(node, "torch.flatten(" + x + ", 1)");
        } else {
            c.assign(node, "torch.flatten(torch.flatten(" + x + ", " + axis + "), 0, " + (axis - 1) + ")");
        }
    }

    private static void gather(NodeProto node, Attributes attributes, TranslationContext c) {
        attributes.allowOnly("axis");
        long axis = attributes.integer("axis", 0);
        ConstantTensor indices = c.known(node.getInput(1));
        String data = c.input(node, 0);
        if (indices != null && !indices.isFloatingPoint() && indices.dims().length == 0) {
            // a scalar index: a plain select, a view (and a CPU scalar when the data is a shape)
            c.assign(node, "torch.select(" + data + ", " + axis + ", " + indices.longs()[0] + ")");
            return;
        }
        if (indices != null && indices.isFloatingPoint()) {
            throw c.refuse().input(1, "(indices) must be integers");
        }
        c.require(TorchScriptHelpers.GATHER);
        c.assign(node, "(self)." + TorchScriptHelpers.GATHER + "(" + data + ", " + axis + ", " + c.input(node, 1) + ")");
    }

    private static long[] axes(NodeProto node, Attributes attributes, TranslationContext c, boolean required) {
        if (c.opset() < 13) {
            attributes.allowOnly("axes");
            long[] axes = attributes.integers("axes");
            if (axes == null && required) {
                throw c.refuse().attribute("axes", "is required");
            }
            return axes;
        }
        attributes.allowOnly();
        if (!TranslationContext.present(node, 1)) {
            if (required) {
                throw c.refuse().input(1, "(axes) is required");
            }
            return null;
        }
        return c.knownIntegers(node, 1, "axes");
    }

    private static void unsqueeze(NodeProto node, Attributes attributes, TranslationContext c) {
        long[] axes = axes(node, attributes, c, true).clone();
        String expression = c.input(node, 0);
        if (Arrays.stream(axes).anyMatch(a -> a < 0)) {
            // negative axes count from the end of the output, whose rank shows when it runs
            c.require(TorchScriptHelpers.UNSQUEEZE);
            c.assign(node, "(self)." + TorchScriptHelpers.UNSQUEEZE + "(" + expression + ", " + TranslationContext.join(axes)
                    + ")");
            return;
        }
        Arrays.sort(axes); // output positions: inserting in ascending order puts each where ONNX says
        for (long axis : axes) {
            expression = "torch.unsqueeze(" + expression + ", " + axis + ")";
        }
        c.assign(node, expression);
    }

    private static void squeeze(NodeProto node, Attributes attributes, TranslationContext c) {
        long[] axes = axes(node, attributes, c, false);
        String expression = c.input(node, 0);
        if (axes == null) {
            c.assign(node, "torch.squeeze(" + expression + ")");
            return;
        }
        long[] sorted = axes.clone();
        Arrays.sort(sorted);
        if (sorted.length > 0 && sorted[0] < 0) {
            c.require(TorchScriptHelpers.SQUEEZE);
            c.assign(node, "(self)." + TorchScriptHelpers.SQUEEZE + "(" + expression + ", " + TranslationContext.join(axes)
                    + ")");
            return;
        }
        for (int i = sorted.length - 1; i >= 0; i--) { // from the last, so earlier positions stay valid
            expression = "torch.squeeze(" + expression + ", " + sorted[i] + ")";
        }
        c.assign(node, expression);
    }

    /** Shape, with opset 15's start and end, which slice the shape as Slice does. */
    private static void shape(NodeProto node, Attributes attributes, TranslationContext c) {
        attributes.allowOnly("start", "end");
        String shape = "torch._shape_as_tensor(" + c.input(node, 0) + ")";
        if (attributes.has("start") || attributes.has("end")) {
            c.require(TorchScriptHelpers.SLICE);
            long end = Math.min(attributes.integer("end", Long.MAX_VALUE), 1L << 62);
            shape = "(self)." + TorchScriptHelpers.SLICE + "(" + shape + ", 0, " + attributes.integer("start", 0) + ", "
                    + end + ", 1)";
        }
        c.assign(node, shape);
    }

    private static void constant(NodeProto node, Attributes attributes, TranslationContext c) {
        attributes.allowOnly("value");
        AttributeProto value = attributes.raw("value");
        if (value == null) {
            throw c.refuse().attribute(node.getAttributeCount() == 0 ? "value" : node.getAttribute(0).getName(),
                    "is not supported (only value)");
        }
        c.know(node.getOutput(0), OnnxTensors.decode(value.getT(), c.refuse().model()));
    }

    private static void cast(NodeProto node, Attributes attributes, TranslationContext c) {
        attributes.allowOnly("to", "saturate");
        long to = attributes.integer("to", 0);
        int torchType = switch ((int) to) {
            case ConstantTensor.FLOAT -> 6;
            case ConstantTensor.DOUBLE -> 7;
            case ConstantTensor.INT64 -> 4;
            case ConstantTensor.INT32 -> 3;
            case 9 -> 11; // BOOL
            default -> throw c.refuse().attribute("to", "= " + to + " is not supported");
        };
        ConstantTensor known = c.known(node.getInput(0));
        c.assign(node, "torch.to(" + c.input(node, 0) + ", " + torchType + ")");
        if (known != null && known.isFloatingPoint() == (torchType == 6 || torchType == 7)
                && known.dtype() == (int) to) {
            c.know(node.getOutput(0), known);
        }
    }
}
