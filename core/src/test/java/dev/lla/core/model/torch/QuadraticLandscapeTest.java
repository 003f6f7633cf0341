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
import dev.lla.core.data.Split;
import dev.lla.core.landscape.DirectionNormalization;
import dev.lla.core.landscape.Directions;
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.landscape.LandscapeJob;
import dev.lla.core.landscape.LandscapeResult;
import dev.lla.core.landscape.RandomDistribution;
import dev.lla.core.model.Loss;
import dev.lla.core.model.ModelMode;
import dev.lla.core.progress.ProgressListener;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #3's exact check: the MSE loss of a linear model is a quadratic, so the landscape is known
 * in closed form, {@code L(w0 + α d1 + β d2) = L0 + α g·d1 + β g·d2 + ½(α² d1ᵀHd1 + 2αβ d1ᵀHd2 +
 * β² d2ᵀHd2)}, with L0, g and H from the data in float64 ({@link LinearMseReference}) and d1, d2
 * the job's own normalized directions, read back from the device. Every normalization, p = 1 and
 * 2, 1D and 2D, agree within 1e-4 relative at every grid point.
 */
class QuadraticLandscapeTest {

    private static final int CLASSES = 10;
    private static TorchScriptModel model;
    private static List<Batch> batches;
    private static LinearMseReference reference;

    @BeforeAll
    static void load() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        batches = List.of(digits.batch(BatchPlan.sequential(digits.size(), 256, 1), 0));
        reference = new LinearMseReference(batches.get(0), CLASSES);
        model = TorchScriptModel.load(TestData.path("models/linear8x8-mse.pt"), Device.cpu(), name -> true, Loss.MSE);
        // The reference's flat layout: fc.weight (10, 64) row-major, then fc.bias (10).
        assertEquals("fc.weight", model.parameters().get(0).name());
        assertArrayEquals(new long[] {CLASSES, 64}, model.parameters().get(0).shape());
        assertEquals("fc.bias", model.parameters().get(1).name());
        assertEquals(reference.parameters(), model.parameterSpace().dimension());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @ParameterizedTest(name = "{0} p={1} {2}D")
    @CsvSource({
        "none,1,1", "none,2,1", "weight,1,1", "weight,2,1", "filter,1,1", "filter,2,1",
        "layer,1,1", "layer,2,1", "model,1,1", "model,2,1",
        "none,1,2", "none,2,2", "weight,1,2", "weight,2,2", "filter,1,2", "filter,2,2",
        "layer,1,2", "layer,2,2", "model,1,2", "model,2,2"})
    void gridEqualsTheClosedFormQuadratic(String scheme, int p, int dims) {
        LandscapeConfig config = new LandscapeConfig(dims, 4, 2, RandomDistribution.GAUSSIAN,
                DirectionNormalization.valueOf(scheme.toUpperCase(Locale.ROOT)), p, false, 1000, 11, ModelMode.EVAL);
        FlatParameterSpace space = (FlatParameterSpace) model.parameterSpace();
        float[][] directions = new float[2][];
        float[][] origin = new float[1][];
        LandscapeResult r = new LandscapeJob(config, ProgressListener.NONE).run(model, batches, w0 -> {
            Directions<FlatVector> pair = Directions.random(space, model.tensorwise(), w0, config);
            origin[0] = space.toHost(w0);
            directions[0] = space.toHost(pair.d1());
            directions[1] = pair.d2() == null ? null : space.toHost(pair.d2());
            return pair;
        });

        float[] w0 = origin[0];
        float[] d1 = directions[0];
        float[] d2 = dims == 2 ? directions[1] : new float[d1.length];
        double l0 = reference.loss(w0);
        double[] g = reference.gradient(w0);
        double gd1 = LinearMseReference.dot(g, LinearMseReference.widen(d1));
        double gd2 = LinearMseReference.dot(g, LinearMseReference.widen(d2));
        double h11 = reference.hessianForm(d1, d1);
        double h12 = reference.hessianForm(d1, d2);
        double h22 = reference.hessianForm(d2, d2);
        assertEquals(l0, r.originLoss(), 1e-5 * l0, "origin");

        double smallestQuadratic = Double.POSITIVE_INFINITY;
        for (int i = 0; i < r.x().length; i++) {
            for (int j = 0; j < r.y().length; j++) {
                double a = r.x()[i];
                double b = r.y()[j];
                double linear = a * gd1 + b * gd2;
                double quadratic = 0.5 * (a * a * h11 + 2 * a * b * h12 + b * b * h22);
                double expected = l0 + linear + quadratic;
                assertEquals(expected, r.loss()[i][j], 1e-4 * expected,
                        scheme + " p=" + p + " " + dims + "D at α=" + a + ", β=" + b);
                if (Math.abs(a) == 1 && (dims == 1 || Math.abs(b) == 1)) {
                    smallestQuadratic = Math.min(smallestQuadratic, quadratic / expected);
                }
            }
        }
        // The check can fail: at the corners the curvature term is far above the tolerance, and the
        // slope term is too wherever the direction does not make it vanish by symmetry.
        assertTrue(smallestQuadratic > 0.01, "curvature term " + smallestQuadratic + " of the loss at the corners");
        assertTrue(Math.abs(gd1) * r.x()[r.x().length - 1] > 1e-3 * l0, "slope term along d1: " + gd1);
    }
}
