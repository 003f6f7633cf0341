package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
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
    static List<NodeProto> fuse(List<NodeProto> nodes, Map<String, ConstantTensor> floatInitializers, String output) {
        Map<String, Integer> readers = new HashMap<>();
        readers.merge(output, 1, Integer::sum);
        Map<String, NodeProto> producer = new HashMap<>();
        for (NodeProto node : nodes) {
            node.getInputList().forEach(name -> readers.merge(name, 1, Integer::sum));
            node.getOutputList().forEach(name -> producer.put(name, node));
        }
        Set<NodeProto> dropped = new HashSet<>();
        Map<NodeProto, NodeProto> replaced = new HashMap<>();
        for (NodeProto add : nodes) {
            if (!add.getOpType().equals("Add") || add.getInputCount() != 2 || add.getAttributeCount() > 0) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                NodeProto matMul = producer.get(add.getInput(side));
                ConstantTensor bias = floatInitializers.get(add.getInput(1 - side));
                if (matMul == null || bias == null || !matMul.getOpType().equals("MatMul") || matMul.getAttributeCount() > 0
                        || dropped.contains(matMul)
                        || readers.get(matMul.getOutput(0)) != 1 || bias.dims().length != 1) {
                    continue;
                }
                NodeProto fused = fused(matMul, add, bias, floatInitializers, producer, readers);
                if (fused != null) {
                    dropped.add(matMul);
                    if (fused.getAttribute(0).getI() == 1) {
                        dropped.add(producer.get(matMul.getInput(1))); // the Transpose, read by the MatMul only
                    }
                    replaced.put(add, fused);
                    break;
                }
            }
        }
        List<NodeProto> result = new ArrayList<>();
        for (NodeProto node : nodes) {
            if (!dropped.contains(node)) {
                result.add(replaced.getOrDefault(node, node));
            }
        }
        return result;
    }

    /** The Gemm for {@code add} of {@code matMul} and {@code bias}, or null if the weight is not a fit. */
    private static NodeProto fused(NodeProto matMul, NodeProto add, ConstantTensor bias,
            Map<String, ConstantTensor> floatInitializers, Map<String, NodeProto> producer, Map<String, Integer> readers) {
        String weightInput = matMul.getInput(1);
        String weight;
        long transB;
        ConstantTensor w = floatInitializers.get(weightInput);
        NodeProto transpose = producer.get(weightInput);
        if (w != null) {
            weight = weightInput; // stored as [in, out]
            transB = 0;
        } else if (transpose != null && transpose.getOpType().equals("Transpose") && readers.get(weightInput) == 1
                && reversesTwoDimensions(transpose) && floatInitializers.containsKey(transpose.getInput(0))) {
            weight = transpose.getInput(0); // nn.Linear's [out, in]
            w = floatInitializers.get(weight);
            transB = 1;
        } else {
            return null;
        }
        if (w.dims().length != 2 || w.dims()[transB == 1 ? 0 : 1] != bias.dims()[0]) {
            return null;
        }
        return NodeProto.newBuilder()
                .setName(add.getName())
                .setOpType("Gemm")
                .addInput(matMul.getInput(0))
                .addInput(weight)
                .addInput(add.getInput(add.getInput(0).equals(matMul.getOutput(0)) ? 1 : 0))
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
