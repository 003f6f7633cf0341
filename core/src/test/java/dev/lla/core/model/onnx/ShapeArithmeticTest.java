package dev.lla.core.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.lla.core.model.torch.TorchRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shape arithmetic becomes TorchScript ints ({@link ShapeArithmetic}) and MatMul + Add becomes
 * {@code torch.linear} ({@link LinearFusion}): the generated code has no int64 tensors left in the
 * chains, and the translated graphs compute what ONNX says at two batch sizes, the batch dynamic.
 */
class ShapeArithmeticTest {

    @TempDir
    Path folder;

    @Test
    void aDynamicBatchFlattenIsIntArithmetic() throws IOException {
        GraphProto.Builder g = withBatchSizeList(graph(3, 4));
        g.addNode(constant("rest", -1));
        g.addNode(node("Concat", "batch1", "rest", "dims").toBuilder().addAttribute(integer("axis", 0)).build());
        g.addNode(node("Reshape", "x", "dims", "y"));
        OnnxTranslator.Translation t = translate(g, "y");
        assertFalse(t.source().contains("torch.tensor("), t.source());
        assertFalse(t.source().contains("_shape_as_tensor"), t.source());
        for (int batch : new int[] {2, 5}) {
            float[] x = ramp(batch * 12);
            Result y = run(t, x, batch, 3, 4);
            assertArrayEquals(new long[] {batch, 12}, y.shape());
            assertArrayEquals(x, y.values(), 0f);
        }
    }

    @Test
    void integerDivisionTruncatesTowardZeroAsOnnxSays() throws IOException {
        GraphProto.Builder g = graph(7, 1);
        g.addNode(node("Shape", "x", "shape"));
        g.addNode(constant("one"));
        g.addNode(node("Gather", "shape", "one", "seven"));
        g.addNode(constant("zero"));
        g.addNode(node("Sub", "zero", "seven", "minusSeven")); // the running model's -7
        g.addNode(constant("two"));
        g.addNode(node("Div", "minusSeven", "two", "atRun"));
        g.addNode(constant("minusSevenNow"));
        g.addNode(node("Div", "minusSevenNow", "two", "atTranslation")); // both known: folded in Java
        g.addNode(constant("axes", 0));
        g.addNode(node("Unsqueeze", "atRun", "axes", "a"));
        g.addNode(node("Unsqueeze", "atTranslation", "axes", "b"));
        g.addNode(node("Concat", "a", "b", "both").toBuilder().addAttribute(integer("axis", 0)).build());
        g.addNode(node("Cast", "both", "y").toBuilder().addAttribute(integer("to", ConstantTensor.FLOAT)).build());
        // scalars: 0, 1, 2 and -7 as 0-D constants
        setScalar(g, "zero", 0);
        setScalar(g, "one", 1);
        setScalar(g, "two", 2);
        setScalar(g, "minusSevenNow", -7);
        OnnxTranslator.Translation t = translate(g, "y");
        assertTrue(t.source().contains(TorchScriptHelpers.INT_DIV + "("), t.source());
        assertTrue(t.source().contains("-3]"), "-7 / 2 known now is the literal -3: " + t.source());
        Result y = run(t, ramp(2 * 7), 2, 7, 1);
        assertArrayEquals(new float[] {-3f, -3f}, y.values(), 0f, "trunc(-3.5), not floor's -4");
    }

