package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.Device;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.landscape.ArrayTensorwiseOps;
import dev.lla.core.landscape.TensorwiseOps;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.ParameterInfo;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading and writing the weights in place on the device, and per-tensor operations there. */
class WeightsOnDeviceTest {

    private static TorchScriptModel model;
    private static Batch batch;

    @BeforeAll
    static void load() {
        model = TorchScriptModel.load(TestData.path("models/mlp8x8-trained.pt"), Device.cpu());
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        batch = digits.batch(BatchPlan.sequential(digits.size(), 256, 1), 0);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static FlatParameterSpace space() {
        return (FlatParameterSpace) model.parameterSpace();
    }

    @Test
    void writeThenReadRoundTripsExactly() {
        FlatVector w0 = space().zeros();
        FlatVector v = space().zeros();
        FlatVector back = space().zeros();
        try {
            model.readWeights(w0);
            space().fillRademacher(v, new SplittableRandom(1));
            model.writeWeights(v);
            model.readWeights(back);
            assertArrayEquals(space().toHost(v), space().toHost(back));
        } finally {
            model.writeWeights(w0);
        }
    }

    @Test
    void lossMovesWithTheWeightsAndReturnsBitForBit() {
        double original = model.evaluate(batch, ModelMode.EVAL).loss();
        FlatVector w0 = space().zeros();
        FlatVector w = space().zeros();
        model.readWeights(w0);
        space().fillRademacher(w, new SplittableRandom(2));
        space().axpy(0.01, w0, w);
        try {
            model.writeWeights(w);
            assertNotEquals(original, model.evaluate(batch, ModelMode.EVAL).loss());
        } finally {
            model.writeWeights(w0);
        }
        assertEquals(Double.doubleToLongBits(original), Double.doubleToLongBits(model.evaluate(batch, ModelMode.EVAL).loss()));
    }

    @Test
    void tensorwiseOperationsAgreeWithTheArrayImplementation() {
        TensorwiseOps<FlatVector> torch = model.tensorwise();
        ArrayTensorwiseOps array = new ArrayTensorwiseOps(model.parameters().stream().map(ParameterInfo::shape).toList());
        FlatVector x = space().zeros();
        SplittableRandom random = new SplittableRandom(3);
        torch.fill(x, () -> random.nextDouble() - 0.5);
        double[] h = toDouble(space().toHost(x));
        for (int p = 1; p <= 2; p++) {
            assertArrayEquals(array.tensorNorms(h, p), torch.tensorNorms(x, p), 1e-9);
            double[][] expected = array.filterNorms(h, p);
            double[][] actual = torch.filterNorms(x, p);
            for (int t = 0; t < expected.length; t++) {
                assertArrayEquals(expected[t], actual[t], 1e-9);
            }
        }
        double[][] factors = array.filterNorms(h, 2);
        torch.scaleFilters(x, factors);
        array.scaleFilters(h, factors);
        double[] factorsT = array.tensorNorms(h, 1);
        torch.scaleTensors(x, factorsT);
        array.scaleTensors(h, factorsT);
        torch.zeroVectors(x);
        array.zeroVectors(h);
        assertArrayEquals(h, toDouble(space().toHost(x)), 1e-5 * maxAbs(h));
    }

    @Test
    void filterNormalizationOfDecayedMomentsStaysFinite() {
        // An Adam moment of a dead unit decays to ~1e-40: its filter's factor (~1e40) is beyond
        // float32, but the normalized filter is an ordinary vector with the weights' filter norm.
        FlatVector w0 = space().zeros();
        FlatVector d = space().zeros();
        model.readWeights(w0);
        model.tensorwise().fill(d, () -> 1e-40);
        dev.lla.core.landscape.DirectionNormalization.FILTER.apply(model.tensorwise(), d, w0, 2);
        double[][] expected = model.tensorwise().filterNorms(w0, 2);
        double[][] actual = model.tensorwise().filterNorms(d, 2);
        for (int t = 0; t < expected.length; t++) {
            assertArrayEquals(expected[t], actual[t], 1e-5 * maxAbs(expected[t]));
        }
        dev.lla.core.landscape.DirectionNormalization.LAYER.apply(model.tensorwise(), d, w0, 2);
        for (float v : space().toHost(d)) {
            assertEquals(true, Float.isFinite(v));
        }
        space().release(d);
        space().release(w0);
    }

    @Test
    void weightAndTensorwiseOperationsLeaveNoArraysBehind() {
        FlatVector w0 = space().zeros();
        FlatVector d = space().zeros();
        model.readWeights(w0);
        int before = model.liveArrays();
        for (int k = 0; k < 20; k++) {
            model.readWeights(d);
            model.tensorwise().scaleFilters(d, model.tensorwise().filterNorms(w0, 2));
            model.tensorwise().zeroVectors(d);
            model.writeWeights(w0);
        }
        assertEquals(before, model.liveArrays());
        space().release(d);
        space().release(w0);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
