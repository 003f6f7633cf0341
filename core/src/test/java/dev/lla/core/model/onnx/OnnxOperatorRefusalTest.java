package dev.lla.core.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.lla.core.LlaException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Attribute values and input forms of the newer operators that the conformance tests do not
 * reach: each is refused by name, never translated approximately.
 */
class OnnxOperatorRefusalTest {

    private static final Path MODEL = Path.of("ops.onnx");

    /** x -> node(x, extra inputs...) -> y, at {@code opset}, with integer initializers given as name/values pairs. */
    private static ModelProto model(long opset, NodeProto.Builder node, TensorProto... initializers) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("g")
                .addInput(ValueInfoProto.newBuilder().setName("x"))
                .addOutput(ValueInfoProto.newBuilder().setName("y"))
                .addNode(node.setName("n").addOutput("y"));
        for (TensorProto t : initializers) {
            graph.addInitializer(t);
        }
        return ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
    }

    private static TensorProto longs(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(ConstantTensor.INT64)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    private static TensorProto floats(String name, float... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(ConstantTensor.FLOAT)
                .addDims(values.length);
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    private static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static void refused(ModelProto model, String... parts) {
        LlaException e = assertThrows(LlaException.class, () -> OnnxTranslator.translate(model, MODEL, false));
        assertEquals(1, e.kind().exitCode());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("ops.onnx: node n ("), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void upsampleLinearIsRefused() {
        refused(model(9, NodeProto.newBuilder().setOpType("Upsample").addInput("x").addInput("s")
                .addAttribute(string("mode", "linear")), floats("s", 1, 1, 2, 2)), "Upsample, opset 9", "mode = linear");
    }

    @Test
    void resizeBeforeOpset11IsRefused() {
        refused(model(10, NodeProto.newBuilder().setOpType("Resize").addInput("x").addInput("s"),
                floats("s", 1, 1, 2, 2)), "Resize, opset 10", "operator Resize");
    }

    @Test
    void padWrapModeIsRefused() {
        refused(model(13, NodeProto.newBuilder().setOpType("Pad").addInput("x").addInput("p")
                .addAttribute(string("mode", "wrap")), longs("p", 0, 0, 1, 1, 0, 0, 1, 1)), "attribute mode = wrap");
    }

    @Test
    void reflectPadOfTheChannelsIsRefused() {
        refused(model(13, NodeProto.newBuilder().setOpType("Pad").addInput("x").addInput("p")
                .addAttribute(string("mode", "reflect")), longs("p", 0, 1, 1, 1, 0, 1, 1, 1)), "attribute pads");
    }

    @Test
    void layerNormStashTypeOtherThanFloatIsRefused() {
        refused(model(17, NodeProto.newBuilder().setOpType("LayerNormalization").addInput("x").addInput("g")
                .addAttribute(integer("stash_type", 11)), floats("g", 1, 1)), "stash_type = 11");
    }

    @Test
    void sliceWithStepZeroIsRefused() {
        refused(model(13, NodeProto.newBuilder().setOpType("Slice").addInput("x").addInput("s").addInput("e")
                .addInput("a").addInput("t"), longs("s", 0), longs("e", 2), longs("a", 1), longs("t", 0)), "steps");
    }

    @Test
    void sliceWithComputedBoundsAndNoAxesIsRefused() {
        // starts and ends both come from the running model: how many axes they cover is unknown
        NodeProto.Builder slice = NodeProto.newBuilder().setOpType("Slice").addInput("x").addInput("sx").addInput("sx");
        GraphProto.Builder graph = GraphProto.newBuilder().setName("g")
                .addInput(ValueInfoProto.newBuilder().setName("x"))
                .addOutput(ValueInfoProto.newBuilder().setName("y"))
                .addNode(NodeProto.newBuilder().setOpType("Shape").setName("shape").addInput("x").addOutput("sx"))
                .addNode(slice.setName("n").addOutput("y"));
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build();
        refused(model, "Slice, opset 13", "no axes");
    }

    @Test
    void convTransposeOutputShapeOfTheWrongLengthIsRefused() {
        refused(model(13, NodeProto.newBuilder().setOpType("ConvTranspose").addInput("x").addInput("w")
                .addAttribute(AttributeProto.newBuilder().setName("output_shape").setType(AttributeProto.AttributeType.INTS)
                        .addInts(4).addInts(4).addInts(4))
                .addAttribute(AttributeProto.newBuilder().setName("kernel_shape")
                        .setType(AttributeProto.AttributeType.INTS).addInts(3).addInts(3))), "output_shape", "2 spatial sizes");
    }

    @Test
    void randomDropoutIsRefused() {
        TensorProto on = TensorProto.newBuilder().setName("t").setDataType(ConstantTensor.BOOL).addInt32Data(1).build();
        refused(model(13, NodeProto.newBuilder().setOpType("Dropout").addInput("x").addInput("").addInput("t"), on),
                "input 2 (training_mode)");
    }

    @Test
    void dropoutWithTrainingModeAndRatioZeroIsTheIdentity() {
        TensorProto on = TensorProto.newBuilder().setName("t").setDataType(ConstantTensor.BOOL).addInt32Data(1).build();
        TensorProto zero = TensorProto.newBuilder().setName("r").setDataType(ConstantTensor.FLOAT).addFloatData(0).build();
        OnnxTranslator.Translation t = OnnxTranslator.translate(
                model(13, NodeProto.newBuilder().setOpType("Dropout").addInput("x").addInput("r").addInput("t"), on, zero),
                MODEL, false);
        assertTrue(t.source().contains("return x"), t.source());
    }

    @Test
    void resizeModeOutsideTheSpecIsRefused() {
        refused(model(13, NodeProto.newBuilder().setOpType("Resize").addInput("x").addInput("").addInput("s")
                .addAttribute(string("mode", "area")), floats("s", 1, 1, 2, 2)), "mode = area");
    }

    @Test
    void resizeTfCropAndResizeIsRefused() {
        refused(model(13, NodeProto.newBuilder().setOpType("Resize").addInput("x").addInput("").addInput("s")
                .addAttribute(string("coordinate_transformation_mode", "tf_crop_and_resize")), floats("s", 1, 1, 2, 2)),
                "tf_crop_and_resize");
    }
}
