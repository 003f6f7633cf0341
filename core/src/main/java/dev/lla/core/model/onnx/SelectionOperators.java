package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Set;

/** Slice, Split, Expand, ConstantOfShape and Pad: operators that cut, grow or fill tensors. */
final class SelectionOperators implements OperatorGroup {

    /** Slice bounds beyond this clamp anyway; keeping literals inside it keeps INT64_MIN out of the code. */
    private static final long FAR = 1L << 62;

    @Override
    public Set<String> operators() {
        return Set.of("Slice", "Split", "Expand", "ConstantOfShape", "Pad");
    }

    @Override
    public void translate(NodeProto node, Attributes attributes, TranslationContext c) {
        switch (node.getOpType()) {
            case "Slice" -> slice(node, attributes, c);
            case "Split" -> split(node, attributes, c);
            case "Expand" -> {
                attributes.allowOnly();
                c.require(TorchScriptHelpers.EXPAND);
                c.assign(node, "(self)." + TorchScriptHelpers.EXPAND + "(" + c.input(node, 0) + ", " + c.intList(node, 1) + ")");
            }
            case "ConstantOfShape" -> constantOfShape(node, attributes, c);
            default -> pad(node, attributes, c);
        }
    }

    private static void slice(NodeProto node, Attributes attributes, TranslationContext c) {
        String[] starts;
        String[] ends;
        long[] axes;
        long[] steps = null;
        if (c.opset() < 10) {
            attributes.allowOnly("starts", "ends", "axes");
            if (attributes.integers("starts") == null || attributes.integers("ends") == null) {
                throw c.refuse().attribute("starts", "and ends are required");
            }
            starts = literals(attributes.integers("starts"));
            ends = literals(attributes.integers("ends"));
            axes = attributes.integers("axes");
        } else {
            attributes.allowOnly();
            axes = TranslationContext.present(node, 3) ? c.knownIntegers(node, 3, "axes") : null;
            steps = TranslationContext.present(node, 4) ? c.knownIntegers(node, 4, "steps") : null;
            int n = axes != null ? axes.length : steps != null ? steps.length : knownLength(node, c);
            starts = bounds(node, 1, n, c);
            ends = bounds(node, 2, n, c);
        }
        int n = starts.length;
        if (ends.length != n || axes != null && axes.length != n || steps != null && steps.length != n) {
            throw c.refuse().input(1, "(starts), ends, axes and steps must have the same length");
        }
        String expression = c.input(node, 0);
        c.require(TorchScriptHelpers.SLICE);
        for (int i = 0; i < n; i++) {
            long step = steps == null ? 1 : steps[i];
            if (step == 0) {
                throw c.refuse().input(4, "(steps) holds 0");
            }
            long axis = axes == null ? i : axes[i];
            expression = "(self)." + TorchScriptHelpers.SLICE + "(" + expression + ", " + axis + ", " + starts[i]
                    + ", " + ends[i] + ", " + step + ")";
        }
        c.assign(node, expression);
    }

    /** The number of sliced axes when neither axes nor steps is given: from constant starts or ends. */
    private static int knownLength(NodeProto node, TranslationContext c) {
        for (int index = 1; index <= 2; index++) {
            ConstantTensor known = c.known(node.getInput(index));
            if (known != null) {
                return (int) known.elementCount();
            }
        }
        throw c.refuse().input(1, "(starts) and ends are both computed and no axes are given; not supported");
    }

