package dev.lla.core.model.torch;

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
import dev.lla.core.hesd.HesdConfig;
import dev.lla.core.hesd.HesdJob;
import dev.lla.core.hesd.HesdResult;
import dev.lla.core.hesd.HessianScope;
import dev.lla.core.model.Loss;
import dev.lla.core.model.ModelMode;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.random.Seeds;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code lla hesd --loss mse} on the linear 8×8-digit model against its analytic Hessian: H is C
 * copies of {@code M = 2/(N·C) [X 1]ᵀ[X 1]} ({@link LinearMseReference}), eigenvalues from EJML in
 * float64, so every eigenvalue of H is C-fold.
 */
class QuadraticSpectrumTest {

    private static final int CLASSES = 10;
    private static final long SEED = 5;
    private static TorchScriptModel model;
    private static LinearMseReference reference;
    private static HesdResult result;

    @BeforeAll
    static void run() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        List<Batch> batches = List.of(digits.batch(BatchPlan.sequential(digits.size(), 256, 1), 0));
        reference = new LinearMseReference(batches.get(0), CLASSES);
        model = TorchScriptModel.load(TestData.path("models/linear8x8-mse.pt"), Device.cpu(), name -> true, Loss.MSE);
        HesdConfig config = new HesdConfig(4, 80, HesdConfig.Reorthogonalization.FULL, 0, 3, 100, 1e-3, 1e-5, 300,
                HessianScope.PER_BATCH, ModelMode.EVAL, SEED, 10_000, 0.01, 1e-5);
        result = new HesdJob(config, ProgressListener.NONE).run(model, batches).result();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void topEigenvaluesAreTheLargestEigenvaluesOfTheAnalyticHessian() {
        double[] distinct = reference.blockEigenvaluesDescending();
        double[] top = result.topEigenvalues();
        HesdResult.HessianEigen eigen = result.eigen().get(0);
        assertEquals(distinct[0], top[0], 1e-4 * distinct[0], "λmax");
        // λmax is 10-fold. In exact arithmetic one Krylov space holds a single copy of it, and the
        // next value would be the second distinct eigenvalue; in float32 rounding lets Lanczos find
        // further copies (it does here: top-3 = λmax three times, H's true top-3). Either way the
        // i-th value is one of the i+1 largest distinct eigenvalues.
        for (int i = 0; i < top.length; i++) {
            assertTrue(eigen.top().get(i).converged(), "λ" + (i + 1) + " converged");
            boolean matches = false;
            for (int j = 0; j <= i; j++) {
                matches |= Math.abs(top[i] - distinct[j]) <= 1e-4 * distinct[j];
            }
            assertTrue(matches, "λ" + (i + 1) + " = " + top[i] + " is none of the " + (i + 1)
                    + " largest eigenvalues " + java.util.Arrays.toString(java.util.Arrays.copyOf(distinct, i + 1)));
        }
    }

    @Test
    void mostNegativeEigenvalueIsZero() {
        // Pixels that are 0 in every sample make M singular: λmin(H) = 0 exactly, none is negative.
        double[] distinct = reference.blockEigenvaluesDescending();
        assertEquals(0, distinct[distinct.length - 1], 1e-12 * distinct[0]);
        assertEquals(0, result.minEigenvalue(), 1e-5 * distinct[0]);
    }

    @Test
    void traceIsWithinThreeStandardErrorsOfTheAnalyticTrace() {
        double expected = reference.trace();
        HesdResult.TraceSummary trace = result.trace();
        assertTrue(Math.abs(trace.mean() - expected) <= 3 * trace.stderr(),
                "trace " + trace.mean() + " ± " + trace.stderr() + " vs " + expected);
        assertTrue(trace.stderr() < 0.05 * expected, "a useful estimate: stderr " + trace.stderr());
    }

    @Test
    void quadratureMomentsEqualTheAnalyticOnes() {
        FlatParameterSpace space = (FlatParameterSpace) model.parameterSpace();
        FlatVector start = space.zeros();
        try {
            for (HesdResult.SlqRun run : result.slq()) {
                // The run's start vector, as SLQ draws it: seeded Rademacher, normalized on the device.
                space.fillRademacher(start, Seeds.stream(SEED, "slq", run.batch(), run.run()));
                space.scale(1 / space.norm(start), start);
                double[] v = LinearMseReference.widen(space.toHost(start));
                double[] hv = reference.hessianTimes(v);
                double[] exact = {LinearMseReference.dot(v, hv), LinearMseReference.dot(hv, hv),
                    LinearMseReference.dot(hv, reference.hessianTimes(hv))};
                for (int m = 1; m <= 3; m++) {
                    // Gauss quadrature with k nodes is exact for degree ≤ 2k − 1: Σ τ θ^m = vᵀH^m v.
                    double quadrature = 0;
                    for (int k = 0; k < run.nodes().length; k++) {
                        quadrature += run.weights()[k] * Math.pow(run.nodes()[k], m);
                    }
                    assertEquals(exact[m - 1], quadrature, 1e-4 * exact[m - 1], "run " + run.run() + ", moment " + m);
                }
            }
        } finally {
            space.release(start);
        }
    }
}
