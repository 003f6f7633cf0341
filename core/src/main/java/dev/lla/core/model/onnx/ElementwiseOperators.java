package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Map;
import java.util.Set;

/** Pointwise arithmetic and activations; ONNX and torch broadcast the same (numpy) way. */
final class ElementwiseOperators implements OperatorGroup {

    private static final Map<String, String> BINARY = Map.of(
            "Add", "torch.add", "Sub", "torch.sub", "Mul", "torch.mul", "Pow", "torch.pow", "Equal", "torch.eq");

    private static final Map<String, String> UNARY = Map.ofEntries(
            Map.entry("Relu", "torch.relu"), Map.entry("Sigmoid", "torch.sigmoid"), Map.entry("Tanh", "torch.tanh"),
            Map.entry("Exp", "torch.exp"), Map.entry("Log", "torch.log"), Map.entry("Sqrt", "torch.sqrt"),
            Map.entry("Neg", "torch.neg"), Map.entry("Abs", "torch.abs"), Map.entry("Erf", "torch.erf"),
            Map.entry("Reciprocal", "torch.reciprocal"), Map.entry("HardSwish", "torch.hardswish"));

    @Override
    public Set<String> operators() {
        return Set.of("Add", "Sub", "Mul", "Div", "Pow", "Relu", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Neg", "Abs",
                "Erf", "Reciprocal", "LeakyRelu", "Softmax", "LogSoftmax", "Clip", "Equal", "HardSwish", "HardSigmoid",
                "Where", "Gelu");
    }

    @Override
    public void translate(NodeProto node, Attributes attributes, TranslationContext c) {
        String op = node.getOpType();
        if (BINARY.containsKey(op) || op.equals("Div")) {
            // opset < 7 broadcast only with the "broadcast"/"axis" attributes, which torch.onnx never writes
            attributes.allowOnly();
            // a known float scalar is a literal: no tensor made per call, the same kernel
            String scalarB = scalar(node, 1, c);
            String scalarA = scalarB == null ? scalar(node, 0, c) : null;
            if (scalarB != null) {
                // a float divisor means a float tensor (ONNX gives both operands one type): no truncation
                c.assign(node, (op.equals("Div") ? "torch.div" : BINARY.get(op)) + "(" + c.input(node, 0) + ", "
                        + scalarB + ")");
                return;
            }
            if (scalarA != null && (op.equals("Add") || op.equals("Mul") || op.equals("Sub"))) {
                // s + x and s * x are x + s and x * s exactly; s - x is rsub(x, s)
                c.assign(node, (op.equals("Sub") ? "torch.rsub" : BINARY.get(op)) + "(" + c.input(node, 1) + ", "
                        + scalarA + ")");
                return;
            }
            String a = c.input(node, 0);
            String b = c.input(node, 1);
            if (op.equals("Div")) {
                c.require(TorchScriptHelpers.DIV);
                c.assign(node, "(self)." + TorchScriptHelpers.DIV + "(" + a + ", " + b + ")");
            } else {
                c.assign(node, BINARY.get(op) + "(" + a + ", " + b + ")");
            }
        } else if (UNARY.containsKey(op)) {
            attributes.allowOnly();
            c.assign(node, UNARY.get(op) + "(" + c.input(node, 0) + ")");
        } else if (op.equals("LeakyRelu")) {
            attributes.allowOnly("alpha");
            c.assign(node, "torch.leaky_relu(" + c.input(node, 0) + ", "
                    + TranslationContext.real(attributes.real("alpha", 0.01f)) + ")");
        } else if (op.equals("HardSigmoid")) {
            // max(0, min(1, alpha x + beta)); torch.hardsigmoid fixes alpha = 1/6
            attributes.allowOnly("alpha", "beta");
            c.assign(node, "torch.clamp(torch.add(torch.mul(" + c.input(node, 0) + ", "
                    + TranslationContext.real(attributes.real("alpha", 0.2f)) + "), "
                    + TranslationContext.real(attributes.real("beta", 0.5f)) + "), 0., 1.)");
        } else if (op.equals("Where")) {
            attributes.allowOnly();
            c.assign(node, "torch.where(" + c.input(node, 0) + ", " + c.input(node, 1) + ", " + c.input(node, 2) + ")");
        } else if (op.equals("Gelu")) {
            // opset 20's Gelu, and the exact GELU of older exports that GeluFusion finds
            attributes.allowOnly("approximate");
            String approximate = attributes.string("approximate", "none");
            if (!approximate.equals("none") && !approximate.equals("tanh")) {
                throw c.refuse().attribute("approximate", "= " + approximate + " is not supported");
            }
            c.assign(node, "torch.gelu(" + c.input(node, 0) + (approximate.equals("tanh") ? ", approximate=\"tanh\"" : "")
                    + ")");
        } else if (op.equals("Softmax") || op.equals("LogSoftmax")) {
            softmax(node, attributes, c, op.equals("Softmax") ? "torch.softmax" : "torch.log_softmax");
        } else {
            clip(node, attributes, c);
        }
    }

    /** Input {@code index} as a float literal if it is a known finite 0-D floating-point constant, else null. */
    private static String scalar(NodeProto node, int index, TranslationContext c) {
        ConstantTensor value = TranslationContext.present(node, index) ? c.known(node.getInput(index)) : null;
        if (value == null || !value.isFloatingPoint() || value.dims().length != 0 || !Double.isFinite(value.doubles()[0])) {
            return null;
        }
        return TranslationContext.real(value.doubles()[0]);
    }

    private static void softmax(NodeProto node, Attributes attributes, TranslationContext c, String function) {
        attributes.allowOnly("axis");
        String x = c.input(node, 0);
        if (c.opset() >= 13) {
            c.assign(node, function + "(" + x + ", " + attributes.integer("axis", -1) + ")");
        } else {
            // before opset 13 the input is read as 2-D [prod(dims < axis), prod(dims >= axis)]
            long axis = attributes.integer("axis", 1);
            c.assign(node, "torch.reshape(" + function + "(torch.flatten(" + x + ", " + axis + "), -1), "
                    + x + ".size())");
        }
    }

    private static void clip(NodeProto node, Attributes attributes, TranslationContext c) {
        String x = c.input(node, 0);
        String min;
        String max;
        if (c.opset() < 11) {
            attributes.allowOnly("min", "max");
            min = attributes.has("min") ? TranslationContext.real(attributes.real("min", 0)) : "None";
            max = attributes.has("max") ? TranslationContext.real(attributes.real("max", 0)) : "None";
        } else {
            attributes.allowOnly();
            min = bound(node, 1, c);
            max = bound(node, 2, c);
        }
        if (min.equals("None") && max.equals("None")) {
            c.bind(node.getOutput(0), x); // torch.clamp needs at least one bound
            return;
        }
        c.assign(node, "torch.clamp(" + x + ", " + min + ", " + max + ")");
    }

    private static String bound(NodeProto node, int index, TranslationContext c) {
        if (!TranslationContext.present(node, index)) {
            return "None";
        }
        ConstantTensor value = c.known(node.getInput(index));
        if (value == null || value.elementCount() != 1) {
            throw c.refuse().input(index, "(Clip bound) must be a constant scalar");
        }
        return TranslationContext.real(value.doubles()[0]);
    }
}
