package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.lla.core.LlaException;
import java.nio.file.Path;

/** Builds the one-line refusal for an operator, attribute or input form that lla does not translate. */
final class UnsupportedFeature {

    private UnsupportedFeature() {}

    /** Names the model file, the node, its op type and the opset in every refusal. */
    record Reporter(Path model, NodeProto node, long opset) {

        private String where() {
            String name = node.getName().isEmpty() ? node.getOutput(0) : node.getName();
            return model + ": node " + name + " (" + node.getOpType() + ", opset " + opset + ")";
        }

        LlaException operator() {
            return LlaException.input(where() + ": operator " + node.getOpType()
                    + " is not supported by lla's ONNX translator (see docs/onnx.md)");
        }

        LlaException attribute(String attribute, String why) {
            return LlaException.input(where() + ": attribute " + attribute + " " + why);
        }

        LlaException input(int index, String why) {
            return LlaException.input(where() + ": input " + index + " " + why);
        }
    }
}
