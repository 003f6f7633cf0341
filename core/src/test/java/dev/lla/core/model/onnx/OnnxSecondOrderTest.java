package dev.lla.core.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.spectrum.VectorSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Second order through the newer operators: a small torchvision ViT (attention's computed Slice
 * bounds, Where/Equal/Expand, LayerNorm decomposed at opset 13 and as LayerNormalization at 17,
 * Erf Gelu, Softmax) exported to ONNX against the same weights scripted
 * ({@code scripts/make_onnx_operator_references.py}). The exporter transposes and renames some
 * weights, so the figures compared are those a re-indexing of the parameters leaves unchanged:
 * loss, |g|, g'Hg and |Hg| at the gradient g.
 */
class OnnxSecondOrderTest {

    record Figures(double loss, double gradientNorm, double gHg, double hgNorm, long parameters) {}

    @ParameterizedTest
    @ValueSource(strings = {"vit_op13", "vit_op17"})
    void vitTwinHasTheScriptedModelsCurvature(String name) throws IOException {
        Path folder = TestData.path("onnx/torch-reference/" + name);
        ConstantTensor input = OnnxTensors.decode(TensorProto.parseFrom(Files.readAllBytes(folder.resolve("input_0.pb"))),
                folder);
        double[] values = input.doubles();
        float[] pixels = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            pixels[i] = (float) values[i];
        }
        long[] dims = input.dims();
        Batch batch = new Batch(0, pixels, new int[] {3, 7, 1},
                new int[] {(int) dims[1], (int) dims[2], (int) dims[3]});
        Figures expected = figures(Models.open(folder.resolve("twin.pt"), "cpu"), batch);
        Figures actual = figures(Models.open(folder.resolve("model.onnx"), "cpu"), batch);
        assertEquals(expected.parameters(), actual.parameters(), "parameter count");
        assertTrue(Math.abs(expected.gHg()) > 1e-6, "a curvature to compare: " + expected);
        assertClose(expected.loss(), actual.loss(), "loss");
        assertClose(expected.gradientNorm(), actual.gradientNorm(), "|g|");
        assertClose(expected.gHg(), actual.gHg(), "g'Hg");
        assertClose(expected.hgNorm(), actual.hgNorm(), "|Hg|");
        System.err.println(name + ": TorchScript " + expected + ", ONNX " + actual);
    }

    private static Figures figures(TrainableModel<?> model, Batch batch) {
        try (model) {
            return figuresOf(model, batch);
        }
    }

    private static <V> Figures figuresOf(TrainableModel<V> model, Batch batch) {
        VectorSpace<V> space = model.parameterSpace();
        V g = space.zeros();
        V hg = space.zeros();
        try {
            double loss = model.gradient(batch, ModelMode.EVAL, g);
            try (BatchHessian<V> hessian = model.hessian(batch, ModelMode.EVAL)) {
                hessian.apply(g, hg);
            }
            long count = model.parameters().stream().mapToLong(p -> {
                long n = 1;
                for (long d : p.shape()) {
                    n *= d;
                }
                return n;
            }).sum();
            return new Figures(loss, space.norm(g), space.dot(g, hg), space.norm(hg), count);
        } finally {
            space.release(g);
            space.release(hg);
        }
    }

    /** float32 through two differently ordered graphs: 1e-4 relative. */
    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-4 * Math.abs(expected) + 1e-7, what);
    }
}
