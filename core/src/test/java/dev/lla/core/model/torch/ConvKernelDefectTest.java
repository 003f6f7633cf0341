package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.NpzReader;
import dev.lla.core.data.Split;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.ParameterInfo;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two CNNs with convolutions of 10 and 6 output channels, against their float64 gradients and
 * HVPs from PyTorch ({@code golden/<model>-hvp.npz}, {@code scripts/make_conv_defect_fixture.py}):
 * cnn8x8-odd (conv2d) and cnn8x8-ranks (conv1d and conv3d). Each model's engine warns exactly
 * when its float32 numbers are wrong on this machine (on the AMD EPYC CI machine class they are,
 * with libtorch's default kernels). core's pom runs this class twice: with the default kernels,
 * and with {@code ONEDNN_MAX_CPU_ISA=AVX}, oneDNN's gemm kernels, where the numbers must be right
 * and no warning given.
 */
class ConvKernelDefectTest {

    /** Each fixture: the weights the warning must name, and its stem, which it must not. */
    private static final Map<String, List<String>> CHECKED = Map.of(
            "cnn8x8-odd", List.of("conv1.weight", "conv2.weight (10, 6, 3, 3)"),
            "cnn8x8-ranks", List.of("stem.weight", "conv1d.weight (10, 6, 3)", "conv3d.weight (6, 2, 3, 3, 3)"));
    private static final Map<String, Fixture> FIXTURES = new HashMap<>();

    private record Fixture(TorchScriptModel model, Batch batch, Path golden) {}

    @BeforeAll
    static void load() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8"), Split.TRAIN));
        Batch batch = digits.batch(BatchPlan.sequential(digits.size(), 32, 1), 0);
        for (String name : CHECKED.keySet()) {
            FIXTURES.put(name, new Fixture(TorchScriptModel.load(TestData.path("models/" + name + ".pt"), Device.cpu()),
                    batch, TestData.path("golden/" + name + "-hvp.npz")));
        }
    }

    @AfterAll
    static void close() {
        FIXTURES.values().forEach(f -> f.model().close());
        FIXTURES.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnn8x8-odd", "cnn8x8-ranks"})
    void batchIsTheOnePyTorchUsed(String name) {
        Fixture f = FIXTURES.get(name);
        assertArrayEquals(NpzReader.read(f.golden(), "x").toFloatArray(), f.batch().pixels());
        assertArrayEquals(NpzReader.read(f.golden(), "y").toLongArray(),
                java.util.Arrays.stream(f.batch().labels()).asLongStream().toArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnn8x8-odd", "cnn8x8-ranks"})
    void warnsExactlyWhenTheGradientOrHvpIsWrong(String name) {
        Fixture f = FIXTURES.get(name);
        List<String> warnings = f.model().engine().warnings();
        double error = Math.max(gradientError(f), hvpError(f));
        boolean right = error <= 1e-4;
        assertEquals(!right, !warnings.isEmpty(), "relative error " + error + " against float64; warnings " + warnings);
        if (!right) {
            String warning = warnings.get(0);
            List<String> checked = CHECKED.get(name);
            assertTrue(warning.contains("ONEDNN_MAX_CPU_ISA=AVX"), warning);
            for (String weight : checked.subList(1, checked.size())) {
                assertTrue(warning.contains(weight), weight + " not named: " + warning);
            }
            assertTrue(!warning.contains(checked.get(0)), "the stem's input gradient is never computed: " + warning);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnn8x8-odd", "cnn8x8-ranks"})
    void rightOnOneDnnsGemmKernels(String name) {
        assumeTrue("AVX".equals(System.getenv("ONEDNN_MAX_CPU_ISA")), "runs in core's gemm-kernels execution");
        Fixture f = FIXTURES.get(name);
        assertTrue(gradientError(f) <= 1e-5, "gradient " + gradientError(f));
        assertTrue(hvpError(f) <= 1e-5, "HVP " + hvpError(f));
        assertEquals(List.of(), f.model().engine().warnings());
    }

    private static double gradientError(Fixture f) {
        FlatParameterSpace space = (FlatParameterSpace) (Object) f.model().parameterSpace();
        FlatVector g = space.zeros();
        try {
            double loss = f.model().gradient(f.batch(), ModelMode.EVAL, g);
            double expected = NpzReader.read(f.golden(), "loss64").toDoubleArray()[0];
            assertEquals(expected, loss, 1e-6 * expected);
            return LenetHvpGoldenTest.relativeError(space.toHost(g), concat(f, "grad64."));
        } finally {
            space.release(g);
        }
    }

    private static double hvpError(Fixture f) {
        FlatParameterSpace space = (FlatParameterSpace) (Object) f.model().parameterSpace();
        FlatVector v = space.fromHost(concat(f, "v."));
        FlatVector hv = space.zeros();
        try (BatchHessian<FlatVector> hessian = f.model().hessian(f.batch(), ModelMode.EVAL)) {
            hessian.apply(v, hv);
            return LenetHvpGoldenTest.relativeError(space.toHost(hv), concat(f, "hvp64."));
        } finally {
            space.release(v);
            space.release(hv);
        }
    }

    /** The golden arrays for every parameter, concatenated in named_parameters() order, as float32. */
    private static float[] concat(Fixture f, String prefix) {
        float[] out = new float[Math.toIntExact(f.model().parameterSpace().dimension())];
        int offset = 0;
        for (ParameterInfo p : f.model().parameters()) {
            double[] part = NpzReader.read(f.golden(), prefix + p.name()).toDoubleArray();
            assertEquals(p.size(), part.length, p.name());
            for (double x : part) {
                out[offset++] = (float) x;
            }
        }
        return out;
    }
}
