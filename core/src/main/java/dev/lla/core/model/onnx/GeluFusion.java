package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the exact GELU that exporters write for opsets before 20, where ONNX has no Gelu:
 * {@code Mul(Mul(x, Add(Erf(Div(x, √2)), 1)), 0.5)}, with either operand order of each Add and
 * Mul, and makes it one Gelu node, which translates to {@code torch.gelu}: one kernel where the
 * export has five over the MLP's widest activation, and the kernel of the TorchScript twin's
 * {@code nn.GELU}. The intermediate values must have no other reader.
 */
final class GeluFusion {

    private static final double SQRT2_FLOAT = (float) Math.sqrt(2.0);

    private GeluFusion() {}

    static List<NodeProto> fuse(List<NodeProto> nodes, GraphIndex graph) {
        Set<NodeProto> dropped = new HashSet<>();
        Map<NodeProto, NodeProto> replaced = new HashMap<>();
        for (NodeProto half : nodes) {
            List<NodeProto> matched = match(half, graph);
            if (matched != null && matched.stream().noneMatch(dropped::contains)) {
                dropped.addAll(matched);
                String x = matched.get(matched.size() - 1).getInput(0);
                replaced.put(half, NodeProto.newBuilder().setName(half.getName()).setOpType("Gelu").addInput(x)
                        .addOutput(half.getOutput(0)).build());
            }
        }
        return Fusions.rewrite(nodes, dropped, replaced);
    }

    /** The inner nodes of the GELU that ends at {@code half} (the Mul by 0.5), innermost last, or null. */
    private static List<NodeProto> match(NodeProto half, GraphIndex graph) {
        if (!binary(half, "Mul")) {
            return null;
        }
        for (int side = 0; side < 2; side++) {
            NodeProto product = graph.soleUse(half.getInput(side), "Mul");
            if (product == null || graph.scalar(half.getInput(1 - side)) != 0.5 || !binary(product)) {
                continue;
            }
            for (int xSide = 0; xSide < 2; xSide++) {
                String x = product.getInput(xSide);
                NodeProto onePlus = graph.soleUse(product.getInput(1 - xSide), "Add");
                NodeProto erf = onePlus == null ? null : erfOf(onePlus, graph);
                NodeProto scaled = erf == null ? null : graph.soleUse(erf.getInput(0), "Div");
                if (scaled != null && binary(scaled) && scaled.getInput(0).equals(x)
                        && graph.scalar(scaled.getInput(1)) == SQRT2_FLOAT) {
                    return List.of(product, onePlus, erf, scaled);
                }
            }
        }
        return null;
    }

    /** The Erf that {@code onePlus} adds 1 to, or null. */
    private static NodeProto erfOf(NodeProto onePlus, GraphIndex graph) {
        if (!binary(onePlus)) {
            return null;
        }
        for (int side = 0; side < 2; side++) {
            NodeProto erf = graph.soleUse(onePlus.getInput(side), "Erf");
            if (erf != null && erf.getAttributeCount() == 0 && graph.scalar(onePlus.getInput(1 - side)) == 1.0) {
                return erf;
            }
        }
        return null;
    }

    private static boolean binary(NodeProto node, String op) {
        return node.getOpType().equals(op) && binary(node);
    }

    private static boolean binary(NodeProto node) {
        return node.getInputCount() == 2 && node.getAttributeCount() == 0;
    }
}
