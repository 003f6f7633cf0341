package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.lla.core.LlaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Reads an {@code .onnx} file and checks the graph's outline (opset, one input, the output used). */
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

    /**
     * The graph output lla differentiates: the only one, or {@code requested} (from {@code --output});
     * refused with one line when several exist and none was chosen, or when its declared shape is
     * not {@code (N, classes)}. A shape the exporter did not declare is checked on the first batch.
     */
    static String output(GraphProto graph, String requested, Path path) {
        return output(graph, requested, path, true);
    }

    /** @param logits whether the output must be declared (N, classes), as lla's commands need */
    static String output(GraphProto graph, String requested, Path path, boolean logits) {
        List<String> names = graph.getOutputList().stream().map(ValueInfoProto::getName).toList();
        ValueInfoProto chosen;
        if (requested == null) {
            if (names.size() != 1) {
                throw LlaException.input(path + ": the graph has " + names.size() + " outputs ("
                        + String.join(", ", names) + "); lla needs exactly one, the (N, classes) outputs:"
                        + " choose it with --output NAME");
            }
            chosen = graph.getOutput(0);
        } else {
            chosen = graph.getOutputList().stream().filter(o -> o.getName().equals(requested)).findFirst()
                    .orElseThrow(() -> LlaException.input(path + ": --output " + requested
                            + " is not an output of the graph; its outputs: " + String.join(", ", names)));
        }
        if (logits) {
            checkDeclaredShape(chosen, path);
        }
        return chosen.getName();
    }

    private static void checkDeclaredShape(ValueInfoProto output, Path path) {
        if (!output.hasType() || !output.getType().hasTensorType() || !output.getType().getTensorType().hasShape()) {
            return;
        }
        List<TensorShapeProto.Dimension> dims = output.getType().getTensorType().getShape().getDimList();
        if (dims.size() != 2) {
            String shape = String.join(", ", dims.stream()
                    .map(d -> d.hasDimValue() ? String.valueOf(d.getDimValue()) : d.getDimParam()).toList());
            throw LlaException.input(path + ": output " + output.getName() + " has shape (" + shape
                    + "); lla needs logits of shape (N, classes)" + (dims.size() > 2 || dims.isEmpty()
                            ? ": export the logits, or choose another output with --output NAME" : ""));
        }
    }
}
