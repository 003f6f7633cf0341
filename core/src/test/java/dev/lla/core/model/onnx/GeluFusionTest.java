package dev.lla.core.model.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * torch.onnx's exact GELU for opsets before 20, {@code x * (erf(x / √2) + 1) * 0.5}, becomes one
 * {@code torch.gelu}; a decomposition whose parts are read elsewhere stays as it is, its float
 * scalars written as literals.
 */
class GeluFusionTest {

    @TempDir
    Path folder;

    /** GELU(x) = x Φ(x) at -1, 0, 1 and 2 (Φ the standard normal CDF). */
    private static final float[] X = {-1f, 0f, 1f, 2f};
    private static final float[] GELU = {-0.15865525f, 0f, 0.8413447f, 1.9544997f};

    @Test
    void theExportedDecompositionIsOneGelu() throws IOException {
        OnnxTranslator.Translation t = translate(gelu(false));
        assertTrue(t.source().contains("torch.gelu(x)"), t.source());
        assertFalse(t.source().contains("torch.erf"), t.source());
        assertArrayEquals(GELU, ShapeArithmeticTest.run(t, folder, X, 1, 4, 1).values(), 1e-6f);
    }

    @Test
    void anErfReadElsewhereKeepsTheDecomposition() throws IOException {
        OnnxTranslator.Translation t = translate(gelu(true));
        assertFalse(t.source().contains("torch.gelu"), t.source());
        assertTrue(t.source().contains("torch.div(x, 1.4142135)"), "a float scalar is a literal: " + t.source());
        assertTrue(t.source().contains(", 0.5)"), t.source());
        float[] y = ShapeArithmeticTest.run(t, folder, X, 1, 4, 1).values();
        for (int i = 0; i < X.length; i++) {
            // GELU(x) + erf(x / √2), where erf(x / √2) = 2Φ(x) - 1 = 2 GELU(x) / x - 1 (0 at x = 0)
            float erf = X[i] == 0f ? 0f : 2f * GELU[i] / X[i] - 1f;
            assertArrayEquals(new float[] {GELU[i] + erf}, new float[] {y[i]}, 1e-6f, "at x = " + X[i]);
        }
    }

    /** Mul(Mul(x, Add(Erf(Div(x, √2)), 1)), 0.5), operands in the order torch writes; the erf also added to the output when {@code erfReadTwice}. */
    private static GraphProto.Builder gelu(boolean erfReadTwice) {
        GraphProto.Builder g = ShapeArithmeticTest.graph(4, 1);
        g.addNode(scalar("sqrt2", (float) Math.sqrt(2.0)));
        g.addNode(scalar("one", 1f));
        g.addNode(scalar("half", 0.5f));
        g.addNode(ShapeArithmeticTest.node("Div", "x", "sqrt2", "scaled"));
        g.addNode(ShapeArithmeticTest.node("Erf", "scaled", "erf"));
        g.addNode(ShapeArithmeticTest.node("Add", "erf", "one", "onePlus"));
        g.addNode(ShapeArithmeticTest.node("Mul", "x", "onePlus", "product"));
        g.addNode(ShapeArithmeticTest.node("Mul", "product", "half", erfReadTwice ? "gelu" : "y"));
        if (erfReadTwice) {
            g.addNode(ShapeArithmeticTest.node("Add", "gelu", "erf", "y"));
        }
        return g;
    }

    private static NodeProto scalar(String name, float value) {
        return NodeProto.newBuilder().setOpType("Constant").setName("c_" + name).addOutput(name)
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(TensorProto.newBuilder().setName(name).setDataType(ConstantTensor.FLOAT).addFloatData(value)))
                .build();
    }

    private OnnxTranslator.Translation translate(GraphProto.Builder g) {
        return OnnxTranslator.translate(ShapeArithmeticTest.model(g, "y"), folder.resolve("gelu.onnx"), false);
    }
}
