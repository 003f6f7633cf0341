package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exact Hessian-vector products of the BatchNorm LeNet against PyTorch's on the same batch and
 * vector ({@code testdata/golden/lenet-hvp.npz}, made by {@code scripts/make_testdata.py}).
 */
class LenetHvpGoldenTest {

    /** Train mode: BN subtracts the batch mean, so these biases have exactly zero gradient and Hv. */
    private static final Set<String> CANCELLED_IN_TRAIN = Set.of("conv1.bias", "conv2.bias");

    private static final Path GOLDEN = TestData.path("golden/lenet-hvp.npz");
    private static TorchScriptModel model;
    private static Batch batch;

    @BeforeAll
    static void load() {
        model = TorchScriptModel.load(TestData.path("models/lenet-bn-trained.pt"), Device.cpu());
        Dataset mnist = DatasetLoader.load(DataRequest.of(TestData.path("mnist"), Split.TRAIN));
        batch = mnist.batch(BatchPlan.sequential(mnist.size(), 64, 1), 0);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @ParameterizedTest
    @EnumSource(ModelMode.class)
    void batchFromIdxEqualsTheBatchPyTorchUsed(ModelMode ignored) {
        assertArrayEquals(NpzReader.read(GOLDEN, "x").toFloatArray(), batch.pixels());
        long[] y = NpzReader.read(GOLDEN, "y").toLongArray();
        for (int i = 0; i < y.length; i++) {
            assertEquals(y[i], batch.labels()[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(ModelMode.class)
    void hvpMatchesPyTorchWithinOneInAHundredThousand(ModelMode mode) {
        String tag = mode.name().toLowerCase();
        FlatParameterSpace space = (FlatParameterSpace) (Object) model.parameterSpace();
        FlatVector v = space.fromHost(concat("v.", false));
        FlatVector hv = space.zeros();
        try (BatchHessian<FlatVector> hessian = model.hessian(batch, mode)) {
            assertEquals(scalar("loss." + tag), hessian.loss(), 1e-6 * Math.abs(hessian.loss()));
            hessian.apply(v, hv);
        } finally {
            model.restoreBuffers();
        }
        float[] ours = space.toHost(hv);
        float[] torch32 = concat("hvp." + tag + ".", mode == ModelMode.TRAIN);
        float[] torch64 = concat("hvp64." + tag + ".", mode == ModelMode.TRAIN);
        float[] oursCompared = mode == ModelMode.TRAIN ? zeroCancelled(ours) : ours;

        double vsTorch32 = relativeError(oursCompared, torch32);
        double vsExact = relativeError(oursCompared, torch64);
        assertTrue(vsTorch32 <= 1e-5, mode + ": relative error vs PyTorch float32 " + vsTorch32);
        assertTrue(vsExact <= 1e-5, mode + ": relative error vs float64 " + vsExact);
        if (mode == ModelMode.TRAIN) {
            // The cancelled biases hold float32 rounding noise only: PyTorch's own is 1.3e-5 of
            // the whole product's norm (exact value 0, float64 ~1e-14).
            double noise = norm(cancelledPart(ours));
            assertTrue(noise <= 1e-4 * norm(torch64), "Hv on BN-cancelled biases " + noise);
        }
        space.release(v);
        space.release(hv);
    }

    /** The golden arrays for every parameter, concatenated in named_parameters() order. */
    private static float[] concat(String prefix, boolean zeroCancelled) {
        int total = Math.toIntExact(model.parameterSpace().dimension());
        float[] out = new float[total];
        int offset = 0;
        for (ParameterInfo p : model.parameters()) {
            float[] part = NpzReader.read(GOLDEN, prefix + p.name()).toFloatArray();
            assertEquals(p.size(), part.length, p.name());
            if (!(zeroCancelled && CANCELLED_IN_TRAIN.contains(p.name()))) {
                System.arraycopy(part, 0, out, offset, part.length);
            }
            offset += part.length;
        }
        return out;
    }

    private static float[] zeroCancelled(float[] values) {
        float[] out = values.clone();
        forCancelled((offset, size) -> java.util.Arrays.fill(out, offset, offset + size, 0f));
        return out;
    }

    private static float[] cancelledPart(float[] values) {
        float[] out = new float[values.length];
        forCancelled((offset, size) -> System.arraycopy(values, offset, out, offset, size));
        return out;
    }

    private static void forCancelled(java.util.function.BiConsumer<Integer, Integer> action) {
        int offset = 0;
        for (ParameterInfo p : model.parameters()) {
            if (CANCELLED_IN_TRAIN.contains(p.name())) {
                action.accept(offset, (int) p.size());
            }
            offset += (int) p.size();
        }
    }

    private static double scalar(String key) {
        return NpzReader.read(GOLDEN, key).toDoubleArray()[0];
    }

    static double relativeError(float[] actual, float[] expected) {
        double diff = 0;
        double ref = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = (double) actual[i] - expected[i];
            diff += d * d;
            ref += (double) expected[i] * expected[i];
        }
        return Math.sqrt(diff / ref);
    }

    private static double norm(float[] values) {
        double s = 0;
        for (float v : values) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }
}
