package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.Set;

/** A node's attributes, read with defaults; values lla does not translate are refused by name. */
final class Attributes {

    private final NodeProto node;
    private final UnsupportedFeature.Reporter refuse;

    Attributes(NodeProto node, UnsupportedFeature.Reporter refuse) {
        this.node = node;
        this.refuse = refuse;
    }

    /** Refuses any attribute outside {@code known}. */
    void allowOnly(String... known) {
        Set<String> allowed = Set.of(known);
        for (AttributeProto attribute : node.getAttributeList()) {
            if (!allowed.contains(attribute.getName())) {
                throw refuse.attribute(attribute.getName(), "not supported");
            }
        }
    }

    private AttributeProto find(String name) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return attribute;
            }
        }
        return null;
    }

    boolean has(String name) {
        return find(name) != null;
    }

    long integer(String name, long fallback) {
        AttributeProto attribute = find(name);
        return attribute == null ? fallback : attribute.getI();
    }

    float real(String name, float fallback) {
        AttributeProto attribute = find(name);
        return attribute == null ? fallback : attribute.getF();
    }

    String string(String name, String fallback) {
        AttributeProto attribute = find(name);
        return attribute == null ? fallback : attribute.getS().toStringUtf8();
    }

    /** The integer list {@code name}, or {@code null} if absent. */
    long[] integers(String name) {
        AttributeProto attribute = find(name);
        if (attribute == null) {
            return null;
        }
        List<Long> values = attribute.getIntsList();
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    AttributeProto raw(String name) {
        return find(name);
    }
}
