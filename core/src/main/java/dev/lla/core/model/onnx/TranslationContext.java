package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the operator groups share while they translate one graph: the TorchScript expression of
 * every ONNX value, the values known at translation time, the module's tensors and the lines of
 * {@code forward}.
 */
final class TranslationContext {

    private final Map<String, String> expressions = new HashMap<>();
    private final Map<String, ConstantTensor> constants = new HashMap<>();
    private final Map<String, IntegerValue> integerValues = new HashMap<>();
    private final ModuleState state;
    private final StringBuilder body = new StringBuilder();
    private final java.util.Set<String> helpers = new java.util.LinkedHashSet<>();
    private int locals;
    private int buffers;
    private UnsupportedFeature.Reporter reporter;
    private long opset;

    private final Map<String, ConstantTensor> floatInitializers;
    private final java.util.Set<String> runningStatistics;
    private final java.util.Set<String> consumed;

    /**
     * @param floatInitializers the graph's floating-point initializers, which become module
     *     tensors when first read: parameters, except the {@code runningStatistics} (buffers)
     * @param consumed every value some node or the graph output reads
     */
    TranslationContext(ModuleState state, Map<String, ConstantTensor> floatInitializers,
            java.util.Set<String> runningStatistics, java.util.Set<String> consumed) {
        this.state = state;
        this.floatInitializers = floatInitializers;
        this.runningStatistics = runningStatistics;
        this.consumed = consumed;
    }

    /**
     * Makes every floating-point initializer that the graph reads a module tensor, in the
     * initializers' order (which is {@code named_parameters()} order in a torch export).
     */
    void addInitializers(java.nio.file.Path model) {
        for (Map.Entry<String, ConstantTensor> initializer : floatInitializers.entrySet()) {
            String name = initializer.getKey();
            if (!consumed.contains(name)) {
                continue;
            }
            boolean parameter = !runningStatistics.contains(name);
            String expression = state.add(ParameterNames.path(name), initializer.getValue(), parameter);
            if (expression == null) {
                expression = state.add(List.of(ParameterNames.flat(name)), initializer.getValue(), parameter);
            }
            if (expression == null) {
                throw dev.lla.core.LlaException.input(model + ": initializer " + name
                        + " has a name that clashes with another initializer's");
            }
            expressions.put(name, expression);
        }
    }

    boolean isConsumed(String onnxName) {
        return consumed.contains(onnxName);
    }

    void startNode(UnsupportedFeature.Reporter reporter, long opset) {
        this.reporter = reporter;
        this.opset = opset;
    }

    UnsupportedFeature.Reporter refuse() {
        return reporter;
    }

    long opset() {
        return opset;
    }

    ModuleState state() {
        return state;
    }

    /** Binds an ONNX value to a TorchScript expression (an argument, attribute or local). */
    void bind(String onnxName, String expression) {
        expressions.put(onnxName, expression);
    }

    /** Records that {@code onnxName}'s value is known now (an initializer or a Constant). */
    void know(String onnxName, ConstantTensor value) {
        constants.put(onnxName, value);
    }

    /** The known value of {@code onnxName}, or {@code null} if only the running model knows it. */
    ConstantTensor known(String onnxName) {
        return constants.get(onnxName);
    }

    /**
     * Binds an ONNX value to shape arithmetic kept as TorchScript ints ({@link ShapeArithmetic});
     * a value whose elements are all literals is known now, too.
     */
    void bindIntegers(String onnxName, IntegerValue value) {
        integerValues.put(onnxName, value);
        if (value.literal()) {
            constants.put(onnxName, value.constant());
        }
    }

    /**
     * Input {@code index} of {@code node} as shape arithmetic: a value bound by {@link
     * #bindIntegers}, or a small int64 or bool constant; {@code null} for any other input.
     */
    IntegerValue integers(NodeProto node, int index) {
        if (!present(node, index)) {
            return null;
        }
        String name = node.getInput(index);
        IntegerValue value = integerValues.get(name);
        if (value != null) {
            return value;
        }
        ConstantTensor known = constants.get(name);
        return known == null ? null : IntegerValue.of(known);
    }

