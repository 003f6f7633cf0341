package dev.lla.core.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.lla.core.LlaException;
import dev.lla.core.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each malformed or unsupported model gets one line naming the file, and exit code 1. */
class OnnxBadInputTest {

    @TempDir
    Path folder;

    private String refused(Path model, String... expectedParts) {
        LlaException e = assertThrows(LlaException.class, () -> OnnxTranslator.translate(model));
        assertEquals(1, e.kind().exitCode(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(model.toString()), e.getMessage());
        for (String part : expectedParts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
        return e.getMessage();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = folder.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    /** y = x W + b: one input, one output, one float initializer each for W and b. */
    static ModelProto.Builder linear(long opset) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("linear")
                .addInput(ValueInfoProto.newBuilder().setName("x"))
                .addOutput(ValueInfoProto.newBuilder().setName("y"))
                .addInitializer(floats("w", new long[] {2, 2}, 1, 2, 3, 4))
                .addInitializer(floats("b", new long[] {2}, 0.5f, -0.5f))
                .addNode(NodeProto.newBuilder().setOpType("MatMul").setName("mm").addInput("x").addInput("w")
                        .addOutput("xw"))
                .addNode(NodeProto.newBuilder().setOpType("Add").setName("add").addInput("xw").addInput("b")
                        .addOutput("y"));
        return ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset));
    }

    static TensorProto floats(String name, long[] dims, float... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(ConstantTensor.FLOAT);
        Arrays.stream(dims).forEach(t::addDims);
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    @Test
    void theLinearModelItselfTranslates() {
        OnnxTranslator.Translation t = OnnxTranslator.translate(linear(13).build(), folder.resolve("ok.onnx"));
        // MatMul + Add of a weight and a bias initializer: one torch.linear (LinearFusion)
        assertTrue(t.source().contains("torch.linear(x, torch.t(self.w), self.b)"), t.source());
        assertTrue(t.source().contains("__parameters__ = [\"w\", \"b\", ]"), t.source());
    }

    @Test
    void notAnOnnxFile() throws IOException {
        refused(write("text.onnx", "this is not a model\n".getBytes()), "not an ONNX model");
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] whole = Files.readAllBytes(TestData.path("models/mlp8x8-trained.onnx"));
        refused(write("half.onnx", Arrays.copyOf(whole, whole.length / 2)), "truncated");
    }

    @Test
    void unsupportedOperator() throws IOException {
        ModelProto.Builder model = linear(13);
        model.getGraphBuilder().getNodeBuilder(1).setOpType("Hardmax");
        refused(write("op.onnx", model.build().toByteArray()), "node add (Hardmax, opset 13)", "not supported");
    }

    @Test
    void unsupportedAttribute() throws IOException {
        ModelProto.Builder model = linear(13);
        model.getGraphBuilder().getNodeBuilder(0).addAttribute(
                ai.onnx.proto.OnnxMl.AttributeProto.newBuilder().setName("bogus").setI(1));
        refused(write("attr.onnx", model.build().toByteArray()), "node mm (MatMul, opset 13)", "attribute bogus");
    }

    @Test
    void severalOutputs() throws IOException {
        ModelProto.Builder model = linear(13);
        model.getGraphBuilder().addOutput(ValueInfoProto.newBuilder().setName("xw"));
        refused(write("outputs.onnx", model.build().toByteArray()), "2 outputs", "y, xw");
    }

    @Test
    void twoNonInitializerInputs() throws IOException {
        ModelProto.Builder model = linear(13);
        model.getGraphBuilder().addInput(ValueInfoProto.newBuilder().setName("mask"));
        refused(write("inputs.onnx", model.build().toByteArray()), "2 inputs", "x, mask");
    }

    @Test
    void noFloatingPointInitializers() throws IOException {
        ModelProto.Builder model = linear(13);
        GraphProto.Builder graph = model.getGraphBuilder();
        graph.clearInitializer();
        graph.addInput(ValueInfoProto.newBuilder().setName("w"));
        graph.getNodeBuilder(1).setInput(1, "xw");
        refused(write("weightless.onnx", model.build().toByteArray()), "no floating-point initializers");
    }

    @Test
    void opsetNewerThanSupported() throws IOException {
        refused(write("new.onnx", linear(OnnxTranslator.MAX_OPSET + 1).build().toByteArray()),
                "opset " + (OnnxTranslator.MAX_OPSET + 1), "newer");
    }

    @Test
    void missingExternalData() throws IOException {
        ModelProto.Builder model = linear(13);
        model.getGraphBuilder().setInitializer(0, TensorProto.newBuilder().setName("w").setDataType(1).addDims(2)
                .addDims(2).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(ai.onnx.proto.OnnxMl.StringStringEntryProto.newBuilder().setKey("location")
                        .setValue("weights.bin")));
        refused(write("external.onnx", model.build().toByteArray()), "weights.bin", "not found");
    }

    @Test
    void externalDataIsRead() throws IOException {
        java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        data.putLong(0xdeadbeefL); // an offset, as sidecar files shared by several tensors have
        for (float v : new float[] {1, 2, 3, 4}) {
            data.putFloat(v);
        }
        write("weights.bin", data.array());
        ModelProto.Builder model = linear(13);
        model.getGraphBuilder().setInitializer(0, TensorProto.newBuilder().setName("w").setDataType(1).addDims(2)
                .addDims(2).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(ai.onnx.proto.OnnxMl.StringStringEntryProto.newBuilder().setKey("location")
                        .setValue("weights.bin"))
                .addExternalData(ai.onnx.proto.OnnxMl.StringStringEntryProto.newBuilder().setKey("offset")
                        .setValue("8")));
        ConstantTensor w = OnnxTensors.decode(model.getGraph().getInitializer(0), write("ext.onnx", new byte[0]));
        assertEquals(Arrays.toString(new double[] {1, 2, 3, 4}), Arrays.toString(w.doubles()));
    }
}
