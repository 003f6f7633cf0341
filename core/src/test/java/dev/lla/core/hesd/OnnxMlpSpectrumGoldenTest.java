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
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code lla hesd} on the ONNX twin of the 8×8-digit MLP ({@code scripts/make_onnx_twins.py}) against its dense float64 Hessian
 * ({@code testdata/golden/mlp8x8-dense-hessian.json}): P = 2410, fixed batch of 256.
 */
class OnnxMlpSpectrumGoldenTest {

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
        model = Models.open(TestData.path("models/mlp8x8-trained.onnx"), "cpu");
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
}
