package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Set;

/** MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool. */
final class PoolingOperators implements OperatorGroup {

    @Override
    public Set<String> operators() {
        return Set.of("MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool");
    }

    @Override
    public void translate(NodeProto node, Attributes attributes, TranslationContext c) {
        String op = node.getOpType();
        String x = c.input(node, 0);
        if (op.startsWith("Global")) {
            attributes.allowOnly();
            String helper = op.equals("GlobalAveragePool") ? TorchScriptHelpers.GLOBAL_AVERAGE : TorchScriptHelpers.GLOBAL_MAX;
            c.require(helper);
            c.assign(node, "(self)." + helper + "(" + x + ")");
            return;
        }
        if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
            throw c.refuse().attribute("Indices", "(the second output) is not supported");
        }
        if (attributes.integer("storage_order", 0) != 0) {
            throw c.refuse().attribute("storage_order", "= 1 is not supported");
        }
        long[] kernel = attributes.integers("kernel_shape");
        if (kernel == null) {
            throw c.refuse().attribute("kernel_shape", "is required");
        }
        int n = kernel.length;
        Spatial.requireDimensions(n, c.refuse());
        long[] pads = Spatial.symmetricPads(attributes, n, c.refuse());
        long[] strides = Spatial.orOnes(attributes.integers("strides"), n);
        String ceil = attributes.integer("ceil_mode", 0) != 0 ? "True" : "False";
        String window = TranslationContext.join(kernel) + ", " + TranslationContext.join(strides) + ", "
                + TranslationContext.join(pads);
        if (op.equals("MaxPool")) {
            attributes.allowOnly("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides");
            long[] dilations = Spatial.orOnes(attributes.integers("dilations"), n);
            c.assign(node, "torch.max_pool" + n + "d(" + x + ", " + window + ", " + TranslationContext.join(dilations)
                    + ", " + ceil + ")");
        } else {
            attributes.allowOnly("auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides");
            String includePad = attributes.integer("count_include_pad", 0) != 0 ? "True" : "False";
            c.assign(node, "torch.avg_pool" + n + "d(" + x + ", " + window + ", " + ceil + ", " + includePad + ")");
        }
    }
}