    /** torch's export of {@code cls.expand(B, -1, -1)}: -1 entries become 1 by Equal and Where. */
    @Test
    void theExpandGuardOfATorchExportIsIntArithmetic() throws IOException {
        GraphProto.Builder g = withBatchSizeList(graph(3, 4));
        g.addNode(constant("minusOne", -1));
        g.addNode(node("Concat", "batch1", "minusOne", "minusOne", "dims").toBuilder()
                .addAttribute(integer("axis", 0)).build());
        g.addNode(node("Shape", "dims", "rank"));
        g.addNode(node("ConstantOfShape", "rank", "ones").toBuilder().addAttribute(AttributeProto.newBuilder()
                .setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(longs("v", new long[] {1}, 1)))
                .build());
        g.addNode(node("Mul", "ones", "minusOneScalar", "minusOnes"));
        g.addNode(constant("minusOneScalar"));
        setScalar(g, "minusOneScalar", -1);
        g.addNode(node("Equal", "dims", "minusOnes", "isFree"));
        g.addNode(node("Where", "isFree", "ones", "dims", "sizes"));
        g.addInitializer(OnnxBadInputTest.floats("token", new long[] {1, 1, 2}, 0.5f, -1.5f));
        g.addNode(node("Expand", "token", "sizes", "y"));
        moveConstantsFirst(g);
        OnnxTranslator.Translation t = OnnxTranslator.translate(model(g, "y"), folder.resolve("expand.onnx"));
        assertFalse(t.source().contains("torch.tensor("), t.source());
        for (int batch : new int[] {2, 5}) {
            Result y = run(t, ramp(batch * 12), batch, 3, 4);
            assertArrayEquals(new long[] {batch, 1, 2}, y.shape());
            assertEquals(-1.5f, y.values()[2 * batch - 1], 0f);
        }
    }

    @Test
    void matMulOfATransposedWeightPlusBiasIsOneLinear() throws IOException {
        GraphProto.Builder g = graph(3, 2);
        g.addInitializer(OnnxBadInputTest.floats("w", new long[] {4, 2}, 1, 2, 3, 4, 5, 6, 7, 8));
        g.addInitializer(OnnxBadInputTest.floats("b", new long[] {4}, 0.5f, -0.5f, 1, -1));
        g.addNode(node("Transpose", "w", "wt").toBuilder().addAttribute(AttributeProto.newBuilder().setName("perm")
                .setType(AttributeProto.AttributeType.INTS).addInts(1).addInts(0)).build());
        g.addNode(node("MatMul", "x", "wt", "xw"));
        g.addNode(node("Add", "b", "xw", "y"));
        OnnxTranslator.Translation t = OnnxTranslator.translate(model(g, "y"), folder.resolve("linear.onnx"));
        assertTrue(t.source().contains("torch.linear(x, self.w, self.b)"), t.source());
        assertFalse(t.source().contains("torch.permute"), t.source());
        Result y = run(t, new float[] {1, 0, 0, 1, 1, 1}, 1, 3, 2);
        assertArrayEquals(new long[] {1, 3, 4}, y.shape());
        assertArrayEquals(new float[] {1.5f, 2.5f, 6f, 6f, 2.5f, 3.5f, 7f, 7f, 3.5f, 6.5f, 12f, 14f}, y.values(), 0f);
    }

    @Test
    void aMatMulWhoseProductHasAnotherReaderStaysAsItIs() {
        GraphProto.Builder g = graph(3, 2);
        g.addInitializer(OnnxBadInputTest.floats("w", new long[] {2, 2}, 1, 2, 3, 4));
        g.addInitializer(OnnxBadInputTest.floats("b", new long[] {2}, 0.5f, -0.5f));
        g.addNode(node("MatMul", "x", "w", "xw"));
        g.addNode(node("Add", "xw", "b", "biased"));
        g.addNode(node("Mul", "biased", "xw", "y"));
        OnnxTranslator.Translation t = OnnxTranslator.translate(model(g, "y"), folder.resolve("shared.onnx"));
        assertTrue(t.source().contains("torch.matmul(x, self.w)"), t.source());
        assertFalse(t.source().contains("torch.linear"), t.source());
    }

    // --- graph building ---

