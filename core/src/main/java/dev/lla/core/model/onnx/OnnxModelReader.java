package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.lla.core.LlaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Reads an {@code .onnx} file and checks the graph's outline (opset, one input, one output). */
final class OnnxModelReader {

    private OnnxModelReader() {}

    static ModelProto read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw LlaException.input(path + ": model file not found");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw LlaException.input(path + ": cannot read model file (" + e.getMessage() + ")", e);
        }
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw LlaException.input(path + ": not an ONNX model, or a truncated one (" + e.getMessage() + ")", e);
        }
        // Random bytes can parse as some protobuf: an ONNX model has an IR version and a graph with nodes
        if (model.getIrVersion() <= 0 || !model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw LlaException.input(path + ": not an ONNX model (no IR version or no graph nodes)");
        }
        return model;
    }

    /** The version of the default ({@code ai.onnx}) operator set, refused if newer than lla knows. */
    static long defaultOpset(ModelProto model, Path path) {
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            if (opset.getDomain().isEmpty() || opset.getDomain().equals("ai.onnx")) {
                if (opset.getVersion() > OnnxTranslator.MAX_OPSET) {
                    throw LlaException.input(path + ": opset " + opset.getVersion() + " is newer than lla supports ("
                            + OnnxTranslator.MAX_OPSET + "); export with opset_version=" + OnnxTranslator.MAX_OPSET);
                }
                return opset.getVersion();
            }
        }
        throw LlaException.input(path + ": the model imports no default-domain (ai.onnx) opset");
    }

    static ValueInfoProto singleInput(GraphProto graph, Set<String> initializers, Path path) {
        List<ValueInfoProto> inputs = graph.getInputList().stream()
                .filter(i -> !initializers.contains(i.getName())).toList();
        if (inputs.size() != 1) {
            throw LlaException.input(path + ": the graph has " + inputs.size() + " inputs besides its initializers ("
                    + String.join(", ", inputs.stream().map(ValueInfoProto::getName).toList())
                    + "); lla needs exactly one, the batch of samples");
        }
        return inputs.get(0);
    }

    static String singleOutput(GraphProto graph, Path path) {
        if (graph.getOutputCount() != 1) {
            throw LlaException.input(path + ": the graph has " + graph.getOutputCount() + " outputs ("
                    + String.join(", ", graph.getOutputList().stream().map(ValueInfoProto::getName).toList())
                    + "); lla needs exactly one, the (N, classes) outputs: export only that one");
        }
        return graph.getOutput(0).getName();
    }
}
