package dev.lla.core.hesd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.hesd.HesdResult.HessianEigen;
import dev.lla.core.hesd.HesdResult.SlqRun;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.random.Seeds;
import dev.lla.core.spectrum.VectorSpace;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code lla hesd}'s numbers for the 8×8-digit MLP against its dense float64 Hessian
 * ({@code testdata/golden/mlp8x8-dense-hessian.json}): P = 2410, fixed batch of 256.
 */
class MlpSpectrumGoldenTest {

    private static final long SEED = 7;
    private static TrainableModel<?> model;
    private static List<Batch> batches;
    private static JsonNode golden;
    private static HesdResult result;

    @BeforeAll
    static void run() throws IOException {
        golden = new ObjectMapper().readTree(TestData.path("golden/mlp8x8-dense-hessian.json").toFile());
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        batches = List.of(digits.batch(BatchPlan.sequential(digits.size(), 256, 1), 0));
        model = Models.open(TestData.path("models/mlp8x8-trained.pt"), "cpu");
        HesdConfig config = new HesdConfig(4, 100, HesdConfig.Reorthogonalization.FULL, 0, 2, 100, 1e-3, 1e-5, 400, HessianScope.PER_BATCH,
                ModelMode.EVAL, SEED, 10_000, 0.01, 1e-5);
        result = new HesdJob(config, ProgressListener.NONE).run(model, batches).result();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void lossMatchesTheFloat64Reference() {
        assertEquals(golden.get("loss").asDouble(), result.batches().get(0).loss(), 1e-5);
    }

    @Test
    void topTwoEigenvaluesMatchDenseFloat64WithinOneInAThousand() {
        JsonNode top = golden.get("top5_descending");
        HessianEigen eigen = result.eigen().get(0);
        for (int i = 0; i < 2; i++) {
            double expected = top.get(i).asDouble();
            double actual = result.topEigenvalues()[i];
            assertTrue(eigen.top().get(i).converged(), "λ" + (i + 1) + " converged");
            assertEquals(expected, actual, 1e-3 * Math.abs(expected), "λ" + (i + 1));
        }
    }

    @Test
    void mostNegativeEigenvalueMatchesDenseFloat64() {
        double expected = golden.get("lambda_min").asDouble();
        HessianEigen eigen = result.eigen().get(0);
        assertTrue(eigen.min().converged(), "λmin converged; residual " + eigen.min().residual());
        // λmin is 0.0023 from its neighbour and 90× smaller than λmax: judge it on H's scale.
        assertEquals(expected, result.minEigenvalue(), 1e-3 * Math.abs(expected));
    }

    @Test
    void traceIsWithinThreeStandardErrorsOfTheDenseTrace() {
        double expected = golden.get("trace").asDouble();
        HesdResult.TraceSummary trace = result.trace();
        assertTrue(trace.stderr() > 0, "a Rademacher estimate of a non-diagonal H has spread");
        assertTrue(Math.abs(trace.mean() - expected) <= 3 * trace.stderr(),
                "trace " + trace.mean() + " ± " + trace.stderr() + " vs " + expected);
    }

    /**
     * Hutch++ on the same budget of 100 products: unbiased, and far tighter than Hutchinson because a few
     * eigenvalues carry most of the MLP's trace.
     */
    @Test
    void hutchPlusPlusTraceIsWithinThreeStandardErrorsOfTheDenseTraceAndTighterThanHutchinson() {
        double expected = golden.get("trace").asDouble();
        HesdConfig config = new HesdConfig(1, 1, HesdConfig.Reorthogonalization.FULL, 0, 0, 100, 1e-3, 1e-5, 400,
                HessianScope.PER_BATCH, ModelMode.EVAL, SEED, 10_000, 0.01, 1e-5)
                .withTraceMethod(HesdConfig.TraceMethod.HUTCH_PLUS_PLUS, 0);
        HesdResult.TraceSummary plus = new HesdJob(config, ProgressListener.NONE).run(model, batches).result().trace();
        HesdResult.TraceSummary plain = result.trace();
        assertTrue(plus.samples() <= 100, "within the budget: " + plus.samples());
        assertTrue(plus.stderr() > 0);
        assertTrue(Math.abs(plus.mean() - expected) <= 3 * plus.stderr(),
                "Hutch++ trace " + plus.mean() + " ± " + plus.stderr() + " vs " + expected);
        assertTrue(plus.stderr() < 0.5 * plain.stderr(),
                "Hutch++ stderr " + plus.stderr() + " against Hutchinson's " + plain.stderr());
    }

    @Test
    void eachQuadratureReproducesTheQuadraticFormOfItsStartVector() {
        quadraticFormsMatch(model);
    }

    private static <V> void quadraticFormsMatch(TrainableModel<V> model) {
        VectorSpace<V> space = model.parameterSpace();
        V v = space.zeros();
        V hv = space.zeros();
        try (BatchHessian<V> hessian = model.hessian(batches.get(0), ModelMode.EVAL)) {
            for (SlqRun run : result.slq()) {
                space.fillRademacher(v, Seeds.stream(SEED, "slq", run.batch(), run.run()));
                space.scale(1 / space.norm(v), v);
                hessian.apply(v, hv);
                double quadraticForm = space.dot(v, hv);
                double quadrature = 0;
                double weightSum = 0;
                for (int k = 0; k < run.nodes().length; k++) {
                    quadrature += run.weights()[k] * run.nodes()[k];
                    weightSum += run.weights()[k];
                }
                assertEquals(1.0, weightSum, 1e-12, "weights of run " + run.run());
                assertEquals(quadraticForm, quadrature, 1e-5 * Math.abs(quadraticForm), "run " + run.run());
            }
        } finally {
            space.release(v);
            space.release(hv);
        }
    }

    @Test
    void densityIsNormalized() {
        double[] values = result.density().values();
        double[] grid = result.density().grid();
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        assertEquals(1.0, sum * (grid[1] - grid[0]), 1e-9);
    }
}