    /** Input {@code index} of {@code node}, a 1-D int64 tensor, as a TorchScript {@code List[int]}. */
    String intList(NodeProto node, int index) {
        IntegerValue value = integers(node, index);
        if (value != null && !value.scalar() && !value.bool()) {
            return value.expression();
        }
        return "annotate(List[int], " + input(node, index) + ".tolist())";
    }

    /**
     * {@code expression} as something cheap to repeat: itself when it is a literal or a name, else
     * a fresh local that holds it.
     */
    String local(String expression) {
        if (IntegerValue.isLiteral(expression) || expression.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return expression;
        }
        String local = "v" + locals++;
        line(local + " = " + expression);
        return local;
    }

    /** Whether input {@code index} of {@code node} is given (ONNX marks an omitted optional input by ""). */
    static boolean present(NodeProto node, int index) {
        return index < node.getInputCount() && !node.getInput(index).isEmpty();
    }

    /** The TorchScript expression of input {@code index} of {@code node}. */
    String input(NodeProto node, int index) {
        if (!present(node, index)) {
            throw reporter.input(index, "is required");
        }
        String name = node.getInput(index);
        String expression = expressions.get(name);
        if (expression != null) {
            return expression;
        }
        IntegerValue integers = integerValues.get(name);
        if (integers != null && !integers.literal()) {
            // a tensor op reads shape arithmetic: it becomes the int64 tensor ONNX has here
            expression = local(integers.tensorExpression());
            expressions.put(name, expression);
            return expression;
        }
        ConstantTensor value = constants.get(name);
        if (value == null) {
            throw reporter.input(index, "(" + name + ") is not produced by any earlier node");
        }
        expression = literalOrBuffer(value);
        expressions.put(name, expression);
        return expression;
    }

    /** The integers of input {@code index}, which must be known at translation time. */
    long[] knownIntegers(NodeProto node, int index, String what) {
        ConstantTensor value = present(node, index) ? constants.get(node.getInput(index)) : null;
        if (value == null || value.isFloatingPoint()) {
            throw reporter.input(index, "(" + what + ") must be a constant integer tensor");
        }
        return value.longs();
    }

    /**
     * Small integer and scalar constants become code literals, which torch creates on the CPU,
     * where shapes kept as tensors live; larger ones become buffers.
     */
    private String literalOrBuffer(ConstantTensor value) {
        boolean small = value.elementCount() <= 64 && value.dims().length <= 1;
        if (small && !value.isFloatingPoint()) {
            long[] v = value.longs();
            String list = value.dims().length == 0 ? Long.toString(v[0]) : join(v);
            return "torch.tensor(" + list + ", dtype=" + value.torchType() + ")";
        }
        if (value.dims().length == 0) {
            return "torch.tensor(" + real(value.doubles()[0]) + ", dtype=" + value.torchType() + ")";
        }
        return state.add(List.of("_onnx_constant_" + buffers++), value, false);
    }

    /** A fresh local for the output of {@code node} number {@code index}, bound to that output. */
    String define(NodeProto node, int index) {
        String local = "v" + locals++;
        expressions.put(node.getOutput(index), local);
        return local;
    }

    /** Emits {@code <new local> = expression} for output 0 of {@code node}. */
    void assign(NodeProto node, String expression) {
        line(define(node, 0) + " = " + expression);
    }

    void line(String code) {
        body.append("    ").append(code).append('\n');
    }

    /** Asks for a helper method of the generated class (see {@link TorchScriptHelpers}). */
    void require(String helper) {
        helpers.add(helper);
    }

    java.util.Set<String> helpers() {
        return helpers;
    }

    String body() {
        return body.toString();
    }

    /** A TorchScript list literal, e.g. {@code [1, 2]}. */
    static String join(long[] values) {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            list.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return list.append(']').toString();
    }

    /**
     * A float attribute as the decimal the user wrote: ONNX stores 0.9 and 1e-5 as float32, and
     * the shortest decimal that reads back to the same float is what the exporter was given.
     */
    static String real(double value) {
        String text = (value == (float) value) ? Float.toString((float) value) : Double.toString(value);
        return text.toLowerCase(Locale.ROOT).replace("infinity", "inf");
    }
}