    /** Adds torch's export of {@code [x.size(0)]}: Shape → Gather(0) → Unsqueeze, as the value batch1. */
    private static GraphProto.Builder withBatchSizeList(GraphProto.Builder g) {
        g.addNode(node("Shape", "x", "shape"));
        g.addNode(constant("zero"));
        setScalar(g, "zero", 0);
        g.addNode(node("Gather", "shape", "zero", "batch"));
        g.addNode(constant("axes", 0));
        g.addNode(node("Unsqueeze", "batch", "axes", "batch1"));
        return g;
    }

    /** A graph with the input x of shape (batch, a, b), the batch dynamic. */
    static GraphProto.Builder graph(long a, long b) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(a))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(b));
        return GraphProto.newBuilder().setName("g").addInput(ValueInfoProto.newBuilder().setName("x")
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(ConstantTensor.FLOAT).setShape(shape))));
    }

    static NodeProto node(String op, String... inputsThenOutput) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(op.toLowerCase() + "_"
                + inputsThenOutput[inputsThenOutput.length - 1]);
        for (int i = 0; i < inputsThenOutput.length - 1; i++) {
            node.addInput(inputsThenOutput[i]);
        }
        return node.addOutput(inputsThenOutput[inputsThenOutput.length - 1]).build();
    }

    /** A Constant node with a 1-D int64 value (set to a 0-D one by {@link #setScalar}). */
    private static NodeProto constant(String name, long... values) {
        return NodeProto.newBuilder().setOpType("Constant").setName("c_" + name).addOutput(name)
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(longs(name, new long[] {values.length}, values)))
                .build();
    }

    private static void setScalar(GraphProto.Builder g, String name, long value) {
        for (NodeProto.Builder node : g.getNodeBuilderList()) {
            if (node.getOutput(0).equals(name)) {
                node.getAttributeBuilder(0).setT(longs(name, new long[0], value));
            }
        }
    }

    private static TensorProto longs(String name, long[] dims, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(ConstantTensor.INT64);
        Arrays.stream(dims).forEach(t::addDims);
        Arrays.stream(values).forEach(t::addInt64Data);
        return t.build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** Constant nodes first, so that the graph is in topological order whatever order a test wrote them. */
    private static void moveConstantsFirst(GraphProto.Builder g) {
        java.util.List<NodeProto> nodes = new java.util.ArrayList<>(g.getNodeList());
        nodes.sort(java.util.Comparator.comparing(n -> n.getOpType().equals("Constant") ? 0 : 1));
        g.clearNode().addAllNode(nodes);
    }

    static ModelProto model(GraphProto.Builder g, String output) {
        g.addOutput(ValueInfoProto.newBuilder().setName(output));
        return ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
    }

    /** A graph without parameters, translated as the conformance tests do. */
    private OnnxTranslator.Translation translate(GraphProto.Builder g, String output) {
        moveConstantsFirst(g);
        return OnnxTranslator.translate(model(g, output), folder.resolve(output + ".onnx"), false);
    }

    // --- running ---

    record Result(long[] shape, float[] values) {}

    private Result run(OnnxTranslator.Translation t, float[] x, long... shape) throws IOException {
        return run(t, folder, x, shape);
    }

    /** {@code t}'s model run in eval mode on {@code x} of {@code shape}. */
    static Result run(OnnxTranslator.Translation t, Path folder, float[] x, long... shape) throws IOException {
        Path archive = Files.createTempFile(folder, "model", ".pt");
        Files.write(archive, t.archive());
        TorchRuntime.engine();
        try (PtNDManager manager = (PtNDManager) NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            PtSymbolBlock module = JniUtils.loadModule(manager, archive, true, new String[0], new String[0], true);
            JniUtils.enableInferenceMode(module);
            NDArray input = manager.create(x, new Shape(shape));
            NDArray y = IValueUtils.forward(module, new NDList(input), false).get(0);
            return new Result(y.getShape().getShape(), y.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                    .toFloatArray());
        }
    }

    private static float[] ramp(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i * 0.25f - 1f;
        }
        return values;
    }
}
