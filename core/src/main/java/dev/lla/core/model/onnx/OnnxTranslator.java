package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.lla.core.LlaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates an ONNX model into a TorchScript archive that libtorch loads like any scripted
 * model, so gradients, Hessian-vector products, BatchNorm modes and training need no second
 * engine. The whole graph is checked before anything runs: an operator, attribute or input form
 * lla cannot translate exactly is refused with one line naming the node.
 */
public final class OnnxTranslator {

    /** The newest default-domain opset whose operators lla has checked. */
    public static final long MAX_OPSET = 17;

    private static final String CLASS_NAME = "OnnxModel";

    private static final List<OperatorGroup> GROUPS = List.of(new ElementwiseOperators(), new LinearOperators(),
            new ConvolutionOperators(), new PoolingOperators(), new NormalizationOperators(), new ShapeOperators(),
            new ReductionOperators(), new SelectionOperators(), new ResizeOperators());

    /**
     * The translated model.
     *
     * @param archive the TorchScript archive's bytes
     * @param batchNormFolded whether the graph has no BatchNormalization but its Conv weights are
     *     exporter-made ({@code onnx::Conv_…}), as when {@code torch.onnx.export} folds BN in eval mode
     * @param source the generated TorchScript source, for {@code lla convert} and error reports
     */
    public record Translation(byte[] archive, boolean batchNormFolded, String source) {}

    private OnnxTranslator() {}

    /** Reads and translates {@code path}; every failure is one {@link LlaException} (input, exit 1). */
    public static Translation translate(Path path) {
        ModelProto model = OnnxModelReader.read(path);
        return translate(model, path);
    }

    /** Translates {@code path} and writes the archive to a temporary file deleted when the JVM exits. */
    public static Path translateToTemporaryArchive(Path path) {
        Translation translation = translate(path);
        try {
            Path archive = Files.createTempFile("lla-onnx-", ".pt");
            archive.toFile().deleteOnExit();
            Files.write(archive, translation.archive());
            return archive;
        } catch (IOException e) {
            throw LlaException.input(path + ": cannot write the translated model (" + e.getMessage() + ")", e);
        }
    }

    static Translation translate(ModelProto model, Path path) {
        return translate(model, path, true);
    }

    /**
     * @param requireParameters whether a graph without floating-point initializers reaching the
     *     output is refused; lla's commands need them, the operator conformance tests have none
     */
    static Translation translate(ModelProto model, Path path, boolean requireParameters) {
        GraphProto graph = model.getGraph();
        long opset = OnnxModelReader.defaultOpset(model, path);
        Map<String, ConstantTensor> known = new LinkedHashMap<>();
        Map<String, ConstantTensor> floats = new LinkedHashMap<>();
        for (TensorProto initializer : graph.getInitializerList()) {
            ConstantTensor value = OnnxTensors.decode(initializer, path);
            known.put(initializer.getName(), value);
            if (value.isFloatingPoint()) {
                floats.put(initializer.getName(), value);
            }
        }
        if (floats.isEmpty() && requireParameters) {
            throw LlaException.input(path + ": the graph has no floating-point initializers, so nothing to"
                    + " differentiate (weights stored as Constant nodes or graph inputs are not parameters)");
        }
        ValueInfoProto input = OnnxModelReader.singleInput(graph, known.keySet(), path);
        String output = OnnxModelReader.singleOutput(graph, path);

        Set<String> runningStatistics = new HashSet<>();
        Set<String> consumed = new HashSet<>();
        consumed.add(output);
        for (NodeProto node : graph.getNodeList()) {
            consumed.addAll(node.getInputList());
            if (node.getOpType().equals("BatchNormalization") && node.getInputCount() == 5) {
                runningStatistics.add(node.getInput(3));
                runningStatistics.add(node.getInput(4));
            }
        }
        ModuleState state = ModuleState.root(CLASS_NAME);
        TranslationContext context = new TranslationContext(state, floats, runningStatistics, consumed);
        known.forEach(context::know);
        context.addInitializers(path);
        context.bind(input.getName(), "x");
        Map<String, OperatorGroup> byOperator = new HashMap<>();
        GROUPS.forEach(g -> g.operators().forEach(op -> byOperator.put(op, g)));
        boolean hasBatchNorm = false;
        boolean exporterConvWeights = false;
        for (NodeProto node : graph.getNodeList()) {
            UnsupportedFeature.Reporter reporter = new UnsupportedFeature.Reporter(path, node, opset);
            context.startNode(reporter, opset);
            OperatorGroup group = byOperator.get(node.getOpType());
            if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx") || group == null) {
                throw reporter.operator();
            }
            group.translate(node, new Attributes(node, reporter), context);
            hasBatchNorm |= node.getOpType().equals("BatchNormalization");
            exporterConvWeights |= node.getOpType().equals("Conv") && node.getInput(1).startsWith("onnx::");
        }
        String result = context.input(NodeProto.newBuilder().addInput(output).setOpType("output").build(), 0);
        if (requireParameters && state.allEntries().stream().noneMatch(ModuleState.Entry::parameter)) {
            throw LlaException.input(path + ": no floating-point initializer reaches the output; nothing to differentiate");
        }
        String source = source(state, context, result);
        return new Translation(TorchScriptArchiveWriter.write(state, source), !hasBatchNorm && exporterConvWeights,
                source);
    }

    private static String source(ModuleState state, TranslationContext context, String result) {
        StringBuilder source = new StringBuilder();
        source.append("class ").append(CLASS_NAME).append("(Module):\n");
        state.declareMembers(source);
        source.append("  def forward(self: __torch__.").append(CLASS_NAME).append(",\n    x: Tensor) -> Tensor:\n");
        source.append(context.body());
        source.append("    return ").append(result).append('\n');
        for (String helper : context.helpers()) {
            source.append(TorchScriptHelpers.source(helper, CLASS_NAME));
        }
        state.declareChildren(source);
        return source.toString();
    }
}
