package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites of an exported graph back into the single torch calls its layers were before export
 * ({@link LinearFusion}, {@link GeluFusion}), so that the translation runs the kernels the
 * TorchScript model runs, and no more of them.
 */
final class Fusions {

    private Fusions() {}

    /**
     * @param initializers every initializer of the graph, by name
     * @param output the graph output lla differentiates
     */
    static List<NodeProto> apply(List<NodeProto> nodes, Map<String, ConstantTensor> initializers, String output,
            Path model) {
        nodes = LinearFusion.fuse(nodes, new GraphIndex(nodes, output, initializers, model));
        return GeluFusion.fuse(nodes, new GraphIndex(nodes, output, initializers, model));
    }

    /** {@code nodes} in order, less the {@code dropped} ones, each {@code replaced} one by its replacement. */
    static List<NodeProto> rewrite(List<NodeProto> nodes, Set<NodeProto> dropped, Map<NodeProto, NodeProto> replaced) {
        List<NodeProto> result = new ArrayList<>();
        for (NodeProto node : nodes) {
            if (!dropped.contains(node)) {
                result.add(replaced.getOrDefault(node, node));
            }
        }
        return result;
    }
}
