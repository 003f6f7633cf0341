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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A CNN whose second convolution has 10 output channels, against its float64 gradient and HVP
 * from PyTorch ({@code golden/cnn8x8-odd-hvp.npz}, {@code scripts/make_conv_defect_fixture.py}).
 * The model's engine warns exactly when its float32 numbers are wrong on this machine (on the
 * AMD EPYC CI machine class they are, with libtorch's default kernels). core's pom runs this
 * class twice: with the default kernels, and with {@code ONEDNN_MAX_CPU_ISA=AVX}, oneDNN's gemm
 * kernels, where the numbers must be right and no warning given.
 */
class ConvKernelDefectTest {

    private static final Path GOLDEN = TestData.path("golden/cnn8x8-odd-hvp.npz");
    private static TorchScriptModel model;
    private static Batch batch;

    @BeforeAll
    static void load() {
        model = TorchScriptModel.load(TestData.path("models/cnn8x8-odd.pt"), Device.cpu());
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8"), Split.TRAIN));
        batch = digits.batch(BatchPlan.sequential(digits.size(), 32, 1), 0);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void batchIsTheOnePyTorchUsed() {
        assertArrayEquals(NpzReader.read(GOLDEN, "x").toFloatArray(), batch.pixels());
        assertArrayEquals(NpzReader.read(GOLDEN, "y").toLongArray(),
                java.util.Arrays.stream(batch.labels()).asLongStream().toArray());
    }

    @Test
    void warnsExactlyWhenTheGradientOrHvpIsWrong() {
        double error = Math.max(gradientError(), hvpError());
        boolean right = error <= 1e-4;
        assertEquals(!right, !model.engine().warnings().isEmpty(),
                "relative error " + error + " against float64; warnings " + model.engine().warnings());
        if (!right) {
            String warning = model.engine().warnings().get(0);
            assertTrue(warning.contains("conv2.weight (10, 6, 3, 3)") && warning.contains("ONEDNN_MAX_CPU_ISA=AVX"),
                    warning);
            assertTrue(!warning.contains("conv1.weight"), "the stem's input gradient is never computed: " + warning);
        }
    }

    @Test
    void rightOnOneDnnsGemmKernels() {
        assumeTrue("AVX".equals(System.getenv("ONEDNN_MAX_CPU_ISA")), "runs in core's gemm-kernels execution");
        assertTrue(gradientError() <= 1e-5, "gradient " + gradientError());
        assertTrue(hvpError() <= 1e-5, "HVP " + hvpError());
        assertEquals(java.util.List.of(), model.engine().warnings());
    }

    private static double gradientError() {
        FlatParameterSpace space = (FlatParameterSpace) (Object) model.parameterSpace();
        FlatVector g = space.zeros();
        try {
            double loss = model.gradient(batch, ModelMode.EVAL, g);
            double expected = NpzReader.read(GOLDEN, "loss64").toDoubleArray()[0];
            assertEquals(expected, loss, 1e-6 * expected);
            return LenetHvpGoldenTest.relativeError(space.toHost(g), concat("grad64."));
        } finally {
            space.release(g);
        }
    }

    private static double hvpError() {
        FlatParameterSpace space = (FlatParameterSpace) (Object) model.parameterSpace();
        FlatVector v = space.fromHost(concat("v."));
        FlatVector hv = space.zeros();
        try (BatchHessian<FlatVector> hessian = model.hessian(batch, ModelMode.EVAL)) {
            hessian.apply(v, hv);
            return LenetHvpGoldenTest.relativeError(space.toHost(hv), concat("hvp64."));
        } finally {
            space.release(v);
            space.release(hv);
        }
    }

    /** The golden arrays for every parameter, concatenated in named_parameters() order, as float32. */
    private static float[] concat(String prefix) {
        float[] out = new float[Math.toIntExact(model.parameterSpace().dimension())];
        int offset = 0;
        for (ParameterInfo p : model.parameters()) {
            double[] part = NpzReader.read(GOLDEN, prefix + p.name()).toDoubleArray();
            assertEquals(p.size(), part.length, p.name());
            for (double x : part) {
                out[offset++] = (float) x;
            }
        }
        return out;
    }
}
