package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds {@code nn.Linear} layers that an exporter wrote as MatMul + Add (every linear layer on a
 * 3-D input, as in a ViT): {@code Add(MatMul(x, W'), b)} or {@code Add(b, MatMul(x, W'))} with
 * {@code W' = Transpose(W)} of a 2-D weight initializer, or {@code W'} an initializer itself, and
 * {@code b} a 1-D bias initializer of the layer's width. Each becomes one Gemm with
 * {@code transB = 1} (or 0), which translates to {@code torch.linear}: one kernel where the export
 * has three, and the same kernel as the TorchScript twin's {@code nn.Linear}. The intermediate
 * values must have no other reader.
 */
final class LinearFusion {

    private LinearFusion() {}

    /** {@code nodes} with each such MatMul + Add (and its Transpose) replaced by one Gemm at the Add. */
    static List<NodeProto> fuse(List<NodeProto> nodes, GraphIndex graph) {
        Set<NodeProto> dropped = new HashSet<>();
        Map<NodeProto, NodeProto> replaced = new HashMap<>();
        for (NodeProto add : nodes) {
            if (!add.getOpType().equals("Add") || add.getInputCount() != 2 || add.getAttributeCount() > 0) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                NodeProto matMul = graph.soleUse(add.getInput(side), "MatMul");
                ConstantTensor bias = graph.initializer(add.getInput(1 - side));
                if (matMul == null || matMul.getAttributeCount() > 0 || bias == null || !bias.isFloatingPoint()
                        || bias.dims().length != 1) {
                    continue;
                }
                NodeProto fused = fused(matMul, add.getInput(1 - side), bias, add, graph);
                if (fused != null) {
                    dropped.add(matMul);
                    if (fused.getAttribute(0).getI() == 1) {
                        dropped.add(graph.producer(matMul.getInput(1))); // the Transpose, read by the MatMul only
                    }
                    replaced.put(add, fused);
                    break;
                }
            }
        }
        return Fusions.rewrite(nodes, dropped, replaced);
    }

    /** The Gemm for {@code add} of {@code matMul} and {@code bias}, or null if the weight is not a fit. */
    private static NodeProto fused(NodeProto matMul, String biasName, ConstantTensor bias, NodeProto add,
            GraphIndex graph) {
        String weight = matMul.getInput(1);
        ConstantTensor w = graph.initializer(weight);
        long transB = 0; // an initializer stored as [in, out]
        if (w == null) {
            NodeProto transpose = graph.soleUse(weight, "Transpose");
            if (transpose == null || !reversesTwoDimensions(transpose)) {
                return null;
            }
            weight = transpose.getInput(0); // nn.Linear's [out, in]
            w = graph.initializer(weight);
            transB = 1;
        }
        if (w == null || !w.isFloatingPoint() || w.dims().length != 2 || w.dims()[transB == 1 ? 0 : 1] != bias.dims()[0]) {
            return null;
        }
        return NodeProto.newBuilder()
                .setName(add.getName())
                .setOpType("Gemm")
                .addInput(matMul.getInput(0))
                .addInput(weight)
                .addInput(biasName)
                .addOutput(add.getOutput(0))
                .addAttribute(AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT)
                        .setI(transB))
                .build();
    }

    private static boolean reversesTwoDimensions(NodeProto transpose) {
        List<AttributeProto> attributes = transpose.getAttributeList();
        if (attributes.isEmpty()) {
            return true; // the default perm reverses; the weight is checked to be 2-D
        }
        return attributes.size() == 1 && attributes.get(0).getName().equals("perm")
                && attributes.get(0).getIntsList().equals(List.of(1L, 0L));
    }
}
