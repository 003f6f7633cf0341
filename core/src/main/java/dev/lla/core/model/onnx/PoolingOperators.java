package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
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
        boolean indices = node.getOutputCount() > 1 && !node.getOutput(1).isEmpty() && c.isConsumed(node.getOutput(1));
        if (attributes.integer("storage_order", 0) != 0 && indices) {
            throw c.refuse().attribute("storage_order", "= 1 is not supported");
        }
        long[] kernel = attributes.integers("kernel_shape");
        if (kernel == null) {
            throw c.refuse().attribute("kernel_shape", "is required");
        }
        int n = kernel.length;
        Spatial.requireDimensions(n, c.refuse());
        long[] strides = Spatial.orOnes(attributes.integers("strides"), n);
        long[] dilations = Spatial.orOnes(attributes.integers("dilations"), n);
        boolean max = op.equals("MaxPool");
        if (max) {
            attributes.allowOnly("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides");
        } else {
            attributes.allowOnly("auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides");
        }
        Spatial.Padded padded = Spatial.pads(attributes, n, kernel, strides, dilations, max ? "-inf" : "0.", true, c);
        boolean ceilMode = attributes.integer("ceil_mode", 0) != 0;
        if (ceilMode && padded.prepadded()) {
            // torch's ceil-mode windows past the end would then count differently from ONNX's
            throw c.refuse().attribute("ceil_mode", "= 1 with asymmetric, SAME or over-half-kernel pads is not supported");
        }
        String window = TranslationContext.join(kernel) + ", " + TranslationContext.join(strides) + ", "
                + TranslationContext.join(padded.pads()) + ", ";
        String ceil = ceilMode ? "True" : "False";
        if (max && !indices) {
            c.assign(node, "torch.max_pool" + n + "d(" + padded.input(x) + ", " + window
                    + TranslationContext.join(dilations) + ", " + ceil + ")");
            return;
        }
        if (max) {
            if (padded.prepadded()) {
                throw c.refuse().attribute("pads", "(asymmetric, SAME or over half the kernel) with the Indices output"
                        + " is not supported");
            }
            c.require(TorchScriptHelpers.POOL_INDICES);
            String pooled = c.define(node, 0);
            c.line(pooled + " = torch.max_pool" + n + "d_with_indices(" + x + ", " + window
                    + TranslationContext.join(dilations) + ", " + ceil + ")");
            c.line(c.define(node, 1) + " = (self)." + TorchScriptHelpers.POOL_INDICES + "(" + x + ", " + pooled + "[1])");
            c.line(c.define(node, 0) + " = " + pooled + "[0]");
            return;
        }
        if (attributes.has("dilations") && Arrays.stream(dilations).anyMatch(d -> d != 1)) {
            throw c.refuse().attribute("dilations", "of AveragePool is not supported");
        }
        boolean includePad = attributes.integer("count_include_pad", 0) != 0;
        String pool = "torch.avg_pool" + n + "d(" + padded.input(x) + ", " + window + ceil + ", "
                + (includePad ? "True" : "False") + ")";
        if (padded.prepadded() && !includePad) {
            // the pads were added as zeros: divide by the share of each window that is input
            String ones = padded.input("torch.ones_like(" + x + ")");
            pool = "torch.div(" + pool + ", torch.avg_pool" + n + "d(" + ones + ", " + window + ceil + ", True))";
        }
        c.assign(node, pool);
    }
}
