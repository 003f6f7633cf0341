package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Map;
import java.util.Set;

/**
 * ReduceMean, ReduceSum and ReduceMax, with the axes as an attribute (ReduceSum before opset 13,
 * the others up to opset 17) or as a constant input (ReduceSum from opset 13). torch reads
 * negative axes as ONNX does.
 */
final class ReductionOperators implements OperatorGroup {

    private static final Map<String, String> FUNCTIONS = Map.of(
            "ReduceMean", "torch.mean", "ReduceSum", "torch.sum", "ReduceMax", "torch.amax");

    @Override
    public Set<String> operators() {
        return FUNCTIONS.keySet();
    }

    @Override
    public void translate(NodeProto node, Attributes attributes, TranslationContext c) {
        boolean axesInput = node.getOpType().equals("ReduceSum") && c.opset() >= 13;
        long[] axes;
        if (axesInput) {
            attributes.allowOnly("keepdims", "noop_with_empty_axes");
            axes = TranslationContext.present(node, 1) ? c.knownIntegers(node, 1, "axes") : null;
        } else {
            attributes.allowOnly("axes", "keepdims");
            axes = attributes.integers("axes");
        }
        String x = c.input(node, 0);
        boolean none = axes == null || axes.length == 0;
        if (none && attributes.integer("noop_with_empty_axes", 0) != 0) {
            c.bind(node.getOutput(0), x);
            return;
        }
        String keep = attributes.integer("keepdims", 1) != 0 ? "True" : "False";
        String dims = none ? "list(range(torch.dim(" + x + ")))" : TranslationContext.join(axes);
        c.assign(node, FUNCTIONS.get(node.getOpType()) + "(" + x + ", " + dims + ", " + keep + ")");
    }
}
