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
     * @param batchNorm whether BatchNormalization nodes are kept, folded into Conv at export, or absent
     * @param source the generated TorchScript source, for {@code lla convert} and error reports
     * @param output the graph output that the archive returns
     */
    public record Translation(byte[] archive, BatchNorm batchNorm, String source, String output) {

        /** Whether the exporter folded BN into Conv, so that train mode has no statistics to use. */
        public boolean batchNormFolded() {
            return batchNorm == BatchNorm.FOLDED;
        }
    }

    /** What became of the model's BatchNorm layers, as the JSON's {@code batchNorm} field says it. */
    public enum BatchNorm {
        KEPT("kept"),
        /**
         * No BatchNormalization node, but Conv weights that the exporter made ({@code onnx::Conv_…}),
         * as {@code torch.onnx.export} writes them when it folds BN in eval mode.
         */
        FOLDED("folded at export"),
        NONE("none");

        private final String label;

        BatchNorm(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private OnnxTranslator() {}

    /** Reads and translates {@code path}; every failure is one {@link LlaException} (input, exit 1). */
    public static Translation translate(Path path) {
        return translate(path, null);
    }

    /**
     * As {@link #translate(Path)}, returning the graph output {@code output} (null: the only one).
     */
    public static Translation translate(Path path, String output) {
        ModelProto model = OnnxModelReader.read(path);
        return translate(model, path, output);
    }

    /** Writes {@code translation}'s archive to a temporary file deleted when the JVM exits. */
    public static Path temporaryArchive(Translation translation, Path path) {
        try {
            // named after the ONNX file, so that a message libtorch's side writes about the archive points to it
            String stem = String.valueOf(path.getFileName()).replaceAll("[^A-Za-z0-9._-]", "_");
            Path archive = Files.createTempFile("lla-onnx-" + stem + "-", ".pt");
            archive.toFile().deleteOnExit();
            Files.write(archive, translation.archive());
            return archive;
        } catch (IOException e) {
            throw LlaException.input(path + ": cannot write the translated model (" + e.getMessage() + ")", e);
        }
    }

    static Translation translate(ModelProto model, Path path) {
        return translate(model, path, null, true);
    }

    static Translation translate(ModelProto model, Path path, String requestedOutput) {
        return translate(model, path, requestedOutput, true);
    }

    static Translation translate(ModelProto model, Path path, boolean requireParameters) {
        return translate(model, path, null, requireParameters);
    }

    /**
     * @param requestedOutput the graph output to differentiate (null: the only one)
     * @param requireParameters whether a graph without floating-point initializers reaching the
     *     output is refused; lla's commands need them, the operator conformance tests have none
     */
    static Translation translate(ModelProto model, Path path, String requestedOutput, boolean requireParameters) {
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
        // The operator conformance tests (no parameters) have outputs of any shape; lla's commands need logits.
        String output = OnnxModelReader.output(graph, requestedOutput, path, requireParameters);

        List<NodeProto> nodes = Fusions.apply(nodesComputing(graph, output), known, output, path);
        Set<String> runningStatistics = new HashSet<>();
        Set<String> consumed = new HashSet<>();
        consumed.add(output);
        for (NodeProto node : nodes) {
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
        for (NodeProto node : nodes) {
            UnsupportedFeature.Reporter reporter = new UnsupportedFeature.Reporter(path, node, opset);
            context.startNode(reporter, opset);
            OperatorGroup group = byOperator.get(node.getOpType());
            if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx") || group == null) {
                throw reporter.operator();
            }
            if (!ShapeArithmetic.fold(node, context)) {
                group.translate(node, new Attributes(node, reporter), context);
            }
            hasBatchNorm |= node.getOpType().equals("BatchNormalization");
            exporterConvWeights |= node.getOpType().equals("Conv") && node.getInput(1).startsWith("onnx::");
        }
        String result = context.input(NodeProto.newBuilder().addInput(output).setOpType("output").build(), 0);
        if (requireParameters && state.allEntries().stream().noneMatch(ModuleState.Entry::parameter)) {
            throw LlaException.input(path + ": no floating-point initializer reaches the output; nothing to differentiate");
        }
        String source = source(state, context, result);
        BatchNorm batchNorm = hasBatchNorm ? BatchNorm.KEPT : exporterConvWeights ? BatchNorm.FOLDED : BatchNorm.NONE;
        return new Translation(TorchScriptArchiveWriter.write(state, source), batchNorm, source, output);
    }

    /** The default-domain operator types of {@code model} that no operator group translates, sorted. */
    static java.util.SortedSet<String> untranslatedOperators(ModelProto model) {
        Set<String> known = new HashSet<>();
        GROUPS.forEach(g -> known.addAll(g.operators()));
        java.util.SortedSet<String> missing = new java.util.TreeSet<>();
        for (NodeProto node : model.getGraph().getNodeList()) {
            if (!known.contains(node.getOpType())) {
                missing.add(node.getOpType());
            }
        }
        return missing;
    }

    /**
     * The nodes that {@code output} depends on, in graph order. The other outputs' branches are left
     * out, so that their weights do not become parameters with zero gradient (which would change P).
     */
    private static List<NodeProto> nodesComputing(GraphProto graph, String output) {
        Set<String> needed = new HashSet<>(Set.of(output));
        boolean[] keep = new boolean[graph.getNodeCount()];
        for (int i = graph.getNodeCount() - 1; i >= 0; i--) {
            NodeProto node = graph.getNode(i);
            if (node.getOutputList().stream().anyMatch(needed::contains)) {
                keep[i] = true;
                needed.addAll(node.getInputList());
            }
        }
        List<NodeProto> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                nodes.add(graph.getNode(i));
            }
        }
        return nodes;
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