    /** Constant bounds as literals; computed ones (attention exports slice by sizes) read when it runs. */
    private static String[] bounds(NodeProto node, int index, int n, TranslationContext c) {
        ConstantTensor known = TranslationContext.present(node, index) ? c.known(node.getInput(index)) : null;
        if (known != null) {
            if (known.isFloatingPoint()) {
                throw c.refuse().input(index, "must be integers");
            }
            return literals(known.longs());
        }
        String tensor = c.input(node, index);
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = "int(" + tensor + "[" + i + "])";
        }
        return values;
    }

    private static String[] literals(long[] values) {
        return java.util.Arrays.stream(values).mapToObj(v -> Long.toString(clamp(v))).toArray(String[]::new);
    }

    private static long clamp(long bound) {
        return Math.max(-FAR, Math.min(FAR, bound));
    }

    private static void split(NodeProto node, Attributes attributes, TranslationContext c) {
        long[] sizes;
        if (c.opset() < 13) {
            attributes.allowOnly("axis", "split");
            sizes = attributes.integers("split");
        } else {
            attributes.allowOnly("axis");
            sizes = TranslationContext.present(node, 1) ? c.knownIntegers(node, 1, "split") : null;
        }
        long axis = attributes.integer("axis", 0);
        int parts = node.getOutputCount();
        String x = c.input(node, 0);
        if (sizes != null && sizes.length != parts) {
            throw c.refuse().input(1, "(split) has " + sizes.length + " sizes for " + parts + " outputs");
        }
        String pieces = c.define(node, 0);
        if (sizes == null) {
            // opset <= 17: the axis must divide into equal parts, as tensor_split then makes them
            c.line(pieces + " = torch.tensor_split(" + x + ", " + parts + ", " + axis + ")");
        } else {
            c.line(pieces + " = torch.split_with_sizes(" + x + ", " + TranslationContext.join(sizes) + ", " + axis + ")");
        }
        for (int i = 0; i < parts; i++) {
            if (!node.getOutput(i).isEmpty()) {
                c.line(c.define(node, i) + " = " + pieces + "[" + i + "]");
            }
        }
    }

    private static void constantOfShape(NodeProto node, Attributes attributes, TranslationContext c) {
        attributes.allowOnly("value");
        AttributeProto value = attributes.raw("value");
        ConstantTensor fill = value == null ? new ConstantTensor(ConstantTensor.FLOAT, new long[] {1}, new byte[4])
                : OnnxTensors.decode(value.getT(), c.refuse().model());
        if (fill.elementCount() != 1) {
            throw c.refuse().attribute("value", "must hold one element");
        }
        ConstantTensor shape = c.known(node.getInput(0));
        if (shape != null && !shape.isFloatingPoint() && Arrays.stream(shape.longs()).allMatch(d -> d > 0)) {
            // known now, so later shape arithmetic (Pad's pads, Expand's shape) can read it
            long count = Arrays.stream(shape.longs()).reduce(1, (a, b) -> a * b);
            if (count <= 1 << 16) {
                ByteBuffer data = ByteBuffer.allocate((int) count * fill.data().length);
                for (long i = 0; i < count; i++) {
                    data.put(fill.data());
                }
                c.know(node.getOutput(0), new ConstantTensor(fill.dtype(), shape.longs(), data.array()));
                return;
            }
        }
        // a float tensor joins the activations, on the input's device; an integer one is shape arithmetic, on the CPU
        String scalar = fill.isFloatingPoint() ? TranslationContext.real(fill.doubles()[0]) : Long.toString(fill.longs()[0]);
        String device = fill.isFloatingPoint() ? ", layout=None, device=x.device, pin_memory=None" : "";
        c.assign(node, "torch.full(" + c.intList(node, 0) + ", " + scalar + ", dtype="
                + fill.torchType() + device + ")");
    }

    private static void pad(NodeProto node, Attributes attributes, TranslationContext c) {
        long[] pads;
        String value;
        if (c.opset() < 11) {
            attributes.allowOnly("mode", "pads", "value");
            pads = attributes.integers("pads");
            if (pads == null) {
                throw c.refuse().attribute("pads", "is required");
            }
            value = TranslationContext.real(attributes.real("value", 0f));
        } else {
            attributes.allowOnly("mode");
            ConstantTensor known = c.known(node.getInput(1));
            pads = known == null ? null : known.longs();
            value = "0.";
            if (TranslationContext.present(node, 2)) {
                ConstantTensor constant = c.known(node.getInput(2));
                if (constant == null || constant.elementCount() != 1) {
                    throw c.refuse().input(2, "(constant_value) must be a constant scalar");
                }
                value = TranslationContext.real(constant.doubles()[0]);
            }
        }
        String mode = attributes.string("mode", "constant");
        if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("edge")) {
            throw c.refuse().attribute("mode", "= " + mode + " is not supported (constant, reflect, edge)");
        }
        if (pads == null) {
            // pads computed by the graph (as torch.onnx.export writes F.pad): reordered when it runs
            c.require(TorchScriptHelpers.PAD);
            c.assign(node, "(self)." + TorchScriptHelpers.PAD + "(" + c.input(node, 0) + ", " + c.input(node, 1) + ", \""
                    + (mode.equals("edge") ? "replicate" : mode) + "\", " + value + ")");
            return;
        }
        int rank = pads.length / 2;
        long[] torchOrder = new long[pads.length]; // (begin, end) pairs from the last dimension backwards
        for (int i = 0; i < rank; i++) {
            torchOrder[2 * i] = pads[rank - 1 - i];
            torchOrder[2 * i + 1] = pads[2 * rank - 1 - i];
        }
        String x = c.input(node, 0);
        if (mode.equals("constant")) {
            c.assign(node, "torch.constant_pad_nd(" + x + ", " + TranslationContext.join(torchOrder) + ", " + value + ")");
            return;
        }
        int spatial = rank - 2;
        boolean batchAndChannelsKept = rank >= 3 && pads[0] == 0 && pads[1] == 0 && pads[rank] == 0 && pads[rank + 1] == 0;
        if (!batchAndChannelsKept || spatial > 3 || Arrays.stream(pads).anyMatch(p -> p < 0)) {
            throw c.refuse().attribute("pads", "= " + Arrays.toString(pads) + " with mode " + mode
                    + ": only non-negative pads of 1 to 3 trailing dimensions of an (N, C, ...) tensor are supported");
        }
        String function = mode.equals("reflect") ? "torch.reflection_pad" : "torch.replication_pad";
        c.assign(node, function + spatial + "d(" + x + ", "
                + TranslationContext.join(Arrays.copyOfRange(torchOrder, 0, 2 * spatial)) + ")");
    }
}
