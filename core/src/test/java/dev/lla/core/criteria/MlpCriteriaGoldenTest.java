package dev.lla.core.criteria;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.hesd.HesdPartial;
import dev.lla.core.journal.Journal;
import dev.lla.core.hesd.HessianScope;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The criteria of the 8×8-digit MLP against its dense float64 spectrum, as far as the definitions
 * allow: with enough Lanczos steps the extreme nodes are the extreme eigenvalues, so re tends to
 * |λmin/λmax|; Σ τθ over negative nodes estimates the negative part of tr(H)/P, so KH1 tends to
 * Σ|λ<0| / Σλ>0.
 */
class MlpCriteriaGoldenTest {

    private static CriteriaSummary criteria;
    private static double expectedRe;
    private static double expectedKh1;

    @BeforeAll
    static void run() throws IOException {
        JsonNode golden = new ObjectMapper().readTree(TestData.path("golden/mlp8x8-dense-hessian.json").toFile());
        double negative = 0;
        double positive = 0;
        for (JsonNode lambda : golden.get("eigenvalues_ascending")) {
            double l = lambda.asDouble();
            if (l < 0) {
                negative -= l;
            } else {
                positive += l;
            }
        }
        expectedKh1 = negative / positive;
        expectedRe = Math.abs(golden.get("lambda_min").asDouble() / golden.get("lambda_max").asDouble());
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        List<Batch> batches = List.of(digits.batch(BatchPlan.sequential(digits.size(), 256, 1), 0));
        CriteriaConfig config = new CriteriaConfig(40, 150, List.of(0.5, 1.0), HessianScope.PER_BATCH, ModelMode.EVAL, 3);
        try (TrainableModel<?> model = Models.open(TestData.path("models/mlp8x8-trained.pt"), "cpu")) {
            criteria = new CriteriaJob(config, ProgressListener.NONE, Journal.none(HesdPartial::empty), "")
                    .run(model, batches).result().criteria();
        }
    }

    @Test
    void reTendsToTheRatioOfExtremeEigenvalues() {
        // 150 steps resolve λmax (isolated) and λmin (0.0023 from its neighbour) in every run.
        assertEquals(expectedRe, criteria.re().mean(), 0.02 * expectedRe);
        assertEquals(0, criteria.re().undefined());
    }

    @Test
    void kh1TendsToTheNegativeOverPositiveMassOfTheSpectrum() {
        CriterionStats kh1 = criteria.kh().get("1");
        double standardError = kh1.std() / Math.sqrt(kh1.defined());
        assertEquals(expectedKh1, kh1.mean(), 4 * standardError + 0.05 * expectedKh1,
                "KH1 " + kh1.mean() + " ± " + standardError + " vs dense " + expectedKh1);
    }
}
