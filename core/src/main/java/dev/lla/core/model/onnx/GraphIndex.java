package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who produces and who reads each value of a graph, and the values known before it runs, as the
 * fusions ({@link LinearFusion}, {@link GeluFusion}) need them to match a pattern safely.
 */
final class GraphIndex {

    private final Map<String, Integer> readers = new HashMap<>();
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, ConstantTensor> initializers;
    private final Path model;

    /** @param initializers every initializer of the graph, by name */
    GraphIndex(List<NodeProto> nodes, String output, Map<String, ConstantTensor> initializers, Path model) {
        this.initializers = initializers;
        this.model = model;
        readers.merge(output, 1, Integer::sum);
        for (NodeProto node : nodes) {
            node.getInputList().forEach(name -> readers.merge(name, 1, Integer::sum));
            node.getOutputList().forEach(name -> producers.put(name, node));
        }
    }

    /** The node that computes {@code value}, or null for an initializer or the graph input. */
    NodeProto producer(String value) {
        return producers.get(value);
    }

    /** The node computing {@code value} if it is a {@code op} node whose output nothing else reads. */
    NodeProto soleUse(String value, String op) {
        NodeProto node = producers.get(value);
        return node != null && node.getOpType().equals(op) && readers.getOrDefault(value, 0) == 1 ? node : null;
    }

    /** The initializer {@code value}, or null. */
    ConstantTensor initializer(String value) {
        return initializers.get(value);
    }

    /** The one floating-point element of {@code value} if it is a known one-element tensor, else NaN. */
    double scalar(String value) {
        ConstantTensor known = initializers.get(value);
        NodeProto node = producers.get(value);
        if (known == null && node != null && node.getOpType().equals("Constant") && node.getAttributeCount() == 1
                && node.getAttribute(0).getName().equals("value")
                && node.getAttribute(0).getType() == AttributeProto.AttributeType.TENSOR) {
            known = OnnxTensors.decode(node.getAttribute(0).getT(), model);
        }
        return known != null && known.isFloatingPoint() && known.elementCount() == 1 ? known.doubles()[0] : Double.NaN;
    }
}
