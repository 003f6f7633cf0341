package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The shape arithmetic of exports with a dynamic batch (Shape → Gather → Unsqueeze → Concat →
 * Reshape, and torch's Equal/Where guard around Expand), computed with TorchScript ints rather
 * than int64 tensors: a Shape becomes {@code torch.size(x)}, a Gather a list index, a Concat a list
 * sum, and elements known now are literals. A forward of an exported ViT then runs about 100
 * libtorch calls fewer.
 *
 * <p>{@link #fold} either translates a node completely, binding its output with {@link
 * TranslationContext#bindIntegers}, or leaves it, untouched, to its operator group, which reads
 * any folded input as the int64 tensor ONNX has there. It folds only the forms whose meaning ints
 * keep exactly (int64 elements, axis 0, step 1, literal indices), and nothing it cannot name.
 */
final class ShapeArithmetic {

    private ShapeArithmetic() {}

    /** Translates {@code node} as int arithmetic if it is shape arithmetic; false leaves it to its group. */
    static boolean fold(NodeProto node, TranslationContext c) {
        return switch (node.getOpType()) {
            case "Shape" -> shape(node, c);
            case "Gather" -> gather(node, c);
            case "Unsqueeze" -> unsqueeze(node, c);
            case "Squeeze" -> squeeze(node, c);
            case "Concat" -> concat(node, c);
            case "Slice" -> slice(node, c);
            case "Reshape" -> reshape(node, c);
            case "Cast" -> cast(node, c);
            case "Identity" -> identity(node, c);
            case "Add", "Sub", "Mul", "Div" -> arithmetic(node, c);
            case "Equal" -> equal(node, c);
            case "Where" -> where(node, c);
            default -> false;
        };
    }

    private static boolean shape(NodeProto node, TranslationContext c) {
        if (!attributesWithin(node, "start", "end")) {
            return false;
        }
        IntegerValue of = c.integers(node, 0);
        boolean sliced = attribute(node, "start") != null || attribute(node, "end") != null;
        if (of != null) {
            if (sliced) {
                return false;
            }
            // the shape of shape arithmetic: [] for a scalar, [length] for a list
            List<String> items = of.scalar() ? List.of()
                    : List.of(of.lengthKnown() ? Long.toString(of.items().size()) : c.local("len(" + of.expression() + ")"));
            c.bindIntegers(node.getOutput(0), IntegerValue.of(items, false));
            return true;
        }
        String shape = "torch.size(" + c.input(node, 0) + ")";
        if (sliced) {
            // ONNX clamps start and end to [0, rank] after adding the rank to negative ones, as a list slice does
            AttributeProto end = attribute(node, "end");
            AttributeProto start = attribute(node, "start");
            shape += "[" + (start == null ? 0 : bounded(start.getI())) + ":" + (end == null ? "" : bounded(end.getI())) + "]";
        }
        c.bindIntegers(node.getOutput(0), IntegerValue.ofUnknownLength(c.local(shape)));
        return true;
    }

    private static boolean gather(NodeProto node, TranslationContext c) {
        if (!attributesWithin(node, "axis")) {
            return false;
        }
        long axis = integerAttribute(node, "axis", 0);
        IntegerValue data = c.integers(node, 0);
        ConstantTensor indices = TranslationContext.present(node, 1) ? c.known(node.getInput(1)) : null;
        if (data == null || data.scalar() || axis != 0 && axis != -1 || indices == null || indices.isFloatingPoint()
                || indices.dims().length > 1 || indices.elementCount() > 64) {
            return false;
        }
        long[] at = indices.longs();
        if (data.lengthKnown()) {
            for (long k : at) {
                if (k < -data.items().size() || k >= data.items().size()) {
                    return false; // out of range: the running model's own error says so
                }
            }
        }
        List<String> picked = new ArrayList<>();
        for (long k : at) {
            picked.add(data.lengthKnown() ? data.items().get((int) (k < 0 ? k + data.items().size() : k))
                    : c.local(data.expression() + "[" + k + "]"));
        }
        c.bindIntegers(node.getOutput(0), indices.dims().length == 0 ? IntegerValue.scalar(picked.get(0), data.bool())
                : IntegerValue.of(picked, data.bool()));
        return true;
    }

    private static boolean unsqueeze(NodeProto node, TranslationContext c) {
        IntegerValue value = c.integers(node, 0);
        long[] axes = axes(node, c);
        if (value == null || !value.scalar() || axes == null || axes.length != 1 || axes[0] != 0 && axes[0] != -1) {
            return false;
        }
        c.bindIntegers(node.getOutput(0), IntegerValue.of(value.items(), value.bool()));
        return true;
    }

    private static boolean squeeze(NodeProto node, TranslationContext c) {
        IntegerValue value = c.integers(node, 0);
        if (value == null || value.scalar() || !value.lengthKnown() || value.items().size() != 1) {
            return false;
        }
        boolean axesGiven = c.opset() < 13 ? attribute(node, "axes") != null : TranslationContext.present(node, 1);
        long[] axes = axes(node, c);
        if (axesGiven && (axes == null || axes.length != 1 || axes[0] != 0 && axes[0] != -1)) {
            return false;
        }
        c.bindIntegers(node.getOutput(0), IntegerValue.scalar(value.items().get(0), value.bool()));
        return true;
    }

    private static boolean concat(NodeProto node, TranslationContext c) {
        long axis = integerAttribute(node, "axis", 0);
        if (!attributesWithin(node, "axis") || axis != 0 && axis != -1) {
            return false;
        }
        List<IntegerValue> parts = new ArrayList<>();
        for (int i = 0; i < node.getInputCount(); i++) {
            IntegerValue part = c.integers(node, i);
            if (part == null || part.scalar() || part.bool()) {
                return false;
            }
            parts.add(part);
        }
        if (parts.stream().allMatch(IntegerValue::lengthKnown)) {
            List<String> items = new ArrayList<>();
            parts.forEach(p -> items.addAll(p.items()));
            c.bindIntegers(node.getOutput(0), IntegerValue.of(items, false));
        } else {
            String sum = String.join(" + ", parts.stream().map(IntegerValue::expression).toList());
            c.bindIntegers(node.getOutput(0), IntegerValue.ofUnknownLength(c.local("(" + sum + ")")));
        }
        return true;
    }

    /** Slice of a 1-D value on its one axis with step 1, bounds known now. */
    private static boolean slice(NodeProto node, TranslationContext c) {
        IntegerValue data = c.integers(node, 0);
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (c.opset() < 10) {
            if (!attributesWithin(node, "starts", "ends", "axes")) {
                return false;
            }
            starts = integerList(attribute(node, "starts"));
            ends = integerList(attribute(node, "ends"));
            axes = integerList(attribute(node, "axes"));
        } else {
            if (!attributesWithin(node)) {
                return false;
            }
            starts = knownIntegers(node, 1, c);
            ends = knownIntegers(node, 2, c);
            axes = TranslationContext.present(node, 3) ? knownIntegers(node, 3, c) : new long[] {0};
            steps = TranslationContext.present(node, 4) ? knownIntegers(node, 4, c) : new long[] {1};
            if (axes == null || steps == null || steps.length != 1 || steps[0] != 1) {
                return false;
            }
        }
        if (data == null || data.scalar() || starts == null || ends == null || starts.length != 1 || ends.length != 1
                || axes != null && (axes.length != 1 || axes[0] != 0 && axes[0] != -1)) {
            return false;
        }
        if (data.lengthKnown()) {
            int n = data.items().size();
            int from = clampedIndex(starts[0], n);
            int to = Math.max(from, clampedIndex(ends[0], n));
            c.bindIntegers(node.getOutput(0), IntegerValue.of(data.items().subList(from, to), data.bool()));
        } else {
            String part = data.expression() + "[" + bounded(starts[0]) + ":" + bounded(ends[0]) + "]";
            c.bindIntegers(node.getOutput(0), IntegerValue.ofUnknownLength(c.local(part)));
        }
        return true;
    }

    /** A 1-D value reshaped to [-1] or to its own length (torch's export of a list's flattening). */
    private static boolean reshape(NodeProto node, TranslationContext c) {
        IntegerValue data = c.integers(node, 0);
        ConstantTensor shape = TranslationContext.present(node, 1) ? c.known(node.getInput(1)) : null;
        if (!attributesWithin(node, "allowzero") || data == null || data.scalar() || shape == null
                || shape.isFloatingPoint() || shape.elementCount() != 1) {
            return false;
        }
        long size = shape.longs()[0];
        if (size != -1 && !(data.lengthKnown() && size == data.items().size())) {
            return false;
        }
        c.bindIntegers(node.getOutput(0), data);
        return true;
    }

    private static boolean cast(NodeProto node, TranslationContext c) {
        IntegerValue value = c.integers(node, 0);
        if (!attributesWithin(node, "to", "saturate") || value == null || value.bool()
                || integerAttribute(node, "to", 0) != ConstantTensor.INT64) {
            return false;
        }
        c.bindIntegers(node.getOutput(0), value);
        return true;
    }

    private static boolean identity(NodeProto node, TranslationContext c) {
        IntegerValue value = c.integers(node, 0);
        if (value == null || node.getAttributeCount() > 0) {
            return false;
        }
        c.bindIntegers(node.getOutput(0), value);
        return true;
    }

    /** Add, Sub, Mul and Div of int64 scalars and lists, with ONNX's truncating integer division. */
    private static boolean arithmetic(NodeProto node, TranslationContext c) {
        IntegerValue a = c.integers(node, 0);
        IntegerValue b = c.integers(node, 1);
        if (!attributesWithin(node) || a == null || b == null || a.bool() || b.bool() || !broadcasts(a, b)) {
            return false;
        }
        String op = node.getOpType();
        if (op.equals("Div") && b.items().contains("0")) {
            return false; // left to the running model's own division
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < length(a, b); i++) {
            items.add(combine(op, item(a, i), item(b, i), c));
        }
        c.bindIntegers(node.getOutput(0), result(items, false, a, b));
        return true;
    }

    private static String combine(String op, String x, String y, TranslationContext c) {
        if (IntegerValue.isLiteral(x) && IntegerValue.isLiteral(y)) {
            long p = Long.parseLong(x);
            long q = Long.parseLong(y);
            return Long.toString(switch (op) {
                case "Add" -> p + q;
                case "Sub" -> p - q;
                case "Mul" -> p * q;
                default -> p / q; // Java's long division truncates, as ONNX's integer Div does
            });
        }
        if (op.equals("Div")) {
            c.require(TorchScriptHelpers.INT_DIV);
            return c.local("(self)." + TorchScriptHelpers.INT_DIV + "(" + x + ", " + y + ")");
        }
        String symbol = switch (op) {
            case "Add" -> " + ";
            case "Sub" -> " - ";
            default -> " * ";
        };
        return c.local("(" + x + symbol + y + ")");
    }

    private static boolean equal(NodeProto node, TranslationContext c) {
        IntegerValue a = c.integers(node, 0);
        IntegerValue b = c.integers(node, 1);
        if (!attributesWithin(node) || a == null || b == null || a.bool() != b.bool() || !broadcasts(a, b)) {
            return false;
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < length(a, b); i++) {
            String x = item(a, i);
            String y = item(b, i);
            items.add(IntegerValue.isLiteral(x) && IntegerValue.isLiteral(y) ? (x.equals(y) ? "True" : "False")
                    : c.local("(" + x + " == " + y + ")"));
        }
        c.bindIntegers(node.getOutput(0), result(items, true, a, b));
        return true;
    }

    private static boolean where(NodeProto node, TranslationContext c) {
        IntegerValue condition = c.integers(node, 0);
        IntegerValue x = c.integers(node, 1);
        IntegerValue y = c.integers(node, 2);
        if (!attributesWithin(node) || condition == null || x == null || y == null || !condition.bool()
                || x.bool() != y.bool() || !broadcasts(condition, x, y)) {
            return false;
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < length(condition, x, y); i++) {
            String pick = item(condition, i);
            items.add(pick.equals("True") ? item(x, i) : pick.equals("False") ? item(y, i)
                    : c.local("(" + item(x, i) + " if " + pick + " else " + item(y, i) + ")"));
        }
        c.bindIntegers(node.getOutput(0), result(items, x.bool(), condition, x, y));
        return true;
    }

    /** Whether the operands broadcast element by element: scalars, and lists of one length or of length 1. */
    private static boolean broadcasts(IntegerValue... operands) {
        int n = 1;
        for (IntegerValue v : operands) {
            if (!v.lengthKnown()) {
                return false;
            }
            int m = v.scalar() ? 1 : v.items().size();
            if (m != 1 && n != 1 && m != n) {
                return false;
            }
            n = Math.max(n, m);
        }
        return true;
    }

    private static int length(IntegerValue... operands) {
        int n = 1;
        for (IntegerValue v : operands) {
            n = Math.max(n, v.items().size());
        }
        return n;
    }

    private static String item(IntegerValue value, int i) {
        return value.items().get(value.items().size() == 1 ? 0 : i);
    }

    /** A scalar if every operand is one (ONNX broadcasting keeps the highest rank), else a list. */
    private static IntegerValue result(List<String> items, boolean bool, IntegerValue... operands) {
        boolean scalar = java.util.Arrays.stream(operands).allMatch(IntegerValue::scalar);
        return scalar ? IntegerValue.scalar(items.get(0), bool) : IntegerValue.of(items, bool);
    }

    private static long[] axes(NodeProto node, TranslationContext c) {
        if (c.opset() < 13) {
            return attributesWithin(node, "axes") ? integerList(attribute(node, "axes")) : null;
        }
        return attributesWithin(node) && TranslationContext.present(node, 1) ? knownIntegers(node, 1, c) : null;
    }

    private static long[] knownIntegers(NodeProto node, int index, TranslationContext c) {
        ConstantTensor value = TranslationContext.present(node, index) ? c.known(node.getInput(index)) : null;
        return value == null || value.isFloatingPoint() ? null : value.longs();
    }

    /** An index in {@code [0, n]} as ONNX Slice makes it: negative ones count from the end, then clamp. */
    private static int clampedIndex(long index, int n) {
        long i = index < 0 ? index + n : index;
        return (int) Math.max(0, Math.min(n, i));
    }

    /** A slice bound that a TorchScript literal can hold; the list slice clamps it as ONNX does. */
    private static long bounded(long bound) {
        return Math.max(-(1L << 62), Math.min(1L << 62, bound));
    }

    private static boolean attributesWithin(NodeProto node, String... names) {
        Set<String> allowed = Set.of(names);
        return node.getAttributeList().stream().allMatch(a -> allowed.contains(a.getName()));
    }

    private static AttributeProto attribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().orElse(null);
    }

    private static long integerAttribute(NodeProto node, String name, long fallback) {
        AttributeProto attribute = attribute(node, name);
        return attribute == null ? fallback : attribute.getI();
    }

    private static long[] integerList(AttributeProto attribute) {
        return attribute == null ? null : attribute.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }
}
